/**
 * canonicalJson's fast path (native JSON.stringify for values whose keys are already sorted) gives
 * the same text as the reference serializer, and refuses the same values.
 */
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/canonical.js';
import { fuzzOptions } from './support/fuzz.js';

const options = fuzzOptions(500, 20_000);

function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = sortedDeep((value as Record<string, unknown>)[key]);
    Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const freezeDeep = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) freezeDeep(member);
    Object.freeze(value);
  }
  return value;
};

describe('canonicalJson fast path', () => {
  it('matches canonicalize on values whose keys are inserted in sorted order, frozen or not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, frozen) => {
        const sorted = sortedDeep(value);
        const subject = frozen ? freezeDeep(sorted) : sorted;
        expect(canonicalJson(subject)).toBe(canonicalize(value));
        // A second time, when frozen parts may be remembered.
        expect(canonicalJson(subject)).toBe(canonicalize(value));
      }),
      options,
    );
  });

  it('still refuses what JSON.stringify would quietly write as null or drop', () => {
    expect(() => canonicalJson({ a: 1, b: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson({ a: [Number.POSITIVE_INFINITY] })).toThrow(/Infinity/);
    expect(() => canonicalJson({ a: Symbol('s') })).toThrow(/symbol/);
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonicalJson({ 9: 1, 10: 2 })).toBe('{"10":2,"9":1}');
  });

  it('never remembers a frozen object with a getter as canonical', () => {
    // The fast path reads a value twice (check, then serialize); this getter changes after that.
    let calls = 0;
    const tricky = Object.freeze({
      get x() {
        calls++;
        return calls > 2 ? Number.NaN : 1;
      },
    });
    const holder = Object.freeze({ t: tricky });
    expect(canonicalJson({ h: holder })).toBe('{"h":{"t":{"x":1}}}');
    expect(() => canonicalJson({ h: holder })).toThrow(/NaN/);
  });
});
