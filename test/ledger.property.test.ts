import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashWithout } from '../src/canonical.js';
import { prepareBody, sealRecord } from '../src/ledger/chain.js';
import { chainRecord, type GenesisInfo, genesisRecord, verifyLedgerRecords } from '../src/ledger/index.js';
import { READ_CHUNK_BYTES, verifyLedgerBytes } from '../src/ledger/verify.js';
import { GENESIS_PREVIOUS_HASH, type LedgerRecord } from '../src/model.js';
import { fuzzOptions } from './support/fuzz.js';

const options = fuzzOptions(200, 5_000);
const GENESIS: GenesisInfo = {
  policy_hash: 'ab'.repeat(32),
  policy_version: '1.2.0',
  platform_tier: 'OBSERVE_ONLY',
};

const body = fc
  .tuple(
    fc.constantFrom('decision', 'verdict', 'note'),
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  )
  .map(([record_type, fields]) => ({ ...fields, record_type }));

const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

/** Tiny reads split lines (and UTF-8 sequences) across chunks; the default size reads whole lines. */
const chunkBytes = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant(READ_CHUNK_BYTES));

function buildChain(bodies: ReadonlyArray<{ record_type: string }>): LedgerRecord[] {
  const records: LedgerRecord[] = [genesisRecord(GENESIS) as unknown as LedgerRecord];
  for (const b of bodies)
    records.push(chainRecord(b, records[records.length - 1]!.record_hash, records.length));
  return records;
}

const ledgerLines = fc.array(body, { minLength: 1, maxLength: 6 }).map((bodies) => {
  const records = buildChain(bodies);
  return { records, lines: records.map((r) => canonicalJson(r)) };
});

/** The file verifier's streaming core, reading from memory (the file path itself is covered in ledger.test.ts). */
function verifyBytes(text: Buffer | string, expect: { count: number; head?: string }, chunk: number) {
  const bytes = Buffer.from(text);
  const read = (buffer: Buffer, length: number, position: number) =>
    bytes.copy(buffer, 0, position, position + length);
  return verifyLedgerBytes(read, bytes.length, expect, chunk);
}

const joinLines = (lines: readonly string[]) => `${lines.join('\n')}\n`;

describe('ledger properties', () => {
  it('sealing writes exactly canonicalJson(record), and record_hash covers every other field', () => {
    fc.assert(
      fc.property(body, fc.nat(), (b, sequence) => {
        const { record, line } = sealRecord(prepareBody(b, 'body'), GENESIS_PREVIOUS_HASH, sequence);
        expect(line).toBe(canonicalJson(record));
        expect(record.record_hash).toBe(hashWithout(record, 'record_hash'));
      }),
      options,
    );
  });

  it('an untouched ledger verifies, from a file at any read size and in memory', () => {
    fc.assert(
      fc.property(ledgerLines, chunkBytes, ({ records, lines }, chunk) => {
        const head = records[records.length - 1]!.record_hash;
        const expected = { valid: true, failed_index: null, count: records.length, head_hash: head };
        expect(verifyBytes(joinLines(lines), { count: records.length, head }, chunk)).toEqual(expected);
        expect(verifyLedgerRecords(records, { count: records.length, head })).toEqual(expected);
      }),
      options,
    );
  });

  it('any single-byte change is caught at the line holding that byte', () => {
    const change = ledgerLines.chain((ledger) => {
      const bytes = Buffer.from(joinLines(ledger.lines));
      return fc.record({
        ledger: fc.constant(ledger),
        bytes: fc.constant(bytes),
        at: fc.nat({ max: bytes.length - 1 }),
        delta: fc.integer({ min: 1, max: 255 }),
        chunk: chunkBytes,
      });
    });
    fc.assert(
      fc.property(change, ({ ledger, bytes, at, delta, chunk }) => {
        const tampered = Buffer.from(bytes);
        tampered[at] = (tampered[at]! + delta) % 256;
        // The line index of byte `at`: newlines before it (a line's own newline belongs to it).
        const line = bytes.subarray(0, at).filter((b) => b === 0x0a).length;
        const result = verifyBytes(tampered, { count: ledger.records.length }, chunk);
        expect(result.valid).toBe(false);
        expect(result.failed_index).toBe(line);
      }),
      options,
    );
  });

  it('a deleted line is caught at its index', () => {
    const deletion = ledgerLines.chain((ledger) =>
      fc.record({
        ledger: fc.constant(ledger),
        at: fc.nat({ max: ledger.lines.length - 1 }),
        chunk: chunkBytes,
      }),
    );
    fc.assert(
      fc.property(deletion, ({ ledger, at, chunk }) => {
        const lines = ledger.lines.filter((_, i) => i !== at);
        const result = verifyBytes(joinLines(lines), { count: ledger.records.length }, chunk);
        expect(result).toMatchObject({ valid: false, failed_index: at });
      }),
      options,
    );
  });

  it('two swapped lines are caught at the first of them', () => {
    const swap = ledgerLines
      .filter(({ lines }) => lines.length >= 2)
      .chain((ledger) =>
        fc.record({
          ledger: fc.constant(ledger),
          pair: fc.uniqueArray(fc.nat({ max: ledger.lines.length - 1 }), { minLength: 2, maxLength: 2 }),
          chunk: chunkBytes,
        }),
      );
    fc.assert(
      fc.property(swap, ({ ledger, pair, chunk }) => {
        const [i, j] = [Math.min(...pair), Math.max(...pair)];
        const lines = [...ledger.lines];
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        const result = verifyBytes(joinLines(lines), { count: ledger.records.length }, chunk);
        expect(result).toMatchObject({ valid: false, failed_index: i });
      }),
      options,
    );
  });

  it('an inserted self-hashed line is caught where the chain first breaks', () => {
    const insertion = ledgerLines.chain((ledger) =>
      fc.record({
        ledger: fc.constant(ledger),
        at: fc.nat({ max: ledger.lines.length }),
        // Linked: the right sequence and previous_hash for its position, so only what follows breaks.
        linked: fc.boolean(),
        body,
        wrongPrevious: hex64,
        chunk: chunkBytes,
      }),
    );
    fc.assert(
      fc.property(insertion, ({ ledger, at, linked, body: b, wrongPrevious, chunk }) => {
        const n = ledger.records.length;
        const rightPrevious = at === 0 ? GENESIS_PREVIOUS_HASH : ledger.records[at - 1]!.record_hash;
        fc.pre(linked || wrongPrevious !== rightPrevious);
        const inserted = !linked
          ? chainRecord(b, wrongPrevious, at)
          : at === 0
            ? genesisRecord({ ...GENESIS, platform_tier: 'AUTONOMOUS' })
            : chainRecord(b, rightPrevious, at);
        const lines = [...ledger.lines.slice(0, at), canonicalJson(inserted), ...ledger.lines.slice(at)];
        const result = verifyBytes(joinLines(lines), { count: n }, chunk);
        // A linked line inside the ledger breaks the next one; at the end only the count catches it.
        const expected = linked && at < n ? at + 1 : at;
        expect(result).toMatchObject({ valid: false, failed_index: expected });
      }),
      options,
    );
  });
});
