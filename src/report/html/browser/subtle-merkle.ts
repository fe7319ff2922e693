/**
 * The RFC 9162 Merkle tree hash (the tree of src/trust/merkle.ts and of the ledger's checkpoint)
 * with WebCrypto, whose digests are asynchronous: one call per hash awaited in turn would be slow, so
 * leaves are taken in batches of BATCH (a power of two, so each full batch is a perfect subtree) and
 * each batch is hashed a level at a time with all of a level's digests in flight together.
 * merkle.ts itself cannot run here: it hashes synchronously with node:crypto.
 *
 * Hashing a level by pairs, with an odd last node carried up unchanged, gives RFC 9162's
 * MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n])) (k the largest power of two below n). The full
 * batches' roots form a stack of perfect subtrees, largest first (a compact range, as in
 * MerkleAccumulator); the root folds them from the right onto the root of the leaves left over.
 */
const BATCH = 4096;
const subtle = globalThis.crypto.subtle;

export const sha256 = async (data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> =>
  new Uint8Array(await subtle.digest('SHA-256', data));

/** SHA-256(0x00 ‖ entry). */
export function leafHash(entry: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(entry.length + 1);
  input.set(entry, 1);
  return sha256(input);
}

/** SHA-256(0x01 ‖ left ‖ right). */
function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(65);
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 33);
  return sha256(input);
}

/** MTH of one or more leaf hashes, a level at a time. */
async function levelRoot(nodes: Uint8Array[]): Promise<Uint8Array> {
  let level = nodes;
  while (level.length > 1) {
    const pairs: Promise<Uint8Array>[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) pairs.push(nodeHash(level[i]!, level[i + 1]!));
    const next = await Promise.all(pairs);
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}

export class SubtleMerkle {
  private readonly stack: { size: number; hash: Uint8Array }[] = [];
  private pending: Uint8Array[] = [];

  /** Appends leaf hashes in order. */
  async add(leaves: readonly Uint8Array[]): Promise<void> {
    for (const leaf of leaves) this.pending.push(leaf);
    while (this.pending.length >= BATCH) {
      const full = this.pending.slice(0, BATCH);
      this.pending = this.pending.slice(BATCH);
      let hash = await levelRoot(full);
      let size = BATCH;
      for (let top = this.stack.at(-1); top?.size === size; top = this.stack.at(-1)) {
        this.stack.pop();
        hash = await nodeHash(top.hash, hash);
        size *= 2;
      }
      this.stack.push({ size, hash });
    }
  }

  async root(): Promise<Uint8Array> {
    let root = this.pending.length > 0 ? await levelRoot(this.pending) : undefined;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const left = this.stack[i]!.hash;
      root = root === undefined ? left : await nodeHash(left, root);
    }
    return root ?? sha256(new Uint8Array(0));
  }
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += HEX[b];
  return hex;
}
