/**
 * A run's output folder (--out): held by one run at a time, written through a staging folder inside
 * it, and changed only once every output is written, then by one rename per file. So --out holds one
 * complete run, the new one or the previous one untouched; files in it that are not ours stay.
 *
 * The hold is `<out>/.traffic-governance.lock`, holding the holder's pid and host. A holder that is no
 * longer running (same host) left it behind by crashing and is taken over. Outputs are staged in
 * `<out>/.traffic-governance.incomplete-<pid>`: a failed run removes it; a killed run leaves it
 * behind, and the next run in that --out removes it.
 */
import {
  closeSync,
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = '.traffic-governance.lock';
export const STAGING_PREFIX = '.traffic-governance.incomplete-';
/**
 * Test seam, read only by the fault-injection tests: `<file>:<CODE>` makes writing that output fail
 * with that error code; `<file>:<CODE>:commit` makes its move into --out fail instead.
 */
export const FAULT_ENV = 'TRAFFIC_GOVERNANCE_TEST_FAULT';

/** A problem with the output folder or one of its files, worded for the user (exit 2). */
export class OutDirError extends Error {
  override name = 'OutDirError';
}

/** A file the run reads, by the option that named it. */
export interface InputFile {
  option: string;
  path: string;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Whether two paths name the same existing file, through `./`, `..`, symlinks and hard links alike. */
export function sameFile(a: string, b: string): boolean {
  const sa = statOrUndefined(a);
  const sb = statOrUndefined(b);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino && sa.ino !== 0;
}

/** The input an output at `path` would replace, if any. */
export function inputAt(path: string, inputs: readonly InputFile[]): InputFile | undefined {
  return inputs.find((input) => sameFile(path, input.path));
}

const ERRORS: Record<string, (path: string, flag: string) => string> = {
  EACCES: (path, flag) =>
    `permission denied: give this user write permission on ${path}, or choose another ${flag}`,
  ENOSPC: (_, flag) =>
    `no space left on the device: free some space (a run needs room for its outputs beside the previous ones), or choose another ${flag}`,
  EDQUOT: (_, flag) => `disk quota exceeded: free some space, or choose another ${flag}`,
  EISDIR: (path, flag) => `a directory is in the way (${path}): move it away, or choose another ${flag}`,
  EROFS: (_, flag) => `the file system is read-only: choose another ${flag} on a writable one`,
  EMFILE: () => 'too many open files: close other programs, or raise the open-file limit (ulimit -n)',
  EIO: (_, flag) => `input/output error (the disk failed): check the disk, or choose another ${flag}`,
};
ERRORS.EPERM = ERRORS.EACCES!;
ERRORS.ENFILE = ERRORS.EMFILE!;

/** The OS error code (EACCES, ENOSPC…) of an error, or of the error it wraps. */
export function errnoCode(error: unknown): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Claims `dir` for one run; throws OutDirError when another run holds it or it cannot be created. */
export function holdOutDir(dir: string, flag = '--out', env: NodeJS.ProcessEnv = process.env): OutDirHold {
  return new OutDirHold(dir, flag, env);
}

export class OutDirHold {
  /** Where this run writes its outputs until commit(). */
  readonly staging: string;
  private readonly lock: string;
  private readonly owner: string;
  private released = false;

  constructor(
    readonly dir: string,
    private readonly flag: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.lock = join(dir, LOCK_FILE);
    this.owner = `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`;
    this.staging = join(dir, `${STAGING_PREFIX}${process.pid}`);
    this.create();
    this.take();
    try {
      // Holding --out, every staging folder in it is a dead run's.
      for (const name of readdirSync(dir)) {
        if (name.startsWith(STAGING_PREFIX)) rmSync(join(dir, name), { recursive: true, force: true });
      }
      mkdirSync(this.staging);
    } catch (error) {
      this.release();
      throw this.failure('its staging folder', error);
    }
  }

  /** Runs one write of output `name` into the staging folder; a failure names --out, the file and the fix. */
  writing<T>(name: string, write: () => T): T {
    try {
      this.fault(name, 'write');
      const result = write();
      if (result instanceof Promise) {
        return result.catch((error: unknown) => {
          throw this.failure(name, error);
        }) as T;
      }
      return result;
    } catch (error) {
      throw this.failure(name, error);
    }
  }

  /**
   * Moves the staged outputs into --out. Nothing there changes unless every move can happen: a
   * directory in the way is found first, and a move that fails puts back what was already replaced.
   */
  commit(names: readonly string[]): void {
    for (const name of names) {
      const target = join(this.dir, name);
      let stats: Stats | undefined;
      try {
        stats = lstatSync(target);
      } catch {}
      if (stats?.isDirectory()) {
        throw this.failure(name, Object.assign(new Error('a directory is in the way'), { code: 'EISDIR' }));
      }
    }
    const previous = join(this.staging, '.previous');
    const replaced: Array<{ name: string; kept: boolean }> = [];
    try {
      mkdirSync(previous);
      for (const name of names) {
        const target = join(this.dir, name);
        const kept = keepCopy(target, join(previous, name));
        this.fault(name, 'commit');
        renameSync(join(this.staging, name), target);
        replaced.push({ name, kept });
      }
    } catch (error) {
      for (const { name, kept } of replaced.reverse()) {
        const target = join(this.dir, name);
        try {
          if (kept) renameSync(join(previous, name), target);
          else rmSync(target, { force: true });
        } catch {}
      }
      throw this.failure(replaced.length < names.length ? names[replaced.length]! : 'its outputs', error);
    }
  }

  /** Removes the staging folder (what a failed run wrote) and lets the next run in. */
  release(): void {
    if (this.released) return;
    this.released = true;
    rmSync(this.staging, { recursive: true, force: true });
    if (readText(this.lock) === this.owner) rmSync(this.lock, { force: true });
  }

  private create(): void {
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : (code ?? (error as Error).message);
      throw new OutDirError(`${this.flag} ${this.dir}: cannot create the output folder (${why})`);
    }
    if (!statSync(this.dir).isDirectory()) {
      throw new OutDirError(`${this.flag} ${this.dir}: is a file, not a folder: choose a folder`);
    }
  }

  /** Creates the lock file exclusively; a holder that is no longer running gives way. */
  private take(): void {
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(this.lock, 'wx');
        try {
          writeSync(fd, this.owner);
        } finally {
          closeSync(fd);
        }
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw this.failure(LOCK_FILE, error);
      }
      const text = readText(this.lock);
      if (text === undefined) continue; // released meanwhile
      const holder = parseOwner(text);
      // An unreadable lock is being written right now, or was left by a run killed while writing it.
      if (holder === undefined && attempt < 20) {
        sleep(50);
        continue;
      }
      if (holder !== undefined && isRunning(holder)) {
        const where = holder.host === hostname() ? '' : ` on host ${holder.host}`;
        throw new OutDirError(
          `${this.flag} ${this.dir}: another run is writing there (pid ${holder.pid}${where}): wait for it to finish, or choose another ${this.flag}` +
            ` (if no run is going on, delete ${this.lock})`,
        );
      }
      this.removeStale(text);
    }
  }

  /**
   * Moves a dead holder's lock aside before deleting it, so a live run's lock taken meanwhile is
   * never deleted (it is put back).
   */
  private removeStale(text: string): void {
    const aside = `${this.lock}.stale-${process.pid}`;
    try {
      renameSync(this.lock, aside);
    } catch {
      return; // someone else moved it first
    }
    if (readText(aside) !== text) {
      try {
        linkSync(aside, this.lock);
      } catch {}
    }
    rmSync(aside, { force: true });
  }

  private fault(name: string, phase: 'write' | 'commit'): void {
    const [file, code, at = 'write'] = (this.env[FAULT_ENV] ?? '').split(':');
    if (file === name && at === phase && code) {
      throw Object.assign(new Error(`${code}: injected by ${FAULT_ENV}`), { code });
    }
  }

  /** An I/O error as an OutDirError that names --out, the file, the error in words and the fix. */
  private failure(name: string, error: unknown): Error {
    const code = errnoCode(error);
    if (error instanceof OutDirError || code === undefined) return error as Error;
    const path = join(this.dir, name);
    const words =
      ERRORS[code]?.(path, this.flag) ??
      `${(error as Error).message}: check ${this.dir}, or choose another ${this.flag}`;
    return new OutDirError(
      `${this.flag} ${this.dir}: cannot write ${name}: ${words} [${code}]. Nothing was changed in ${this.flag}`,
    );
  }
}

/** Keeps the file at `path` (if any) as `copy`: a hard link, or a copy where links are not possible. */
function keepCopy(path: string, copy: string): boolean {
  try {
    linkSync(path, copy);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    copyFileSync(path, copy);
  }
  return true;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseOwner(text: string): { pid: number; host: string } | undefined {
  try {
    const owner = JSON.parse(text) as { pid?: unknown; host?: unknown };
    if (Number.isSafeInteger(owner.pid) && typeof owner.host === 'string')
      return { pid: owner.pid as number, host: owner.host };
  } catch {}
  return undefined;
}

/** Whether the holder still runs; a holder on another host is assumed to. */
function isRunning(holder: { pid: number; host: string }): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const nap = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(nap, 0, 0, ms);
}
