/**
 * The sealing fast paths (a body's native JSON text used as a template; lines encoded straight into
 * a reused byte buffer) write exactly canonicalJson(record) + "\n", whatever the body: keys sorted
 * or not, non-ASCII text, nested objects whose keys collide with the chain members, or a body that
 * holds the placeholder text itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashWithout } from '../src/canonical.js';
import { LineBuffer, prepareBody, sealInto, sealRecord, stageTemplate } from '../src/ledger/chain.js';
import { fuzzOptions } from './support/fuzz.js';

const options = fuzzOptions(400, 20_000);
const PLACEHOLDER = 'ccb1e1d2a7c6b1d04cbe3a1b4f1b6e5a9a6f3d2c1b0a99887766554433221100';

/** The same value with every object's keys inserted in sorted order (so its JSON text is canonical). */
function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (key === '__proto__') continue;
    out[key] = sortedDeep((value as Record<string, unknown>)[key]);
  }
  return out;
}

const key = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.constantFrom(
    'previous_hash',
    'record_hash',
    'sequence',
    'record_type',
    'a',
    'zz',
    'ü',
    '10',
    '9',
    'timestamp',
  ),
);
const leaf = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom(PLACEHOLDER, `x${PLACEHOLDER}`, '"record_hash":"', 'é', 1e21, -0, 0.1),
);
const nested = fc.dictionary(key, leaf, { maxKeys: 4 });
const body = fc
  .tuple(
    fc.constantFrom('decision', 'verdict', 'note', 'ü'),
    fc.dictionary(key, fc.oneof(leaf, nested), { maxKeys: 8 }),
    fc.boolean(),
  )
  .map(([record_type, fields, sorted]) => {
    const { previous_hash: _p, record_hash: _r, sequence: _s, ...rest } = fields;
    const b = { ...rest, record_type };
    return (sorted ? sortedDeep(b) : b) as { record_type: string };
  });

describe('sealing fast paths', () => {
  it('sealInto writes canonicalJson(record) and the same record as sealRecord, batch after batch', () => {
    const out = new LineBuffer();
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 5 }), fc.nat(), (bodies, first) => {
        out.length = 0;
        let previous = '0'.repeat(64);
        const expected: string[] = [];
        // Half the bodies go through a staging buffer first, as Ledger batches do.
        const staging = new LineBuffer(16);
        bodies.forEach((b, i) => {
          const prepared = prepareBody(b, 'body');
          const reference = sealRecord(prepared, previous, first + i);
          if (i % 2 === 1) stageTemplate(prepared, staging);
          const record = sealInto(prepared, previous, first + i, out, staging);
          expect(record).toStrictEqual(reference.record);
          expect(reference.line).toBe(canonicalJson(record));
          expect(record.record_hash).toBe(hashWithout(record, 'record_hash'));
          expected.push(`${reference.line}\n`);
          previous = record.record_hash;
        });
        expect(out.view().toString('utf8')).toBe(expected.join(''));
      }),
      options,
    );
  });

  it('takes the template path for sorted bodies and the member path otherwise', () => {
    const sorted = prepareBody({ a: 1, record_type: 'x', z: { b: [1, 'é'] } }, 'body');
    expect(sorted.template).toBeDefined();
    expect(prepareBody({ z: 1, a: 2, record_type: 'x' }, 'body').template).toBeUndefined();
    expect(prepareBody({ a: PLACEHOLDER, record_type: 'x' }, 'body').template).toBeUndefined();
    expect(prepareBody({ a: 1, record_type: 'x', sequence: 4 }, 'body').template).toBeUndefined();
    const out = new LineBuffer();
    const record = sealInto(sorted, 'f'.repeat(64), 12, out);
    expect(out.view().toString('utf8')).toBe(`${canonicalJson(record)}\n`);
  });
});
