/**
 * Signing policy artifacts and verifying them without a hand-pinned hash: a threshold of trusted
 * Ed25519 keys vouches for the content, `expires` defends against freeze attacks (replaying a stale
 * artifact forever) and `minPolicyVersion` against rollback (replaying an older, weaker policy).
 * The policy hash is always recomputed from the content; the declared one is never trusted.
 */
import { type KeyObject, sign, verify } from 'node:crypto';
import { formatZodError, type GovernancePolicy, type PolicyArtifact } from '../model.js';
import {
  type ArtifactVerification,
  serializeArtifact,
  verifyPolicyArtifactText,
} from '../policy/artifact.js';
import { quoted, visible } from '../report/text.js';
import {
  type ArtifactSignature,
  type SignedPolicyArtifact,
  SignedPolicyArtifactSchema,
  signedPayload,
} from './artifact-schema.js';
import { TrustError } from './errors.js';
import { keyId, publicKeyOf } from './keys.js';
import { compareSemver, parseSemver } from './semver.js';

export interface SignOptions {
  /** When the artifact stops being accepted: a Date or an RFC 3339 string. */
  expires?: Date | string;
  /** The signer's current time (no clock is read here): an `expires` not after it is refused. */
  now?: Date;
}

/**
 * Adds (or replaces) this key's signature. Other keys' signatures are kept, so k maintainers can
 * sign one artifact in turn; changing `expires` would void them, so that is refused while they exist.
 */
export function signArtifact(
  artifact: PolicyArtifact | SignedPolicyArtifact,
  privateKey: KeyObject,
  options: SignOptions = {},
): SignedPolicyArtifact {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TrustError('signArtifact needs an Ed25519 private key (see loadPrivateKey)');
  }
  const parsed = SignedPolicyArtifactSchema.safeParse(artifact);
  if (!parsed.success)
    throw new TrustError(`cannot sign: not a policy artifact:\n${formatZodError(parsed.error)}`);
  const current = parsed.data;
  const content = checkContent(current, 'artifact');
  if (!content.valid) {
    throw new TrustError(
      `refusing to sign what no verifier would accept: ${content.reason}; recreate it with artifact create`,
    );
  }
  const expires = options.expires === undefined ? current.expires : normalizeExpires(options.expires);
  if (expires !== undefined && options.now && Date.parse(expires) <= options.now.getTime()) {
    throw new TrustError(
      `expires ${expires} is not after the signing time ${options.now.toISOString()}: every verifier would refuse this artifact as expired; give a later date`,
    );
  }
  const mine = keyId(privateKey);
  const others = (current.signatures ?? []).filter((s) => s.keyid !== mine);
  if (expires !== current.expires && others.length > 0) {
    throw new TrustError(
      `changing expires from ${current.expires ?? '(none)'} to ${expires} would void the ${others.length} existing signature(s) (${others.map((s) => s.keyid).join(', ')}); start from the unsigned artifact and have every key sign again`,
    );
  }
  const next: SignedPolicyArtifact = { ...current, expires };
  if (expires === undefined) delete next.expires;
  const sig = sign(null, signedPayload(next), privateKey).toString('base64');
  const signatures: ArtifactSignature[] = [...others, { keyid: mine, sig }].sort((a, b) =>
    a.keyid < b.keyid ? -1 : 1,
  );
  return { ...next, signatures };
}

function normalizeExpires(value: Date | string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TrustError('expires is an invalid Date');
    return value.toISOString();
  }
  const checked = SignedPolicyArtifactSchema.shape.expires.safeParse(value);
  if (!checked.success) throw new TrustError(`expires ${quoted(value)}: ${checked.error.issues[0]?.message}`);
  return value;
}

export interface SignatureVerifyOptions {
  /** How many distinct trusted keys must have signed (at least 1). */
  threshold: number;
  /** The verifier's current time, passed in (no clock is read here). */
  now: Date;
  /** Refuse policies whose `version` has lower semver precedence than this (anti-rollback). */
  minPolicyVersion?: string;
  /** Refuse artifacts without `expires` (TUF requires expiry on all metadata). Default false. */
  requireExpires?: boolean;
}

export interface SignatureVerification {
  valid: boolean;
  reason?: string;
  /** Trusted key ids whose signatures verified, sorted. */
  keyids_ok: string[];
  /** The policy's version, once the artifact could be read. */
  policy_version: string | null;
  /** The hash recomputed from the content, once the artifact could be read. */
  policy_hash: string | null;
  expires?: string;
  /** The verified policy (only when valid). */
  policy?: GovernancePolicy;
}

/**
 * Verifies an artifact (parsed JSON) against trusted public keys: structure, recomputed hash,
 * normalized policy, ≥ threshold distinct valid signatures, not expired at `now`, version not
 * below `minPolicyVersion`. Bad options throw TrustError; a bad artifact returns valid: false.
 */
export function verifyArtifactSignatures(
  artifact: unknown,
  publicKeys: readonly KeyObject[],
  options: SignatureVerifyOptions,
  source = 'artifact',
): SignatureVerification {
  const trusted = trustedKeys(publicKeys, options);
  // A malformed minimum is the caller's mistake: thrown before the artifact is looked at.
  if (options.minPolicyVersion !== undefined) parseSemver(options.minPolicyVersion, 'min_policy_version');
  const result: SignatureVerification = {
    valid: false,
    keyids_ok: [],
    policy_version: null,
    policy_hash: null,
  };
  const fail = (reason: string): SignatureVerification => ({
    ...result,
    valid: false,
    reason: `${visible(source)}: ${reason}`,
  });

  const parsed = SignedPolicyArtifactSchema.safeParse(artifact);
  if (!parsed.success) return fail(`not a signed policy artifact:\n${formatZodError(parsed.error)}`);
  const data = parsed.data;
  if (data.expires !== undefined) result.expires = data.expires;
  const version = data.policy.version;
  if (typeof version === 'string') result.policy_version = version;

  const content = checkContent(data, source);
  if (content.found_hash) result.policy_hash = content.found_hash;
  if (!content.valid || !content.policy) return { ...result, valid: false, reason: content.reason };

  const payload = signedPayload(data);
  const ok = new Set<string>();
  const bad: string[] = [];
  const unknown: string[] = [];
  for (const { keyid, sig } of data.signatures ?? []) {
    const key = trusted.get(keyid);
    if (!key) unknown.push(keyid);
    else if (verify(null, payload, key, Buffer.from(sig, 'base64'))) ok.add(keyid);
    else bad.push(keyid);
  }
  result.keyids_ok = [...ok].sort();
  if (ok.size < options.threshold) {
    const parts = [`${ok.size} valid signature(s) from trusted keys, ${options.threshold} required`];
    if (ok.size > 0) parts.push(`valid: ${result.keyids_ok.join(', ')}`);
    if (bad.length > 0)
      parts.push(`INVALID (content changed after signing, or a forged signature): ${bad.join(', ')}`);
    if (unknown.length > 0) parts.push(`from keys not trusted here: ${unknown.join(', ')}`);
    if ((data.signatures ?? []).length === 0)
      parts.push('the artifact is unsigned (sign it with artifact sign)');
    parts.push(`trusted keys: ${[...trusted.keys()].join(', ')}`);
    return fail(parts.join('; '));
  }

  const stale = freshnessProblem(data, options);
  if (stale !== undefined) return fail(stale);
  return { ...result, valid: true, reason: undefined, policy: content.policy };
}

export type FreshnessOptions = Pick<SignatureVerifyOptions, 'now' | 'minPolicyVersion' | 'requireExpires'>;

/**
 * Why an artifact that is otherwise trusted (by signatures or a hash pin) must still be refused:
 * expired at `now` (freeze), or a policy version below `minPolicyVersion` (rollback). Undefined when
 * neither applies. A malformed minPolicyVersion throws TrustError.
 */
export function freshnessProblem(
  data: Pick<SignedPolicyArtifact, 'expires' | 'policy'>,
  options: FreshnessOptions,
): string | undefined {
  const min =
    options.minPolicyVersion === undefined
      ? undefined
      : parseSemver(options.minPolicyVersion, 'min_policy_version');
  if (data.expires === undefined) {
    if (options.requireExpires)
      return 'has no expires date, and this verifier requires one; sign it with an expiry';
  } else if (Date.parse(data.expires) < options.now.getTime()) {
    return `expired at ${visible(data.expires)} (verification time ${options.now.toISOString()}): a stale policy may be replayed forever unless it expires; sign the current policy again with a later expires`;
  }
  if (min === undefined) return undefined;
  const version = data.policy.version;
  let below: boolean;
  try {
    below = compareSemver(parseSemver(String(version), 'policy.version'), min) < 0;
  } catch (error) {
    return `${(error as Error).message}; min_policy_version needs a comparable version`;
  }
  return below
    ? `policy version ${visible(String(version))} is older than min_policy_version ${options.minPolicyVersion}: refusing a rollback to an older policy (publish a policy with version >= ${options.minPolicyVersion})`
    : undefined;
}

/**
 * The unsigned artifact's own checks (recomputed hash, a valid policy in normalized form), with the
 * declared hash as the pin: the signatures are what make that hash trustworthy.
 */
function checkContent(data: SignedPolicyArtifact, source: string): ArtifactVerification {
  const { signatures: _s, expires: _e, ...unsigned } = data;
  try {
    return verifyPolicyArtifactText(serializeArtifact(unsigned), data.policy_hash, source);
  } catch (error) {
    // e.g. a number too large for JSON (1e400 parses to Infinity) or nesting too deep to hash
    return {
      valid: false,
      reason: `${visible(source)}: the policy cannot be hashed canonically (${visible((error as Error).message)})`,
    };
  }
}

function trustedKeys(
  publicKeys: readonly KeyObject[],
  options: SignatureVerifyOptions,
): Map<string, KeyObject> {
  if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime())) {
    throw new TrustError('verifyArtifactSignatures needs `now`, a valid Date (the verification time)');
  }
  const trusted = new Map<string, KeyObject>();
  for (const key of publicKeys) {
    const pub = publicKeyOf(key);
    trusted.set(keyId(pub), pub);
  }
  if (trusted.size === 0) throw new TrustError('no public key given: pass at least one --public-key');
  if (!Number.isSafeInteger(options.threshold) || options.threshold < 1) {
    throw new TrustError(`threshold must be a whole number >= 1, got ${options.threshold}`);
  }
  if (options.threshold > trusted.size) {
    throw new TrustError(
      `threshold ${options.threshold} exceeds the ${trusted.size} distinct public key(s) given: no artifact could ever verify; give more keys or lower the threshold`,
    );
  }
  return trusted;
}

/** verifyArtifactSignatures on the text of an artifact file (`source` names it in reasons). */
export function verifySignedArtifactText(
  text: string,
  publicKeys: readonly KeyObject[],
  options: SignatureVerifyOptions,
  source = 'artifact',
): SignatureVerification {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    trustedKeys(publicKeys, options);
    return {
      valid: false,
      reason: `${visible(source)}: not valid JSON (${visible((error as Error).message)})`,
      keyids_ok: [],
      policy_version: null,
      policy_hash: null,
    };
  }
  return verifyArtifactSignatures(json, publicKeys, options, source);
}

/** Canonical JSON plus a newline, like every artifact. */
export function serializeSignedArtifact(artifact: SignedPolicyArtifact): string {
  return serializeArtifact(artifact);
}
