/**
 * The signed policy artifact: the artifact of src/policy/artifact.ts plus two optional members that
 * sit outside `policy`, so neither changes policy_hash:
 *   expires     RFC 3339 date-time after which verifiers refuse the artifact (TUF's freeze defence);
 *   signatures  [{ keyid, sig }]: Ed25519 over the signed payload (see signedPayload).
 */
import { canonicalJson } from '../canonical.js';
import { type PolicyArtifact, PolicyArtifactSchema } from '../model.js';

export { type ArtifactSignature, ArtifactSignatureSchema, KEYID_PATTERN } from '../model.js';

/** The artifact schema itself carries `expires` and `signatures` (src/model.ts); these names stay for the trust layer. */
export const SignedPolicyArtifactSchema = PolicyArtifactSchema;
export type SignedPolicyArtifact = PolicyArtifact;

/**
 * The bytes every signature covers: canonical JSON of everything but `signatures` and the
 * informational `generated_at`. It holds no newline, so it can never be mistaken for a checkpoint
 * note (at least three lines), even when one key signs both.
 */
export function signedPayload(artifact: SignedPolicyArtifact): Buffer {
  const { artifact_format, policy_hash, policy, expires } = artifact;
  return Buffer.from(canonicalJson({ artifact_format, policy_hash, policy, expires }), 'utf8');
}
