/**
 * GOLDEN VALUES users depend on. A pipeline pins the policy hash (GitLab `expected_policy_hash`,
 * CLI `--expect-hash`), auditors keep ledger heads and checkpoint roots, and dashboards read risk
 * scores. A change to any literal below breaks every pinned GitLab template or every stored ledger
 * comparison: it is a versioned format change (policy_format / ledger_format, CHANGELOG), never a
 * side effect. Update a value only together with that format change.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { TrafficGovernanceEngine } from '../src/engine/engine.js';
import type { DecisionRecord, RequestEventInput } from '../src/model.js';
import { loadPolicy } from '../src/policy/load.js';
import { createPolicy } from '../src/policy/policy.js';
import type { RunResult } from '../src/result.js';

const REPO = join(import.meta.dirname, '..');
const EXAMPLES = join(REPO, 'examples');
const root = mkdtempSync(join(tmpdir(), 'tg-golden-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('golden policy hashes (a change breaks every pinned GitLab template)', () => {
  it('a policy that sets only its version: every format-1 default', () => {
    expect(createPolicy({ version: '1.0.0' }).policy_hash).toBe(
      '748d771b0e96149ea35bfa2810e637172f17c49cf1d8ee8217df89cb372efda2',
    );
  });

  it('examples/policy.yaml + examples/contracts.yaml', () => {
    const policy = loadPolicy(join(EXAMPLES, 'policy.yaml'), [join(EXAMPLES, 'contracts.yaml')]);
    expect(policy.policy_hash).toBe('2a07adcf8e0e7e00660f0716774ec4fc8b7f8d1a1da24e372afff7283aa04577');
  });

  it('examples/policy.yaml + examples/openapi/petstore.yaml (contracts from OpenAPI)', () => {
    const policy = loadPolicy(join(EXAMPLES, 'policy.yaml'), [join(EXAMPLES, 'openapi', 'petstore.yaml')]);
    expect(policy.policy_hash).toBe('1d7c95dab4f81915e6f8ab0b732702f2182c7744f07f888ed62f63be02a5aceb');
  });
});

describe('the examples run (examples/README.md quick start, --tier CONTROL)', () => {
  let code: number;
  const out = join(root, 'out');
  const file = (name: string) => readFileSync(join(out, name), 'utf8');
  beforeAll(async () => {
    const quickStart =
      "evaluate --policy examples/policy.yaml --contracts examples/contracts.yaml --traffic 'examples/traffic.*' examples/k6.json examples/access.log --tier CONTROL --out";
    code = await main([...quickStart.replaceAll("'", '').split(' '), out], {
      out: () => {},
      err: () => {},
      env: {},
      cwd: REPO,
    });
  });

  it('pins the policy hash, the ledger head and the checkpoint root', () => {
    expect(code).toBe(1);
    const result = JSON.parse(file('result.json')) as RunResult;
    expect(result.policy.hash).toBe('2a07adcf8e0e7e00660f0716774ec4fc8b7f8d1a1da24e372afff7283aa04577');
    expect(result.ledger.head_hash).toBe('cf307747214a1aa6671ebabb926827ae7dcb9e939b47dcb3c391853e6bd1d7b0');
    const lines = file('ledger.jsonl').trimEnd().split('\n');
    expect(lines).toHaveLength(480);
    expect(JSON.parse(lines.at(-1)!).record_hash).toBe(result.ledger.head_hash);
    // C2SP checkpoint: origin, tree size, base64 RFC 9162 root over every ledger line.
    expect(file('ledger.checkpoint').split('\n').slice(0, 3)).toEqual([
      'traffic-governance',
      '480',
      'U3qu4dSy/rljxcMpJl1niFmSMf/5Q9lA3vY1J2bcaCA=',
    ]);
  });
});

describe('exact risk scores of the override cases', () => {
  const T0 = 1_773_133_200; // 2026-03-10T09:00:00Z, the examples' day
  const ok = (method: string, url: string, t: number, extra: Partial<RequestEventInput> = {}) => ({
    method,
    url,
    status_code: 200,
    latency_ms: 50,
    timestamp: t,
    ...extra,
  });
  const summary = (r: DecisionRecord) => [r.risk_score, r.decision, r.reason_codes];

  it('the examples policy: each critical condition lifts the score to its decision threshold exactly', () => {
    const policy = loadPolicy(join(EXAMPLES, 'policy.yaml'), [join(EXAMPLES, 'contracts.yaml')]);
    const engine = new TrafficGovernanceEngine({ policy, platform_tier: 'CONTROL' });
    const run = (event: RequestEventInput) => summary(engine.processRequest(event));

    expect(run(ok('GET', '/wp-login.php', T0))).toEqual([
      0.55,
      'QUARANTINE',
      [
        'LATENCY_SCORE',
        'UNKNOWN_ENDPOINT',
        'OVERRIDE_UNKNOWN_ENDPOINT',
        'INVARIANT_VIOLATED_CONTRACT_ID_PRESENT',
      ],
    ]);
    expect(run(ok('DELETE', '/api/products/1', T0))).toEqual([
      0.8,
      'DROP',
      ['LATENCY_SCORE', 'METHOD_DISALLOWED', 'OVERRIDE_METHOD_DISALLOWED'],
    ]);
    expect(run(ok('GET', '/api/cart', T0, { retry_count: 3 }))).toEqual([
      0.3,
      'THROTTLE',
      ['LATENCY_SCORE', 'RETRY_STORM', 'OVERRIDE_RETRY_STORM'],
    ]);
    // search allows 10 requests per minute: the 11th is a rate-limit violation.
    const search = Array.from({ length: 11 }, (_, i) => run(ok('GET', '/api/search', T0 + i)));
    expect(search[9]).toEqual([0.007813, 'ALLOW', ['LATENCY_SCORE']]);
    expect(search[10]).toEqual([
      0.3,
      'THROTTLE',
      ['LATENCY_SCORE', 'RATE_LIMIT_VIOLATION', 'LATENCY_REGRESSION', 'OVERRIDE_RATE_LIMIT_VIOLATION'],
    ]);
    // checkout: five failures open the circuit (minimum_calls 5); the next request meets it OPEN.
    const checkout = Array.from({ length: 6 }, (_, i) =>
      run(ok('POST', '/api/checkout', T0 + 100 + i, { status_code: 503 })),
    );
    expect(checkout[4]).toEqual([
      0.353125,
      'THROTTLE',
      ['LATENCY_SCORE', 'ERROR_RATE', 'ERROR_BUDGET_BURN_RATE'],
    ]);
    expect(checkout[5]).toEqual([
      0.8,
      'DROP',
      ['LATENCY_SCORE', 'ERROR_RATE', 'CIRCUIT_STATE', 'ERROR_BUDGET_BURN_RATE', 'OVERRIDE_CIRCUIT_OPEN'],
    ]);
    // No critical condition: the weighted score alone (above the quarantine threshold, no floor).
    expect(run(ok('GET', '/api/orders/7', T0 + 200, { latency_ms: 2000, status_code: 500 }))).toEqual([
      0.6,
      'QUARANTINE',
      ['LATENCY_SCORE', 'ERROR_RATE', 'ERROR_BUDGET_BURN_RATE'],
    ]);
  });

  it('the floors follow the policy thresholds (not fixed numbers): 0.25 / 0.5 / 0.75 here', () => {
    const policy = createPolicy({
      version: '1.0.0',
      risk_thresholds: { throttle: 0.25, quarantine: 0.5, drop: 0.75 },
      contracts: [{ contract_id: 'r', endpoint_pattern: 'GET /r' }],
    });
    const engine = new TrafficGovernanceEngine({ policy, platform_tier: 'OBSERVE_ONLY' });
    const score = (event: RequestEventInput) => {
      const r = engine.processRequest(event);
      return [r.risk_score, r.decision];
    };
    expect(score(ok('GET', '/nowhere', T0))).toEqual([0.5, 'QUARANTINE']);
    expect(score(ok('POST', '/r', T0))).toEqual([0.75, 'DROP']);
    expect(score(ok('GET', '/r', T0, { retry_count: 5 }))).toEqual([0.25, 'THROTTLE']);
  });
});
