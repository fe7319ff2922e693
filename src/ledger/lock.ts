/**
 * The cross-process (and cross-thread) append lock: proper-lockfile's `${file}.lock` directory,
 * created atomically with mkdir. A lock whose mtime is older than `staleMs` belongs to a writer that
 * died holding it and is taken over. Holders here only keep it for a synchronous read-tail-and-write,
 * far shorter than `staleMs` (bodies are canonicalized before the lock is taken).
 */
import fs, { realpathSync } from 'node:fs';
import { sep } from 'node:path';
import lockfile from 'proper-lockfile';
import { shownPath, visible } from '../report/text.js';
import { LedgerError } from './errors.js';

export interface LockOptions {
  /** Give up after sleeping this long in total while another writer holds the lock. */
  timeoutMs: number;
  /** A lock untouched this long is considered abandoned (proper-lockfile's minimum is 2000). */
  staleMs: number;
}

export const DEFAULT_LOCK_OPTIONS: LockOptions = { timeoutMs: 30_000, staleMs: 10_000 };

const MAX_BACKOFF_MS = 16;
/**
 * Just the calls proper-lockfile makes: it copies its `fs` option on every lockSync/unlockSync, and
 * copying all of graceful-fs (its default) was a fifth of a single-record append's CPU time.
 */
const LOCK_FS = {
  mkdir: fs.mkdir,
  mkdirSync: fs.mkdirSync,
  stat: fs.stat,
  statSync: fs.statSync,
  rmdir: fs.rmdir,
  rmdirSync: fs.rmdirSync,
  utimes: fs.utimes,
  utimesSync: fs.utimesSync,
  realpath: fs.realpath,
  realpathSync: fs.realpathSync,
};
const nap = new Int32Array(new SharedArrayBuffer(4));
/** Locks this thread holds: waiting synchronously on one of them would wait forever. */
const heldHere = new Set<string>();

/** Runs `critical` holding the lock of the (existing) file at `path`. */
export function withLedgerLockSync<R>(path: string, options: LockOptions, critical: () => R): R {
  const file = realpathSync(path);
  if (heldHere.has(file)) {
    throw new LedgerError(
      `${visible(shownPath(path))}: this thread already holds the ledger lock (an async append is in flight); a synchronous append would wait for itself`,
    );
  }
  const release = acquireSync(file, options);
  heldHere.add(file);
  try {
    return critical();
  } finally {
    heldHere.delete(file);
    release();
  }
}

/** Async acquisition; `critical` itself stays synchronous so the lock is never held across an await. */
export async function withLedgerLock<R>(path: string, options: LockOptions, critical: () => R): Promise<R> {
  const file = realpathSync(path);
  try {
    await lockfile.lock(file, {
      fs: LOCK_FS,
      realpath: false,
      stale: options.staleMs,
      retries: {
        retries: Math.ceil(options.timeoutMs / MAX_BACKOFF_MS) + 4,
        factor: 2,
        minTimeout: 1,
        maxTimeout: MAX_BACKOFF_MS,
      },
    });
  } catch (error) {
    throw lockError(file, error, options);
  }
  heldHere.add(file);
  try {
    return critical();
  } finally {
    heldHere.delete(file);
    lockfile.unlockSync(file, { fs: LOCK_FS, realpath: false });
  }
}

/** lockSync has no retries: poll with exponential backoff, sleeping with Atomics.wait. */
function acquireSync(file: string, options: LockOptions): () => void {
  let slept = 0;
  let delay = 1;
  for (;;) {
    try {
      return lockfile.lockSync(file, { fs: LOCK_FS, realpath: false, stale: options.staleMs });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || slept >= options.timeoutMs) {
        throw lockError(file, error, options);
      }
    }
    Atomics.wait(nap, 0, 0, delay);
    slept += delay;
    delay = Math.min(delay * 2, MAX_BACKOFF_MS);
  }
}

/** proper-lockfile's lock of `file`: a directory beside it. */
export const lockPath = (file: string): string => `${file}.lock`;

/** Why the lock of `file` was not taken; paths shown with `/` on Windows (shownPath). */
export function lockError(
  file: string,
  error: unknown,
  options: LockOptions,
  separator: string = sep,
): LedgerError {
  const [shown, lock] = [file, lockPath(file)].map((path) => visible(shownPath(path, separator)));
  if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
    return new LedgerError(
      `${shown}: timed out after ${options.timeoutMs} ms waiting for the ledger lock ${lock} ` +
        `(another writer holds it; a lock untouched for ${options.staleMs} ms is taken over as abandoned)`,
    );
  }
  return new LedgerError(
    `${shown}: cannot take the ledger lock ${lock}: ${visible((error as Error).message)}`,
  );
}
