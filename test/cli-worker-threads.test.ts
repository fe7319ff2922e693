/**
 * The committed CLI bundle on traffic large enough for its worker threads: the ledger writer
 * (evaluate) and the parallel verifier (verify-ledger) are the bundle itself loaded again, so this
 * runs them as users do. The ledger, checkpoint, result.json (reason counts included) and reports
 * must equal the one-thread results.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/ledger/index.js';
import { PARALLEL_MIN_BYTES } from '../src/ledger/verify-parallel.js';
import { loadPolicy } from '../src/policy/load.js';
import type { RunResult } from '../src/result.js';
import { evaluate, WORKER_INPUT_BYTES } from '../src/run.js';
import { writeEventsFile } from './support/generate-events.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-cli-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bundle with TG_DEBUG=1: it says which threads did the work, so a silent fallback fails the test. */
function cli(args: string[]): { code: number; out: string; err: string } {
  const result = spawnSync(process.execPath, ['dist/cli/index.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, TG_DEBUG: '1' },
  });
  return { code: result.status ?? -1, out: result.stdout, err: result.stderr };
}

describe('the CLI bundle with worker threads', () => {
  it('evaluate and verify-ledger give the one-thread ledger, checkpoint and verdicts', async () => {
    const traffic = join(dir, 'traffic.jsonl');
    await writeEventsFile(traffic, { count: 40_000, seed: 5 });
    expect(statSync(traffic).size).toBeGreaterThan(WORKER_INPUT_BYTES);
    const out = join(dir, 'cli');
    const run = cli([
      'evaluate',
      ...['--policy', 'examples/policy.yaml', '--contracts', 'examples/contracts.yaml'],
      ...['--traffic', traffic, '--tier', 'OBSERVE_ONLY', '--out', out],
    ]);
    expect(run.err.split('\n')).toContain(
      'traffic-governance: debug: the ledger is sealed and written on a worker thread',
    );
    expect(run.code).toBe(0);

    const policy = loadPolicy('examples/policy.yaml', ['examples/contracts.yaml']);
    const local = join(dir, 'local');
    await evaluate({
      policy,
      traffic: [traffic],
      format: 'auto',
      tier: 'OBSERVE_ONLY',
      outDir: local,
      ledgerWorker: false,
    });
    // The reason counts (and every report) are the one-thread run's too: aggregation stays on the main thread.
    for (const file of [
      'ledger.jsonl',
      'ledger.checkpoint',
      'result.json',
      'junit.xml',
      'metrics.txt',
      'summary.md',
    ]) {
      expect(readFileSync(join(out, file)).equals(readFileSync(join(local, file)))).toBe(true);
    }
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    expect(result.endpoints.filter((e) => Object.keys(e.reasons ?? {}).length > 0).length).toBeGreaterThan(0);
    // and so are the timelines (equal bytes above): every endpoint's series, on one grid
    expect(result.timeline!.buckets).toBeGreaterThan(100);
    expect(result.endpoints.every((e) => e.timeline?.allow.length === result.timeline!.buckets)).toBe(true);

    const ledger = join(out, 'ledger.jsonl');
    expect(statSync(ledger).size).toBeGreaterThan(PARALLEL_MIN_BYTES);
    const sequential = verifyLedger(ledger, undefined, { parallel: false });
    for (const flags of [[], ['--fast']]) {
      const verified = cli([
        'verify-ledger',
        ledger,
        '--checkpoint',
        join(out, 'ledger.checkpoint'),
        ...flags,
      ]);
      expect(verified.code).toBe(0);
      // Verified on helper threads: a parallel verifier that fell back to this thread alone would say so.
      // (How many ranges the helpers took depends on how fast they start: not asserted.)
      const debug =
        /^traffic-governance: debug: verified on (\d+) threads: (\d+) ranges, \d+ of them by helper threads$/m;
      const [, threads, ranges] = debug.exec(verified.err) ?? [];
      expect(Number(threads)).toBeGreaterThan(1);
      expect(Number(ranges)).toBeGreaterThan(1);
      expect(verified.out).toContain(
        `ledger OK: ${ledger}: ${sequential.count} records, head ${sequential.head_hash}`,
      );
    }
  }, 120_000);
});
