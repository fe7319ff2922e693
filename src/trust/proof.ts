/**
 * Proofs a verifier checks without the whole ledger:
 *   inclusion    C2SP tlog-proof (https://c2sp.org/tlog-proof): "c2sp.org/tlog-proof@v1", "index N",
 *                the RFC 9162 audit path (base64, one hash a line), a blank line, the checkpoint verbatim.
 *                Checked against one ledger line (the record's bytes) and, optionally, trusted keys.
 *   consistency  "traffic-governance/consistency-proof@v1", "old M", "new N", the RFC 9162 consistency
 *                path: shows the ledger of the new checkpoint extends the old one (nothing rewritten,
 *                nothing removed), checked against the two checkpoints.
 */
import type { KeyObject } from 'node:crypto';
import { recordPlace } from '../ledger/structure.js';
import { quoted, visible } from '../report/text.js';
import { type Checkpoint, openCheckpoint } from './checkpoint.js';
import { TrustError, TrustMismatch } from './errors.js';
import { ledgerLeafHashes } from './ledger-leaves.js';
import {
  consistencyProof,
  HASH_BYTES,
  type Hash,
  inclusionProof,
  leafHash,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

export const INCLUSION_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';
export const CONSISTENCY_PROOF_HEADER = 'traffic-governance/consistency-proof@v1';

export interface ProofKeys {
  publicKeys?: ReadonlyArray<KeyObject | string>;
  origin?: string;
}

export interface ProofVerification {
  valid: boolean;
  reason?: string;
  signed_by: string[];
}

/** The checkpoint must describe this ledger: its first `size` lines hash to its root. */
function leavesUnder(ledgerPath: string, checkpoint: Checkpoint): Hash[] {
  const { leaves } = ledgerLeafHashes(ledgerPath);
  if (leaves.length < checkpoint.size) {
    throw new TrustMismatch(
      `${visible(ledgerPath)}: has ${leaves.length} records, fewer than the checkpoint's ${checkpoint.size}: not the ledger this checkpoint describes`,
    );
  }
  const tree = leaves.slice(0, checkpoint.size);
  if (!merkleRoot(tree).equals(checkpoint.root)) {
    throw new TrustMismatch(
      `${visible(ledgerPath)}: its first ${checkpoint.size} records do not hash to the checkpoint's root: not the ledger this checkpoint describes`,
    );
  }
  return tree;
}

function opened(text: string, what: string): Checkpoint {
  const result = openCheckpoint(text);
  if (result.reason !== undefined) throw new TrustError(`${what}: ${result.reason}`);
  return result.checkpoint;
}

const hashLines = (hashes: Hash[]): string => hashes.map((h) => `${h.toString('base64')}\n`).join('');

/** A tlog-proof that ledger line `index` is in the tree of `checkpointText` (which must describe this ledger). */
export function proveInclusion(ledgerPath: string, index: number, checkpointText: string): string {
  const checkpoint = opened(checkpointText, 'checkpoint');
  if (!Number.isSafeInteger(index) || index < 0 || index >= checkpoint.size) {
    throw new TrustError(
      `index ${index} is outside the checkpoint's ${checkpoint.size} records (0 to ${checkpoint.size - 1})`,
    );
  }
  const proof = inclusionProof(leavesUnder(ledgerPath, checkpoint), index);
  return `${INCLUSION_PROOF_HEADER}\nindex ${index}\n${hashLines(proof)}\n${checkpointText}`;
}

function parseHash(line: string, where: string): Hash {
  const hash = Buffer.from(line, 'base64');
  if (hash.length !== HASH_BYTES || hash.toString('base64') !== line)
    throw new TrustError(`${where}: not the base64 of a 32-byte hash`);
  return hash;
}

function parseCount(line: string | undefined, word: string, where: string): number {
  const m = line === undefined ? null : new RegExp(`^${word} (0|[1-9]\\d*)$`).exec(line);
  if (!m || !Number.isSafeInteger(Number(m[1])))
    throw new TrustError(
      `${where}: expected "${word} <number>", got ${line === undefined ? 'nothing' : quoted(line.slice(0, 40))}`,
    );
  return Number(m[1]);
}

/**
 * Verifies a tlog-proof for `record` (one ledger line, without its newline): the audit path leads from
 * the record's leaf hash to the checkpoint's root, and the checkpoint is signed by a trusted key when
 * keys are given.
 */
export function verifyInclusionProofText(
  proofText: string,
  record: string | Uint8Array,
  options: ProofKeys = {},
): ProofVerification {
  const fail = (reason: string): ProofVerification => ({
    valid: false,
    reason: `inclusion proof: ${reason}`,
    signed_by: [],
  });
  try {
    const blank = proofText.indexOf('\n\n');
    if (blank === -1) return fail('no blank line before the checkpoint');
    const lines = proofText.slice(0, blank).split('\n');
    if (lines[0] !== INCLUSION_PROOF_HEADER) return fail(`the first line must be ${INCLUSION_PROOF_HEADER}`);
    let at = 1;
    if (lines[at]?.startsWith('extra ')) at++; // unauthenticated extra data: ignored
    const index = parseCount(lines[at], 'index', 'inclusion proof line 2');
    const proof = lines.slice(at + 1).map((line, i) => parseHash(line, `inclusion proof hash ${i + 1}`));
    const cp = openCheckpoint(proofText.slice(blank + 2), options);
    if (cp.reason !== undefined) return fail(`checkpoint ${cp.reason}`);
    const bytes =
      typeof record === 'string'
        ? Buffer.from(record.endsWith('\n') ? record.slice(0, -1) : record, 'utf8')
        : record;
    if (!verifyInclusion(leafHash(bytes), index, cp.checkpoint.size, proof, cp.checkpoint.root)) {
      return fail(
        `the record is not entry ${index} of the ${cp.checkpoint.size}-record tree with root ${cp.checkpoint.root.toString('hex')} (wrong record, wrong index or a forged path)`,
      );
    }
    return { valid: true, signed_by: cp.signed_by };
  } catch (error) {
    if (error instanceof TrustError && !error.message.startsWith('checkpoint public keys'))
      return fail(error.message);
    throw error;
  }
}

/**
 * A consistency proof from the tree of `oldCheckpointText` to the tree of `newCheckpointText`, which
 * must describe `ledgerPath`. The new ledger must extend the old tree: if its first records do not
 * hash to the old root, no proof is written (TrustMismatch), naming the first record that differs
 * from `oldLedgerPath` when given.
 */
export function proveConsistency(
  ledgerPath: string,
  oldCheckpointText: string,
  newCheckpointText: string,
  oldLedgerPath?: string,
): string {
  const oldCp = opened(oldCheckpointText, 'old checkpoint');
  const newCp = opened(newCheckpointText, 'new checkpoint');
  if (oldCp.size > newCp.size)
    throw new TrustError(
      `the old checkpoint (${oldCp.size} records) is larger than the new one (${newCp.size})`,
    );
  const tree = leavesUnder(ledgerPath, newCp);
  if (!merkleRoot(tree.slice(0, oldCp.size)).equals(oldCp.root)) {
    throw new TrustMismatch(
      `${ledgerPath} does not extend the old ledger: ${firstDifference(tree, oldCp, oldLedgerPath)}`,
    );
  }
  const proof = consistencyProof(tree, oldCp.size);
  return `${CONSISTENCY_PROOF_HEADER}\nold ${oldCp.size}\nnew ${newCp.size}\n${hashLines(proof)}`;
}

/** Where the new ledger's leaves part from the old ledger's (or from the old checkpoint, without the old ledger). */
function firstDifference(tree: Hash[], oldCp: Checkpoint, oldLedgerPath: string | undefined): string {
  const old = oldLedgerPath === undefined ? [] : ledgerLeafHashes(oldLedgerPath).leaves.slice(0, oldCp.size);
  const at = old.findIndex((leaf, i) => !leaf.equals(tree[i]!));
  if (at >= 0) return `${recordPlace(at)} differs from ${oldLedgerPath}'s`;
  return `its first ${oldCp.size} records do not hash to the old checkpoint's root`;
}

/**
 * Verifies that the new checkpoint's tree extends the old one's: the first `old` records are
 * unchanged and still there. Both checkpoints must be signed by a trusted key when keys are given.
 */
export function verifyConsistencyProofText(
  proofText: string,
  oldCheckpointText: string,
  newCheckpointText: string,
  options: ProofKeys = {},
): ProofVerification {
  const fail = (reason: string): ProofVerification => ({
    valid: false,
    reason: `consistency proof: ${reason}`,
    signed_by: [],
  });
  try {
    if (!proofText.endsWith('\n')) return fail('does not end with a newline');
    const lines = proofText.slice(0, -1).split('\n');
    if (lines[0] !== CONSISTENCY_PROOF_HEADER)
      return fail(`the first line must be ${CONSISTENCY_PROOF_HEADER}`);
    const m = parseCount(lines[1], 'old', 'consistency proof line 2');
    const n = parseCount(lines[2], 'new', 'consistency proof line 3');
    const proof = lines.slice(3).map((line, i) => parseHash(line, `consistency proof hash ${i + 1}`));
    const oldCp = openCheckpoint(oldCheckpointText, options);
    if (oldCp.reason !== undefined) return fail(`old checkpoint ${oldCp.reason}`);
    const newCp = openCheckpoint(newCheckpointText, options);
    if (newCp.reason !== undefined) return fail(`new checkpoint ${newCp.reason}`);
    if (oldCp.checkpoint.origin !== newCp.checkpoint.origin) {
      return fail(
        `the checkpoints are of different logs (${visible(oldCp.checkpoint.origin)}, ${visible(newCp.checkpoint.origin)})`,
      );
    }
    if (oldCp.checkpoint.size !== m || newCp.checkpoint.size !== n) {
      return fail(
        `the proof is for sizes ${m} → ${n}, the checkpoints have ${oldCp.checkpoint.size} → ${newCp.checkpoint.size}`,
      );
    }
    if (!verifyConsistency(m, n, oldCp.checkpoint.root, newCp.checkpoint.root, proof)) {
      return fail(
        `the ${n}-record ledger does not extend the ${m}-record one: records were changed, removed or reordered (or the proof is forged)`,
      );
    }
    return { valid: true, signed_by: [...new Set([...oldCp.signed_by, ...newCp.signed_by])].sort() };
  } catch (error) {
    if (error instanceof TrustError && !error.message.startsWith('checkpoint public keys'))
      return fail(error.message);
    throw error;
  }
}
