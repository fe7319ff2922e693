/**
 * The Merkle tree built while the ledger is written (src/trust/tree-worker.ts, LineLeaves): the
 * same root as hashing the finished file, whether the bytes arrive in odd pieces, on a worker
 * thread or on this one; and a checkpoint falls back to reading the file when it was appended to
 * by someone else meanwhile.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../src/policy/load.js';
import { evaluate } from '../src/run.js';
import { writeCheckpoint } from '../src/trust/checkpoint.js';
import { LineLeaves, ledgerTreeHead } from '../src/trust/ledger-leaves.js';
import { type Hash, merkleRoot } from '../src/trust/merkle.js';
import { LocalTree, WorkerTree } from '../src/trust/tree-worker.js';
import { writeEventsFile } from './support/generate-events.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-tree-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** RFC 9162 leaf hashes, written out independently of merkle.ts. */
const leaf = (line: string) =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(line)
    .digest();

function pieces(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    out.push(bytes.subarray(from, cut));
    from = cut;
  }
  return out;
}

describe('Merkle tree of written bytes', () => {
  it('LineLeaves gives the leaves of whole lines, however the bytes are cut, and counts a torn tail apart', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replaceAll('\n', ' ')),
          { maxLength: 12 },
        ),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.string({ maxLength: 5 }).map((s) => s.replaceAll('\n', '')),
        (lines, cuts, torn) => {
          const text = Buffer.from(lines.map((l) => `${l}\n`).join('') + torn);
          const seen: Hash[] = [];
          const leaves = new LineLeaves((h, i) => {
            expect(i).toBe(seen.length);
            seen.push(h);
          });
          for (const piece of pieces(text, cuts)) leaves.add(piece);
          expect(seen).toEqual(lines.map(leaf));
          expect(leaves.count).toBe(lines.length);
          expect(leaves.bytes - leaves.completeBytes).toBe(Buffer.byteLength(torn));
        },
      ),
      { numRuns: 300, seed: 4 },
    );
  });

  it('a worker thread builds the same tree as this one', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `{"n":${i},"x":"${'é'.repeat(i % 7)}"}`);
    const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
    const local = new LocalTree();
    const worker = new WorkerTree();
    try {
      for (const piece of pieces(bytes, [5, 999, 4000, 4001, 17_000])) {
        local.add(piece);
        worker.add(piece);
        piece.fill(0); // the worker got its own copy
      }
      const expected = { count: 1000, root: merkleRoot(lines.map(leaf)), complete_bytes: bytes.length };
      expect(await local.finish()).toEqual(expected);
      expect(await worker.finish()).toEqual(expected);
    } finally {
      worker.close();
    }
  });

  it('evaluate writes the same ledger and checkpoint with the tree on a worker thread or not', async () => {
    const policy = loadPolicy('examples/policy.yaml', ['examples/contracts.yaml']);
    const traffic = join(dir, 'traffic.jsonl');
    await writeEventsFile(traffic, { count: 5000, seed: 3 });
    const out = (treeWorker: boolean) => join(dir, `out-${treeWorker}`);
    for (const treeWorker of [true, false]) {
      await evaluate({
        policy,
        traffic: [traffic],
        format: 'auto',
        tier: 'CONTROL',
        outDir: out(treeWorker),
        env: {},
        treeWorker,
      });
    }
    for (const file of ['ledger.jsonl', 'ledger.checkpoint']) {
      // Buffer#equals: a deep toEqual walks megabytes byte by byte.
      expect(readFileSync(join(out(true), file)).equals(readFileSync(join(out(false), file)))).toBe(true);
    }
    const head = ledgerTreeHead(join(out(true), 'ledger.jsonl'));
    expect(readFileSync(join(out(true), 'ledger.checkpoint'), 'utf8')).toBe(
      `traffic-governance\n${head.count}\n${head.root.toString('base64')}\n`,
    );
  });

  it('a checkpoint reads the file when it no longer holds just the bytes the tree saw', () => {
    const ledger = join(dir, 'appended.jsonl');
    writeFileSync(ledger, '{"a":1}\n');
    const tree = new LocalTree();
    tree.add(readFileSync(ledger));
    appendFileSync(ledger, '{"b":2}\n'); // another writer, after the tree's last bytes
    const written = writeCheckpoint(ledger, { origin: 'test', written: tree.result() });
    expect(written.size).toBe(2);
    expect(written.root_hex).toBe(merkleRoot([leaf('{"a":1}'), leaf('{"b":2}')]).toString('hex'));
    // When the size still matches, the writer's tree is used as it is (no second read of the file).
    const fromWriter = { count: 2, root: Buffer.alloc(32, 7), complete_bytes: 16 };
    expect(writeCheckpoint(ledger, { origin: 'test', written: fromWriter }).root_hex).toBe('07'.repeat(32));
  });
});
