import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  ledgerLeafHashes,
  ledgerTreeHead,
  MerkleAccumulator,
  merkleRoot,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from '../src/trust/index.js';
import { fuzzOptions, LONG_FUZZ } from './support/fuzz.js';

const LONG = LONG_FUZZ;
const h = (hex: string) => Buffer.from(hex, 'hex');
const sha = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p);
  return hash.digest();
};

/** The RFC's definition, written as plainly as possible: the reference the fast code must agree with. */
function naiveRoot(entries: Uint8Array[]): Buffer {
  if (entries.length === 0) return sha();
  if (entries.length === 1) return sha(Buffer.from([0]), entries[0]!);
  let k = 1;
  while (k * 2 < entries.length) k *= 2;
  return sha(Buffer.from([1]), naiveRoot(entries.slice(0, k)), naiveRoot(entries.slice(k)));
}

// RFC 6962 / certificate-transparency-go test data (transparency-dev/merkle proof/verify_test.go):
// used as data only. Inclusion vectors there are 1-based leaf numbers; here they are 0-based.
const CT_ENTRIES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(h);
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];
const CT_CONSISTENCY = [
  {
    m: 1,
    n: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    m: 6,
    n: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    m: 2,
    n: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    m: 6,
    n: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
const CT_LEAVES = CT_ENTRIES.map(leafHash);
const SOME_HASH = h('abacaba000000000000000000000000000000000000000000060061e00123456');

/** Go's corruptInclusionProof / corruptConsistencyProof probes: every one must be rejected. */
function corruptedInclusions(index: number, size: number, proof: Buffer[], root: Buffer, leaf: Buffer) {
  const probes: Array<[string, Buffer, number, number, Buffer[], Buffer]> = [
    ['index - 1', leaf, index - 1, size, proof, root],
    ['index + 1', leaf, index + 1, size, proof, root],
    ['index ^ 2', leaf, index ^ 2, size, proof, root],
    ['size * 2', leaf, index, size * 2, proof, root],
    ['size / 2', leaf, index, Math.floor(size / 2), proof, root],
    ['wrong leaf', Buffer.from('WrongLeaf'), index, size, proof, root],
    ['empty root', leaf, index, size, proof, EMPTY_ROOT],
    ['random root', leaf, index, size, proof, SOME_HASH],
    ['trailing garbage', leaf, index, size, [...proof, Buffer.alloc(0)], root],
    ['trailing root', leaf, index, size, [...proof, root], root],
    ['preceding garbage', leaf, index, size, [Buffer.alloc(0), ...proof], root],
    ['preceding root', leaf, index, size, [root, ...proof], root],
  ];
  proof.forEach((_, i) => {
    const bad = proof.map((p) => Buffer.from(p));
    bad[i]![0]! ^= 8;
    probes.push([`modified proof[${i}]`, leaf, index, size, bad, root]);
  });
  if (proof.length > 0) probes.push(['removed component', leaf, index, size, proof.slice(0, -1), root]);
  if (proof.length > 1)
    probes.push(['inserted component', leaf, index, size, [proof[0]!, SOME_HASH, ...proof.slice(1)], root]);
  return probes;
}

function corruptedConsistencies(m: number, n: number, r1: Buffer, r2: Buffer, proof: Buffer[]) {
  const probes: Array<[string, number, number, Buffer, Buffer, Buffer[]]> = [
    ['m - 1', m - 1, n, r1, r2, proof],
    ['m + 1', m + 1, n, r1, r2, proof],
    ['m ^ 2', m ^ 2, n, r1, r2, proof],
    ['n * 2', m, n * 2, r1, r2, proof],
    ['n / 2', m, Math.floor(n / 2), r1, r2, proof],
    ['wrong root1', m, n, Buffer.from('WrongRoot'), r2, proof],
    ['wrong root2', m, n, r1, Buffer.from('WrongRoot'), proof],
    ['swapped roots', m, n, r2, r1, proof],
    ['empty proof', m, n, r1, r2, []],
    ['trailing garbage', m, n, r1, r2, [...proof, Buffer.alloc(0)]],
    ['trailing root1', m, n, r1, r2, [...proof, r1]],
    ['trailing root2', m, n, r1, r2, [...proof, r2]],
    ['preceding garbage', m, n, r1, r2, [Buffer.alloc(0), ...proof]],
    ['preceding root1', m, n, r1, r2, [r1, ...proof]],
    ['preceding root2', m, n, r1, r2, [r2, ...proof]],
    ['preceding proof[0]', m, n, r1, r2, [proof[0]!, ...proof]],
  ];
  if (proof.length > 0) probes.push(['truncated proof', m, n, r1, r2, proof.slice(0, -1)]);
  proof.forEach((_, i) => {
    const bad = proof.map((p) => Buffer.from(p));
    bad[i]![0]! ^= 16;
    probes.push([`modified proof[${i}]`, m, n, r1, r2, bad]);
  });
  return probes;
}

describe('RFC 9162 Merkle tree hash', () => {
  it('matches the RFC 6962 reference roots for sizes 0..8, incrementally and in one go', () => {
    expect(merkleRoot([]).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    const acc = new MerkleAccumulator();
    CT_LEAVES.forEach((leaf, i) => {
      acc.push(leaf);
      expect(acc.root().toString('hex'), `size ${i + 1}`).toBe(CT_ROOTS[i]);
      expect(merkleRoot(CT_LEAVES.slice(0, i + 1)).toString('hex')).toBe(CT_ROOTS[i]);
    });
    // Domain separation: a leaf is 0x00-prefixed, a node 0x01-prefixed (no second-preimage shortcut).
    expect(nodeHash(CT_LEAVES[0]!, CT_LEAVES[1]!).toString('hex')).toBe(CT_ROOTS[1]);
    expect(leafHash(Buffer.alloc(0)).equals(sha(Buffer.alloc(0)))).toBe(false);
  });

  it('splits at the largest power of two below n, not at the midpoint', () => {
    // For 3 leaves: node(node(a,b), c), never node(a, node(b,c)).
    const [a, b, c] = CT_LEAVES as [Buffer, Buffer, Buffer];
    expect(merkleRoot([a, b, c]).equals(nodeHash(nodeHash(a, b), c))).toBe(true);
    expect(merkleRoot([a, b, c]).equals(nodeHash(a, nodeHash(b, c)))).toBe(false);
  });

  it('agrees with the naive recursive definition on arbitrary entries (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 24 }), { maxLength: 70 }), (entries) => {
        expect(merkleRoot(entries.map(leafHash)).equals(naiveRoot(entries))).toBe(true);
      }),
      fuzzOptions(200, 3000),
    );
  });
});

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  it('reproduces and verifies the CT vectors, and rejects every corrupted variant', () => {
    for (const v of CT_INCLUSION) {
      const leaves = CT_LEAVES.slice(0, v.size);
      const root = h(CT_ROOTS[v.size - 1]!);
      expect(inclusionProof(leaves, v.index).map((p) => p.toString('hex'))).toEqual(v.proof);
      const proof = v.proof.map(h);
      expect(verifyInclusion(leaves[v.index]!, v.index, v.size, proof, root)).toBe(true);
      for (const [name, leaf, index, size, bad, r] of corruptedInclusions(
        v.index,
        v.size,
        proof,
        root,
        leaves[v.index]!,
      )) {
        expect(verifyInclusion(leaf, index, size, bad, r), name).toBe(false);
      }
    }
  });

  it('a single-leaf tree has an empty proof and its root is the leaf hash', () => {
    const leaf = leafHash(Buffer.from('data'));
    expect(inclusionProof([leaf], 0)).toEqual([]);
    expect(verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true);
    expect(verifyInclusion(leaf, 0, 1, [], Buffer.alloc(0))).toBe(false);
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
      [-1, 1],
      [0.5, 2],
    ] as const) {
      expect(verifyInclusion(leaf, index, size, [], EMPTY_ROOT)).toBe(false);
    }
  });

  it('every leaf of every tree up to 40 leaves proves against its root, and only there', () => {
    const leaves = Array.from({ length: 40 }, (_, i) => leafHash(Buffer.from([i, i * 7])));
    for (let n = 1; n <= leaves.length; n++) {
      const tree = leaves.slice(0, n);
      const root = merkleRoot(tree);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(tree, i);
        expect(verifyInclusion(tree[i]!, i, n, proof, root)).toBe(true);
        if (n > 1) expect(verifyInclusion(tree[(i + 1) % n]!, i, n, proof, root)).toBe(false);
        if (n > 1)
          expect(verifyInclusion(tree[i]!, i, n, proof, merkleRoot(tree.slice(0, n - 1)))).toBe(false);
      }
    }
  });

  it('refuses an index outside the tree when building', () => {
    expect(() => inclusionProof(CT_LEAVES, 8)).toThrow(/index must be a whole number from 0 to 7/);
  });
});

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  it('reproduces and verifies the CT vectors, and rejects every corrupted variant', () => {
    for (const v of CT_CONSISTENCY) {
      const r1 = h(CT_ROOTS[v.m - 1]!);
      const r2 = h(CT_ROOTS[v.n - 1]!);
      expect(consistencyProof(CT_LEAVES.slice(0, v.n), v.m).map((p) => p.toString('hex'))).toEqual(v.proof);
      const proof = v.proof.map(h);
      expect(verifyConsistency(v.m, v.n, r1, r2, proof)).toBe(true);
      for (const [name, m, n, a, b, bad] of corruptedConsistencies(v.m, v.n, r1, r2, proof)) {
        expect(verifyConsistency(m, n, a, b, bad), name).toBe(false);
      }
    }
  });

  it('handles the trivial sizes as transparency-dev does', () => {
    const r1 = Buffer.from("don't care 1");
    const r2 = Buffer.from("don't care 2");
    expect(verifyConsistency(0, 0, r1, r2, [])).toBe(true); // the empty tree is a prefix of everything
    expect(verifyConsistency(0, 1, r1, r2, [])).toBe(true);
    expect(verifyConsistency(1, 1, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(true);
    expect(verifyConsistency(1, 1, EMPTY_ROOT, SOME_HASH, [])).toBe(false); // same size, different roots
    expect(verifyConsistency(1, 0, r1, r2, [])).toBe(false); // time travel
    expect(verifyConsistency(1, 2, r1, r2, [])).toBe(false); // empty proof for a real extension
    expect(verifyConsistency(0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])).toBe(false); // a proof where none belongs
    expect(verifyConsistency(1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])).toBe(false);
  });

  it('every prefix of every tree is provably consistent; a changed prefix is not (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: LONG ? 300 : 64 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }))),
        fc.nat(),
        ([n, m], seed) => {
          const leaves = Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`${seed}:${i}`)));
          const proof = consistencyProof(leaves, m);
          const oldRoot = merkleRoot(leaves.slice(0, m));
          const newRoot = merkleRoot(leaves);
          expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
          // Rewriting any leaf of the old tree breaks consistency with the new tree.
          const forged = [...leaves];
          forged[seed % m] = leafHash(Buffer.from('forged'));
          expect(verifyConsistency(m, n, merkleRoot(forged.slice(0, m)), newRoot, proof)).toBe(false);
          expect(verifyConsistency(m, n, oldRoot, merkleRoot(forged), proof)).toBe(false);
        },
      ),
      fuzzOptions(150, 2000),
    );
  });
});

describe('ledger leaves', () => {
  it('hashes each line without its newline, streams across read chunks, and reports a torn tail', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-merkle-'));
    const path = join(dir, 'ledger.jsonl');
    const long = 'x'.repeat(3 * 1024 * 1024 + 5); // crosses two 1 MiB read boundaries
    writeFileSync(path, `{"a":1}\n${long}\n\n{"b":2}\n{"torn":`);
    const { leaves, count, complete_bytes, torn_bytes } = ledgerLeafHashes(path);
    const expected = ['{"a":1}', long, '', '{"b":2}'].map((line) => leafHash(Buffer.from(line)));
    expect(count).toBe(4);
    expect(leaves.map((l) => l.toString('hex'))).toEqual(expected.map((l) => l.toString('hex')));
    expect(complete_bytes).toBe(8 + long.length + 1 + 1 + 8);
    expect(torn_bytes).toBe('{"torn":'.length);
    const head = ledgerTreeHead(path, 2);
    expect(head.root.equals(merkleRoot(expected))).toBe(true);
    expect(head.prefix_root?.equals(merkleRoot(expected.slice(0, 2)))).toBe(true);
    expect(ledgerTreeHead(path, 0).prefix_root?.equals(EMPTY_ROOT)).toBe(true);
    expect(ledgerTreeHead(path, 9).prefix_root).toBeUndefined();
  });
});
