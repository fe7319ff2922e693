/**
 * The Merkle leaves of a ledger file: one per '\n'-terminated line, leaf = SHA-256(0x00 ‖ the line's
 * bytes without its '\n'). Streaming with 1 MiB reads and incremental hashing, so memory does not
 * depend on line length; bytes after the last '\n' (a torn tail) are no leaf and are reported.
 */
import { createHash, type Hash as Sha256 } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { visible } from '../report/text.js';
import type { WrittenTree } from './checkpoint.js';
import { TrustError } from './errors.js';
import { type Hash, leafHash, MerkleAccumulator } from './merkle.js';

const NEWLINE = 0x0a;
const CHUNK_BYTES = 1024 * 1024;
const LEAF_PREFIX = Buffer.from([0x00]);

export interface LeafScan {
  /** Complete lines, i.e. leaves. */
  count: number;
  /** Bytes up to and including the last '\n'. */
  complete_bytes: number;
  /** Bytes after the last '\n' (an interrupted write), 0 when the file ends with '\n'. */
  torn_bytes: number;
}

/**
 * Leaf hashes of '\n'-terminated lines fed in pieces of any size: a file as it is read, or a
 * ledger's appends as they are written. A line within one piece is hashed in one call; a line
 * split across pieces is hashed incrementally.
 */
export class LineLeaves {
  /** Complete lines so far. */
  count = 0;
  /** Bytes fed so far, and those up to and including the last '\n'. */
  bytes = 0;
  completeBytes = 0;
  private partial: Sha256 | undefined;

  constructor(private readonly visit: (leaf: Hash, index: number) => void) {}

  add(piece: Buffer): void {
    let from = 0;
    for (let nl = piece.indexOf(NEWLINE); nl !== -1; nl = piece.indexOf(NEWLINE, from)) {
      const line = piece.subarray(from, nl);
      let leaf: Hash;
      if (this.partial === undefined) leaf = leafHash(line);
      else {
        leaf = this.partial.update(line).digest();
        this.partial = undefined;
      }
      this.visit(leaf, this.count++);
      from = nl + 1;
      this.completeBytes = this.bytes + from;
    }
    if (from < piece.length) {
      this.partial ??= createHash('sha256').update(LEAF_PREFIX);
      this.partial.update(piece.subarray(from));
    }
    this.bytes += piece.length;
  }
}

/** The Merkle tree of lines fed in pieces, e.g. a ledger's appends as they are written. */
export class TreeOfLines {
  private readonly tree = new MerkleAccumulator();
  private readonly lines = new LineLeaves((leaf) => this.tree.push(leaf));

  add(piece: Buffer): void {
    this.lines.add(piece);
  }

  result(): WrittenTree {
    return { count: this.lines.count, root: this.tree.root(), complete_bytes: this.lines.completeBytes };
  }
}

/** Calls `visit(leafHash, index)` for each complete line of the file as it is when opened. */
export function forEachLedgerLeaf(path: string, visit: (leaf: Hash, index: number) => void): LeafScan {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new TrustError(
      `${visible(path)}: cannot open the ledger: ${(error as NodeJS.ErrnoException).code ?? visible((error as Error).message)}`,
    );
  }
  try {
    const size = fstatSync(fd).size;
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    const lines = new LineLeaves(visit);
    while (lines.bytes < size) {
      const n = readSync(fd, chunk, 0, Math.min(CHUNK_BYTES, size - lines.bytes), lines.bytes);
      if (n === 0) break;
      lines.add(chunk.subarray(0, n));
    }
    return {
      count: lines.count,
      complete_bytes: lines.completeBytes,
      torn_bytes: lines.bytes - lines.completeBytes,
    };
  } finally {
    closeSync(fd);
  }
}

/** All leaf hashes of a ledger (32 bytes per record in memory), for building proofs. */
export function ledgerLeafHashes(path: string): LeafScan & { leaves: Hash[] } {
  const leaves: Hash[] = [];
  const scan = forEachLedgerLeaf(path, (leaf) => leaves.push(leaf));
  return { ...scan, leaves };
}

export interface LedgerTreeHead extends LeafScan {
  /** Root over all complete lines. */
  root: Hash;
  /** Root over the first `prefixSize` lines, when asked and the ledger has that many. */
  prefix_root?: Hash;
}

/** The Merkle root of a ledger in O(log n) memory; optionally also the root of its first `prefixSize` lines. */
export function ledgerTreeHead(path: string, prefixSize?: number): LedgerTreeHead {
  const acc = new MerkleAccumulator();
  let prefix_root: Hash | undefined = prefixSize === 0 ? acc.root() : undefined;
  const scan = forEachLedgerLeaf(path, (leaf) => {
    acc.push(leaf);
    if (acc.size === prefixSize) prefix_root = acc.root();
  });
  const head: LedgerTreeHead = { ...scan, root: acc.root() };
  if (prefix_root !== undefined) head.prefix_root = prefix_root;
  return head;
}
