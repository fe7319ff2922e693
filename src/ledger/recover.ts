/**
 * Recovery from an interrupted write: the bytes after the last newline move to a side file
 * (never dropped) and the ledger is cut back to its last complete record. Such a fragment is not
 * kept as a record even when it is a whole line short of its newline: the append that wrote it
 * never returned, so its caller never saw it committed.
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { visible } from '../report/text.js';
import { LedgerError } from './errors.js';
import { DEFAULT_LOCK_OPTIONS, withLedgerLockSync } from './lock.js';
import { readTail } from './tail.js';
import { READ_CHUNK_BYTES } from './verify.js';

export interface LedgerRecovery {
  /** Complete lines left in the ledger. */
  kept: number;
  torn_bytes: number;
  /** Where the torn bytes were saved (`${path}.torn-<offset>`), or null when there were none. */
  saved_to: string | null;
}

export function recoverLedger(path: string): LedgerRecovery {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (error) {
    throw new LedgerError(
      `${visible(path)}: cannot open the ledger for recovery: ${visible((error as Error).message)}`,
    );
  }
  try {
    return withLedgerLockSync(path, DEFAULT_LOCK_OPTIONS, () => {
      const size = fstatSync(fd).size;
      const tail = readTail(fd, size, path);
      if (tail.kind !== 'torn') return { kept: countLines(fd, size), torn_bytes: 0, saved_to: null };
      const saved_to = saveBytes(fd, tail.offset, size, path);
      ftruncateSync(fd, tail.offset);
      fsyncSync(fd);
      return { kept: countLines(fd, tail.offset), torn_bytes: tail.bytes, saved_to };
    });
  } finally {
    closeSync(fd);
  }
}

/** Copies bytes [from, to) to a new `${path}.torn-<from>` (numbered if that exists) and syncs it. */
function saveBytes(fd: number, from: number, to: number, path: string): string {
  const { target, out } = createSideFile(`${path}.torn-${from}`);
  try {
    const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (let position = from; position < to; ) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, to - position), position);
      for (let written = 0; written < n; ) written += writeSync(out, chunk, written, n - written);
      position += n;
    }
    fsyncSync(out);
  } finally {
    closeSync(out);
  }
  return target;
}

function createSideFile(base: string): { target: string; out: number } {
  for (let attempt = 1; ; attempt++) {
    const target = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      return { target, out: openSync(target, 'wx') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LedgerError(
          `${visible(target)}: cannot save the torn tail: ${visible((error as Error).message)}`,
        );
      }
    }
  }
}

function countLines(fd: number, end: number): number {
  const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  let lines = 0;
  for (let position = 0; position < end; ) {
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, end - position), position);
    const view = chunk.subarray(0, n);
    for (let i = view.indexOf(0x0a); i !== -1; i = view.indexOf(0x0a, i + 1)) lines++;
    position += n;
  }
  return lines;
}
