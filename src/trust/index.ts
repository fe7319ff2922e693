export {
  type ArtifactSignature,
  ArtifactSignatureSchema,
  type SignedPolicyArtifact,
  SignedPolicyArtifactSchema,
  signedPayload,
} from './artifact-schema.js';
export {
  type Checkpoint,
  type CheckpointVerification,
  checkpointPathFor,
  formatCheckpointBody,
  type OpenedCheckpoint,
  openCheckpoint,
  parseCheckpointBody,
  parseCheckpointText,
  type VerifyCheckpointOptions,
  verifyCheckpoint,
  verifyCheckpointText,
  type WriteCheckpointOptions,
  type WrittenCheckpoint,
  writeCheckpoint,
} from './checkpoint.js';
export { TrustError, TrustMismatch } from './errors.js';
export {
  type GeneratedKeyPair,
  generateKeyPairPem,
  keyId,
  loadPrivateKey,
  loadPublicKey,
  type PrivateKeySource,
  parsePrivateKey,
  publicKeyOf,
  rawPublicKey,
} from './keys.js';
export { forEachLedgerLeaf, type LeafScan, ledgerLeafHashes, ledgerTreeHead } from './ledger-leaves.js';
export {
  consistencyProof,
  EMPTY_ROOT,
  type Hash,
  inclusionProof,
  leafHash,
  MerkleAccumulator,
  merkleRoot,
  nodeHash,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
export {
  formatVerifierKey,
  type NoteVerifier,
  noteKeyId,
  noteVerifier,
  parseNote,
  parseVerifierKey,
  signNote,
  verifyNoteSignatures,
} from './note.js';
export {
  CONSISTENCY_PROOF_HEADER,
  INCLUSION_PROOF_HEADER,
  type ProofVerification,
  proveConsistency,
  proveInclusion,
  verifyConsistencyProofText,
  verifyInclusionProofText,
} from './proof.js';
export { compareSemver, parseSemver, type SemVer } from './semver.js';
export {
  type FreshnessOptions,
  freshnessProblem,
  type SignatureVerification,
  type SignatureVerifyOptions,
  type SignOptions,
  serializeSignedArtifact,
  signArtifact,
  verifyArtifactSignatures,
  verifySignedArtifactText,
} from './signature.js';
