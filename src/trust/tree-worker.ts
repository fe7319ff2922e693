/**
 * The Merkle tree of a ledger's bytes, built while they are written. Hashing every line twice more
 * (its leaf, and about one inner node per leaf) costs a run a fifth of its time, so a long run
 * hands the bytes to a worker thread and the tree grows on the second core while the first goes on
 * deciding. A short run (or a machine where the worker cannot start) builds it on its own thread:
 * the tree is the same either way.
 *
 * The worker is this module loaded again (src/worker.ts).
 */
import { parentPort, type Worker } from 'node:worker_threads';
import { startModuleWorker, workerRole } from '../worker.js';
import type { WrittenTree } from './checkpoint.js';
import { LineLeaves } from './ledger-leaves.js';
import { MerkleAccumulator } from './merkle.js';

const ROLE = 'traffic-governance:merkle-tree';

export interface TreeBuilder {
  /** Whole lines, in the order they were written; the bytes may be reused once this returns. */
  add(lines: Buffer): void;
  /** The tree of everything added; undefined if the worker failed (then read the file instead). */
  finish(): Promise<WrittenTree | undefined>;
  /** Stops the worker, if any (after finish, or when the run fails). */
  close(): void;
}

/** The tree built on this thread. */
export class LocalTree implements TreeBuilder {
  private readonly tree = new MerkleAccumulator();
  private readonly lines = new LineLeaves((leaf) => this.tree.push(leaf));

  add(lines: Buffer): void {
    this.lines.add(lines);
  }

  result(): WrittenTree {
    return { count: this.lines.count, root: this.tree.root(), complete_bytes: this.lines.completeBytes };
  }

  finish(): Promise<WrittenTree> {
    return Promise.resolve(this.result());
  }

  close(): void {}
}

type Reply = { root: Uint8Array; count: number; complete_bytes: number };

/** The tree built on a worker thread: `add` posts a copy of the bytes. */
export class WorkerTree implements TreeBuilder {
  private readonly worker: Worker;
  private readonly reply: Promise<WrittenTree | undefined>;

  constructor() {
    this.worker = startModuleWorker(import.meta.url, ROLE);
    this.reply = new Promise((resolve) => {
      this.worker.once('message', (r: Reply) =>
        resolve({ root: Buffer.from(r.root), count: r.count, complete_bytes: r.complete_bytes }),
      );
      this.worker.once('error', () => resolve(undefined));
      this.worker.once('exit', () => resolve(undefined));
    });
  }

  add(lines: Buffer): void {
    const copy = new Uint8Array(lines);
    this.worker.postMessage(copy, [copy.buffer]);
  }

  finish(): Promise<WrittenTree | undefined> {
    this.worker.postMessage(null);
    return this.reply;
  }

  close(): void {
    void this.worker.terminate();
  }
}

/** A WorkerTree, or a LocalTree where no worker can start. */
export function startWorkerTree(): TreeBuilder {
  try {
    return new WorkerTree();
  } catch {
    return new LocalTree();
  }
}

/** The worker's side: bytes in until `null`, then the tree out. */
function serveTree(): void {
  const port = parentPort!;
  const tree = new LocalTree();
  port.on('message', (lines: Uint8Array | null) => {
    if (lines !== null) return tree.add(Buffer.from(lines.buffer, lines.byteOffset, lines.byteLength));
    const { root, count, complete_bytes } = tree.result();
    port.postMessage({ root, count, complete_bytes } satisfies Reply);
  });
}

// Deferred until every module of the bundle has finished loading.
if (workerRole() === ROLE) setImmediate(serveTree);
