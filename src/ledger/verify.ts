/**
 * Streaming verification: 1 MiB reads, lines split on '\n' (a byte that never occurs inside a UTF-8
 * sequence), each line checked and hashed; memory is bounded by the longest line.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { LedgerError } from './errors.js';
import { checkLine } from './line.js';
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

/**
 * Verifies the file as it is when opened (bytes appended meanwhile are not read). A plain chain cannot
 * see a removed tail or a rewritten whole; `expect` (a head or count kept elsewhere) can.
 */
export function verifyLedger(path: string, expect?: LedgerExpectation): LedgerVerification {
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
    return verifyLedgerBytes(read, stat.size, expect, READ_CHUNK_BYTES);
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
): LedgerVerification {
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
    for (let newline = view.indexOf(NEWLINE); newline !== -1; newline = view.indexOf(NEWLINE, from)) {
      let line = view.subarray(from, newline);
      if (pendingBytes > 0) {
        line = Buffer.concat([...pending, line]);
        pending = [];
        pendingBytes = 0;
      }
      const problem = lineProblem(chain, line);
      if (problem) return chain.fail(`line ${chain.count} (byte ${lineOffset}): ${problem}`);
      lineOffset += line.length + 1;
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
