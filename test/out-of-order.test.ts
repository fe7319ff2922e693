/**
 * Issue 12 defect 8: events whose timestamp goes back on their endpoint are counted (beyond a stated
 * tolerance), reported on stderr, in summary.md and result.json, and refuse the run (exit 2) over the
 * policy's max_out_of_order_ratio (default 1%). The examples reversed used to give DROP 80 instead of
 * 36 without a word.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TrafficGovernanceEngine } from '../src/engine/engine.js';
import { EndpointWindow, OUT_OF_ORDER_TOLERANCE_S } from '../src/engine/window.js';
import { PlatformTier } from '../src/model.js';
import { createPolicy, normalizePolicy } from '../src/policy/policy.js';
import type { RunResult } from '../src/result.js';
import { DEFAULT_MAX_OUT_OF_ORDER_RATIO } from '../src/run/input.js';
import { cliIn } from './support/cli.js';

const EXAMPLES = join(import.meta.dirname, '..', 'examples');
const root = mkdtempSync(join(tmpdir(), 'tg-order-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the endpoint window counts events that go back in time beyond the tolerance', () => {
  it('counts only what is older than the latest event by more than the tolerance', () => {
    const w = new EndpointWindow({ rate_window_s: 60, burn_short_s: 300, burn_long_s: 3600 });
    const t = 1_800_000_000;
    w.record(t + 100, 10, false);
    w.record(t + 100 - OUT_OF_ORDER_TOLERANCE_S, 10, false); // exactly at the tolerance: in order
    w.record(t + 99, 10, false);
    expect(w.outOfOrder).toBe(0);
    w.record(t + 100 - OUT_OF_ORDER_TOLERANCE_S - 0.001, 10, false);
    w.record(t, 10, false);
    expect(w.outOfOrder).toBe(2);
    // The latest time moves on; an event late against the new one counts, the old time does not matter.
    w.record(t + 200, 10, false);
    w.record(t + 150, 10, false);
    expect([w.outOfOrder, w.nowS]).toEqual([3, t + 200]);
  });

  it('is kept per endpoint: another endpoint going back does not count against this one', () => {
    const engine = new TrafficGovernanceEngine({
      policy: createPolicy({ version: '1.0.0' }),
      platform_tier: PlatformTier.OBSERVE_ONLY,
    });
    const at = (url: string, timestamp: number) =>
      engine.processRequest({ url, method: 'GET', status_code: 200, latency_ms: 5, timestamp });
    at('/a', 1000);
    at('/b', 500); // earlier than /a's events, but /b's first
    at('/b', 400);
    const late = [...engine.endpointStates].map(([key, state]) => [key, state.window.outOfOrder]);
    expect(late).toEqual([
      ['GET /a', 0],
      ['GET /b', 1],
    ]);
  });
});

const cli = cliIn(root);

const reversed = join(root, 'reversed.jsonl');
writeFileSync(
  reversed,
  `${readFileSync(join(EXAMPLES, 'traffic.jsonl'), 'utf8').trimEnd().split('\n').reverse().join('\n')}\n`,
);
const policyFile = (extra: string) => {
  const file = join(root, `policy-${extra.length}.yaml`);
  writeFileSync(file, `${readFileSync(join(EXAMPLES, 'policy.yaml'), 'utf8')}\n${extra}\n`);
  return file;
};
const evaluate = (policy: string, out: string) =>
  cli([
    'evaluate',
    '--policy',
    policy,
    '--contracts',
    join(EXAMPLES, 'contracts.yaml'),
    '--traffic',
    reversed,
    '--tier',
    'CONTROL',
    '--out',
    out,
  ]);
const result = (out: string): RunResult => JSON.parse(readFileSync(join(root, out, 'result.json'), 'utf8'));

describe('a run over the examples reversed', () => {
  it('is refused by default (exit 2), naming the count, the endpoint, the limit and the fix', async () => {
    const run = await evaluate(join(EXAMPLES, 'policy.yaml'), 'default');
    expect(run.code).toBe(2);
    const error =
      '252 of 256 events (98.44%) are older than an earlier event of their endpoint by more than 5 s (most on POST /api/checkout: 125), ' +
      'more than max_out_of_order_ratio 1.00%: the windows would see them at the wrong time; sort the traffic by timestamp (files are read in name order), or raise max_out_of_order_ratio in the policy';
    expect(run.err).toContain(`traffic-governance: error: ${error}`);
    const r = result('default');
    expect(r.error).toBe(error);
    expect(r.input.out_of_order).toEqual({
      events: 252,
      ratio: 252 / 256,
      max_ratio: DEFAULT_MAX_OUT_OF_ORDER_RATIO,
      tolerance_s: OUT_OF_ORDER_TOLERANCE_S,
      endpoints: { 'GET /api/cart': 74, 'GET /api/orders/{orderId}': 53, 'POST /api/checkout': 125 },
    });
    const summary = readFileSync(join(root, 'default', 'summary.md'), 'utf8');
    expect(summary).toContain(
      '252 events out of time order (older than an earlier event of their endpoint by more than 5 s; 98.44% of accepted events; limit 1.00%) — **over the limit**, most on `POST /api/checkout` (125).',
    );
    // The refusal is anchored in the ledger's run verdict record.
    const ledger = readFileSync(join(root, 'default', 'ledger.jsonl'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(JSON.parse(ledger.at(-1)!).error).toBe(error);
  });

  it('runs with a warning when the policy allows it (max_out_of_order_ratio: 1)', async () => {
    const run = await evaluate(policyFile('max_out_of_order_ratio: 1'), 'allowed');
    expect(run.code).toBe(1); // DROP decisions in CONTROL: the gate, not an input error
    expect(run.err).toContain(
      "traffic-governance: warning: 252 of 256 events (98.44%) are older than an earlier event of their endpoint by more than 5 s (most on POST /api/checkout: 125); within max_out_of_order_ratio 100.00%, they count at their endpoint's latest time",
    );
    const r = result('allowed');
    expect(r.error).toBeUndefined();
    expect([r.input.out_of_order?.events, r.input.out_of_order?.max_ratio]).toEqual([252, 1]);
  });

  it('in time order says nothing and counts none', async () => {
    const run = await cli([
      'evaluate',
      '--policy',
      join(EXAMPLES, 'policy.yaml'),
      '--contracts',
      join(EXAMPLES, 'contracts.yaml'),
      '--traffic',
      join(EXAMPLES, 'traffic.jsonl'),
      '--tier',
      'CONTROL',
      '--out',
      'ordered',
    ]);
    expect(run.code).toBe(1);
    expect(run.err).not.toMatch(/out of|older than/);
    expect(result('ordered').input.out_of_order).toMatchObject({ events: 0, endpoints: {} });
    expect(readFileSync(join(root, 'ordered', 'summary.md'), 'utf8')).not.toContain('out of time order');
  });
});

describe('max_out_of_order_ratio in the policy', () => {
  it('is optional without a schema default, so a policy that leaves it out keeps its policy_hash', () => {
    expect(Object.hasOwn(normalizePolicy({ version: '1.0.0' }), 'max_out_of_order_ratio')).toBe(false);
    const set = createPolicy({ version: '1.0.0', max_out_of_order_ratio: 0.5 });
    expect(set.max_out_of_order_ratio).toBe(0.5);
    expect(set.policy_hash).not.toBe(createPolicy({ version: '1.0.0' }).policy_hash);
    expect(() => createPolicy({ version: '1.0.0', max_out_of_order_ratio: 2 })).toThrow(
      /max_out_of_order_ratio/,
    );
  });
});
