import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/canonical.js';
import { fuzzOptions } from './support/fuzz.js';

const options = fuzzOptions(500, 20_000);

describe('canonicalJson (RFC 8785)', () => {
  it('is byte-identical to the canonicalize package on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      options,
    );
  });

  it('sorts keys by UTF-16 code units, not by code points or locale', () => {
    // U+1F600 is the surrogate pair D83D DE00, which sorts below U+FB01 in UTF-16 order.
    const value = { '\uFB01': 1, '\u{1F600}': 2, a: 3, B: 4 };
    expect(canonicalJson(value)).toBe('{"B":4,"a":3,"😀":2,"ﬁ":1}');
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });

  it('serializes numbers as ECMAScript does', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1 + 0.2, 100])).toBe('[1e+21,1e-7,0,0.30000000000000004,100]');
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(/Infinity/);
  });
});
