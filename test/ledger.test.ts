import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashWithout, sha256Hex } from '../src/canonical.js';
import {
  chainRecord,
  type GenesisInfo,
  genesisRecord,
  Ledger,
  LedgerError,
  recoverLedger,
  verifyLedger,
  verifyLedgerRecords,
} from '../src/ledger/index.js';
import { GENESIS_PREVIOUS_HASH, GenesisRecordSchema, type LedgerRecord } from '../src/model.js';

const GENESIS: GenesisInfo = {
  policy_hash: 'ab'.repeat(32),
  policy_version: '1.2.0',
  platform_tier: 'CONTROL',
};
const tmpLedger = () => join(mkdtempSync(join(tmpdir(), 'tg-ledger-')), 'ledger.jsonl');
const fileLines = (path: string) => readFileSync(path, 'utf8').split('\n').slice(0, -1);
const byteOffsetOfLine = (path: string, index: number) =>
  fileLines(path)
    .slice(0, index)
    .reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);

/** A ledger of genesis + `n` small records, written by Ledger. */
function writeLedger(n: number, path = tmpLedger()): { path: string; records: LedgerRecord[] } {
  const ledger = new Ledger(path, GENESIS);
  const bodies = Array.from({ length: n }, (_, i) => ({ record_type: 'note', n: i, text: `record ${i} ✓` }));
  ledger.appendSync(bodies);
  return { path, records: fileLines(path).map((line) => JSON.parse(line) as LedgerRecord) };
}

/** Replaces line `index` with `line` (a string, written as is). */
function replaceLine(path: string, index: number, line: string): void {
  const lines = fileLines(path);
  lines[index] = line;
  writeFileSync(path, `${lines.join('\n')}\n`);
}

describe('chainRecord and genesisRecord', () => {
  it('fills sequence and previous_hash, and record_hash covers every other field', () => {
    const record = chainRecord({ record_type: 'note', b: [1, { z: null }], a: 'x' }, 'cd'.repeat(32), 7);
    expect(record.sequence).toBe(7);
    expect(record.previous_hash).toBe('cd'.repeat(32));
    expect(record.record_hash).toBe(hashWithout(record, 'record_hash'));
    expect(record.record_hash).toBe(
      sha256Hex(
        `{"a":"x","b":[1,{"z":null}],"previous_hash":"${'cd'.repeat(32)}","record_type":"note","sequence":7}`,
      ),
    );
  });

  it('replaces chain fields a body already carries instead of hashing them', () => {
    const body = { record_type: 'note', sequence: 99, previous_hash: 'x', record_hash: 'y' };
    const record = chainRecord(body, GENESIS_PREVIOUS_HASH, 1);
    expect(record).toMatchObject({ sequence: 1, previous_hash: GENESIS_PREVIOUS_HASH });
    expect(record.record_hash).toBe(hashWithout(record, 'record_hash'));
  });

  it('genesis binds the policy hash, policy version and tier', () => {
    const genesis = genesisRecord(GENESIS);
    expect(GenesisRecordSchema.parse(genesis)).toEqual(genesis);
    expect(genesis).toMatchObject({ ...GENESIS, record_type: 'genesis', ledger_format: 1, sequence: 0 });
    expect(genesis.previous_hash).toBe(GENESIS_PREVIOUS_HASH);
    const others = [
      { ...GENESIS, policy_hash: 'ac'.repeat(32) },
      { ...GENESIS, policy_version: '1.2.1' },
      { ...GENESIS, platform_tier: 'AUTONOMOUS' as const },
    ].map((info) => genesisRecord(info).record_hash);
    expect(new Set([genesis.record_hash, ...others]).size).toBe(4);
  });

  it('rejects bad input with a message naming the field', () => {
    expect(() => genesisRecord({ ...GENESIS, policy_hash: 'ABC' })).toThrow(/\$\.policy_hash/);
    expect(() => chainRecord({ record_type: 'note' }, 'nope', 1)).toThrow(/previous_hash must be 64/);
    expect(() => chainRecord({ record_type: 'note' }, GENESIS_PREVIOUS_HASH, -1)).toThrow(/sequence must be/);
    expect(() => chainRecord({ record_type: '' }, GENESIS_PREVIOUS_HASH, 1)).toThrow(/record 1: record_type/);
    expect(() => chainRecord({ record_type: 'note', x: Number.NaN }, GENESIS_PREVIOUS_HASH, 1)).toThrow(
      /record 1: field "x": canonical JSON cannot encode NaN/,
    );
  });
});

describe('Ledger.appendSync and verifyLedger', () => {
  it('a chain of 5 records verifies, each linked to the one before', () => {
    const path = tmpLedger();
    const ledger = new Ledger(path, GENESIS);
    const first = ledger.appendSync([
      { record_type: 'note', n: 0 },
      { record_type: 'note', n: 1 },
    ]);
    const rest = [2, 3, 4].map((n) => ledger.appendSync([{ record_type: 'note', n }])[0]!);
    const records = fileLines(path).map((line) => JSON.parse(line) as LedgerRecord);
    expect(records).toHaveLength(6);
    expect(records[0]).toEqual(genesisRecord(GENESIS));
    expect(records.slice(1)).toEqual([...first, ...rest]);
    records.forEach((record, i) => {
      expect(record.sequence).toBe(i);
      expect(record.previous_hash).toBe(i === 0 ? GENESIS_PREVIOUS_HASH : records[i - 1]!.record_hash);
    });
    // The bytes on disk are the canonical form of each record.
    expect(fileLines(path)).toEqual(records.map((r) => canonicalJson(r)));
    const head = records[5]!.record_hash;
    expect(verifyLedger(path)).toEqual({ valid: true, failed_index: null, count: 6, head_hash: head });
    expect(verifyLedger(path, { count: 6, head })).toMatchObject({ valid: true });
    expect(ledger.head()).toEqual({ head_hash: head, count: 6 });
  });

  it('async append continues the same chain', async () => {
    const { path, records } = writeLedger(2);
    const [record] = await new Ledger(path, GENESIS).append([{ record_type: 'note', n: 'async' }]);
    expect(record).toMatchObject({ sequence: 3, previous_hash: records[2]!.record_hash });
    expect(verifyLedger(path)).toMatchObject({ valid: true, count: 4, head_hash: record!.record_hash });
  });

  it('head() and an empty batch write the genesis of a new ledger and nothing else', () => {
    const path = tmpLedger();
    expect(new Ledger(path, GENESIS).head()).toEqual({
      head_hash: genesisRecord(GENESIS).record_hash,
      count: 1,
    });
    expect(new Ledger(path, GENESIS).appendSync([])).toEqual([]);
    expect(fileLines(path)).toEqual([canonicalJson(genesisRecord(GENESIS))]);
  });

  it('continues a ledger whose genesis names another policy, without a second genesis', () => {
    const { path, records } = writeLedger(1);
    const other = new Ledger(path, { ...GENESIS, policy_hash: 'ee'.repeat(32) });
    const [record] = other.appendSync([{ record_type: 'note', policy_hash: 'ee'.repeat(32) }]);
    expect(record!.sequence).toBe(2);
    expect(fileLines(path).filter((line) => line.includes('"record_type":"genesis"'))).toHaveLength(1);
    expect(JSON.parse(fileLines(path)[0]!)).toEqual(records[0]);
    expect(verifyLedger(path)).toMatchObject({ valid: true, count: 3 });
  });

  it('refuses bodies that are not records, before touching the file', () => {
    const path = tmpLedger();
    const ledger = new Ledger(path, GENESIS);
    expect(() => ledger.appendSync([{ record_type: 'note' }, { record_type: 7 } as never])).toThrow(
      /body 1: record_type must be a non-empty string/,
    );
    expect(() => ledger.appendSync([null as never])).toThrow(/body 0: a ledger record must be a JSON object/);
    expect(() => readFileSync(path)).toThrow(/ENOENT/);
    expect(() => new Ledger(path, { ...GENESIS, platform_tier: 'NOPE' as never })).toThrow(/platform_tier/);
  });

  it('continues after, and verifies, a last line longer than any read window (3 MiB)', () => {
    const path = tmpLedger();
    const ledger = new Ledger(path, GENESIS);
    const [long] = ledger.appendSync([{ record_type: 'note', blob: 'x'.repeat(3 * 2 ** 20) }]);
    const [next] = ledger.appendSync([{ record_type: 'note' }]);
    expect(next).toMatchObject({ sequence: 2, previous_hash: long!.record_hash });
    expect(verifyLedger(path)).toMatchObject({ valid: true, count: 3, head_hash: next!.record_hash });
  });

  it('expect.count and expect.head catch a removed last line', () => {
    const { path, records } = writeLedger(5);
    const head = records[5]!.record_hash;
    writeFileSync(path, `${fileLines(path).slice(0, 5).join('\n')}\n`);
    expect(verifyLedger(path)).toMatchObject({ valid: true, count: 5 });
    expect(verifyLedger(path, { count: 6 })).toMatchObject({
      valid: false,
      failed_index: 5,
      reason: 'expected 6 records, found 5: the ledger ends before record 5 (line 6)',
      count: 5,
      head_hash: records[4]!.record_hash,
    });
    const byHead = verifyLedger(path, { head });
    expect(byHead).toMatchObject({ valid: false, failed_index: 4 });
    expect(byHead.reason).toBe(
      `record 4 (line 5), the last: its record_hash ${records[4]!.record_hash} does not match the expected head ${head}`,
    );
    expect(verifyLedger(path, { count: 4 })).toMatchObject({
      valid: false,
      failed_index: 4,
      reason: 'expected 4 records, found 5: record 4 (line 5) and after are extra',
    });
  });

  it('rejects malformed expectations and missing files with a LedgerError', () => {
    const { path } = writeLedger(1);
    expect(() => verifyLedger(path, { count: -1 })).toThrow(/expected count must be a non-negative integer/);
    expect(() => verifyLedger(path, { head: 'AB' })).toThrow(/expected head must be 64 lowercase hex/);
    expect(() => verifyLedger(`${path}.missing`)).toThrow(LedgerError);
    expect(() => verifyLedger(`${path}.missing`)).toThrow(/ledger\.jsonl\.missing: cannot open the ledger/);
    expect(() => verifyLedger(tmpdir())).toThrow(/: not a regular file$/);
  });

  it('accepts canonical lines the quick canonical test cannot settle (integer-like keys, nested record_hash)', () => {
    const path = tmpLedger();
    new Ledger(path, GENESIS).appendSync([
      { record_type: 'note', map: { '10': 'a', '9': 'b', x: 1 } },
      { record_type: 'note', copy: { record_hash: 'cd'.repeat(32) }, list: [{ record_hash: 'x' }] },
    ]);
    expect(verifyLedger(path)).toMatchObject({ valid: true, count: 3 });
  });
});

describe('verifyLedger reports the first bad line precisely', () => {
  const cases: Array<{
    name: string;
    tamper: (path: string, records: LedgerRecord[]) => void;
    reason: RegExp;
  }> = [
    {
      name: 'a changed field',
      tamper: (path, records) => replaceLine(path, 3, canonicalJson({ ...records[3], text: 'edited' })),
      reason:
        /^record 3 \(line 4, byte \d+\): record_hash mismatch \(stored [0-9a-f]{64}, computed [0-9a-f]{64}\)$/,
    },
    {
      name: 'a line that is not JSON',
      tamper: (path) => replaceLine(path, 3, '{"record_type":'),
      reason: /^record 3 \(line 4, byte \d+\): not JSON \(/,
    },
    {
      name: 'an empty line',
      tamper: (path) => replaceLine(path, 3, ''),
      reason: /^record 3 \(line 4, byte \d+\): empty line$/,
    },
    {
      name: 'a JSON array',
      tamper: (path) => replaceLine(path, 3, '[1]'),
      reason: /^record 3 \(line 4, byte \d+\): not a JSON object$/,
    },
    {
      name: 'correctly hashed content written with whitespace',
      tamper: (path, records) =>
        replaceLine(path, 3, JSON.stringify(records[3], null, 1).replaceAll('\n', '')),
      reason: /^record 3 \(line 4, byte \d+\): not canonical JSON .*its content matches its record_hash$/,
    },
    {
      name: 'keys out of order',
      tamper: (path, records) => {
        const { record_type, ...rest } = records[3]!;
        replaceLine(path, 3, JSON.stringify({ record_type, ...rest }));
      },
      reason: /^record 3 \(line 4, byte \d+\): not canonical JSON/,
    },
    {
      name: 'a number too large for any canonical form',
      tamper: (path) => replaceLine(path, 3, fileLines(path)[3]!.replace(/^\{"n":\d+,/, '{"n":1e400,')),
      reason: /^record 3 \(line 4, byte \d+\): not canonical JSON \(canonical JSON cannot encode Infinity\)$/,
    },
    {
      name: 'a duplicated key',
      tamper: (path) => replaceLine(path, 3, fileLines(path)[3]!.replace(/^\{("n":\d+,)/, '{$1$1')),
      reason: /^record 3 \(line 4, byte \d+\): not canonical JSON/,
    },
    {
      name: 'a self-consistent record with the wrong sequence',
      tamper: (path, records) =>
        replaceLine(path, 3, canonicalJson(chainRecord({ record_type: 'note' }, records[2]!.record_hash, 4))),
      reason: /^record 3 \(line 4, byte \d+\): sequence 4, expected 3$/,
    },
    {
      name: 'a self-consistent record linked to the wrong predecessor',
      tamper: (path, records) =>
        replaceLine(path, 3, canonicalJson(chainRecord({ record_type: 'note' }, records[1]!.record_hash, 3))),
      reason: /^record 3 \(line 4, byte \d+\): previous_hash does not match record 2's record_hash$/,
    },
    {
      name: 'a second genesis',
      tamper: (path, records) =>
        replaceLine(
          path,
          3,
          canonicalJson(
            chainRecord({ ...genesisRecord(GENESIS), record_type: 'genesis' }, records[2]!.record_hash, 3),
          ),
        ),
      reason: /^record 3 \(line 4, byte \d+\): a second genesis record/,
    },
    {
      name: 'bytes that are not UTF-8',
      tamper: (path) => {
        const bytes = readFileSync(path);
        bytes[byteOffsetOfLine(path, 3) + fileLines(path)[3]!.indexOf('record ')] = 0xff;
        writeFileSync(path, bytes);
      },
      reason: /^record 3 \(line 4, byte \d+\): not valid UTF-8$/,
    },
  ];
  for (const { name, tamper, reason } of cases) {
    it(name, () => {
      const { path, records } = writeLedger(5);
      tamper(path, records);
      const result = verifyLedger(path);
      expect(result).toMatchObject({
        valid: false,
        failed_index: 3,
        count: 3,
        head_hash: records[2]!.record_hash,
      });
      expect(result.reason).toMatch(reason);
      expect(result.reason).toContain(`(line 4, byte ${byteOffsetOfLine(path, 3)})`);
    });
  }

  it('a genesis that is not one', () => {
    const path = tmpLedger();
    writeFileSync(path, `${canonicalJson(chainRecord({ record_type: 'note' }, GENESIS_PREVIOUS_HASH, 0))}\n`);
    expect(verifyLedger(path)).toMatchObject({ valid: false, failed_index: 0, count: 0, head_hash: null });
    expect(verifyLedger(path).reason).toMatch(
      /^record 0 \(line 1, byte 0\): not a genesis record:\n\$\.record_type/,
    );
  });

  it('an empty file', () => {
    const path = tmpLedger();
    writeFileSync(path, '');
    expect(verifyLedger(path)).toEqual({
      valid: false,
      failed_index: 0,
      reason: 'empty ledger: no genesis record',
      count: 0,
      head_hash: null,
    });
  });
});

describe('verifyLedgerRecords (in memory)', () => {
  const chain = () => {
    const records: LedgerRecord[] = [genesisRecord(GENESIS) as unknown as LedgerRecord];
    for (let i = 1; i < 5; i++)
      records.push(chainRecord({ record_type: 'note', i }, records[i - 1]!.record_hash, i));
    return records;
  };

  it('verifies a chain built with chainRecord, with expectations', () => {
    const records = chain();
    expect(verifyLedgerRecords(records, { count: 5, head: records[4]!.record_hash })).toEqual({
      valid: true,
      failed_index: null,
      count: 5,
      head_hash: records[4]!.record_hash,
    });
  });

  it('names the first record whose content no longer matches its hash', () => {
    const records = chain();
    records[2] = { ...records[2]!, i: 20 };
    const result = verifyLedgerRecords(records);
    expect(result).toMatchObject({ valid: false, failed_index: 2, count: 2 });
    expect(result.reason).toMatch(/^record 2: record_hash mismatch/);
  });

  it('reports records that cannot be hashed instead of throwing', () => {
    const records = chain();
    records[1] = { ...records[1]!, i: Number.POSITIVE_INFINITY };
    expect(verifyLedgerRecords(records).reason).toBe(
      'record 1: cannot be hashed: canonical JSON cannot encode Infinity',
    );
  });
});

describe('torn tail', () => {
  /** 5 records, then the last line cut 10 bytes short of its end (newline included). */
  function tornLedger() {
    const { path, records } = writeLedger(5);
    const full = readFileSync(path);
    const offset = byteOffsetOfLine(path, 5);
    truncateSync(path, full.length - 10);
    return { path, records, offset, tornBytes: full.length - 10 - offset, full };
  }

  it('verify reports the byte offset where the incomplete line starts', () => {
    const { path, records, offset, tornBytes } = tornLedger();
    expect(verifyLedger(path)).toEqual({
      valid: false,
      failed_index: 5,
      reason: `torn tail: ${tornBytes} bytes after byte offset ${offset} have no newline (a write was interrupted)`,
      count: 5,
      head_hash: records[4]!.record_hash,
      torn_tail: { offset, bytes: tornBytes },
    });
  });

  it('append refuses, naming the offset, and leaves the file untouched', () => {
    const { path, offset, full } = tornLedger();
    const before = readFileSync(path);
    const ledger = new Ledger(path, GENESIS);
    expect(() => ledger.appendSync([{ record_type: 'note' }])).toThrow(LedgerError);
    expect(() => ledger.appendSync([{ record_type: 'note' }])).toThrow(
      new RegExp(
        `torn tail: ${full.length - 10 - offset} bytes after byte offset ${offset} .*Run recovery first`,
      ),
    );
    expect(() => ledger.head()).toThrow(/torn tail/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('recover keeps every complete record, saves the torn bytes, and appending continues the chain', () => {
    const { path, records, offset, tornBytes, full } = tornLedger();
    expect(recoverLedger(path)).toEqual({
      kept: 5,
      torn_bytes: tornBytes,
      saved_to: `${path}.torn-${offset}`,
    });
    expect(readFileSync(`${path}.torn-${offset}`).equals(full.subarray(offset, offset + tornBytes))).toBe(
      true,
    );
    expect(readFileSync(path).equals(full.subarray(0, offset))).toBe(true);
    expect(verifyLedger(path)).toMatchObject({ valid: true, count: 5, head_hash: records[4]!.record_hash });
    const [next] = new Ledger(path, GENESIS).appendSync([{ record_type: 'note', after: 'recovery' }]);
    expect(next).toMatchObject({ sequence: 5, previous_hash: records[4]!.record_hash });
    expect(verifyLedger(path)).toMatchObject({ valid: true, count: 6, head_hash: next!.record_hash });
  });

  it('recover leaves a sound ledger alone and never overwrites an earlier side file', () => {
    const { path, offset } = tornLedger();
    expect(recoverLedger(path).saved_to).toBe(`${path}.torn-${offset}`);
    const clean = readFileSync(path);
    expect(recoverLedger(path)).toEqual({ kept: 5, torn_bytes: 0, saved_to: null });
    expect(readFileSync(path).equals(clean)).toBe(true);
    writeFileSync(path, Buffer.concat([clean, Buffer.from('{"partial":')]));
    expect(recoverLedger(path).saved_to).toBe(`${path}.torn-${offset}-2`);
    expect(readFileSync(`${path}.torn-${offset}-2`, 'utf8')).toBe('{"partial":');
  });

  it('a torn genesis recovers to an empty file, and the next append writes the genesis', () => {
    const path = tmpLedger();
    writeFileSync(path, canonicalJson(genesisRecord(GENESIS)).slice(0, 40));
    expect(recoverLedger(path)).toEqual({ kept: 0, torn_bytes: 40, saved_to: `${path}.torn-0` });
    new Ledger(path, GENESIS).appendSync([{ record_type: 'note' }]);
    expect(verifyLedger(path)).toMatchObject({ valid: true, count: 2 });
  });

  it('append refuses to continue from a last line that is not a sound record', () => {
    const { path, records } = writeLedger(2);
    replaceLine(path, 2, canonicalJson({ ...records[2], n: 'edited' }));
    expect(() => new Ledger(path, GENESIS).appendSync([{ record_type: 'note' }])).toThrow(
      new RegExp(
        `cannot continue the chain: the last line \\(byte ${byteOffsetOfLine(path, 2)}\\) .*record_hash does not match`,
      ),
    );
  });

  it('recover names a missing file', () => {
    expect(() => recoverLedger(join(tmpdir(), 'tg-no-such-ledger.jsonl'))).toThrow(
      /cannot open the ledger for recovery/,
    );
  });
});
