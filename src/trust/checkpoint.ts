/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint) for a ledger file:
 *   <origin>\n<tree size>\n<base64 root hash>\n[extension lines\n]
 * optionally wrapped in a signed note with Ed25519 signature lines (key name = origin). The tree is
 * the RFC 9162 Merkle tree over the ledger's lines, so a checkpoint kept apart from the ledger (or
 * signed) detects a removed tail, appended records and a rewritten chain, which the hash chain alone
 * cannot see.
 */
import type { KeyObject } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { quoted, visible } from '../report/text.js';
import { TrustError } from './errors.js';
import { type LedgerTreeHead, ledgerTreeHead } from './ledger-leaves.js';
import { HASH_BYTES, type Hash } from './merkle.js';
import {
  checkKeyName,
  isKeyName,
  type NoteVerifier,
  parseNote,
  signNote,
  toNoteVerifier,
  verifyNoteSignatures,
} from './note.js';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Hash;
  extensions: string[];
}

export function formatCheckpointBody(checkpoint: Checkpoint): string {
  checkKeyName(checkpoint.origin, 'origin');
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0)
    throw new TrustError(`tree size ${checkpoint.size} is not a whole number`);
  if (checkpoint.root.length !== HASH_BYTES) throw new TrustError('root hash must be 32 bytes');
  for (const line of checkpoint.extensions) {
    if (line === '' || /[\u0000-\u001f]/.test(line))
      throw new TrustError('checkpoint extension lines must be non-empty single lines');
  }
  const lines = [
    checkpoint.origin,
    String(checkpoint.size),
    checkpoint.root.toString('base64'),
    ...checkpoint.extensions,
  ];
  return `${lines.join('\n')}\n`;
}

export function parseCheckpointBody(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new TrustError('checkpoint body does not end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3)
    throw new TrustError(`checkpoint has ${lines.length} line(s); it needs origin, tree size and root hash`);
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin === '') throw new TrustError('checkpoint origin (line 1) is empty');
  if (!/^(0|[1-9]\d*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new TrustError(
      `checkpoint tree size (line 2) ${quoted(sizeText.slice(0, 40))} is not a decimal number without leading zeros`,
    );
  }
  const root = Buffer.from(rootText, 'base64');
  if (root.length !== HASH_BYTES || root.toString('base64') !== rootText) {
    throw new TrustError('checkpoint root hash (line 3) is not the base64 of 32 bytes');
  }
  if (extensions.some((line) => line === '')) throw new TrustError('checkpoint has an empty extension line');
  return { origin, size: Number(sizeText), root, extensions };
}

/** `DIR/ledger.jsonl` → `DIR/ledger.checkpoint` (any other name: the extension replaced or added). */
export function checkpointPathFor(ledgerPath: string): string {
  const name = basename(ledgerPath);
  const stem = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
  return join(dirname(ledgerPath), `${stem || name}.checkpoint`);
}

export interface WriteCheckpointOptions {
  /** The log's identity, e.g. `gitlab.example.com/group/project/traffic-governance`; also the signing key name. */
  origin: string;
  /** Signs the checkpoint when given; several keys (old and new, during a rotation) give one line each. */
  key?: KeyObject | KeyObject[];
  extensions?: string[];
  /** Defaults to checkpointPathFor(ledgerPath). */
  out?: string;
  /**
   * The tree of the ledger as its writer saw it go out (LineLeaves over every byte it wrote), which
   * spares reading the file again. Used only when the file still has exactly those bytes' length;
   * otherwise (another writer appended meanwhile) the file is read.
   */
  written?: WrittenTree;
}

export interface WrittenTree {
  count: number;
  root: Hash;
  complete_bytes: number;
}

export interface WrittenCheckpoint {
  path: string;
  text: string;
  size: number;
  root_hex: string;
}

function writtenTree(ledgerPath: string, written: WrittenTree | undefined): LedgerTreeHead | undefined {
  if (written === undefined) return undefined;
  let size: number;
  try {
    size = statSync(ledgerPath).size;
  } catch {
    return undefined;
  }
  if (size !== written.complete_bytes) return undefined;
  return { count: written.count, complete_bytes: size, torn_bytes: 0, root: written.root };
}

/**
 * Writes the checkpoint of the ledger's complete lines (atomically: temp file + rename). A ledger
 * that ends in a torn tail is refused: recover it first, so the checkpoint covers what was committed.
 */
export function writeCheckpoint(ledgerPath: string, options: WriteCheckpointOptions): WrittenCheckpoint {
  checkKeyName(options.origin, 'origin');
  const head = writtenTree(ledgerPath, options.written) ?? ledgerTreeHead(ledgerPath);
  if (head.torn_bytes > 0) {
    throw new TrustError(
      `${visible(ledgerPath)}: ends in a torn tail (${head.torn_bytes} bytes after byte ${head.complete_bytes} have no newline); run verify-ledger --recover before writing a checkpoint`,
    );
  }
  const body = formatCheckpointBody({
    origin: options.origin,
    size: head.count,
    root: head.root,
    extensions: options.extensions ?? [],
  });
  const text =
    options.key && (!Array.isArray(options.key) || options.key.length > 0)
      ? signNote(body, options.origin, options.key)
      : body;
  const path = options.out ?? checkpointPathFor(ledgerPath);
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, path);
  return { path, text, size: head.count, root_hex: head.root.toString('hex') };
}

export interface ParsedCheckpointFile {
  checkpoint: Checkpoint;
  /** The body the signatures cover. */
  body: string;
  /** Present when the file is a signed note. */
  note?: ReturnType<typeof parseNote>;
}

/** A checkpoint file: a bare body, or a signed note whose text is the body. */
export function parseCheckpointText(text: string): ParsedCheckpointFile {
  if (text.includes('\n\n')) {
    const note = parseNote(text);
    return { checkpoint: parseCheckpointBody(note.text), body: note.text, note };
  }
  return { checkpoint: parseCheckpointBody(text), body: text };
}

export interface VerifyCheckpointOptions {
  /**
   * Trusted signers: KeyObjects (key name = the expected origin, else the checkpoint's origin) or
   * verifier-key strings. When given, a valid signature by one of them is required.
   */
  publicKeys?: ReadonlyArray<KeyObject | string>;
  /** Refuse a checkpoint of another log. */
  origin?: string;
  /** Accept records appended after the checkpoint (the ledger continued); default false. */
  allowExtension?: boolean;
}

export interface CheckpointVerification {
  valid: boolean;
  reason?: string;
  /** What the checkpoint commits to (when readable). */
  checkpoint_size?: number;
  checkpoint_root?: string;
  /** Complete lines in the ledger now. */
  ledger_size?: number;
  ledger_root?: string;
  /** Signers that verified (empty when no keys were given). */
  signed_by: string[];
  /** Records after the checkpoint's tree, when allowExtension accepted them. */
  extended_by?: number;
}

export function verifyCheckpoint(
  ledgerPath: string,
  checkpointPath: string,
  options: VerifyCheckpointOptions = {},
): CheckpointVerification {
  let text: string;
  try {
    text = readFileSync(checkpointPath, 'utf8');
  } catch (error) {
    throw new TrustError(
      `${visible(checkpointPath)}: cannot read the checkpoint (${(error as NodeJS.ErrnoException).code ?? visible((error as Error).message)})`,
    );
  }
  return verifyCheckpointText(ledgerPath, text, options, checkpointPath);
}

export type OpenedCheckpoint =
  | { checkpoint: Checkpoint; signed_by: string[]; reason?: undefined }
  | { reason: string; checkpoint?: Checkpoint };

/**
 * Parses a checkpoint file and checks origin and signatures (when keys are given). Bad keys throw
 * TrustError; a bad checkpoint returns a reason.
 */
export function openCheckpoint(
  text: string,
  options: Pick<VerifyCheckpointOptions, 'publicKeys' | 'origin'> = {},
): OpenedCheckpoint {
  let parsed: ParsedCheckpointFile;
  try {
    parsed = parseCheckpointText(text);
  } catch (error) {
    if (error instanceof TrustError) return { reason: `malformed: ${error.message}` };
    throw error;
  }
  const { checkpoint } = parsed;
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    return {
      checkpoint,
      reason: `is for origin ${quoted(checkpoint.origin)}, expected ${quoted(options.origin)}: a checkpoint of another ledger`,
    };
  }
  const keys = options.publicKeys ?? [];
  if (keys.length === 0) return { checkpoint, signed_by: [] };
  if (!parsed.note)
    return { checkpoint, reason: 'is not signed, but a signature by a trusted key is required' };
  if (options.origin === undefined && !isKeyName(checkpoint.origin)) {
    return {
      checkpoint,
      reason: `origin ${quoted(checkpoint.origin)} cannot be a key name (it holds a space, '+' or a control character), so no trusted key signed it`,
    };
  }
  let verifiers: NoteVerifier[];
  try {
    verifiers = keys.map((k) => toNoteVerifier(k, options.origin ?? checkpoint.origin));
  } catch (error) {
    throw new TrustError(`checkpoint public keys: ${(error as Error).message}`);
  }
  const sig = verifyNoteSignatures(parsed.note, verifiers);
  return sig.valid ? { checkpoint, signed_by: sig.verified_by } : { checkpoint, reason: sig.reason! };
}

export function verifyCheckpointText(
  ledgerPath: string,
  text: string,
  options: VerifyCheckpointOptions = {},
  source = 'checkpoint',
): CheckpointVerification {
  const opened = openCheckpoint(text, options);
  const committed = opened.checkpoint
    ? { checkpoint_size: opened.checkpoint.size, checkpoint_root: opened.checkpoint.root.toString('hex') }
    : {};
  if (opened.reason !== undefined)
    return { valid: false, reason: `${visible(source)}: ${opened.reason}`, signed_by: [], ...committed };
  const { checkpoint, signed_by } = opened;

  const head = ledgerTreeHead(ledgerPath, checkpoint.size);
  const found = { ...committed, ledger_size: head.count, ledger_root: head.root.toString('hex'), signed_by };
  const checkpointRoot = checkpoint.root.toString('hex');
  const result = (reason?: string): CheckpointVerification =>
    reason === undefined
      ? { valid: true, ...found }
      : { valid: false, reason: `${visible(source)}: ${reason}`, ...found };

  if (head.torn_bytes > 0) {
    return result(
      `the ledger ends in a torn tail: ${head.torn_bytes} bytes after byte offset ${head.complete_bytes} have no newline (an interrupted write, or an edit); recover it, then verify again`,
    );
  }
  if (head.count < checkpoint.size) {
    return result(
      `TRUNCATED: the ledger has ${head.count} records but the checkpoint commits to ${checkpoint.size}; ${checkpoint.size - head.count} record(s) were removed (or the ledger was replaced)`,
    );
  }
  if (head.count > checkpoint.size) {
    if (!head.prefix_root?.equals(checkpoint.root)) {
      return result(
        `REWRITTEN: the ledger's first ${checkpoint.size} records hash to ${head.prefix_root?.toString('hex')}, not the checkpoint's root ${checkpointRoot}, and ${head.count - checkpoint.size} more follow`,
      );
    }
    if (!options.allowExtension) {
      return result(
        `EXTENDED: the first ${checkpoint.size} records match the checkpoint, but ${head.count - checkpoint.size} record(s) were appended after it`,
      );
    }
    return { ...result(), extended_by: head.count - checkpoint.size };
  }
  if (!head.root.equals(checkpoint.root)) {
    return result(
      `REWRITTEN: the ledger's ${head.count} records hash to ${found.ledger_root}, not the checkpoint's root ${checkpointRoot}: a record was changed, inserted, removed or reordered`,
    );
  }
  return result();
}
