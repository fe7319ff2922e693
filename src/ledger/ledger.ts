/**
 * Appending to a JSONL ledger file. Each call takes the lock once, reads only the file's last line
 * to continue the chain (nothing is cached between calls, so other processes may append in between),
 * and writes the whole batch with one buffered write.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { GENESIS_PREVIOUS_HASH } from '../model.js';
import { visible } from '../report/text.js';
import { type PreparedBatch, prepareBatch } from './batch.js';
import {
  type Chained,
  chained,
  type GenesisInfo,
  genesisBody,
  LineBuffer,
  type PreparedBody,
  prepareBody,
  sealBytes,
} from './chain.js';
import { LedgerError } from './errors.js';
import { checkLine } from './line.js';
import { DEFAULT_LOCK_OPTIONS, type LockOptions, withLedgerLock, withLedgerLockSync } from './lock.js';
import { readTail, type Tail } from './tail.js';

export interface LedgerOptions {
  /** Total time to wait for another writer's lock before failing (default 30 s). */
  lockTimeoutMs?: number;
  /** Age after which a lock is treated as abandoned by a crashed writer (default 10 s, minimum 2 s). */
  lockStaleMs?: number;
  /** Called with the bytes of every append once they are written (whole lines, under the lock). */
  onWrite?: (lines: Buffer) => void;
}

export interface LedgerHead {
  head_hash: string;
  count: number;
}

interface AppendOutcome<T> extends LedgerHead {
  /** The chained records, when asked for. */
  records: Array<Chained<T>>;
}

/**
 * An append-only ledger file. The genesis record (line 0) is written by the first append to a
 * missing or empty file. A file that already has a genesis is continued as it is, even when this
 * instance's GenesisInfo differs (say, a newer policy): records carry their own policy_hash, and a
 * ledger never gets a second genesis.
 */
export class Ledger {
  readonly path: string;
  private readonly genesis: PreparedBody<ReturnType<typeof genesisBody>>;
  private readonly lock: LockOptions;
  private readonly onWrite: ((lines: Buffer) => void) | undefined;
  /** Reused by every append: the batch's lines are encoded here and written with one call. */
  private readonly out = new LineBuffer();

  constructor(path: string, genesis: GenesisInfo, options: LedgerOptions = {}) {
    this.path = path;
    this.genesis = prepareBody(genesisBody(genesis), 'genesis');
    this.lock = {
      timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_OPTIONS.timeoutMs,
      staleMs: options.lockStaleMs ?? DEFAULT_LOCK_OPTIONS.staleMs,
    };
    this.onWrite = options.onWrite;
  }

  /** One cross-process lock per call; returns the bodies as chained records, in order. */
  appendSync<T extends { record_type: string }>(bodies: readonly T[]): Array<Chained<T>> {
    const batch = prepareBatch(bodies);
    this.ensureFile();
    return withLedgerLockSync(this.path, this.lock, () => this.appendLocked(batch, true)).records;
  }

  /** appendSync for a caller that needs only the new head: no chained record objects are built. */
  writeSync<T extends { record_type: string }>(bodies: readonly T[]): LedgerHead {
    return this.writePreparedSync(prepareBatch(bodies));
  }

  /** writeSync of a batch prepared beforehand (prepareBatch), perhaps on another thread. */
  writePreparedSync(batch: PreparedBatch<unknown>): LedgerHead {
    this.ensureFile();
    const { head_hash, count } = withLedgerLockSync(this.path, this.lock, () =>
      this.appendLocked(batch, false),
    );
    return { head_hash, count };
  }

  async append<T extends { record_type: string }>(bodies: readonly T[]): Promise<Array<Chained<T>>> {
    const batch = prepareBatch(bodies);
    this.ensureFile();
    return (await withLedgerLock(this.path, this.lock, () => this.appendLocked(batch, true))).records;
  }

  /** The current head and record count (writes the genesis first if the file is missing or empty). */
  head(): LedgerHead {
    this.ensureFile();
    const { head_hash, count } = withLedgerLockSync(this.path, this.lock, () =>
      this.appendLocked({ prepared: [], staging: undefined }, false),
    );
    return { head_hash, count };
  }

  /** The lock is taken on the file itself, so it must exist first; 'a' never truncates. */
  private ensureFile(): void {
    try {
      closeSync(openSync(this.path, 'a'));
    } catch (error) {
      throw new LedgerError(
        `${visible(this.path)}: cannot open the ledger for appending: ${visible((error as Error).message)}`,
      );
    }
  }

  private appendLocked<T>({ prepared, staging }: PreparedBatch<T>, keepRecords: boolean): AppendOutcome<T> {
    const fd = openSync(this.path, 'a+');
    try {
      const size = fstatSync(fd).size;
      const out = this.out;
      out.length = 0;
      let { head_hash, count } = this.continueFrom(readTail(fd, size, this.path));
      if (count === 0) {
        head_hash = sealBytes(this.genesis, GENESIS_PREVIOUS_HASH, 0, out);
        count = 1;
      }
      const records: Array<Chained<T>> = [];
      for (const body of prepared) {
        const record_hash = sealBytes(body, head_hash, count, out, staging);
        if (keepRecords) records.push(chained(body, count, head_hash, record_hash));
        head_hash = record_hash;
        count++;
      }
      if (out.length > 0) {
        this.writeAll(fd, size, out.view());
        this.onWrite?.(out.view());
      }
      return { records, head_hash, count };
    } finally {
      closeSync(fd);
    }
  }

  /** Head and count from the last line, which must itself be a sound record. */
  private continueFrom(tail: Tail): LedgerHead {
    if (tail.kind === 'empty') return { head_hash: GENESIS_PREVIOUS_HASH, count: 0 };
    if (tail.kind === 'torn') {
      throw new LedgerError(
        `${visible(this.path)}: torn tail: ${tail.bytes} bytes after byte offset ${tail.offset} have no newline (a write was interrupted); ` +
          'nothing was appended. Run recovery first (recoverLedger, or verify-ledger --recover), which saves those bytes aside.',
      );
    }
    const checked = checkLine(tail.line);
    if (checked.problem !== undefined) throw this.unsoundTail(tail.offset, checked.problem);
    const { record, computed_hash } = checked;
    if (computed_hash !== record.record_hash) {
      throw this.unsoundTail(tail.offset, 'record_hash does not match its content');
    }
    const sequence = record.sequence;
    if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) {
      throw this.unsoundTail(tail.offset, 'sequence is not a non-negative integer');
    }
    return { head_hash: computed_hash, count: sequence + 1 };
  }

  private unsoundTail(offset: number, problem: string): LedgerError {
    return new LedgerError(
      `${visible(this.path)}: cannot continue the chain: the last line (byte ${offset}) is not a sound record: ${problem}; run verify-ledger`,
    );
  }

  /** One write (looping only on short writes); a failed write is cut back off so no torn tail is left. */
  private writeAll(fd: number, sizeBefore: number, data: Buffer): void {
    let written = 0;
    try {
      while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    } catch (error) {
      let outcome = `the ledger was rolled back to its previous ${sizeBefore} bytes`;
      try {
        ftruncateSync(fd, sizeBefore);
      } catch {
        outcome = `the ledger may now end in a torn tail at byte ${sizeBefore}; run recovery`;
      }
      throw new LedgerError(
        `${visible(this.path)}: append failed (${visible((error as Error).message)}); ${outcome}`,
        {
          cause: error,
        },
      );
    }
  }
}
