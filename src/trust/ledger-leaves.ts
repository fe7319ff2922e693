/**
 * The Merkle leaves of a ledger file: one per '\n'-terminated line, leaf = SHA-256(0x00 ‖ the line's
 * bytes without its '\n'). Streaming with 1 MiB reads and incremental hashing, so memory does not
 * depend on line length; bytes after the last '\n' (a torn tail) are no leaf and are reported.
 */
import { createHash, type Hash as Sha256 } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { TrustError } from './errors.js';
import { type Hash, MerkleAccumulator } from './merkle.js';

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

/** Calls `visit(leafHash, index)` for each complete line of the file as it is when opened. */
export function forEachLedgerLeaf(path: string, visit: (leaf: Hash, index: number) => void): LeafScan {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new TrustError(
      `${path}: cannot open the ledger: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    const size = fstatSync(fd).size;
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let hash: Sha256 = createHash('sha256').update(LEAF_PREFIX);
    let count = 0;
    let complete_bytes = 0;
    let position = 0;
    while (position < size) {
      const n = readSync(fd, chunk, 0, Math.min(CHUNK_BYTES, size - position), position);
      if (n === 0) break;
      let from = 0;
      for (let nl = chunk.indexOf(NEWLINE, 0); nl !== -1 && nl < n; nl = chunk.indexOf(NEWLINE, from)) {
        hash.update(chunk.subarray(from, nl));
        visit(hash.digest(), count++);
        hash = createHash('sha256').update(LEAF_PREFIX);
        from = nl + 1;
        complete_bytes = position + from;
      }
      if (from < n) hash.update(chunk.subarray(from, n));
      position += n;
    }
    return { count, complete_bytes, torn_bytes: position - complete_bytes };
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
