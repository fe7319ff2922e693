/**
 * A run's ledger sink (src/run/ledger-sink.ts) and the Merkle tree built while the ledger is written
 * (LineLeaves): the worker thread writes byte for byte the ledger this thread would, its tree has
 * the root of the finished file however the bytes were cut, a ledger error on the worker reaches
 * the run, and a checkpoint falls back to reading the file when someone else appended meanwhile.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TrafficGovernanceEngine } from '../src/engine/engine.js';
import { LedgerError } from '../src/ledger/index.js';
import { loadPolicy } from '../src/policy/load.js';
import { type LedgerSink, LocalSink, startWorkerSink, WorkerSink } from '../src/run/ledger-sink.js';
import { evaluate } from '../src/run.js';
import { writeCheckpoint } from '../src/trust/checkpoint.js';
import { LineLeaves, ledgerTreeHead, TreeOfLines } from '../src/trust/ledger-leaves.js';
import { type Hash, merkleRoot } from '../src/trust/merkle.js';
import { fuzzOptions } from './support/fuzz.js';
import { generateEvents, writeEventsFile } from './support/generate-events.js';

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

async function write(sink: LedgerSink, bodies: ReadonlyArray<{ record_type: string }>): Promise<void> {
  for (const body of bodies) sink.add(body);
  await sink.flush();
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
      fuzzOptions(300, 300),
    );
  });

  it('the worker thread writes the ledger and tree this thread would, odd bodies included', async () => {
    const policy = loadPolicy('examples/policy.yaml', ['examples/contracts.yaml']);
    const genesis = {
      policy_hash: policy.policy_hash,
      policy_version: policy.version,
      platform_tier: 'CONTROL' as const,
    };
    const engine = new TrafficGovernanceEngine({ policy, platform_tier: 'CONTROL' });
    const events = [...generateEvents({ count: 3000, seed: 8 })];
    const batches = [0, 1000, 2000].map((at) => events.slice(at, at + 1000).map((e) => engine.evaluate(e)));
    // Bodies that are not staged decisions: unsorted keys, non-ASCII text.
    const odd = [
      { z: 1, record_type: 'note', a: 'é' },
      { record_type: 'verdict', text: '名前' },
    ];
    const results = [];
    const sinks = [
      ['local', new LocalSink(join(dir, 'sink-local.jsonl'), genesis)],
      ['worker', startWorkerSink(join(dir, 'sink-worker.jsonl'), genesis)],
    ] as const;
    // startWorkerSink started a worker (it falls back to this thread when none starts).
    expect(sinks.map(([, sink]) => sink.thread)).toEqual(['this thread', 'a worker thread']);
    expect(sinks[1][1]).toBeInstanceOf(WorkerSink);
    for (const [name, sink] of sinks) {
      try {
        for (const batch of [...batches, odd]) await write(sink, batch);
        results.push({ name, ...(await sink.finish()) });
      } finally {
        sink.close();
      }
    }
    const [local, worker] = [
      readFileSync(join(dir, 'sink-local.jsonl')),
      readFileSync(join(dir, 'sink-worker.jsonl')),
    ];
    expect(local.equals(worker)).toBe(true);
    expect(results[1]!.head).toEqual(results[0]!.head);
    expect(results[1]!.tree).toEqual(results[0]!.tree);
    expect(results[0]!.head.count).toBe(3003);
    expect(results[0]!.tree.root).toEqual(ledgerTreeHead(join(dir, 'sink-local.jsonl')).root);
  });

  it("a ledger error on the worker thread reaches the run, with the ledger's own words", async () => {
    const path = join(dir, 'torn.jsonl');
    writeFileSync(path, '{"record_type":"genesis"'); // a torn tail: nothing may be appended
    const sink = new WorkerSink(path, {
      policy_hash: 'ab'.repeat(32),
      policy_version: '1.0.0',
      platform_tier: 'CONTROL',
    });
    try {
      await write(sink, [{ record_type: 'note' }]);
      const failure = await sink.finish().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(LedgerError);
      expect((failure as Error).message).toMatch(/torn tail: 24 bytes after byte offset 0/);
      await expect(write(sink, [{ record_type: 'note' }])).rejects.toThrow(/torn tail/);
    } finally {
      sink.close();
    }
  });

  it('evaluate writes the same ledger and checkpoint with the tree on a worker thread or not', async () => {
    const policy = loadPolicy('examples/policy.yaml', ['examples/contracts.yaml']);
    const traffic = join(dir, 'traffic.jsonl');
    await writeEventsFile(traffic, { count: 5000, seed: 3 });
    const out = (ledgerWorker: boolean) => join(dir, `out-${ledgerWorker}`);
    for (const ledgerWorker of [true, false]) {
      const debug: string[] = [];
      await evaluate({
        policy,
        traffic: [traffic],
        format: 'auto',
        tier: 'CONTROL',
        outDir: out(ledgerWorker),
        env: {},
        ledgerWorker,
        onDebug: (line) => debug.push(line),
      });
      // Which path ran: a worker that could not start would fall back to this thread unseen.
      expect(debug).toEqual([
        expect.stringMatching(/^traffic file .+traffic\.jsonl: format jsonl, \d+ bytes$/),
        `the ledger is sealed and written on ${ledgerWorker ? 'a worker thread' : 'this thread'}`,
      ]);
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
    const tree = new TreeOfLines();
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
