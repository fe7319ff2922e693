/**
 * Streaming verification: 1 MiB reads, lines split on '\n' (a byte that never occurs inside a UTF-8
 * sequence), each line checked and hashed; memory is bounded by the longest line.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { sha256Hex } from '../canonical.js';
import { visible } from '../report/text.js';
import { LedgerError } from './errors.js';
import { checkLine } from './line.js';
import { ScannedLine, scanCanonicalLine } from './scan.js';
import { RUN_FIELDS, type RunFields, recordPlace, STAGE } from './structure.js';
import { MAX_LINE_BYTES } from './tail.js';
import {
  ChainVerifier,
  checkExpectation,
  type LedgerExpectation,
  type LedgerVerification,
  type StructureOptions,
} from './verification.js';
import { PARALLEL_MIN_BYTES, verifyInParallel } from './verify-parallel.js';

const NEWLINE = 0x0a;
export const READ_CHUNK_BYTES = 1024 * 1024;

/** Reads up to `length` bytes at `position` into the start of `buffer`; returns how many it read. */
export type ReadAt = (buffer: Buffer, length: number, position: number) => number;

export interface VerifyOptions extends StructureOptions {
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
  /**
   * Verify on every core (verify-parallel.ts): same verdict, same words. By default a ledger of
   * PARALLEL_MIN_BYTES or more is; true or false decides for any size.
   */
  parallel?: boolean;
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
    throw new LedgerError(`${visible(path)}: cannot open the ledger: ${visible((error as Error).message)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new LedgerError(`${visible(path)}: not a regular file`);
    if (verifiesInParallel(options, stat.size)) {
      const stats = { ranges: 0, helperRanges: 0, threads: 1 };
      const verdict = verifyInParallel(fd, path, stat.size, expect, {
        ...options,
        fast: options.fast === true,
        stats,
      });
      if (verdict !== undefined)
        return {
          ...verdict,
          parallel: { threads: stats.threads, ranges: stats.ranges, helper_ranges: stats.helperRanges },
        };
    }
    const read: ReadAt = (buffer, length, position) => readSync(fd, buffer, 0, length, position);
    return verifyLedgerBytes(read, stat.size, expect, READ_CHUNK_BYTES, options);
  } finally {
    closeSync(fd);
  }
}

/** Whether a ledger of `size` bytes is verified on every core: as asked, else from PARALLEL_MIN_BYTES on. */
export const verifiesInParallel = (options: VerifyOptions, size: number): boolean =>
  options.parallel ?? size >= PARALLEL_MIN_BYTES;

/** The streaming verifier over any source of `size` bytes: a file, or memory in tests (with tiny reads). */
export function verifyLedgerBytes(
  read: ReadAt,
  size: number,
  expect: LedgerExpectation | undefined,
  chunkBytes = READ_CHUNK_BYTES,
  options: VerifyOptions = {},
): LedgerVerification {
  checkExpectation(expect);
  const chain = new ChainVerifier(options);
  return verdict(chain, scanRange(read, 0, size, chain, { chunkBytes, fast: options.fast === true }), expect);
}

/** What scanning a range of lines found: the first problem, or where a torn last line starts. */
export interface RangeScan {
  problem: string | null;
  /** Byte offset of the line with the problem, or of the bytes after the last newline. */
  lineOffset: number;
  /** Bytes after the last newline (no problem found). */
  pendingBytes: number;
}

export interface ScanOptions {
  chunkBytes: number;
  fast: boolean;
  /** Called after every chunk read (a sign of life for a waiting thread). */
  onChunk?: () => void;
}

/** One read buffer per thread and size, reused by every range a thread scans. */
let chunks: Buffer | undefined;
function chunkBuffer(bytes: number): Buffer {
  // Stryker disable next-line ConditionalExpression: equivalent, speed only (a fresh buffer each range reads the same)
  if (chunks?.length !== bytes) chunks = Buffer.allocUnsafeSlow(bytes);
  return chunks;
}

/** The ledger's verdict once its lines are scanned. */
export function verdict(
  chain: ChainVerifier,
  scan: RangeScan,
  expect: LedgerExpectation | undefined,
): LedgerVerification {
  if (scan.problem !== null) return chain.fail(scan.problem);
  if (scan.pendingBytes > 0) {
    const reason = `torn tail: ${scan.pendingBytes} bytes after byte offset ${scan.lineOffset} have no newline (a write was interrupted)`;
    return { ...chain.fail(reason), torn_tail: { offset: scan.lineOffset, bytes: scan.pendingBytes } };
  }
  return chain.finish(expect);
}

/**
 * Feeds the lines of bytes [from, to) to `chain`, which knows what the first of them must continue
 * (a fresh chain for a whole ledger). `from` must be the start of a line.
 */
export function scanRange(
  read: ReadAt,
  from: number,
  to: number,
  chain: ChainVerifier,
  options: ScanOptions,
): RangeScan {
  const { chunkBytes, fast } = options;
  const chunk = chunkBuffer(chunkBytes);
  /** The current line's bytes carried over from earlier reads. */
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineOffset = from;
  let position = from;
  const failed = (problem: string): RangeScan => ({
    problem: `${recordPlace(chain.count, lineOffset)}: ${problem}`,
    lineOffset,
    pendingBytes,
  });
  // Stryker disable next-line EqualityOperator: equivalent, at `to` nothing is left to read (a read of 0 bytes ends it)
  while (position < to) {
    const n = read(chunk, Math.min(chunkBytes, to - position), position);
    if (n === 0) break;
    position += n;
    options.onChunk?.();
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
        // Stryker disable next-line AssignmentOperator: equivalent, speed only (lines not proven valid get the full check)
        wholeLinesValid ??= isUtf8(view.subarray(from, view.lastIndexOf(NEWLINE)));
        problem =
          // Stryker disable next-line ConditionalExpression: equivalent, speed only (checkLine gives the scanned path's verdict)
          wholeLinesValid && chain.count > 0
            ? scannedLineProblem(chain, view, from, newline)
            : lineProblem(chain, view.subarray(from, newline));
        length = newline - from;
      }
      if (problem) return failed(problem);
      lineOffset += length + 1;
      from = newline + 1;
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, from === n carries over no bytes
    if (from < n) {
      pendingBytes += n - from;
      if (pendingBytes > MAX_LINE_BYTES)
        return failed(`longer than ${MAX_LINE_BYTES} bytes without a newline`);
      pending.push(Buffer.from(view.subarray(from)));
    }
  }
  return { problem: null, lineOffset, pendingBytes };
}

function lineProblem(chain: ChainVerifier, line: Buffer): string | null {
  const checked = checkLine(line);
  if (checked.problem !== undefined) return checked.problem;
  return chain.accept(checked.record, checked.computed_hash);
}

const scanned = new ScannedLine();
/** The chain members of a scanned line, handed to ChainVerifier like a parsed record (reused). */
// Stryker disable next-line ObjectLiteral,StringLiteral: equivalent, every member is assigned before each use
const members: Record<string, unknown> = { record_type: '', record_hash: '', sequence: 0, previous_hash: '' };
// Stryker disable next-line ArithmeticOperator: equivalent, speed only (the buffer grows to the longest line)
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * lineProblem for a line after the genesis, known to be valid UTF-8: a canonical line is scanned
 * (scan.ts) instead of parsed, and hashed without its record_hash member; any other line goes
 * through checkLine, which words the problem.
 */
function scannedLineProblem(chain: ChainVerifier, bytes: Buffer, start: number, end: number): string | null {
  // Stryker disable next-line ConditionalExpression: equivalent, speed only (checkLine gives the scanned path's verdict)
  if (!scanCanonicalLine(bytes, start, end, scanned)) return lineProblem(chain, bytes.subarray(start, end));
  const cutFrom = scanned.recordHashMemberStart;
  const cutTo = scanned.recordHashMemberEnd;
  const length = end - start - (cutTo - cutFrom);
  // Stryker disable next-line EqualityOperator,ArithmeticOperator: equivalent, speed only (never smaller than the line)
  if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, scratch.length * 2));
  bytes.copy(scratch, 0, start, cutFrom);
  bytes.copy(scratch, cutFrom - start, cutTo, end);
  members.record_type = scanned.recordType;
  members.record_hash = scanned.recordHash;
  members.sequence = scanned.sequence;
  members.previous_hash = scanned.previousHash;
  Object.assign(members, scanned.run);
  return chain.accept(members, sha256Hex(scratch.subarray(0, length)));
}

const RECORD_HASH_MEMBER = Buffer.from(',"record_hash":"');
const RECORD_TYPE_MEMBER = Buffer.from(',"record_type":"');
const SEQUENCE_MEMBER = Buffer.from(',"sequence":');
/** `,"record_hash":"` + 64 hex digits + `"`. */
const RECORD_HASH_BYTES = RECORD_HASH_MEMBER.length + 65;
/** The keys the fast check reads, as they stand in a line (`"<key>":`), and how many. */
const CHAIN_FIELDS = ['previous_hash', 'record_hash', 'record_type', 'sequence'];
const keysPattern = (names: readonly string[]) => ({
  pattern: new RegExp(`"(?:${names.join('|')})":`, 'g'),
  count: names.length,
});
const CHAIN_KEYS = keysPattern(CHAIN_FIELDS);
const RUN_KEYS = keysPattern([...CHAIN_FIELDS, ...RUN_FIELDS]);
const LINK_FIELDS = [...RUN_FIELDS].sort();
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether the chain members found are the record's own, not look-alikes nested in a value: from just
 * past the link (`"previous_hash":"<head>"`, whose run fields precede it in the same object), skipping
 * strings, the record_hash member (at `recordHash`) and the sequence member (at `sequenceAt`) sit in
 * that same object, and nothing closes it before the line's last byte, so it is the outermost one.
 */
function membersAtTop(line: Buffer, from: number, recordHash: number, sequenceAt: number): boolean {
  let depth = 0;
  let sequenceSeen = false;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (i === recordHash && depth !== 0) return false;
    if (c === QUOTE) {
      if (i === sequenceAt + 1) {
        if (depth !== 0) return false;
        sequenceSeen = true;
      }
      for (i++; i < line.length && line[i] !== QUOTE; i++) if (line[i] === BACKSLASH) i++;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth < 0) {
      return sequenceSeen && i === line.length - 1;
    }
  }
  return false;
}

/**
 * The `fast` check of a line after the genesis, without parsing. The line must hold, each key once,
 * `"previous_hash":"<the chain's head>"` (in a run's ledger preceded by the genesis's platform_tier,
 * policy_hash and policy_version, as a decision record has them in canonical key order), later
 * `,"record_hash":"<64 hex>"` directly followed by `,"record_type":"<type>"` (a run's ledger: `decision`, while
 * decisions may come) and later `,"sequence":<its index>`. The line is hashed in place with the
 * record_hash member cut out. If the hash, the links or any of that layout do not check out, the
 * line (put back as it was) gets the full check, which then words the problem: a valid ledger is
 * never refused, and an invalid line fails with the default check's reason. Native searches and
 * copies do the byte work.
 */
function fastLineProblem(chain: ChainVerifier, bytes: Buffer, start: number, end: number): string | null {
  const slow = () => scannedOrChecked(chain, bytes, start, end);
  const structure = chain.structure;
  if (structure !== undefined && structure.stage > STAGE.DECISIONS) return slow();
  const line = bytes.subarray(start, end);
  const link = expectedLink(chain);
  const at = line.indexOf(link);
  const recordHash = at < 0 ? -1 : line.indexOf(RECORD_HASH_MEMBER, at + link.length);
  const hashStart = recordHash + RECORD_HASH_MEMBER.length;
  const type = recordHash + RECORD_HASH_BYTES;
  // (Bytes past the line's end read as undefined: no search below needs a length check.)
  if (recordHash < 0 || line[type - 1] !== QUOTE || !startsWith(line, type, RECORD_TYPE_MEMBER)) {
    return slow();
  }
  // record_type: not empty, no escapes, `decision` in a run's ledger, never a second genesis.
  const typeStart = type + RECORD_TYPE_MEMBER.length;
  let typeEnd = typeStart;
  // Stryker disable next-line EqualityOperator: equivalent, the byte past the end reads as undefined, no quote: the full check either way
  while (typeEnd < line.length && line[typeEnd] !== QUOTE && line[typeEnd] !== BACKSLASH) typeEnd++;
  if (
    line[typeEnd] !== QUOTE ||
    typeEnd === typeStart ||
    (structure === undefined
      ? equalsAscii(line, typeStart, typeEnd, 'genesis')
      : !equalsAscii(line, typeStart, typeEnd, 'decision'))
  ) {
    return slow();
  }
  const sequenceAt = line.indexOf(SEQUENCE_MEMBER, typeEnd);
  // Stryker disable next-line EqualityOperator: equivalent, a member found lies after the record type, never at 0
  if (
    sequenceAt < 0 ||
    line[0] !== OPEN_BRACE ||
    !membersAtTop(line, at + link.length, recordHash, sequenceAt)
  ) {
    return slow();
  }
  // Each key read occurs once in the line: then the member found is the record's own (which every
  // record the writer seals has), never a look-alike nested in a value. The keys were found above,
  // so counting them all is enough (one regular-expression pass: far cheaper than a search per key).
  const keys = structure === undefined ? CHAIN_KEYS : RUN_KEYS;
  // exec() until null leaves lastIndex at 0 for the next line.
  const text = line.toString('latin1');
  let found = 0;
  while (keys.pattern.exec(text) !== null) found++;
  if (found !== keys.count) return slow();
  let sequence = 0;
  const digitsStart = sequenceAt + SEQUENCE_MEMBER.length;
  let digits = digitsStart;
  // At most 15 digits, exact in a double. Past the line's end a byte reads as undefined: NaN, no digit.
  for (; digits - digitsStart < 15; digits++) {
    const d = line[digits]! - 0x30;
    if (!(d >= 0 && d <= 9)) break;
    sequence = sequence * 10 + d;
  }
  // No digit at all reads as 0, which is never the count here (the fast path starts after the genesis).
  if (sequence !== chain.count || (line[digits] !== COMMA && line[digits] !== CLOSE_BRACE)) return slow();
  // Hash without the record_hash member: keep the stored value, close the gap, hash.
  const stored = line.toString('latin1', hashStart, hashStart + 64);
  line.copyWithin(recordHash, type);
  const computed = sha256Hex(line.subarray(0, line.length - RECORD_HASH_BYTES));
  if (stored !== computed) {
    // Put the line back as it was for the full check.
    // Stryker disable next-line ArithmeticOperator: equivalent, copyWithin stops at the line's end whatever end it is given
    line.copyWithin(type, recordHash, line.length - RECORD_HASH_BYTES);
    line.write(`,"record_hash":"${stored}"`, recordHash, 'latin1');
    return slow();
  }
  // What ChainVerifier.accept would conclude for this record.
  chain.count++;
  chain.head = computed;
  structure?.enter(STAGE.DECISIONS);
  return null;
}

/**
 * The bytes a line must hold right before its record_hash member: `"previous_hash":"<head>"`,
 * after the genesis's run fields in a run's ledger. Rebuilt for a new genesis; the head is
 * rewritten in place as it moves.
 */
let link = Buffer.alloc(0);
let linkGenesis: RunFields | undefined | null = null;
let linkHead: string | null = null;
function expectedLink(chain: ChainVerifier): Buffer {
  const genesis = chain.structure?.genesis;
  // Stryker disable next-line ConditionalExpression: equivalent, speed only (rebuilding every time builds the same bytes)
  if (genesis !== linkGenesis) {
    // In canonical key order, as they stand right before previous_hash in a decision record.
    const members = (
      genesis === undefined ? [] : LINK_FIELDS.map((f) => [f, JSON.stringify(genesis[f])])
    ).concat([['previous_hash', `"${'0'.repeat(64)}"`]]);
    link = Buffer.from(members.map(([name, value]) => `"${name}":${value}`).join(','));
    linkGenesis = genesis;
    linkHead = null;
  }
  // Stryker disable next-line ConditionalExpression: equivalent, speed only (rewriting the same head changes no byte)
  if (chain.head !== linkHead) {
    // Stryker disable next-line StringLiteral: equivalent, a head is 64 ASCII hex digits, the same bytes in any encoding
    link.write(chain.head!, link.length - 65, 'latin1');
    linkHead = chain.head;
  }
  return link;
}

/** `bytes[start, end)` holds exactly the ASCII `text`. */
function equalsAscii(bytes: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

function scannedOrChecked(chain: ChainVerifier, bytes: Buffer, start: number, end: number): string | null {
  return isUtf8(bytes.subarray(start, end))
    ? scannedLineProblem(chain, bytes, start, end)
    : lineProblem(chain, bytes.subarray(start, end));
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}
