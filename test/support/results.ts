/**
 * RunResult builders for report tests: `endpoint()` gives a consistent EndpointResult of a verdict,
 * `run()` a RunResult around endpoints (totals, verdict and exit code derived from them).
 */
import { DECISION_ORDER, type Decision, severity } from '../../src/model.js';
import type { EndpointResult, RunResult } from '../../src/result.js';

let contractSeq = 0;

export function endpoint(
  key: string,
  verdict: Decision = 'ALLOW',
  over: Partial<EndpointResult> = {},
): EndpointResult {
  const decisions = { ALLOW: 17, THROTTLE: 0, QUARANTINE: 0, DROP: 0 };
  if (verdict !== 'ALLOW') decisions[verdict] = 3;
  const requests = decisions.ALLOW + decisions[verdict === 'ALLOW' ? 'THROTTLE' : verdict];
  contractSeq += 1;
  return {
    endpoint_key: key,
    contract_id: `contract-${contractSeq}`,
    kind: 'contract',
    requests,
    errors: 2,
    error_rate: 2 / requests,
    latency_ms: { p50: 12.5, p95: 80, p99: 120.25, slo: 100 },
    rpm: { peak: 130, limit: 120 },
    error_budget_remaining: 0.5,
    decisions,
    disallowed_methods: {},
    circuit_transitions: [],
    circuit_transition_count: 0,
    circuit_state: 'CLOSED',
    verdict,
    verdict_share: verdict === 'ALLOW' ? 1 : 3 / requests,
    ...over,
  };
}

/** A consistent RunResult around `endpoints`: totals, verdict and exit code derived from them. */
export function run(endpoints: EndpointResult[], over: Partial<RunResult> = {}): RunResult {
  const decisions = { ALLOW: 0, THROTTLE: 0, QUARANTINE: 0, DROP: 0 };
  for (const e of endpoints) for (const d of DECISION_ORDER) decisions[d] += e.decisions[d];
  const verdict = endpoints.reduce<Decision>(
    (w, e) => (severity(e.verdict) > severity(w) ? e.verdict : w),
    'ALLOW',
  );
  const tier = over.tier ?? 'CONTROL';
  const exit_code = tier === 'OBSERVE_ONLY' ? 0 : verdict === 'DROP' ? 1 : verdict === 'QUARANTINE' ? 3 : 0;
  const requests = DECISION_ORDER.reduce((s, d) => s + decisions[d], 0);
  return {
    result_format: 1,
    verdict,
    exit_code,
    tier,
    policy: { version: '1.2.0', hash: 'a1'.repeat(32), name: 'shop-policy' },
    gate: { min_share: 0 },
    ledger: {
      file: 'out/ledger.jsonl',
      head_hash: 'b2'.repeat(32),
      records: requests + endpoints.length + 1,
    },
    input: {
      files: [
        { file: 'traffic/e2e.har', format: 'har', read: 60, accepted: 59, rejected: 1 },
        { file: 'traffic/access.log', format: 'nginx', read: 40, accepted: 40, rejected: 0 },
      ],
      read: 100,
      accepted: 99,
      rejected: 1,
      rejected_ratio: 0.01,
      max_rejected_ratio: 0.01,
      rejected_samples: [
        { file: 'traffic/e2e.har', line: 7, pointer: '$.log.entries[3]', reason: 'status 999 > 599' },
      ],
    },
    decisions,
    endpoints,
    ...over,
  };
}

export const mixed = (): EndpointResult[] => [
  endpoint('GET /b/{id}', 'THROTTLE'),
  endpoint('GET /a', 'ALLOW'),
  endpoint('DELETE /z', 'DROP', {
    disallowed_methods: { PATCH: 1, DELETE: 3 },
    error_budget: 0.05,
    reasons: { OVERRIDE_METHOD_DISALLOWED: 3, METHOD_DISALLOWED: 3, LATENCY_SCORE: 3 },
  }),
  endpoint('GET /unknown/x', 'QUARANTINE', {
    kind: 'unknown',
    contract_id: null,
    latency_ms: { p50: 5, p95: 6, p99: 7, slo: 0 },
    rpm: { peak: 3, limit: 0 },
  }),
  endpoint('POST /c', 'DROP', {
    circuit_transitions: [
      { from: 'CLOSED', to: 'OPEN', timestamp: 1700000000 },
      { from: 'OPEN', to: 'HALF_OPEN', timestamp: 1700000030 },
    ],
    circuit_transition_count: 2,
    circuit_state: 'HALF_OPEN',
  }),
];
