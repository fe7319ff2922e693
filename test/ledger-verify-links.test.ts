/**
 * Lines whose record_hash is right but whose place in the chain is not: a wrong sequence, a wrong
 * previous_hash, a second genesis, an empty record_type. Only the links can catch them, so the
 * default check and the fast check ({ fast: true }) must both refuse each, with the same words, at
 * any read size. Also the lines the fast check hands to the full check (escapes, odd layouts).
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../src/canonical.js';
import { chainRecord, type GenesisInfo, genesisRecord } from '../src/ledger/index.js';
import { verifyLedgerBytes } from '../src/ledger/verify.js';
import type { LedgerRecord } from '../src/model.js';

const GENESIS: GenesisInfo = {
  policy_hash: 'cd'.repeat(32),
  policy_version: '2.0.0',
  platform_tier: 'CONTROL',
};
const genesis = genesisRecord(GENESIS) as unknown as LedgerRecord;

/** A record with any chain members, whose record_hash is right for its own content. */
function hashed(fields: Record<string, unknown>): Record<string, unknown> {
  const { record_hash: _, ...rest } = fields;
  return { ...rest, record_hash: sha256Hex(canonicalJson(rest)) };
}

const decision = (i: number) => ({
  actions_taken: ['log'],
  decision: i % 2 === 0 ? 'ALLOW' : 'DROP',
  record_type: 'decision',
  risk_score: i / 10,
  timestamp: 1_790_000_000 + i,
});

/** Genesis and `n` good decisions. */
function chainOf(n: number): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [genesis];
  for (let i = 1; i <= n; i++) {
    records.push(chainRecord(decision(i), records[i - 1]!.record_hash as string, i));
  }
  return records;
}

function verifyEveryWay(records: Record<string, unknown>[]) {
  const bytes = Buffer.from(records.map((r) => `${canonicalJson(r)}\n`).join(''));
  const read = (buffer: Buffer, length: number, position: number) =>
    bytes.copy(buffer, 0, position, position + length);
  const results = [];
  for (const chunk of [7, 64, 1024 * 1024]) {
    for (const fast of [false, true])
      results.push(verifyLedgerBytes(read, bytes.length, undefined, chunk, { fast }));
  }
  for (const r of results) expect(r).toEqual(results[0]);
  return results[0]!;
}

describe('links the hash cannot catch', () => {
  it('accepts the good chain in every mode', () => {
    const records = chainOf(4);
    expect(verifyEveryWay(records)).toEqual({
      valid: true,
      failed_index: null,
      count: 5,
      head_hash: records[4]!.record_hash,
    });
  });

  it.each([
    [
      'a sequence one ahead',
      (r: Record<string, unknown>[]) => hashed({ ...r[3], sequence: 4 }),
      'sequence 4, expected 3',
    ],
    [
      'a sequence one behind',
      (r: Record<string, unknown>[]) => hashed({ ...r[3], sequence: 2 }),
      'sequence 2, expected 3',
    ],
    [
      'a sequence of 0',
      (r: Record<string, unknown>[]) => hashed({ ...r[3], sequence: 0 }),
      'sequence 0, expected 3',
    ],
    [
      'a sequence of 30',
      (r: Record<string, unknown>[]) => hashed({ ...r[3], sequence: 30 }),
      'sequence 30, expected 3',
    ],
    [
      'a sequence as a string',
      (r: Record<string, unknown>[]) => hashed({ ...r[3], sequence: '3' }),
      'sequence "3", expected 3',
    ],
    [
      'a fractional sequence',
      (r: Record<string, unknown>[]) => hashed({ ...r[3], sequence: 3.5 }),
      'sequence 3.5, expected 3',
    ],
    [
      'a 16-digit sequence',
      (r: Record<string, unknown>[]) => hashed({ ...r[3], sequence: 1_000_000_000_000_003 }),
      'sequence 1000000000000003, expected 3',
    ],
    [
      'a link to the record before the previous one',
      (r: Record<string, unknown>[]) => hashed({ ...r[3], previous_hash: r[1]!.record_hash }),
      "previous_hash does not match record 2's record_hash",
    ],
    [
      'a link to the genesis value',
      (r: Record<string, unknown>[]) => hashed({ ...r[3], previous_hash: '0'.repeat(64) }),
      "previous_hash does not match record 2's record_hash",
    ],
    [
      'a second genesis',
      (r: Record<string, unknown>[]) => hashed({ ...genesis, sequence: 3, previous_hash: r[2]!.record_hash }),
      'a second genesis record (only record 0 may be one)',
    ],
    [
      'an empty record_type',
      (r: Record<string, unknown>[]) => hashed({ ...r[3], record_type: '' }),
      'record_type is missing or not a non-empty string',
    ],
    [
      'no record_type',
      (r: Record<string, unknown>[]) => {
        const { record_type: _, ...rest } = r[3]!;
        return hashed(rest);
      },
      'record_type is missing or not a non-empty string',
    ],
    [
      'a record_hash of another line',
      (r: Record<string, unknown>[]) => ({ ...r[3], record_hash: r[2]!.record_hash }),
      `record_hash mismatch (stored `,
    ],
  ])('refuses %s at line 3, in every mode, with the same words', (_name, change, reason) => {
    const records = chainOf(5);
    records[3] = change(records);
    const v = verifyEveryWay(records);
    expect(v.valid).toBe(false);
    expect(v.failed_index).toBe(3);
    expect(v.count).toBe(3);
    expect(v.head_hash).toBe(records[2]!.record_hash);
    const byte = records.slice(0, 3).reduce((n, r) => n + Buffer.byteLength(canonicalJson(r)) + 1, 0);
    expect(v.reason).toMatch(new RegExp(`^record 3 \\(line 4, byte ${byte}\\): `));
    expect(v.reason).toContain(reason);
  });

  it('accepts, in every mode, the lines the fast check hands to the full check', () => {
    const records: Record<string, unknown>[] = [genesis];
    const bodies = [
      { record_type: 'no\\te', a: 1 }, // an escape in record_type
      { record_type: 'nöte' }, // non-ASCII
      { a: 'x', record_type: 'decision', z: { previous_hash: 'ab'.repeat(32), sequence: 9 } },
      { record_type: 'verdict', zz: ',"sequence":5' },
      { record_type: 'genesisx' },
      { record_type: 'genesi' },
      { record_type: 'g' },
    ];
    for (const b of bodies)
      records.push(chainRecord(b, records[records.length - 1]!.record_hash as string, records.length));
    for (let i = 0; i < 12; i++)
      records.push(
        chainRecord(decision(i), records[records.length - 1]!.record_hash as string, records.length),
      );
    const v = verifyEveryWay(records);
    expect(v).toMatchObject({
      valid: true,
      count: records.length,
      head_hash: records[records.length - 1]!.record_hash,
    });
  });

  it('refuses a changed byte in any line, in every mode, at that line', () => {
    const records = chainOf(3);
    const text = records.map((r) => `${canonicalJson(r)}\n`).join('');
    const lines = text.split('\n').slice(0, -1);
    for (let line = 1; line < lines.length; line++) {
      for (const column of [1, 20, lines[line]!.length - 2]) {
        const changed = [...lines];
        const l = changed[line]!;
        changed[line] = `${l.slice(0, column)}${l[column] === '1' ? '2' : '1'}${l.slice(column + 1)}`;
        const bytes = Buffer.from(`${changed.join('\n')}\n`);
        const read = (buffer: Buffer, length: number, position: number) =>
          bytes.copy(buffer, 0, position, position + length);
        const strict = verifyLedgerBytes(read, bytes.length, undefined, 64, { fast: false });
        const fast = verifyLedgerBytes(read, bytes.length, undefined, 64, { fast: true });
        expect([line, column, fast]).toEqual([line, column, strict]);
        expect(strict.valid).toBe(false);
        expect(strict.failed_index).toBe(line);
      }
    }
  });
});
