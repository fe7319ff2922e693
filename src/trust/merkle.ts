/**
 * RFC 9162 §2.1 Merkle tree hashing over SHA-256 (the same tree as RFC 6962 and C2SP checkpoints):
 *   MTH({})      = SHA-256()
 *   leaf hash    = SHA-256(0x00 ‖ entry)
 *   node hash    = SHA-256(0x01 ‖ left ‖ right)
 *   MTH(D[n])    = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two < n.
 * Inclusion proofs (§2.1.3) and consistency proofs (§2.1.4), with the verification algorithms of
 * §2.1.3.2 and §2.1.4.2. Every function below takes LEAF HASHES (32-byte buffers), not entries.
 * Sizes and indexes are JavaScript safe integers; bit operations are written as arithmetic so
 * trees past 2^32 leaves stay correct.
 */
import crypto, { createHash } from 'node:crypto';

export type Hash = Buffer;
export const HASH_BYTES = 32;

/** MTH of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** One-shot hashing (Node >= 20.12) of a prefixed copy in a reused buffer; older Node 20 streams the parts. */
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer })
  .hash;
let scratch = Buffer.allocUnsafe(4096);

function prefixedHash(prefix: Buffer, a: Uint8Array, b?: Uint8Array): Hash {
  const length = 1 + a.length + (b?.length ?? 0);
  if (oneShot === undefined || length > 1 << 20) {
    const hash = createHash('sha256').update(prefix).update(a);
    return (b ? hash.update(b) : hash).digest();
  }
  if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, 2 * scratch.length));
  scratch[0] = prefix[0]!;
  scratch.set(a, 1);
  if (b) scratch.set(b, 1 + a.length);
  return oneShot('sha256', scratch.subarray(0, length), 'buffer');
}

export function leafHash(entry: Uint8Array): Hash {
  return prefixedHash(LEAF_PREFIX, entry);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return prefixedHash(NODE_PREFIX, left, right);
}

/** The largest power of two strictly below n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(x: number): boolean {
  let k = 1;
  while (k < x) k *= 2;
  return k === x;
}

const isBit = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/**
 * Builds a root leaf by leaf with O(log n) memory: a stack of the roots of the perfect subtrees
 * that make up the tree so far (a "compact range"), largest first.
 */
export class MerkleAccumulator {
  private readonly stack: Hash[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(leaf: Hash): void {
    let node = leaf;
    // Merge equal-sized subtrees: one per trailing 1-bit of the old size.
    for (let s = this.count; isBit(s); s = half(s)) node = nodeHash(this.stack.pop()!, node);
    this.stack.push(node);
    this.count++;
  }

  root(): Hash {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let root = this.stack[this.stack.length - 1]!;
    for (let i = this.stack.length - 2; i >= 0; i--) root = nodeHash(this.stack[i]!, root);
    return root;
  }
}

export function merkleRoot(leaves: readonly Hash[]): Hash {
  const acc = new MerkleAccumulator();
  for (const leaf of leaves) acc.push(leaf);
  return acc.root();
}

/** MTH(D[lo:hi]) by the RFC's recursion, used for the proof nodes. */
function subtreeRoot(leaves: readonly Hash[], lo: number, hi: number): Hash {
  const n = hi - lo;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[lo]!;
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(leaves, lo, lo + k), subtreeRoot(leaves, lo + k, hi));
}

function checkSize(name: string, value: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be a whole number from 0 to ${max}, got ${value}`);
  }
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path of leaf `index`, leaf's sibling first. */
export function inclusionProof(leaves: readonly Hash[], index: number): Hash[] {
  checkSize('index', index, leaves.length - 1);
  const proof: Hash[] = [];
  const path = (m: number, lo: number, hi: number): void => {
    const n = hi - lo;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      path(m, lo, lo + k);
      proof.push(subtreeRoot(leaves, lo + k, hi));
    } else {
      path(m - k, lo + k, hi);
      proof.push(subtreeRoot(leaves, lo, lo + k));
    }
  };
  path(index, 0, leaves.length);
  return proof;
}

/** PROOF(m, D[n]) of RFC 9162 §2.1.4.1: shows the first m leaves are a prefix of all n. */
export function consistencyProof(leaves: readonly Hash[], m: number): Hash[] {
  checkSize('old size', m, leaves.length);
  const proof: Hash[] = [];
  if (m === 0 || m === leaves.length) return proof;
  const subproof = (m: number, lo: number, hi: number, complete: boolean): void => {
    const n = hi - lo;
    if (m === n) {
      if (!complete) proof.push(subtreeRoot(leaves, lo, hi));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      subproof(m, lo, lo + k, complete);
      proof.push(subtreeRoot(leaves, lo + k, hi));
    } else {
      subproof(m - k, lo + k, hi, false);
      proof.push(subtreeRoot(leaves, lo, lo + k));
    }
  };
  subproof(m, 0, leaves.length, true);
  return proof;
}

const isHash = (h: unknown): h is Uint8Array => h instanceof Uint8Array && h.length === HASH_BYTES;
const sameHash = (a: Uint8Array, b: Uint8Array): boolean =>
  isHash(a) && isHash(b) && Buffer.compare(a, b) === 0;
const validSize = (x: number): boolean => Number.isSafeInteger(x) && x >= 0;

/** The root an inclusion proof implies (RFC 9162 §2.1.3.2), or null when the proof cannot fit. */
export function rootFromInclusionProof(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Hash | null {
  if (!validSize(index) || !validSize(size) || index >= size || !isHash(leaf) || !proof.every(isHash))
    return null;
  let fn = index;
  let sn = size - 1;
  let r: Hash = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return null;
    if (isBit(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isBit(fn)) {
        while (!isBit(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leaf, index, size, proof);
  return computed !== null && sameHash(computed, root);
}

/**
 * RFC 9162 §2.1.4.2, plus the trivial cases it leaves out: m = 0 (every tree extends the empty one)
 * and m = n (the roots must be equal); both need an empty proof.
 */
export function verifyConsistency(
  m: number,
  n: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!validSize(m) || !validSize(n) || m > n || !proof.every(isHash)) return false;
  if (m === 0) return proof.length === 0;
  if (m === n) return proof.length === 0 && sameHash(oldRoot, newRoot);
  if (proof.length === 0 || !isHash(oldRoot) || !isHash(newRoot)) return false;
  const path = [...proof];
  // An old tree that is a perfect subtree is its own first node.
  if (isPowerOfTwo(m)) path.unshift(oldRoot);
  let fn = m - 1;
  let sn = n - 1;
  while (isBit(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Hash = Buffer.from(path[0]!);
  let sr: Hash = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isBit(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isBit(fn)) {
        while (!isBit(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameHash(fr, oldRoot) && sameHash(sr, newRoot);
}
