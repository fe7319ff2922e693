/**
 * Streaming verification: 1 MiB reads, lines split on '\n' (a byte that never occurs inside a UTF-8
 * sequence), each line checked and hashed; memory is bounded by the longest line.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { sha256Hex } from '../canonical.js';
import { LedgerError } from './errors.js';
import { checkLine } from './line.js';
import { ScannedLine, scanCanonicalLine } from './scan.js';
import { MAX_LINE_BYTES } from './tail.js';
import {
  ChainVerifier,
  checkExpectation,
  type LedgerExpectation,
  type LedgerVerification,
} from './verification.js';

const NEWLINE = 0x0a;
export const READ_CHUNK_BYTES = 1024 * 1024;

/** Reads up to `length` bytes at `position` into the start of `buffer`; returns how many it read. */
export type ReadAt = (buffer: Buffer, length: number, position: number) => number;

export interface VerifyOptions {
  /**
   * Byte-level verification (opt-in): every record's hash is recomputed over its line's bytes and
   * every link (sequence, previous_hash) is checked, but a line is not proven to be canonical JSON
   * (nor valid UTF-8) unless something about it looks off, when it gets the full check. A changed,
   * removed, inserted or reordered line is caught exactly as by the default check, because the hash
   * covers every byte of the line but its own record_hash, which the next line's previous_hash (or
   * the expected head) pins. What it does not catch is a writer that wrote non-canonical lines
   * with correct hashes in the first place. See docs/performance.md.
   */
  fast?: boolean;
}

/**
 * Verifies the file as it is when opened (bytes appended meanwhile are not read). A plain chain cannot
 * see a removed tail or a rewritten whole; `expect` (a head or count kept elsewhere) can.
 */
export function verifyLedger(
  path: string,
  expect?: LedgerExpectation,
  options: VerifyOptions = {},
): LedgerVerification {
  checkExpectation(expect);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new LedgerError(`${path}: cannot open the ledger: ${(error as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new LedgerError(`${path}: not a regular file`);
    const read: ReadAt = (buffer, length, position) => readSync(fd, buffer, 0, length, position);
    return verifyLedgerBytes(read, stat.size, expect, READ_CHUNK_BYTES, options);
  } finally {
    closeSync(fd);
  }
}

/** The streaming verifier over any source of `size` bytes: a file, or memory in tests (with tiny reads). */
export function verifyLedgerBytes(
  read: ReadAt,
  size: number,
  expect: LedgerExpectation | undefined,
  chunkBytes = READ_CHUNK_BYTES,
  options: VerifyOptions = {},
): LedgerVerification {
  const fast = options.fast === true;
  checkExpectation(expect);
  const chain = new ChainVerifier('line');
  const chunk = Buffer.allocUnsafe(chunkBytes);
  /** The current line's bytes carried over from earlier reads. */
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineOffset = 0;
  let position = 0;
  while (position < size) {
    const n = read(chunk, Math.min(chunkBytes, size - position), position);
    if (n === 0) break;
    position += n;
    const view = chunk.subarray(0, n);
    let from = 0;
    // Lines that lie wholly in this chunk are valid UTF-8 when their span is: one check for all.
    let wholeLinesValid: boolean | undefined;
    for (let newline = view.indexOf(NEWLINE); newline !== -1; newline = view.indexOf(NEWLINE, from)) {
      let problem: string | null;
      let length: number;
      if (pendingBytes > 0) {
        const line = Buffer.concat([...pending, view.subarray(from, newline)]);
        pending = [];
        pendingBytes = 0;
        problem = lineProblem(chain, line);
        length = line.length;
      } else if (fast && chain.count > 0) {
        problem = fastLineProblem(chain, view, from, newline);
        length = newline - from;
      } else {
        wholeLinesValid ??= isUtf8(view.subarray(from, view.lastIndexOf(NEWLINE)));
        problem =
          wholeLinesValid && chain.count > 0
            ? scannedLineProblem(chain, view, from, newline)
            : lineProblem(chain, view.subarray(from, newline));
        length = newline - from;
      }
      if (problem) return chain.fail(`line ${chain.count} (byte ${lineOffset}): ${problem}`);
      lineOffset += length + 1;
      from = newline + 1;
    }
    if (from < n) {
      pendingBytes += n - from;
      if (pendingBytes > MAX_LINE_BYTES) {
        return chain.fail(
          `line ${chain.count} (byte ${lineOffset}): longer than ${MAX_LINE_BYTES} bytes without a newline`,
        );
      }
      pending.push(Buffer.from(view.subarray(from)));
    }
  }
  if (pendingBytes > 0) {
    const reason = `torn tail: ${pendingBytes} bytes after byte offset ${lineOffset} have no newline (a write was interrupted)`;
    return { ...chain.fail(reason), torn_tail: { offset: lineOffset, bytes: pendingBytes } };
  }
  return chain.finish(expect);
}

function lineProblem(chain: ChainVerifier, line: Buffer): string | null {
  const checked = checkLine(line);
  if (checked.problem !== undefined) return checked.problem;
  return chain.accept(checked.record, checked.computed_hash);
}

const scanned = new ScannedLine();
/** The chain members of a scanned line, handed to ChainVerifier like a parsed record (reused). */
const members: Record<string, unknown> = { record_type: '', record_hash: '', sequence: 0, previous_hash: '' };
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * lineProblem for a line after the genesis, known to be valid UTF-8: a canonical line is scanned
 * (scan.ts) instead of parsed, and hashed without its record_hash member; any other line goes
 * through checkLine, which words the problem.
 */
function scannedLineProblem(chain: ChainVerifier, bytes: Buffer, start: number, end: number): string | null {
  if (!scanCanonicalLine(bytes, start, end, scanned)) return lineProblem(chain, bytes.subarray(start, end));
  const cutFrom = scanned.recordHashMemberStart;
  const cutTo = scanned.recordHashMemberEnd;
  const length = end - start - (cutTo - cutFrom);
  if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, scratch.length * 2));
  bytes.copy(scratch, 0, start, cutFrom);
  bytes.copy(scratch, cutFrom - start, cutTo, end);
  members.record_type = scanned.recordType;
  members.record_hash = scanned.recordHash;
  members.sequence = scanned.sequence;
  members.previous_hash = scanned.previousHash;
  return chain.accept(members, sha256Hex(scratch.subarray(0, length)));
}

const PREVIOUS_HASH_MEMBER = Buffer.from('"previous_hash":"');
const RECORD_HASH_MEMBER = Buffer.from(',"record_hash":"');
const RECORD_TYPE_MEMBER = Buffer.from(',"record_type":"');
const SEQUENCE_MEMBER = Buffer.from(',"sequence":');
/** `,"record_hash":"` + 64 hex digits + `"`. */
const RECORD_HASH_BYTES = RECORD_HASH_MEMBER.length + 65;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The `fast` check of a line after the genesis: the chain members are found where canonical form
 * puts them (the first `"previous_hash":"`, then `,"record_hash":"` directly followed by
 * `,"record_type":"`, then `,"sequence":`), the line is hashed without its record_hash member in
 * place (and put back), and the chain rules are applied. A line where any of that does not fit, or
 * whose hash or links do not match, gets the full check (which then words the problem): so a
 * valid ledger is never refused, and an invalid line fails with the default check's reason.
 */
function fastLineProblem(chain: ChainVerifier, bytes: Buffer, start: number, end: number): string | null {
  const line = bytes.subarray(start, end);
  const previous = line.indexOf(PREVIOUS_HASH_MEMBER);
  const recordHash = previous < 0 ? -1 : line.indexOf(RECORD_HASH_MEMBER, previous);
  const type = recordHash + RECORD_HASH_BYTES;
  const sequenceAt = recordHash < 0 ? -1 : line.indexOf(SEQUENCE_MEMBER, type);
  const previousValue = previous + PREVIOUS_HASH_MEMBER.length;
  if (
    sequenceAt < 0 ||
    line[previousValue + 64] !== QUOTE ||
    line[type - 1] !== QUOTE ||
    !startsWith(line, type, RECORD_TYPE_MEMBER)
  ) {
    return scannedOrChecked(chain, bytes, start, end);
  }
  const typeStart = type + RECORD_TYPE_MEMBER.length;
  let typeEnd = typeStart;
  while (typeEnd < line.length && line[typeEnd] !== QUOTE && line[typeEnd] !== BACKSLASH) typeEnd++;
  let sequence = 0;
  const digitsStart = sequenceAt + SEQUENCE_MEMBER.length;
  let digits = digitsStart;
  for (; digits < line.length && digits - digitsStart <= 15; digits++) {
    const d = line[digits]! - 0x30;
    if (d < 0 || d > 9) break;
    sequence = sequence * 10 + d;
  }
  members.previous_hash = line.toString('latin1', previousValue, previousValue + 64);
  members.record_type = line.toString('latin1', typeStart, typeEnd);
  members.sequence = sequence;
  const stored = line.toString('latin1', recordHash + RECORD_HASH_MEMBER.length, type - 1);
  members.record_hash = stored;
  // Hash the line without its record_hash member: close the gap, hash, open it again.
  line.copyWithin(recordHash, type);
  const computed = sha256Hex(line.subarray(0, line.length - RECORD_HASH_BYTES));
  line.copyWithin(type, recordHash, line.length - RECORD_HASH_BYTES);
  line.write(`,"record_hash":"${stored}"`, recordHash, 'latin1');
  if (
    computed !== stored ||
    line[typeEnd] !== QUOTE ||
    members.record_type === 'genesis' ||
    members.previous_hash !== chain.head ||
    sequence !== chain.count ||
    digits === digitsStart
  ) {
    return scannedOrChecked(chain, bytes, start, end);
  }
  return chain.accept(members, computed);
}

function scannedOrChecked(chain: ChainVerifier, bytes: Buffer, start: number, end: number): string | null {
  return isUtf8(bytes.subarray(start, end))
    ? scannedLineProblem(chain, bytes, start, end)
    : lineProblem(chain, bytes.subarray(start, end));
}

function startsWith(bytes: Buffer, at: number, prefix: Buffer): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}
