/**
 * The signed policy artifact: the artifact of src/policy/artifact.ts plus two optional members that
 * sit outside `policy`, so neither changes policy_hash:
 *   expires     RFC 3339 date-time after which verifiers refuse the artifact (TUF's freeze defence);
 *   signatures  [{ keyid, sig }]: Ed25519 over the signed payload (see signedPayload).
 */
import { z } from 'zod';
import { canonicalJson } from '../canonical.js';
import { PolicyArtifactSchema } from '../model.js';

export const KEYID_PATTERN = /^[0-9a-f]{16}$/;

export const ArtifactSignatureSchema = z.strictObject({
  /** First 16 hex digits of sha256(raw 32-byte Ed25519 public key). */
  keyid: z.string().regex(KEYID_PATTERN, { message: 'keyid must be 16 lowercase hex digits' }),
  /** base64 of the 64-byte Ed25519 signature. */
  sig: z
    .string()
    .regex(/^[A-Za-z0-9+/]{86}==$/, { message: 'sig must be the base64 of a 64-byte Ed25519 signature' }),
});
export type ArtifactSignature = z.infer<typeof ArtifactSignatureSchema>;

export const SignedPolicyArtifactSchema = PolicyArtifactSchema.extend({
  expires: z.iso
    .datetime({
      offset: true,
      message: 'expires must be an RFC 3339 date-time with a zone, like 2027-01-31T00:00:00Z',
    })
    .optional(),
  signatures: z.array(ArtifactSignatureSchema).max(64).optional(),
});
export type SignedPolicyArtifact = z.infer<typeof SignedPolicyArtifactSchema>;

/**
 * The bytes every signature covers: canonical JSON of everything but `signatures` and the
 * informational `generated_at`. It holds no newline, so it can never be mistaken for a checkpoint
 * note (at least three lines), even when one key signs both.
 */
export function signedPayload(artifact: SignedPolicyArtifact): Buffer {
  const { artifact_format, policy_hash, policy, expires } = artifact;
  return Buffer.from(canonicalJson({ artifact_format, policy_hash, policy, expires }), 'utf8');
}
