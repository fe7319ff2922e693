/**
 * verifyLedger's opt-in byte-level mode ({ fast: true }) gives the same verdict, failed index and
 * reason as the default check on every valid ledger and every tampered one (changed byte, deleted,
 * swapped, duplicated or inserted line, cut tail), at any read size.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/canonical.js';
import { chainRecord, type GenesisInfo, genesisRecord } from '../src/ledger/index.js';
import { READ_CHUNK_BYTES, verifyLedgerBytes } from '../src/ledger/verify.js';
import type { LedgerRecord } from '../src/model.js';
import { fuzzOptions } from './support/fuzz.js';

const options = fuzzOptions(300, 5_000);
const GENESIS: GenesisInfo = {
  policy_hash: 'cd'.repeat(32),
  policy_version: '2.0.0',
  platform_tier: 'CONTROL',
};

/** Decision-like bodies (record_hash directly followed by record_type, as the engine writes) and odd ones. */
const body = fc.oneof(
  fc.record({
    actions_taken: fc.constant(['log']),
    decision: fc.constantFrom('ALLOW', 'DROP'),
    previous_hash_note: fc.string({ maxLength: 4 }),
    reason_codes: fc.array(fc.constantFrom('LATENCY_SCORE', 'ERROR_RATE'), { maxLength: 2 }),
    record_type: fc.constantFrom('decision', 'verdict'),
    request: fc.record({ latency_ms: fc.double({ min: 0, max: 1e4, noNaN: true }), path: fc.string() }),
    risk_score: fc.double({ min: 0, max: 1, noNaN: true }),
    timestamp: fc.double({ min: 0, max: 4e9, noNaN: true }),
  }),
  fc
    .tuple(
      fc.constantFrom('note', 'genesis', 'x'),
      fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    )
    .map(([record_type, fields]) => ({ ...fields, record_type })),
  fc.constant({
    nested: { previous_hash: 'ab'.repeat(32), record_hash: 'cd'.repeat(32), sequence: 1 },
    record_type: 'note',
  }),
);

const ledger = fc.array(body, { minLength: 1, maxLength: 6 }).map((bodies) => {
  const records: LedgerRecord[] = [genesisRecord(GENESIS) as unknown as LedgerRecord];
  for (const b of bodies)
    records.push(chainRecord(b, records[records.length - 1]!.record_hash, records.length));
  return records.map((r) => canonicalJson(r));
});

type Tamper = (lines: string[], bytes: Buffer) => Buffer;
const tamper: fc.Arbitrary<Tamper> = fc.oneof(
  fc.constant<Tamper>((_, bytes) => bytes),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(
    ([at, delta]): Tamper =>
      (_, bytes) => {
        const b = Buffer.from(bytes);
        b[at % b.length] = (b[at % b.length]! + delta) % 256;
        return b;
      },
  ),
  fc.nat().map(
    (at): Tamper =>
      (lines) =>
        join(lines.filter((_, i) => i !== at % lines.length)),
  ),
  fc.nat().map(
    (at): Tamper =>
      (lines) =>
        join([...lines.slice(0, (at % lines.length) + 1), ...lines.slice(at % lines.length)]),
  ),
  fc.tuple(fc.nat(), fc.nat()).map(
    ([a, b]): Tamper =>
      (lines) => {
        const copy = [...lines];
        const [i, j] = [a % copy.length, b % copy.length];
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
        return join(copy);
      },
  ),
  fc.nat().map(
    (cut): Tamper =>
      (_, bytes) =>
        bytes.subarray(0, cut % (bytes.length + 1)),
  ),
  fc.constant<Tamper>((lines) =>
    join(lines.map((l, i) => (i === lines.length - 1 ? l.replace(':', ': ') : l))),
  ),
);

const join = (lines: readonly string[]) => Buffer.from(`${lines.join('\n')}\n`);

function verify(bytes: Buffer, chunk: number, fast: boolean, count?: number) {
  const read = (buffer: Buffer, length: number, position: number) =>
    bytes.copy(buffer, 0, position, position + length);
  return verifyLedgerBytes(read, bytes.length, count === undefined ? undefined : { count }, chunk, { fast });
}

describe('verifyLedger { fast: true }', () => {
  it('agrees with the default check on valid and tampered ledgers', () => {
    fc.assert(
      fc.property(
        ledger,
        tamper,
        fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant(READ_CHUNK_BYTES)),
        fc.boolean(),
        (lines, change, chunk, withCount) => {
          const bytes = change(lines, join(lines));
          const count = withCount ? lines.length : undefined;
          const strict = verify(bytes, chunk, false, count);
          expect(verify(bytes, chunk, true, count)).toEqual(strict);
        },
      ),
      options,
    );
  });
});
