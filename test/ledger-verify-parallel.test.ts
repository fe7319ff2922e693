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
import { canonicalJson } from '../src/canonical.js';
import { TrafficGovernanceEngine } from '../src/engine/engine.js';
import { chainRecord, Ledger, type LedgerExpectation, verifyLedger } from '../src/ledger/index.js';
import type { VerifyOptions } from '../src/ledger/verify.js';
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

type Mode = Pick<VerifyOptions, 'run' | 'allowIncomplete'>;

function parallel(
  file: string,
  fast: boolean,
  expectation?: LedgerExpectation,
  stats = { ranges: 0, helperRanges: 0 },
  mode: Mode = {},
) {
  const fd = openSync(file, 'r');
  try {
    return verifyInParallel(fd, file, fstatSync(fd).size, expectation, {
      ...mode,
      fast,
      rangeBytes: RANGE,
      waitForHelpers: true,
      stats,
    });
  } finally {
    closeSync(fd);
  }
}

const sequential = (file: string, fast: boolean, expectation?: LedgerExpectation, mode: Mode = {}) =>
  verifyLedger(file, expectation, { ...mode, fast, parallel: false });

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

/** The ledger a writer makes of these records (each chained onto the one before), as text. */
function rechain(records: Array<Record<string, unknown>>): string {
  const chained = [records[0]!];
  for (const { sequence: _s, previous_hash: _p, record_hash: _r, ...body } of records.slice(1))
    chained.push(
      chainRecord(body as { record_type: string }, chained.at(-1)!.record_hash as string, chained.length),
    );
  return `${chained.map((r) => canonicalJson(r)).join('\n')}\n`;
}

const ENDPOINT_VERDICT = {
  record_type: 'verdict',
  scope: 'endpoint',
  endpoint_key: 'GET /api/cart',
  verdict: 'ALLOW',
  decisions: {},
  requests: 1,
};
const RUN_VERDICT = { record_type: 'verdict', scope: 'run', verdict: 'ALLOW', decisions: {}, input: {} };

describe("parallel verification of a run's ledger (its structure, structure.ts)", () => {
  const run = { run: true };
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('a complete run verifies on helper threads with the sequential verdict, strict and fast', () => {
    const file = variant('complete.jsonl', rechain([...records(), ENDPOINT_VERDICT, RUN_VERDICT]));
    for (const fast of [false, true]) {
      const stats = { ranges: 0, helperRanges: 0 };
      const verdict = parallel(file, fast, undefined, stats, run);
      expect(stats.helperRanges).toBeGreaterThan(0);
      expect(verdict).toMatchObject({ valid: true, count: 3003 });
      expect(verdict).toEqual(sequential(file, fast, undefined, run));
    }
  });

  it('a run without its verdicts is incomplete in parallel too (or accepted as such when allowed)', () => {
    for (const mode of [run, { run: true, allowIncomplete: true }]) {
      const verdict = parallel(path, true, undefined, undefined, mode);
      expect(verdict).toBeDefined();
      expect(verdict).toEqual(sequential(path, true, undefined, mode));
    }
    expect(parallel(path, true, undefined, undefined, run)).toMatchObject({
      valid: false,
      failed_index: 3001,
      reason:
        'incomplete: the run that wrote this ledger did not finish: no run-verdict record after record 3000 (line 3001), the last one',
    });
  });

  it("a decision of another tier in a helper's range hands back to the sequential check", () => {
    const mixed = records();
    mixed[1700] = { ...mixed[1700], platform_tier: 'OBSERVE_ONLY' };
    const file = variant('mixed.jsonl', rechain([...mixed, RUN_VERDICT]));
    expect(parallel(file, true, undefined, undefined, run)).toBeUndefined();
    const verdict = verifyLedger(file, undefined, { ...run, fast: true, parallel: true });
    expect(verdict).toMatchObject({ valid: false, failed_index: 1700 });
    expect(verdict.reason).toMatch(
      /^record 1700 \(line 1701, byte \d+\): platform_tier "OBSERVE_ONLY" differs/,
    );
    expect(verdict).toEqual(sequential(file, false, undefined, run));
  });

  it('a verdict record ending one range and a decision starting the next: the seam refuses it', () => {
    // An endpoint verdict as long as the decision it replaces, on the last line of the first range (lineCuts).
    const original = `${lines.join('\n')}\n`;
    const size = Buffer.byteLength(original);
    const at = original.slice(0, Math.floor(size / Math.ceil(size / RANGE))).split('\n').length - 1;
    const bare = canonicalJson(chainRecord({ ...ENDPOINT_VERDICT, pad: '' }, 'ab'.repeat(32), at));
    const pad = 'x'.repeat(Buffer.byteLength(lines[at]!) - Buffer.byteLength(bare));
    const list = records();
    list.splice(at, 1, { ...ENDPOINT_VERDICT, pad });
    const text = rechain([...list, RUN_VERDICT]);
    expect(byteLength(text, at + 1)).toBe(byteLength(original, at + 1));
    const file = variant('seam.jsonl', text);
    const strict = sequential(file, false, undefined, run);
    expect(strict).toMatchObject({ valid: false, failed_index: at + 1 });
    expect(strict.reason).toMatch(/: a decision record after the verdict records$/);
    // Each range alone is a sound run's range: only the seam can see it.
    const stats = { ranges: 0, helperRanges: 0 };
    expect(parallel(file, true, undefined, stats, run)).toBeUndefined();
    expect(verifyLedger(file, undefined, { ...run, parallel: true })).toEqual(strict);
  });
});

/** Bytes of the first `n` lines of `text`. */
function byteLength(text: string, n: number): number {
  return Buffer.byteLength(text.split('\n').slice(0, n).join('\n')) + 1;
}
