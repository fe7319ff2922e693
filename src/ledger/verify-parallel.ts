/**
 * Verifying a large ledger on every core. Each line's hash depends on that line alone, so the file is
 * cut at line boundaries into one range per core; a worker thread verifies each range but the
 * first (which this thread takes) as a chain that starts where the range's first line says it does
 * (its sequence and previous_hash), and the ranges are then joined: each must start exactly where
 * the one before it ended. That is the sequential verdict, reached in parallel.
 *
 * Any problem (a bad line, a seam that does not join, a worker that fails or goes silent) makes the
 * caller verify the whole file again on one thread, so every failure is reported exactly as the
 * sequential verifier words it, and parallelism can never change a verdict.
 *
 * verifyLedger stays synchronous: the workers write their results into shared memory, and this
 * thread waits on it with Atomics.wait (allowed in Node's main thread).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { type Worker, workerData } from 'node:worker_threads';
import { startModuleWorker, workerRole } from '../worker.js';
import { HEX64 } from './chain.js';
import { checkLine } from './line.js';
import { mayFollow, type RunFields, RunStructure, runFields } from './structure.js';
import { MAX_LINE_BYTES } from './tail.js';
import {
  ChainVerifier,
  type LedgerExpectation,
  type LedgerVerification,
  type StructureOptions,
} from './verification.js';
import { type RangeScan, READ_CHUNK_BYTES, type ReadAt, scanRange, verdict } from './verify.js';

const ROLE = 'traffic-governance:verify-range';
/** Below this size a ledger verifies faster than threads start. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
/** Helpers that show no sign of life (one per 1 MiB read) for this long are given up on. */
const SILENCE_MS = 30_000;

const NEWLINE = 0x0a;
const PENDING = 0;
const DONE = 1;
const REDO = 2;
/** Ranges of about this size: enough of them that a thread that starts late or runs slow is not waited for. */
const RANGE_BYTES = 16 * 1024 * 1024;
const MAX_RANGES = 256;

/**
 * The ranges' results in memory shared by all threads: a header (the next range to take, a
 * heartbeat, how many ranges helper threads verified), and per range its state, where its chain
 * starts (the first line's sequence and previous_hash), where it ends (count and head), any torn
 * tail, and in a run's ledger the structure stage of its first and last record.
 */
const NUMBERS = 6;
class SharedRanges {
  readonly header: Int32Array;
  readonly states: Int32Array;
  readonly numbers: Float64Array;
  readonly hashes: Uint8Array;

  constructor(
    readonly count: number,
    readonly shared = new SharedArrayBuffer(SharedRanges.bytes(count)),
  ) {
    const numbersAt = align8(16 + 4 * count);
    this.header = new Int32Array(shared, 0, 4);
    this.states = new Int32Array(shared, 16, count);
    this.numbers = new Float64Array(shared, numbersAt, NUMBERS * count);
    this.hashes = new Uint8Array(shared, numbersAt + 8 * NUMBERS * count, 128 * count);
  }

  static bytes(count: number): number {
    return align8(16 + 4 * count) + 8 * NUMBERS * count + 128 * count;
  }

  /** The next range nobody has taken, or -1. */
  take(): number {
    const index = Atomics.add(this.header, 0, 1);
    return index < this.count ? index : -1;
  }

  beat(): void {
    Atomics.add(this.header, 1, 1);
  }

  /** Ranges verified by helper threads. */
  get helperRanges(): number {
    return Atomics.load(this.header, 2);
  }

  finish(index: number, state: number): void {
    Atomics.store(this.states, index, state);
    Atomics.notify(this.states, index);
  }

  hash(index: number, which: 0 | 64): string {
    const at = 128 * index + which;
    return Buffer.from(this.hashes.subarray(at, at + 64)).toString('latin1');
  }
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

interface RangeTask {
  path: string;
  cuts: number[];
  fast: boolean;
  shared: SharedArrayBuffer;
  /** A run's ledger: its genesis's run fields, which every range's decisions must repeat. */
  genesis: RunFields | undefined;
}

export interface ParallelOptions extends StructureOptions {
  fast: boolean;
  rangeBytes?: number;
  /** Tests: start only once every helper thread has taken a range, and report how the ranges were shared. */
  waitForHelpers?: boolean;
  stats?: { ranges: number; helperRanges: number; threads?: number };
}

/**
 * The verdict of verifying `path` in parallel, or undefined when it must be verified sequentially
 * (a single core, a problem anywhere, a worker that could not help).
 */
export function verifyInParallel(
  fd: number,
  path: string,
  size: number,
  expect: LedgerExpectation | undefined,
  options: ParallelOptions,
): LedgerVerification | undefined {
  const { fast, rangeBytes = RANGE_BYTES } = options;
  const threads = Math.min(availableParallelism(), 8);
  if (threads < 2) return undefined;
  const read: ReadAt = (buffer, length, position) => readSync(fd, buffer, 0, length, position);
  const cuts = lineCuts(read, size, Math.min(MAX_RANGES, Math.ceil(size / rangeBytes)));
  if (cuts.length < 3) return undefined;
  let genesis: RunFields | undefined;
  if (options.run) {
    const first = firstLine(read, 0, size);
    const checked = first && checkLine(first);
    if (!checked || checked.problem !== undefined || checked.record.record_type !== 'genesis')
      return undefined;
    genesis = runFields(checked.record);
  }
  const ranges = new SharedRanges(cuts.length - 1);
  const task: RangeTask = { path, cuts, fast, shared: ranges.shared, genesis };
  const workers: Worker[] = [];
  try {
    for (let i = 1; i < threads; i++) workers.push(startModuleWorker(import.meta.url, ROLE, task));
  } catch {
    // Fewer helpers (or none): this thread takes the ranges they would have.
  }
  try {
    if (options.waitForHelpers) waitUntilReady(ranges, workers.length);
    verifyRanges(read, task, ranges, false);
    const chain = new ChainVerifier(options);
    let tail: RangeScan | undefined;
    for (let i = 0; i < ranges.count; i++) {
      if (!finished(ranges, i)) return undefined;
      const [sequence, count, lineOffset, pendingBytes, firstStage, endStage] = ranges.numbers.subarray(
        NUMBERS * i,
        NUMBERS * (i + 1),
      );
      // The seam: each range must continue exactly where the chain (and the run's structure) so far ends.
      if (i > 0 && (sequence !== chain.count || ranges.hash(i, 0) !== chain.head)) return undefined;
      if (chain.structure !== undefined) {
        if (i > 0 && !mayFollow(chain.structure.stage, firstStage!)) return undefined;
        chain.structure.stage = endStage!;
      }
      chain.count = count!;
      chain.head = ranges.hash(i, 64);
      tail = { problem: null, lineOffset: lineOffset!, pendingBytes: pendingBytes! };
    }
    // Counted once every range is finished (a helper may still have been on its last one above).
    if (options.stats)
      Object.assign(options.stats, {
        ranges: ranges.count,
        helperRanges: ranges.helperRanges,
        threads: workers.length + 1,
      });
    return verdict(chain, tail!, expect);
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}

/** 0, the start of a line near each k/n of the file, and size; fewer cuts where lines are long. */
function lineCuts(read: ReadAt, size: number, n: number): number[] {
  const cuts = [0];
  for (let k = 1; k < n; k++) {
    const at = Math.max(Math.floor((size * k) / n), cuts[cuts.length - 1]!);
    // The rest of the line `at` falls in: the next range starts after it.
    const rest = firstLine(read, at, size);
    if (rest === undefined || at + rest.length + 1 >= size) break;
    if (at + rest.length + 1 > cuts[cuts.length - 1]!) cuts.push(at + rest.length + 1);
  }
  cuts.push(size);
  return cuts;
}

/** Waits for range `index`; false if it asks for a sequential check or the helpers stop showing signs of life. */
function finished(ranges: SharedRanges, index: number): boolean {
  let beat = -1;
  let silentSince = Date.now();
  for (;;) {
    Atomics.wait(ranges.states, index, PENDING, 1000);
    const state = Atomics.load(ranges.states, index);
    if (state !== PENDING) return state === DONE;
    const now = Atomics.load(ranges.header, 1);
    if (now !== beat) {
      beat = now;
      silentSince = Date.now();
    } else if (Date.now() - silentSince > SILENCE_MS) {
      return false;
    }
  }
}

/** Tests: until every helper has started and taken a range (or the silence limit). */
function waitUntilReady(ranges: SharedRanges, helpers: number): void {
  const until = Date.now() + SILENCE_MS;
  while (Atomics.load(ranges.header, 0) < helpers && Date.now() < until)
    Atomics.wait(ranges.header, 0, Atomics.load(ranges.header, 0), 10);
}

/** Every thread's loop: take a range nobody has taken, verify it, report; until none is left. */
function verifyRanges(read: ReadAt, task: RangeTask, ranges: SharedRanges, helper: boolean): void {
  const onChunk = () => ranges.beat();
  for (let i = ranges.take(); i >= 0; i = ranges.take()) {
    let state = REDO;
    try {
      const from = task.cuts[i]!;
      const to = task.cuts[i + 1]!;
      const run = { run: task.genesis !== undefined };
      const chain = from === 0 ? new ChainVerifier(run) : seededChain(read, from, to, task.genesis);
      if (chain !== undefined) {
        const sequence = chain.count;
        const previous = chain.head ?? '0'.repeat(64);
        const scan = scanRange(read, from, to, chain, {
          chunkBytes: READ_CHUNK_BYTES,
          fast: task.fast,
          onChunk,
        });
        if (scan.problem === null && (scan.pendingBytes === 0 || to === task.cuts[task.cuts.length - 1])) {
          const stages = [chain.structure?.firstStage ?? -1, chain.structure?.stage ?? -1];
          ranges.numbers.set(
            [sequence, chain.count, scan.lineOffset, scan.pendingBytes, ...stages],
            NUMBERS * i,
          );
          ranges.hashes.set(Buffer.from(previous + chain.head!, 'latin1'), 128 * i);
          state = DONE;
        }
      }
    } catch {
      state = REDO;
    }
    if (helper) Atomics.add(ranges.header, 2, 1);
    ranges.finish(i, state);
  }
}

/**
 * A chain that expects the range's first line as it describes itself, and in a run's ledger takes
 * whatever stage its first record has (both checked at the seam).
 */
function seededChain(
  read: ReadAt,
  from: number,
  to: number,
  genesis: RunFields | undefined,
): ChainVerifier | undefined {
  const line = firstLine(read, from, to);
  if (line === undefined) return undefined;
  const checked = checkLine(line);
  if (checked.problem !== undefined) return undefined;
  const { sequence, previous_hash } = checked.record;
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 1) return undefined;
  if (typeof previous_hash !== 'string' || !HEX64.test(previous_hash)) return undefined;
  const chain = new ChainVerifier({}, genesis && new RunStructure(genesis));
  chain.count = sequence;
  chain.head = previous_hash;
  return chain;
}

/** The line that starts at `from` (without its newline), read in growing steps; undefined if none ends before `to`. */
function firstLine(read: ReadAt, from: number, to: number): Buffer | undefined {
  for (let length = 64 * 1024; ; length *= 4) {
    const probe = Buffer.allocUnsafe(Math.min(length, MAX_LINE_BYTES + 1, to - from));
    const got = read(probe, probe.length, from);
    const newline = probe.subarray(0, got).indexOf(NEWLINE);
    if (newline !== -1) return probe.subarray(0, newline);
    if (got < probe.length || probe.length === to - from || probe.length > MAX_LINE_BYTES) return undefined;
  }
}

/** A helper thread: its own file descriptor, the same loop. */
function serveRanges(task: RangeTask): void {
  const ranges = new SharedRanges(task.cuts.length - 1, task.shared);
  const fd = openSync(task.path, 'r');
  try {
    verifyRanges((buffer, length, position) => readSync(fd, buffer, 0, length, position), task, ranges, true);
  } finally {
    closeSync(fd);
  }
}

// Deferred until every module of the bundle has finished loading (this one is part of an import cycle).
if (workerRole() === ROLE) setImmediate(() => serveRanges(workerData as RangeTask));
