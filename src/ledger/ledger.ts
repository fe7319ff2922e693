/**
 * Appending to a JSONL ledger file. Each call takes the lock once, reads only the file's last line
 * to continue the chain (nothing is cached between calls, so other processes may append in between),
 * and writes the whole batch with one buffered write.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { GENESIS_PREVIOUS_HASH } from '../model.js';
import {
  type Chained,
  chained,
  type GenesisInfo,
  genesisBody,
  LineBuffer,
  type PreparedBody,
  prepareBody,
  sealBytes,
  stageDecisionInto,
  stagedDecision,
  stageTemplate,
} from './chain.js';
import type { StagedOffsets } from './decision-text.js';
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
        `${this.path}: cannot open the ledger for appending: ${(error as Error).message}`,
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
        `${this.path}: torn tail: ${tail.bytes} bytes after byte offset ${tail.offset} have no newline (a write was interrupted); ` +
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
      `${this.path}: cannot continue the chain: the last line (byte ${offset}) is not a sound record: ${problem}; run verify-ledger`,
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
      throw new LedgerError(`${this.path}: append failed (${(error as Error).message}); ${outcome}`);
    }
  }
}

export interface PreparedBatch<T> {
  prepared: Array<PreparedBody<T>>;
  /** The batch's templates as bytes (one buffer per call: concurrent async appends never share it). */
  staging: LineBuffer | undefined;
}

/** Canonicalizes a batch of bodies, ready for any Ledger to seal and write (no file is touched). */
export function prepareBatch<T extends { record_type: string }>(bodies: readonly T[]): PreparedBatch<T> {
  if (!Array.isArray(bodies)) throw new LedgerError('append expects an array of record bodies');
  // An engine record's template is about 1.4 kB; the buffer grows if that is short.
  const staging = new LineBuffer(Math.max(4096, bodies.length * 1600));
  const prepared = bodies.map((body, index) => {
    const decision = stagedDecision(body, staging);
    if (decision !== undefined) return decision;
    const p = prepareBody(body, `body ${index}`);
    stageTemplate(p, staging);
    return p;
  });
  return { prepared, staging };
}

/** A prepared batch as one message for another thread: the staged bytes and each body's offsets. */
export interface PackedBatch {
  bytes: Uint8Array;
  /** Per body: stagedAt, stagedLength, previousAt, recordHashAt, sequenceAt (NaN stagedAt: see `others`). */
  offsets: Float64Array;
  /** Bodies that are not staged (rare: non-ASCII text, unsorted keys), by index, without `body`. */
  others: Record<number, Omit<PreparedBody<unknown>, 'body'>>;
}

const PACKED = 5;

/**
 * Builds a PackedBatch body by body: each is canonicalized and staged the moment it is added, so a
 * batch waiting to be written holds bytes and numbers, not thousands of objects for the garbage
 * collector to carry. `take` hands the batch over (to a Ledger here, or to another thread).
 */
export class BatchBuilder {
  private staging: LineBuffer;
  private offsets: Float64Array;
  private others: PackedBatch['others'] = {};
  private readonly at: StagedOffsets = {
    stagedAt: 0,
    stagedLength: 0,
    previousAt: 0,
    recordHashAt: 0,
    sequenceAt: 0,
  };
  /** Bodies added since the last take. */
  size = 0;

  constructor(expected = 1024) {
    this.staging = new LineBuffer(expected * 1600);
    this.offsets = new Float64Array(PACKED * expected);
  }

  /** Canonicalizes and stages one body; a body that is not valid JSON data throws here, naming it. */
  add(body: { record_type: string }): void {
    const i = this.size;
    if (PACKED * (i + 1) > this.offsets.length) {
      const grown = new Float64Array(2 * this.offsets.length);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    const o = PACKED * i;
    let at: StagedOffsets | PreparedBody<unknown> = this.at;
    if (!stageDecisionInto(body, this.staging, this.at)) {
      at = prepareBody(body, `body ${i}`);
      stageTemplate(at, this.staging);
      if (at.stagedAt === undefined) {
        const { body: _body, ...rest } = at;
        this.others[i] = rest;
        this.offsets[o] = Number.NaN;
        this.size++;
        return;
      }
    }
    this.offsets[o] = at.stagedAt!;
    this.offsets[o + 1] = at.stagedLength!;
    this.offsets[o + 2] = at.previousAt!;
    this.offsets[o + 3] = at.recordHashAt!;
    this.offsets[o + 4] = at.sequenceAt!;
    this.size++;
  }

  /**
   * The batch so far, and the buffers that may move to another thread with it; the builder starts
   * over, in `reuse` (a buffer a batch moved away in, given back) when there is one.
   */
  take(reuse?: ArrayBuffer): { packed: PackedBatch; transfer: ArrayBuffer[] } {
    const all = this.staging.bytes;
    // The staging bytes move with the batch when they own their memory; a slice of a pool is copied.
    const owned = all.byteOffset === 0 && all.buffer.byteLength === all.length;
    const bytes = owned
      ? new Uint8Array(all.buffer, 0, this.staging.length)
      : new Uint8Array(all.subarray(0, this.staging.length));
    const packed: PackedBatch = {
      bytes,
      offsets: this.offsets.slice(0, PACKED * this.size),
      others: this.others,
    };
    this.staging = new LineBuffer(0);
    this.staging.bytes = reuse ? Buffer.from(reuse) : Buffer.allocUnsafeSlow(Math.max(all.length, 4096));
    this.others = {};
    this.size = 0;
    return { packed, transfer: [bytes.buffer as ArrayBuffer, packed.offsets.buffer as ArrayBuffer] };
  }
}

export function unpackBatch({ bytes, offsets, others }: PackedBatch): PreparedBatch<unknown> {
  const staging = new LineBuffer(0);
  staging.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  staging.length = bytes.byteLength;
  const prepared: Array<PreparedBody<unknown>> = [];
  for (let i = 0; i < offsets.length / PACKED; i++) {
    const o = PACKED * i;
    if (Number.isNaN(offsets[o])) {
      prepared.push({ body: null, ...others[i]! });
      continue;
    }
    prepared.push({
      body: null,
      before: '',
      between: '',
      afterHash: '',
      after: '',
      stagedAt: offsets[o]!,
      stagedLength: offsets[o + 1]!,
      previousAt: offsets[o + 2]!,
      recordHashAt: offsets[o + 3]!,
      sequenceAt: offsets[o + 4]!,
    });
  }
  return { prepared, staging };
}
