/**
 * Semantic Versioning 2.0.0 precedence (§11), for anti-rollback: is this policy older than the
 * minimum the verifier was told to accept? Build metadata (`+…`) never affects precedence.
 */
import { quoted } from '../report/text.js';
import { TrustError } from './errors.js';

export interface SemVer {
  major: bigint;
  minor: bigint;
  patch: bigint;
  /** Dot-separated identifiers after `-`; empty for a release. */
  prerelease: string[];
  build: string[];
}

const NUMERIC = /^(0|[1-9]\d*)$/;
const IDENTIFIER = /^[0-9A-Za-z-]+$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

/** Parses a strict SemVer 2.0.0 string (no `v` prefix, no leading zeros); throws TrustError otherwise. */
export function parseSemver(version: string, label = 'version'): SemVer {
  const m = typeof version === 'string' ? SEMVER.exec(version) : null;
  if (!m) {
    throw new TrustError(
      `${label} ${quoted(String(version))} is not a semantic version: write MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] without leading zeros, like 1.4.0 or 2.0.0-rc.1`,
    );
  }
  const prerelease = m[4] === undefined ? [] : m[4].split('.');
  const build = m[5] === undefined ? [] : m[5].split('.');
  for (const id of prerelease) {
    if (!IDENTIFIER.test(id))
      throw new TrustError(`${label} ${quoted(String(version))}: empty prerelease identifier`);
    if (/^\d+$/.test(id) && !NUMERIC.test(id)) {
      throw new TrustError(
        `${label} ${quoted(String(version))}: numeric prerelease identifier "${id}" has a leading zero`,
      );
    }
  }
  for (const id of build) {
    if (!IDENTIFIER.test(id))
      throw new TrustError(`${label} ${quoted(String(version))}: empty build identifier`);
  }
  return { major: BigInt(m[1]!), minor: BigInt(m[2]!), patch: BigInt(m[3]!), prerelease, build };
}

const sign = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function compareIdentifiers(a: string, b: string): number {
  const an = NUMERIC.test(a);
  const bn = NUMERIC.test(b);
  if (an && bn) return sign(BigInt(a), BigInt(b));
  // Numeric identifiers always have lower precedence than alphanumeric ones.
  if (an) return -1;
  if (bn) return 1;
  // Alphanumeric identifiers compare lexically in ASCII order.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** -1, 0 or 1 as `a` has lower, equal or higher precedence than `b`. */
export function compareSemver(a: string | SemVer, b: string | SemVer): number {
  const x = typeof a === 'string' ? parseSemver(a) : a;
  const y = typeof b === 'string' ? parseSemver(b) : b;
  const core = sign(x.major, y.major) || sign(x.minor, y.minor) || sign(x.patch, y.patch);
  if (core !== 0) return core;
  // A prerelease has lower precedence than the release it precedes.
  if (x.prerelease.length === 0 || y.prerelease.length === 0) {
    return y.prerelease.length - x.prerelease.length === 0 ? 0 : x.prerelease.length === 0 ? 1 : -1;
  }
  const n = Math.min(x.prerelease.length, y.prerelease.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdentifiers(x.prerelease[i]!, y.prerelease[i]!);
    if (c !== 0) return c;
  }
  // A larger set of prerelease fields has higher precedence when all preceding ones are equal.
  return Math.sign(x.prerelease.length - y.prerelease.length);
}
