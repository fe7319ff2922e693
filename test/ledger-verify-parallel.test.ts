/**
 * Parallel verification (src/ledger/verify-parallel.ts): on a real ledger cut into many ranges, a
 * worker thread and this one reach exactly the sequential verdict, expectations and torn tail
 * included; any problem (a changed byte, lines swapped across a seam) makes it hand back to the
 * sequential check, so verifyLedger's answer never depends on threads.
 */
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrafficGovernanceEngine } from '../src/engine/engine.js';
import { Ledger, type LedgerExpectation, verifyLedger } from '../src/ledger/index.js';
import { verifyInParallel } from '../src/ledger/verify-parallel.js';
import { loadPolicy } from '../src/policy/load.js';
import { generateEvents } from './support/generate-events.js';

const RANGE = 256 * 1024;
let dir: string;
let path: string;
let lines: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tg-verify-parallel-'));
  path = join(dir, 'ledger.jsonl');
  const policy = loadPolicy('examples/policy.yaml', ['examples/contracts.yaml']);
  const engine = new TrafficGovernanceEngine({ policy, platform_tier: 'CONTROL' });
  const ledger = new Ledger(path, {
    policy_hash: policy.policy_hash,
    policy_version: policy.version,
    platform_tier: 'CONTROL',
  });
  const events = [...generateEvents({ count: 3000, seed: 11 })];
  for (let i = 0; i < events.length; i += 500)
    ledger.writeSync(events.slice(i, i + 500).map((e) => engine.evaluate(e)));
  lines = readFileSync(path, 'utf8').trimEnd().split('\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parallel(
  file: string,
  fast: boolean,
  expectation?: LedgerExpectation,
  stats = { ranges: 0, helperRanges: 0 },
) {
  const fd = openSync(file, 'r');
  try {
    return verifyInParallel(fd, file, fstatSync(fd).size, expectation, {
      fast,
      rangeBytes: RANGE,
      waitForHelpers: true,
      stats,
    });
  } finally {
    closeSync(fd);
  }
}

const sequential = (file: string, fast: boolean, expectation?: LedgerExpectation) =>
  verifyLedger(file, expectation, { fast, parallel: false });

function variant(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('parallel verification', () => {
  it('is cut into many ranges and reaches the sequential verdict, in both modes', () => {
    expect(readFileSync(path).length / RANGE).toBeGreaterThan(10);
    for (const fast of [false, true]) {
      const stats = { ranges: 0, helperRanges: 0 };
      const verdict = parallel(path, fast, undefined, stats);
      // The helper thread verified ranges (this thread began once it had taken one).
      expect(stats.ranges).toBeGreaterThan(10);
      expect(stats.helperRanges).toBeGreaterThan(0);
      expect(verdict).toBeDefined();
      expect(verdict).toEqual(sequential(path, fast));
      expect(verdict).toMatchObject({ valid: true, count: 3001 });
    }
  });

  it('checks expectations and a torn tail at the join, worded as the sequential check words them', () => {
    const head = sequential(path, true).head_hash!;
    for (const expectation of [{ count: 3000 }, { head: 'ab'.repeat(32) }, { count: 3001, head }]) {
      const verdict = parallel(path, true, expectation);
      expect(verdict).toBeDefined();
      expect(verdict).toEqual(sequential(path, true, expectation));
    }
    const torn = variant('torn.jsonl', `${lines.join('\n')}\n{"record_type":"dec`);
    const verdict = parallel(torn, true);
    expect(verdict?.torn_tail).toEqual({ offset: readFileSync(path).length, bytes: 19 });
    expect(verdict).toEqual(sequential(torn, true));
  });

  it('hands any problem back to the sequential check, which verifyLedger then words', () => {
    const changed = [...lines];
    changed[1700] = changed[1700]!.replace('"latency_ms":', '"latency_ms":1');
    const swapped = [...lines];
    [swapped[2000], swapped[2001]] = [swapped[2001]!, swapped[2000]!];
    const removed = lines.filter((_, i) => i !== 2500);
    for (const [name, variantLines] of [
      ['changed', changed],
      ['swapped', swapped],
      ['removed', removed],
    ] as const) {
      const file = variant(`${name}.jsonl`, `${variantLines.join('\n')}\n`);
      expect(parallel(file, true)).toBeUndefined();
      const verdict = verifyLedger(file, undefined, { fast: true, parallel: true });
      expect(verdict.valid).toBe(false);
      expect(verdict).toEqual(sequential(file, true));
      expect(verdict).toEqual(sequential(file, false));
    }
  });
});
