/**
 * The policy artifact: the policy (with its contracts), its hash and a format version, as one
 * JSON file. Verification recomputes the hash from the content; a declared hash is never trusted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { canonicalJson } from '../canonical.js';
import {
  ARTIFACT_FORMAT,
  formatZodError,
  type GovernancePolicy,
  type PolicyArtifact,
  PolicyArtifactSchema,
} from '../model.js';
import { quoted, visible } from '../report/text.js';
import { computePolicyHash, createPolicy, PolicyError } from './policy.js';

export interface ArtifactVerification {
  valid: boolean;
  reason?: string;
  /** The hash recomputed from the artifact's content (when it could be read). */
  found_hash?: string;
  policy?: GovernancePolicy;
}

/** generated_at from SOURCE_DATE_EPOCH (reproducible builds), never from the wall clock. */
function generatedAt(env: NodeJS.ProcessEnv): string | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return undefined;
  if (!/^\d+$/.test(epoch))
    throw new PolicyError(`SOURCE_DATE_EPOCH must be whole seconds, got ${quoted(epoch)}`);
  return new Date(Number(epoch) * 1000).toISOString();
}

export function createPolicyArtifact(
  policy: GovernancePolicy,
  env: NodeJS.ProcessEnv = process.env,
): PolicyArtifact {
  const { policy_hash, ...content } = policy;
  const artifact: PolicyArtifact = { artifact_format: ARTIFACT_FORMAT, policy_hash, policy: content };
  const at = generatedAt(env);
  if (at) artifact.generated_at = at;
  return artifact;
}

/** Canonical JSON plus a newline: the same policy always gives the same bytes. */
export function serializeArtifact(artifact: PolicyArtifact): string {
  return `${canonicalJson(artifact)}\n`;
}

export function writePolicyArtifact(
  policy: GovernancePolicy,
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): PolicyArtifact {
  const artifact = createPolicyArtifact(policy, env);
  writeFileSync(path, serializeArtifact(artifact));
  return artifact;
}

/** Reads and checks an artifact's own consistency; `expectedHash` is the pin it must match. */
export function verifyPolicyArtifactText(
  text: string,
  expectedHash: string,
  source = 'artifact',
): ArtifactVerification {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      valid: false,
      reason: `${visible(source)}: not valid JSON (${visible((error as Error).message)})`,
    };
  }
  const parsed = PolicyArtifactSchema.safeParse(json);
  if (!parsed.success)
    return {
      valid: false,
      reason: `${visible(source)}: not a policy artifact:\n${formatZodError(parsed.error)}`,
    };
  let found_hash: string;
  try {
    found_hash = computePolicyHash(parsed.data.policy as Omit<GovernancePolicy, 'policy_hash'>);
  } catch (error) {
    return {
      valid: false,
      reason: `${visible(source)}: the policy cannot be hashed: ${visible((error as Error).message)}`,
    };
  }
  const expected = expectedHash.trim().toLowerCase();
  if (found_hash !== expected) {
    return {
      valid: false,
      found_hash,
      reason: `${visible(source)}: policy hash mismatch: the content hashes to ${found_hash}, expected ${expected}`,
    };
  }
  if (parsed.data.policy_hash !== found_hash) {
    return {
      valid: false,
      found_hash,
      reason: `${visible(source)}: declares policy_hash ${parsed.data.policy_hash} but its content hashes to ${found_hash}`,
    };
  }
  let policy: GovernancePolicy;
  try {
    policy = createPolicy(parsed.data.policy);
  } catch (error) {
    return {
      valid: false,
      found_hash,
      reason: `${visible(source)}: the policy inside is invalid:\n${(error as Error).message}`,
    };
  }
  if (policy.policy_hash !== found_hash) {
    return {
      valid: false,
      found_hash,
      reason: `${visible(source)}: the policy inside is not in normalized form (defaults missing)`,
    };
  }
  return { valid: true, found_hash, policy };
}

export function verifyPolicyArtifact(path: string, expectedHash: string): ArtifactVerification {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return {
      valid: false,
      reason: `${visible(path)}: cannot read (${(error as NodeJS.ErrnoException).code ?? visible((error as Error).message)})`,
    };
  }
  return verifyPolicyArtifactText(text, expectedHash, path);
}

/** The seed's names, kept for library users. */
export const PolicyArtifactVerifier = {
  generatePolicyArtifact: writePolicyArtifact,
  verifyPolicyArtifact,
};
