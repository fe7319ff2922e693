/**
 * Where a command's policy comes from: `--policy FILE [--contracts FILE]...`, or a policy artifact
 * verified before anything else is read: against a pinned hash (`--expect-hash HEX`), against
 * trusted signers (`--public-key K... [--threshold k]`), or both; then not expired (the real clock,
 * read here at the CLI boundary only) and not older than `--min-policy-version` (anti-rollback).
 */
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GovernancePolicy } from '../model.js';
import { verifyPolicyArtifactText } from '../policy/artifact.js';
import { loadPolicy } from '../policy/load.js';
import { quoted, visible } from '../report/text.js';
import { pathFrom } from '../run/files.js';
import { EXIT } from '../run/verdict.js';
import { freshnessProblem, loadPublicKey, parseSemver, verifySignedArtifactText } from '../trust/index.js';
import { hashArg } from './args.js';
import { ExitError, UsageError } from './io.js';

export interface PolicyFlags {
  policy?: string | undefined;
  contracts?: string[] | undefined;
  artifact?: string | undefined;
  'expect-hash'?: string | undefined;
  'public-key'?: string[] | undefined;
  threshold?: string | undefined;
  'min-policy-version'?: string | undefined;
}

/** The parseArgs options every command that verifies an artifact accepts. */
export const TRUST_OPTIONS = {
  'expect-hash': { type: 'string' },
  'public-key': { type: 'string', multiple: true },
  threshold: { type: 'string' },
  'min-policy-version': { type: 'string' },
} as const;

export const TRUST_USAGE = `  --expect-hash HEX    the sha256 policy hash the artifact must have
  --public-key K       a trusted Ed25519 public key: PEM, base64 of the raw 32 bytes, or a file
                       holding either; repeatable (accepts a signed artifact without a hash pin)
  --threshold k        distinct trusted keys that must have signed (default 1; needs --public-key)
  --min-policy-version V  refuse a policy whose version (semver) is below V (anti-rollback)`;

/** A policy that passed every check asked for; signed_by is set when signatures were checked. */
export interface AcceptedPolicy {
  policy: GovernancePolicy;
  signed_by?: string[];
  expires?: string;
}

export function policyFromFiles(flags: PolicyFlags, cwd: string): GovernancePolicy {
  if (flags.policy === undefined) throw new UsageError('--policy FILE is required');
  return loadPolicy(
    pathFrom(cwd, flags.policy),
    (flags.contracts ?? []).map((c) => pathFrom(cwd, c)),
  );
}

/** A --public-key value: a file relative to cwd when one exists there, else inline key text. */
export function publicKeyArg(value: string, cwd: string): KeyObject {
  const file = resolve(cwd, value);
  return loadPublicKey(value.trim() !== '' && existsSync(file) ? file : value);
}

function threshold(flags: PolicyFlags): number {
  if (flags.threshold === undefined) return 1;
  if (flags['public-key'] === undefined) throw new UsageError('--threshold goes with --public-key');
  if (!/^[1-9]\d{0,2}$/.test(flags.threshold))
    throw new UsageError(`--threshold must be a whole number >= 1, got ${quoted(flags.threshold)}`);
  return Number(flags.threshold);
}

export function readArtifact(file: string, cwd: string): string {
  try {
    return readFileSync(pathFrom(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `${visible(file)}: cannot read the policy artifact (${code === 'ENOENT' ? 'no such file' : (code ?? visible((error as Error).message))})`,
    );
  }
}

const failed = (reason: string | undefined): ExitError =>
  new ExitError(EXIT.VERIFICATION, `artifact verification failed: ${reason}`);

/**
 * Reads an artifact and runs every check asked for; any failure is exit 4 naming what failed.
 * `now` is the verification time for `expires`.
 */
export function verifiedArtifact(file: string, flags: PolicyFlags, cwd: string, now: Date): AcceptedPolicy {
  const pin = flags['expect-hash'];
  const keyArgs = flags['public-key'];
  if (pin === undefined && keyArgs === undefined) {
    throw new UsageError(
      'an artifact is only used once it matches a pinned hash (--expect-hash HEX) or is signed by a trusted key (--public-key K)',
    );
  }
  const k = threshold(flags);
  const expected = pin === undefined ? undefined : hashArg(pin, '--expect-hash');
  const min = flags['min-policy-version'];
  if (min !== undefined) parseSemver(min, '--min-policy-version');
  const keys = (keyArgs ?? []).map((value) => publicKeyArg(value, cwd));
  const text = readArtifact(file, cwd);

  let accepted: AcceptedPolicy | undefined;
  if (expected !== undefined) {
    const verification = verifyPolicyArtifactText(text, expected, file);
    if (!verification.valid || !verification.policy) {
      const hashes = verification.found_hash
        ? `\n  found:    ${verification.found_hash}\n  expected: ${expected}`
        : '';
      throw failed(`${verification.reason}${hashes}`);
    }
    accepted = { policy: verification.policy };
  }
  const options = { now, ...(min === undefined ? {} : { minPolicyVersion: min }) };
  if (keys.length > 0) {
    const verification = verifySignedArtifactText(text, keys, { ...options, threshold: k }, file);
    if (!verification.valid || !verification.policy) throw failed(verification.reason);
    return {
      policy: verification.policy,
      signed_by: verification.keyids_ok,
      ...(verification.expires === undefined ? {} : { expires: verification.expires }),
    };
  }
  // Hash pin only: the same expiry and rollback rules (the hash covers the version; expires is
  // honoured when present, though only a signature makes it binding).
  const data = JSON.parse(text) as { expires?: string };
  const stale = freshnessProblem({ expires: data.expires, policy: accepted!.policy }, options);
  if (stale !== undefined) throw failed(`${visible(file)}: ${stale}`);
  return { ...accepted!, ...(data.expires === undefined ? {} : { expires: data.expires }) };
}

/** Exactly one source; an artifact is verified here, first, with the real clock. */
export function resolvePolicy(flags: PolicyFlags, cwd: string): AcceptedPolicy {
  if (flags.artifact !== undefined) {
    if (flags.policy !== undefined) throw new UsageError('give --policy or --artifact, not both');
    if (flags.contracts !== undefined)
      throw new UsageError('--contracts goes with --policy (an artifact already holds its contracts)');
    return verifiedArtifact(flags.artifact, flags, cwd, new Date());
  }
  for (const flag of ['expect-hash', 'public-key', 'threshold', 'min-policy-version'] as const) {
    if (flags[flag] !== undefined) throw new UsageError(`--${flag} goes with --artifact`);
  }
  if (flags.policy === undefined) {
    throw new UsageError(
      'give --policy FILE [--contracts FILE]... or --artifact FILE with --expect-hash HEX or --public-key K',
    );
  }
  return { policy: policyFromFiles(flags, cwd) };
}
