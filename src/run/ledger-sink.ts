/**
 * Where a run's records go: the ledger file, and the Merkle tree of its bytes for the checkpoint.
 * Sealing a record (splicing in the chain values, hashing it), writing it and hashing it twice more
 * for the tree cost about as much as deciding it, so a long run hands that work to a worker thread:
 * this thread reads, decides and stages each record's canonical text (BatchBuilder), the worker
 * seals, writes and grows the tree, each batch moving across as bytes (and coming back, to be
 * reused). A short run does it all on this thread. The ledger
 * is the same either way: the worker runs the same Ledger, batch after batch, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  BatchBuilder,
  type GenesisInfo,
  Ledger,
  LedgerError,
  type LedgerHead,
  type PackedBatch,
  unpackBatch,
} from '../ledger/index.js';
import type { WrittenTree } from '../trust/checkpoint.js';
import { TreeOfLines } from '../trust/ledger-leaves.js';
import { startModuleWorker, workerRole } from '../worker.js';
import { errnoCode } from './out-dir.js';

type Body = { record_type: string };
type Finished = { head: LedgerHead; tree: WrittenTree };

export interface LedgerSink {
  /** Where the ledger is sealed and written (a stat: a worker that could not start falls back to this thread). */
  readonly thread: 'a worker thread' | 'this thread';
  /** Canonicalizes and stages one body at once (the object may change or go right after). */
  add(body: Body): void;
  /** Bodies staged and not yet written. */
  readonly pending: number;
  /** Writes the staged bodies (on a worker: hands them over, waiting only when it falls behind). */
  flush(): Promise<void>;
  /** After the last flush: the ledger's head, and the tree of every byte written. */
  finish(): Promise<Finished>;
  /** Stops the worker, if any (after finish, or when the run fails). */
  close(): void;
}

/** What both sinks share: bodies are staged into a batch as they come. */
abstract class StagingSink implements LedgerSink {
  protected readonly batch = new BatchBuilder();
  abstract readonly thread: LedgerSink['thread'];

  add(body: Body): void {
    this.batch.add(body);
  }

  get pending(): number {
    return this.batch.size;
  }

  abstract flush(): Promise<void>;
  abstract finish(): Promise<Finished>;
  abstract close(): void;
}

export class LocalSink extends StagingSink {
  readonly thread = 'this thread';
  private readonly tree = new TreeOfLines();
  private readonly ledger: Ledger;
  private head: LedgerHead | undefined;
  private spare: ArrayBuffer | undefined;

  constructor(path: string, genesis: GenesisInfo) {
    super();
    this.ledger = new Ledger(path, genesis, { onWrite: (lines) => this.tree.add(lines) });
  }

  async flush(): Promise<void> {
    if (this.batch.size === 0) return;
    const { packed } = this.batch.take(this.spare);
    this.head = this.ledger.writePreparedSync(unpackBatch(packed));
    this.spare = packed.bytes.buffer as ArrayBuffer;
  }

  async finish(): Promise<Finished> {
    await this.flush();
    return { head: this.head ?? this.ledger.head(), tree: this.tree.result() };
  }

  close(): void {}
}

const ROLE = 'traffic-governance:ledger-sink';
/** Batches this thread may run ahead of the worker (bounding the memory they hold). */
const MAX_IN_FLIGHT = 3;

type ToWorker = { kind: 'write'; batch: PackedBatch } | { kind: 'finish' };
type FromWorker =
  | { kind: 'written'; spare: ArrayBuffer }
  | { kind: 'finished'; head: LedgerHead; tree: WrittenTree }
  | { kind: 'failed'; message: string; code?: string };

export class WorkerSink extends StagingSink {
  readonly thread = 'a worker thread';
  private readonly worker;
  private readonly spares: ArrayBuffer[] = [];
  private inFlight = 0;
  private failure: LedgerError | undefined;
  private wake: (() => void) | undefined;
  private finishing: { resolve: (result: Finished) => void; reject: (error: Error) => void } | undefined;

  constructor(path: string, genesis: GenesisInfo) {
    super();
    this.worker = startModuleWorker(import.meta.url, ROLE, { path, genesis });
    this.worker.on('message', (message: FromWorker) => {
      if (message.kind === 'failed') return this.fail(message.message, message.code);
      if (message.kind === 'written') this.spares.push(message.spare);
      else
        this.finishing?.resolve({
          head: message.head,
          tree: { ...message.tree, root: Buffer.from(message.tree.root) },
        });
      this.inFlight--;
      this.wakeUp();
    });
    this.worker.on('error', (error) => this.fail(`the ledger writer thread failed: ${error.message}`));
    this.worker.on('exit', () => this.fail('the ledger writer thread stopped'));
  }

  async flush(): Promise<void> {
    this.check();
    if (this.batch.size === 0) return;
    const { packed, transfer } = this.batch.take(this.spares.pop());
    this.worker.postMessage({ kind: 'write', batch: packed } satisfies ToWorker, transfer);
    this.inFlight++;
    while (this.inFlight > MAX_IN_FLIGHT && this.failure === undefined) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    this.check();
  }

  async finish(): Promise<Finished> {
    await this.flush();
    return new Promise((resolve, reject) => {
      this.finishing = { resolve, reject };
      if (this.failure !== undefined) return reject(this.failure);
      this.inFlight++;
      this.worker.postMessage({ kind: 'finish' } satisfies ToWorker);
    });
  }

  close(): void {
    this.worker.removeAllListeners('exit');
    void this.worker.terminate();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** `code` is the OS error's (EACCES, ENOSPC…), kept so the run can word it. */
  private fail(message: string, code?: string): void {
    this.failure ??= Object.assign(new LedgerError(message), code === undefined ? {} : { code });
    this.wakeUp();
    this.finishing?.reject(this.failure);
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

/** A WorkerSink, or a LocalSink where no worker thread can start. */
export function startWorkerSink(path: string, genesis: GenesisInfo): LedgerSink {
  try {
    return new WorkerSink(path, genesis);
  } catch {
    return new LocalSink(path, genesis);
  }
}

/** The worker's side: the same Ledger and tree, fed batch after batch. */
function serveSink({ path, genesis }: { path: string; genesis: GenesisInfo }): void {
  const tree = new TreeOfLines();
  const ledger = new Ledger(path, genesis, { onWrite: (lines) => tree.add(lines) });
  let head: LedgerHead | undefined;
  let failed = false;
  parentPort!.on('message', (message: ToWorker) => {
    if (failed) return;
    try {
      if (message.kind === 'write') {
        head = ledger.writePreparedSync(unpackBatch(message.batch));
        // The staging bytes go back, to carry a later batch.
        const spare = message.batch.bytes.buffer as ArrayBuffer;
        parentPort!.postMessage({ kind: 'written', spare } satisfies FromWorker, [spare]);
      } else {
        head ??= ledger.head();
        parentPort!.postMessage({ kind: 'finished', head, tree: tree.result() } satisfies FromWorker);
      }
    } catch (error) {
      failed = true;
      const { message } = error as Error;
      const code = errnoCode(error);
      parentPort!.postMessage({
        kind: 'failed',
        message,
        ...(code === undefined ? {} : { code }),
      } satisfies FromWorker);
    }
  });
}

// Deferred until every module of the bundle has finished loading.
if (workerRole() === ROLE) setImmediate(() => serveSink(workerData));
