/**
 * Reading a ledger file from its end, so appends and recovery never read the whole file.
 */
import { readSync } from 'node:fs';
import { visible } from '../report/text.js';
import { LedgerError } from './errors.js';

const NEWLINE = 0x0a;
const FIRST_WINDOW = 4 * 1024;
const MAX_WINDOW = 1024 * 1024;
/** No ledger record comes near this; a longer line is damage, not data. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export type Tail =
  | { kind: 'empty' }
  /** The file does not end with a newline: bytes from `offset` on are an interrupted write. */
  | { kind: 'torn'; offset: number; bytes: number }
  /** The last complete line, without its newline, starting at byte `offset`. */
  | { kind: 'line'; line: Buffer; offset: number };

export function readTail(fd: number, size: number, path: string): Tail {
  if (size === 0) return { kind: 'empty' };
  const last = readExactly(fd, size - 1, 1);
  if (last[0] !== NEWLINE) {
    const offset = lineStartBefore(fd, size);
    return { kind: 'torn', offset, bytes: size - offset };
  }
  const offset = lineStartBefore(fd, size - 1);
  const length = size - 1 - offset;
  if (length > MAX_LINE_BYTES) {
    throw new LedgerError(
      `${visible(path)}: the last line (byte ${offset}) is ${length} bytes long, over the ${MAX_LINE_BYTES}-byte limit`,
    );
  }
  return { kind: 'line', line: readExactly(fd, offset, length), offset };
}

/** Offset just past the last newline before `end`, or 0 when there is none. */
export function lineStartBefore(fd: number, end: number): number {
  // Records are about a kilobyte: start small, widen the window for long lines.
  let window = FIRST_WINDOW;
  let chunk = Buffer.allocUnsafe(window);
  let position = end;
  while (position > 0) {
    const from = Math.max(0, position - window);
    const n = readSync(fd, chunk, 0, position - from, from);
    const newline = chunk.subarray(0, n).lastIndexOf(NEWLINE);
    if (newline !== -1) return from + newline + 1;
    position = from;
    if (window < MAX_WINDOW) {
      window *= 2;
      chunk = Buffer.allocUnsafe(window);
    }
  }
  return 0;
}

export function readExactly(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) throw new LedgerError(`unexpected end of file at byte ${position + done}`);
    done += n;
  }
  return buffer;
}
