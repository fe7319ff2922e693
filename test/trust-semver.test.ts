import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSemver, parseSemver, TrustError } from '../src/trust/index.js';
import { fuzzOptions } from './support/fuzz.js';

describe('semver precedence (SemVer 2.0.0 §11)', () => {
  it('orders the specification example chain strictly', () => {
    // §11.4's example, plus core-version steps where numbers must not compare as strings.
    const chain = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.2.0',
      '1.10.0',
      '2.0.0',
      '10.0.0',
    ];
    for (let i = 0; i < chain.length; i++) {
      for (let j = 0; j < chain.length; j++) {
        expect(compareSemver(chain[i]!, chain[j]!), `${chain[i]} vs ${chain[j]}`).toBe(Math.sign(i - j));
      }
    }
  });

  it('ignores build metadata and compares huge numbers exactly', () => {
    expect(compareSemver('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
    expect(compareSemver('1.0.0-rc.1+x', '1.0.0-rc.1')).toBe(0);
    expect(compareSemver('9007199254740993.0.0', '9007199254740992.0.0')).toBe(1);
    expect(compareSemver('1.0.0-9007199254740993', '1.0.0-9007199254740992')).toBe(1);
  });

  it('numeric prerelease identifiers sort below alphanumeric ones', () => {
    expect(compareSemver('1.0.0-1', '1.0.0-a')).toBe(-1);
    expect(compareSemver('1.0.0-alpha.1', '1.0.0-alpha.a')).toBe(-1);
    expect(compareSemver('1.0.0-A', '1.0.0-a')).toBe(-1); // ASCII order
  });

  it('refuses what is not strict semver, saying how to write it', () => {
    for (const bad of [
      '1.0',
      'v1.0.0',
      '01.0.0',
      '1.0.0-',
      '1.0.0-01',
      '1.0.0-a..b',
      '1.0.0+',
      '1.0.0+a..b',
      ' 1.0.0',
      '',
    ]) {
      expect(() => parseSemver(bad), bad).toThrow(TrustError);
    }
    expect(() => parseSemver('1.0', 'min_policy_version')).toThrow(
      /min_policy_version "1.0" is not a semantic version: write MAJOR.MINOR.PATCH/,
    );
  });

  it('is a total order: reflexive, antisymmetric and transitive (property)', () => {
    const id = fc.oneof(fc.nat({ max: 30 }).map(String), fc.stringMatching(/^[a-z][a-z0-9-]{0,3}$/));
    const version = fc
      .tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.array(id, { maxLength: 3 }))
      .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre.length ? `-${pre.join('.')}` : ''}`);
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(compareSemver(a, a)).toBe(0);
        expect(compareSemver(`${a}+build.7`, a)).toBe(0);
        expect(compareSemver(a, b) + compareSemver(b, a)).toBe(0);
        if (compareSemver(a, b) <= 0 && compareSemver(b, c) <= 0)
          expect(compareSemver(a, c)).toBeLessThanOrEqual(0);
      }),
      fuzzOptions(500, 20_000),
    );
  });
});
