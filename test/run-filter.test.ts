/**
 * evaluate() with the policy's traffic_filter: filtered requests never reach the engine or the
 * ledger's decisions, are counted per rule (result.json, the ledger's run record, summary.md), are
 * neither accepted nor rejected, and a run without a filter writes what it always wrote.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/ledger/index.js';
import type { GovernancePolicyInput, TrafficFilter } from '../src/model.js';
import { createPolicy } from '../src/policy/policy.js';
import { evaluate } from '../src/run.js';

const root = mkdtempSync(join(tmpdir(), 'tg-run-filter-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

const T0 = 1_773_133_200;
const ev = (url: string, at: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ url, method: 'GET', status_code: 200, latency_ms: 20, timestamp: T0 + at, ...extra });

const policy = (extra: Partial<GovernancePolicyInput> = {}) =>
  createPolicy({
    version: '1.0.0',
    contracts: [{ contract_id: 'items', endpoint_pattern: 'GET /api/items/{id}' }],
    ...extra,
  });

async function run(lines: string[], p = policy()) {
  const dir = join(root, `case-${++dirs}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'traffic.jsonl'), `${lines.join('\n')}\n`);
  const out = join(dir, 'out');
  const result = await evaluate({
    policy: p,
    traffic: ['traffic.jsonl'],
    format: 'auto',
    tier: 'CONTROL',
    outDir: out,
    cwd: dir,
    env: {},
  });
  const ledger = readFileSync(join(out, 'ledger.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const summary = readFileSync(join(out, 'summary.md'), 'utf8');
  return { result, ledger, summary, out };
}

const TRAFFIC = [
  ev('https://app.test/api/items/1', 0),
  ev('https://cdn.test/lib/bootstrap.min.css', 1),
  ev('https://app.test/api/items/2', 2),
  ev('/api/health', 3, { host: 'app.test' }),
  ev('https://app.test/favicon.ico', 4),
  ev('https://analytics.test/collect', 5),
  ev('/api/items/3', 6),
];

const FILTER: TrafficFilter = {
  hosts: ['app.test'],
  exclude_static_assets: true,
  exclude_paths: ['/api/health'],
};

describe('evaluate with a traffic_filter', () => {
  it('governs only what the filter keeps and counts the rest per rule, read but neither accepted nor rejected', async () => {
    const { result, ledger, summary, out } = await run(TRAFFIC, policy({ traffic_filter: FILTER }));
    expect(result.error).toBeUndefined();
    expect(result.endpoints.map((e) => [e.endpoint_key, e.requests])).toEqual([['GET /api/items/{id}', 3]]);
    expect(result.input).toMatchObject({ read: 7, accepted: 3, rejected: 0, rejected_ratio: 0 });
    expect(result.input.filtered).toEqual({
      total: 4,
      by_rule: { hosts: 2, resource_types: 0, exclude_static_assets: 1, exclude_paths: 1 },
    });
    expect(result.input.files).toEqual([
      { file: 'traffic.jsonl', format: 'jsonl', read: 7, accepted: 3, rejected: 0, filtered: 4 },
    ]);
    // The ledger: genesis, one decision per governed request, the endpoint verdict, the run verdict.
    expect(ledger.map((r) => r.record_type)).toEqual([
      'genesis',
      'decision',
      'decision',
      'decision',
      'verdict',
      'verdict',
    ]);
    expect(ledger.at(-1)!.input).toEqual({
      read: 7,
      accepted: 3,
      rejected: 0,
      filtered: result.input.filtered,
    });
    expect(verifyLedger(join(out, 'ledger.jsonl')).valid).toBe(true);
    expect(summary).toContain(
      "The policy's traffic_filter removed 4 requests before evaluation (hosts 2, resource_types 0, exclude_static_assets 1, exclude_paths 1).",
    );
    expect(summary).toContain('0.00% of lines not filtered');
  });

  it('without a traffic_filter nothing is filtered and no filtered count is written anywhere', async () => {
    const { result, ledger, summary } = await run(TRAFFIC);
    expect(result.input).toMatchObject({ read: 7, accepted: 7, rejected: 0 });
    expect('filtered' in result.input).toBe(false);
    expect('filtered' in result.input.files[0]!).toBe(false);
    expect(ledger.at(-1)!.input).toEqual({ read: 7, accepted: 7, rejected: 0 });
    expect(summary).not.toContain('traffic_filter removed');
    expect(result.endpoints.length).toBeGreaterThan(1);
  });

  it('filtered requests count neither for nor against max_rejected_ratio', async () => {
    const noise = Array.from({ length: 98 }, (_, i) => ev(`https://cdn.test/a${i}.js`, i));
    const lines = [...noise, ev('https://app.test/api/items/1', 99), '{"url": 1}'];
    const { result } = await run(lines, policy({ traffic_filter: FILTER, max_rejected_ratio: 0.1 }));
    expect(result.input).toMatchObject({ read: 100, accepted: 1, rejected: 1, rejected_ratio: 0.5 });
    expect(result.exit_code).toBe(2);
    expect(result.error).toMatch(
      /^1 of 2 input lines were rejected \(50\.00%, not counting the 98 traffic_filter removed\), more than max_rejected_ratio 10\.00%; first: traffic\.jsonl:100: /,
    );
  });

  it('a filter that removes every request is an input error that says which rules did it', async () => {
    const { result } = await run(TRAFFIC.slice(0, 6), policy({ traffic_filter: { hosts: ['other.test'] } }));
    expect(result.exit_code).toBe(2);
    expect(result.input.filtered).toEqual({ total: 6, by_rule: { hosts: 6, resource_types: 0 } });
    expect(result.error).toBe(
      "no request was evaluated: the policy's traffic_filter removed all 6 requests (hosts 6, resource_types 0); " +
        'check that its hosts, resource_types and exclude_paths keep the API calls you mean to govern',
    );
  });
});
