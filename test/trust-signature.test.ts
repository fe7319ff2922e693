import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPolicyArtifact } from '../src/index.js';
import { computePolicyHash } from '../src/policy/policy.js';
import {
  keyId,
  publicKeyOf,
  type SignedPolicyArtifact,
  serializeSignedArtifact,
  signArtifact,
  signedPayload,
  TrustError,
  verifyArtifactSignatures,
  verifySignedArtifactText,
} from '../src/trust/index.js';
import { seedPolicy } from './support/seed-policy.js';

const keyPair = () => generateKeyPairSync('ed25519').privateKey;
const alice = keyPair();
const bob = keyPair();
const mallory = keyPair();
const pub = (...keys: KeyObject[]) => keys.map(publicKeyOf);
const NOW = new Date('2026-06-01T12:00:00Z');
const EXPIRES = '2026-07-01T00:00:00Z';
const artifact = (version = '1.2.0') => createPolicyArtifact(seedPolicy(version), {});
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('signing a policy artifact', () => {
  it('adds a signature without changing policy_hash, deterministically', () => {
    const unsigned = artifact();
    const signed = signArtifact(unsigned, alice, { expires: EXPIRES });
    expect(signed.policy_hash).toBe(unsigned.policy_hash);
    expect(computePolicyHash(signed.policy as never)).toBe(unsigned.policy_hash);
    expect(signed.expires).toBe(EXPIRES);
    expect(signed.signatures).toEqual([
      { keyid: keyId(alice), sig: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/) },
    ]);
    expect(serializeSignedArtifact(signArtifact(unsigned, alice, { expires: EXPIRES }))).toBe(
      serializeSignedArtifact(signed),
    );
  });

  it('covers artifact_format, policy_hash, policy and expires, but not generated_at or signatures', () => {
    const a = signArtifact(artifact(), alice, { expires: EXPIRES });
    const payload = JSON.parse(signedPayload(a).toString()) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(['artifact_format', 'expires', 'policy', 'policy_hash']);
    expect(signedPayload(a).includes(0x0a)).toBe(false); // never a multi-line note
    const regenerated = { ...clone(a), generated_at: '2030-01-01T00:00:00.000Z' };
    expect(verifyArtifactSignatures(regenerated, pub(alice), { threshold: 1, now: NOW }).valid).toBe(true);
  });

  it('collects signatures from several keys; re-signing replaces only the signer’s own', () => {
    const once = signArtifact(artifact(), alice, { expires: EXPIRES });
    const twice = signArtifact(once, bob);
    const again = signArtifact(twice, alice);
    expect(twice.signatures?.map((s) => s.keyid).sort()).toEqual([keyId(alice), keyId(bob)].sort());
    expect(again.signatures).toEqual(twice.signatures);
  });

  it('refuses to change expires under other keys’ signatures, and to sign an inconsistent artifact', () => {
    const signed = signArtifact(artifact(), alice, { expires: EXPIRES });
    expect(() => signArtifact(signed, bob, { expires: '2027-01-01T00:00:00Z' })).toThrow(
      /changing expires from 2026-07-01T00:00:00Z to 2027-01-01T00:00:00Z would void the 1 existing signature/,
    );
    const lying = { ...artifact(), policy_hash: 'a'.repeat(64) };
    expect(() => signArtifact(lying, alice)).toThrow(
      /refusing to sign what no verifier would accept: artifact: policy hash mismatch: the content hashes to [0-9a-f]{64}, expected a{64}/,
    );
    const invalidPolicy = structuredClone(artifact());
    (invalidPolicy.policy as Record<string, unknown>).surprise = true;
    invalidPolicy.policy_hash = computePolicyHash(invalidPolicy.policy as never);
    expect(() => signArtifact(invalidPolicy, alice)).toThrow(
      /refusing to sign .*the policy inside is invalid:\n\$\.surprise: unknown key/,
    );
    expect(() => signArtifact(artifact(), alice, { expires: '2026-07-01' })).toThrow(
      /expires "2026-07-01": expires must be an RFC 3339 date-time/,
    );
    expect(() => signArtifact(artifact(), publicKeyOf(alice))).toThrow(/needs an Ed25519 private key/);
  });
});

describe('verifying signatures', () => {
  const signed = signArtifact(artifact(), alice, { expires: EXPIRES });
  const verifyWith = (
    a: unknown,
    keys: KeyObject[],
    extra: Partial<Parameters<typeof verifyArtifactSignatures>[2]> = {},
  ) => verifyArtifactSignatures(a, keys, { threshold: 1, now: NOW, ...extra });

  it('accepts a signed artifact with no hash pin and returns the verified policy', () => {
    const r = verifyWith(signed, pub(alice, bob));
    expect(r).toMatchObject({
      valid: true,
      keyids_ok: [keyId(alice)],
      policy_version: '1.2.0',
      policy_hash: signed.policy_hash,
      expires: EXPIRES,
    });
    expect(r.policy?.policy_hash).toBe(signed.policy_hash);
    expect(r.policy?.contracts).toHaveLength(3);
  });

  it('rejects content changed after signing even when the attacker recomputes policy_hash', () => {
    const forged = clone(signed);
    (forged.policy.contracts as Array<{ max_latency_ms: number }>)[0]!.max_latency_ms = 60_000;
    forged.policy_hash = computePolicyHash(forged.policy as never);
    const r = verifyWith(forged, pub(alice));
    expect(r.valid).toBe(false);
    expect(r.reason).toMatch(
      /0 valid signature\(s\) from trusted keys, 1 required; INVALID \(content changed after signing, or a forged signature\): /,
    );
    expect(r.keyids_ok).toEqual([]);
  });

  it('never trusts the declared hash: a stale policy_hash is reported as a mismatch', () => {
    const forged = clone(signed);
    (forged.policy as { name?: string }).name = 'edited';
    const r = verifyWith(forged, pub(alice));
    expect(r.valid).toBe(false);
    expect(r.reason).toMatch(/declares policy_hash|policy hash mismatch/);
    expect(r.policy_hash).toBe(computePolicyHash(forged.policy as never));
  });

  it('rejects an extended expiry (the signature covers expires)', () => {
    const forged = { ...clone(signed), expires: '2099-01-01T00:00:00Z' };
    expect(verifyWith(forged, pub(alice)).reason).toMatch(/INVALID/);
  });

  it('rejects mix-and-match: a valid signature moved onto another policy', () => {
    const other = signArtifact(artifact('1.3.0'), bob, { expires: EXPIRES });
    const mixed: SignedPolicyArtifact = { ...clone(other), signatures: signed.signatures };
    expect(verifyWith(mixed, pub(alice)).reason).toMatch(/INVALID/);
  });

  it('ignores signatures by keys it does not trust, and says whose they are', () => {
    const byMallory = signArtifact(artifact(), mallory, { expires: EXPIRES });
    const r = verifyWith(byMallory, pub(alice));
    expect(r.valid).toBe(false);
    expect(r.reason).toContain(`from keys not trusted here: ${keyId(mallory)}`);
    expect(r.reason).toContain(`trusted keys: ${keyId(alice)}`);
    expect(verifyWith(artifact(), pub(alice)).reason).toMatch(
      /the artifact is unsigned \(sign it with artifact sign\)/,
    );
  });

  it('counts distinct trusted keys toward the threshold', () => {
    const both = signArtifact(signed, bob);
    expect(verifyWith(signed, pub(alice, bob), { threshold: 2 }).reason).toMatch(
      /1 valid signature\(s\) from trusted keys, 2 required; valid: /,
    );
    expect(verifyWith(both, pub(alice, bob), { threshold: 2 })).toMatchObject({
      valid: true,
      keyids_ok: [keyId(alice), keyId(bob)].sort(),
    });
    // The same signature listed twice is still one key.
    const duplicated = { ...clone(signed), signatures: [signed.signatures![0]!, signed.signatures![0]!] };
    expect(verifyWith(duplicated, pub(alice, bob), { threshold: 2 }).valid).toBe(false);
    // The same key given twice is one trusted key, so a threshold of 2 can never be met.
    expect(() => verifyWith(both, pub(alice, alice), { threshold: 2 })).toThrow(
      /threshold 2 exceeds the 1 distinct public key\(s\) given/,
    );
  });

  it('refuses an expired artifact (freeze attack) using only the `now` it is given', () => {
    expect(verifyWith(signed, pub(alice), { now: new Date('2026-07-01T00:00:00Z') }).valid).toBe(true);
    const late = verifyWith(signed, pub(alice), { now: new Date('2026-07-01T00:00:00.001Z') });
    expect(late.valid).toBe(false);
    expect(late.reason).toMatch(
      /expired at 2026-07-01T00:00:00Z \(verification time 2026-07-01T00:00:00.001Z\).*sign the current policy again with a later expires/,
    );
    const offset = signArtifact(artifact(), alice, { expires: '2026-07-01T02:00:00+02:00' }); // = 00:00Z
    expect(verifyWith(offset, pub(alice), { now: new Date('2026-07-01T00:00:01Z') }).valid).toBe(false);
    const noExpiry = signArtifact(artifact(), alice);
    expect(verifyWith(noExpiry, pub(alice)).valid).toBe(true);
    expect(verifyWith(noExpiry, pub(alice), { requireExpires: true }).reason).toMatch(
      /has no expires date, and this verifier requires one/,
    );
  });

  it('refuses a rollback below min_policy_version by semver precedence', () => {
    const v = (version: string) => signArtifact(artifact(version), alice);
    expect(verifyWith(v('1.2.0'), pub(alice), { minPolicyVersion: '1.2.0' }).valid).toBe(true);
    expect(verifyWith(v('1.10.0'), pub(alice), { minPolicyVersion: '1.9.0' }).valid).toBe(true); // not string order
    const old = verifyWith(v('1.2.0'), pub(alice), { minPolicyVersion: '1.3.0' });
    expect(old).toMatchObject({ valid: false, policy_version: '1.2.0' });
    expect(old.reason).toMatch(
      /policy version 1.2.0 is older than min_policy_version 1.3.0: refusing a rollback/,
    );
    expect(verifyWith(v('2.0.0-rc.1'), pub(alice), { minPolicyVersion: '2.0.0' }).valid).toBe(false);
    expect(verifyWith(v('2.0.0+build.9'), pub(alice), { minPolicyVersion: '2.0.0' }).valid).toBe(true);
  });

  it('throws TrustError on options that could never verify anything', () => {
    expect(() => verifyWith(signed, [])).toThrow(/no public key given/);
    expect(() => verifyWith(signed, pub(alice), { threshold: 0 })).toThrow(
      /threshold must be a whole number >= 1, got 0/,
    );
    expect(() => verifyWith(signed, pub(alice), { now: new Date(Number.NaN) })).toThrow(
      /needs `now`, a valid Date/,
    );
    expect(() => verifyWith(signed, pub(alice), { minPolicyVersion: 'latest' })).toThrow(TrustError);
  });

  it('reports unreadable text and non-artifacts as invalid, with the source name', () => {
    const opts = { threshold: 1, now: NOW };
    expect(verifySignedArtifactText('{', pub(alice), opts, 'policy.json').reason).toMatch(
      /^policy.json: not valid JSON/,
    );
    expect(verifySignedArtifactText('[]', pub(alice), opts, 'p.json').reason).toMatch(
      /^p.json: not a signed policy artifact/,
    );
    const text = serializeSignedArtifact(signed);
    expect(verifySignedArtifactText(text, pub(alice), opts).valid).toBe(true);
    const big = text.replace('"max_latency_ms":100', '"max_latency_ms":1e400');
    expect(big).not.toBe(text);
    expect(verifySignedArtifactText(big, pub(alice), opts).reason).toMatch(/cannot be hashed canonically/);
  });
});
