/** report/reasons.ts: why each endpoint got its verdict, in words, and the log's reason lines. */
import { describe, expect, it } from 'vitest';
import { endpointReasons, mainReasons, reasonLines, reasonText } from '../src/report/reasons.js';
import type { EndpointResult } from '../src/result.js';
import { endpoint, run } from './support/results.js';

/** A DROP contract endpoint well inside its contract, whose reasons are `reasons` (none: an old result). */
const within = (
  reasons: Record<string, number> | undefined,
  over: Partial<EndpointResult> = {},
): EndpointResult =>
  endpoint('POST /api/checkout', 'DROP', {
    errors: 1,
    error_rate: 0.02,
    latency_ms: { p50: 40, p95: 80, p99: 90, slo: 100 },
    rpm: { peak: 90, limit: 120 },
    ...(reasons === undefined ? {} : { reasons, error_budget: 0.05 }),
    ...over,
  });

const unknown = (reasons: Record<string, number> | undefined, over: Partial<EndpointResult> = {}) =>
  endpoint('GET /wp-login.php', 'QUARANTINE', {
    kind: 'unknown',
    contract_id: null,
    error_rate: 0.5,
    error_budget: 0.01,
    latency_ms: { p50: 5, p95: 3000, p99: 3000, slo: 1000 },
    rpm: { peak: 2000, limit: 1000 },
    ...(reasons === undefined ? {} : { reasons }),
    ...over,
  });

const transitions = (opened: number): EndpointResult['circuit_transitions'] =>
  Array.from({ length: opened }, (_, i) => [
    { from: 'CLOSED', to: 'OPEN', timestamp: 1_700_000_000 + 60 * i },
    { from: 'OPEN', to: 'HALF_OPEN', timestamp: 1_700_000_030 + 60 * i },
    { from: 'HALF_OPEN', to: 'CLOSED', timestamp: 1_700_000_040 + 60 * i },
  ]).flat();

describe('endpointReasons: one phrase per code family, with its numbers against the contract', () => {
  it('error rate: ERROR_RATE and ERROR_BUDGET_BURN_RATE read as one phrase, against the budget', () => {
    const e = within(
      { ERROR_RATE: 12, ERROR_BUDGET_BURN_RATE: 9 },
      { errors: 40, error_rate: 0.3125, error_budget: 0.05 },
    );
    expect(mainReasons(e)).toEqual([
      { code: 'ERROR_RATE', words: 'error rate 31.25% (budget 5%)', requests: 12 },
    ]);
    expect(
      endpointReasons(within({ ERROR_BUDGET_BURN_RATE: 3 }, { error_rate: 0.5, error_budget: 0.001 })),
    ).toEqual(['error rate 50.00% (budget 0.1%)']);
  });

  it('latency: p95 over the SLO, rounded to the millisecond', () => {
    const e = within({ LATENCY_SCORE: 5 }, { latency_ms: { p50: 900, p95: 3071.6, p99: 4000, slo: 2000 } });
    expect(endpointReasons(e)).toEqual(['p95 3072 ms > SLO 2000 ms']);
  });

  it('circuit: CIRCUIT_STATE and OVERRIDE_CIRCUIT_OPEN read as one phrase: how often it opened', () => {
    const e = within(
      { CIRCUIT_STATE: 9, OVERRIDE_CIRCUIT_OPEN: 7 },
      { circuit_transitions: transitions(3), circuit_transition_count: 9, circuit_state: 'CLOSED' },
    );
    expect(mainReasons(e)).toEqual([{ code: 'CIRCUIT_STATE', words: 'circuit OPEN 3×', requests: 9 }]);
    // Only the first transitions are kept: the count says there were more.
    const flapping = within(
      { CIRCUIT_STATE: 500 },
      { circuit_transitions: transitions(2), circuit_transition_count: 900, circuit_state: 'OPEN' },
    );
    expect(endpointReasons(flapping)).toEqual(['circuit OPEN 2+×']);
  });

  it('rate limit: the peak against the limit', () => {
    const e = within(
      { RATE_LIMIT_VIOLATION: 4, OVERRIDE_RATE_LIMIT_VIOLATION: 4 },
      { rpm: { peak: 1500, limit: 1000 } },
    );
    expect(mainReasons(e)).toEqual([
      { code: 'RATE_LIMIT_VIOLATION', words: 'peak 1500 rpm > limit 1000', requests: 4 },
    ]);
  });

  it('disallowed methods: each method with its requests', () => {
    const one = within(
      { METHOD_DISALLOWED: 4, OVERRIDE_METHOD_DISALLOWED: 4 },
      { disallowed_methods: { DELETE: 4 } },
    );
    expect(endpointReasons(one)).toEqual(['method DELETE not allowed ×4']);
    const two = within({ METHOD_DISALLOWED: 5 }, { disallowed_methods: { PATCH: 1, DELETE: 4 } });
    expect(endpointReasons(two)).toEqual(['methods DELETE ×4, PATCH ×1 not allowed']);
  });

  it('unknown endpoint: no contract, and nothing said against SLOs it does not have', () => {
    const e = unknown({
      UNKNOWN_ENDPOINT: 2,
      OVERRIDE_UNKNOWN_ENDPOINT: 2,
      INVARIANT_VIOLATED_CONTRACT_ID_PRESENT: 2,
      LATENCY_SCORE: 2,
      ERROR_RATE: 2,
      RATE_LIMIT_VIOLATION: 1,
    });
    expect(mainReasons(e)).toEqual([
      { code: 'UNKNOWN_ENDPOINT', words: 'no contract matches this path', requests: 2 },
    ]);
  });

  it('retry storm, invariants and a code this version does not know', () => {
    expect(endpointReasons(within({ RETRY_STORM: 7, OVERRIDE_RETRY_STORM: 7 }))).toEqual(['retry storm ×7']);
    expect(endpointReasons(within({ INVARIANT_VIOLATED_POLICY_HASH_VERIFIED: 2 }))).toEqual([
      'invariant policy_hash_verified violated ×2',
    ]);
    expect(
      endpointReasons(
        within({ INVARIANT_VIOLATED_POLICY_HASH_VERIFIED: 2, INVARIANT_VIOLATED_ACTIONS_WITHIN_TIER: 1 }),
      ),
    ).toEqual(['invariants actions_within_tier ×1, policy_hash_verified ×2 violated']);
    expect(mainReasons(within({ ZEBRA_FACTOR: 1, NEW_FACTOR: 1 }))).toEqual([
      { code: 'NEW_FACTOR', words: 'NEW_FACTOR ×1', requests: 1 },
      { code: 'ZEBRA_FACTOR', words: 'ZEBRA_FACTOR ×1', requests: 1 },
    ]);
  });

  it('factors that add to nearly every score are named only when nothing else explains the verdict', () => {
    const common = { LATENCY_SCORE: 9, ERROR_RATE: 4, LATENCY_REGRESSION: 3, TRAFFIC_ANOMALY: 5 };
    // Inside the contract, beside a rate-limit violation: only the violation.
    expect(
      endpointReasons(within({ ...common, RATE_LIMIT_VIOLATION: 2 }, { rpm: { peak: 130, limit: 120 } })),
    ).toEqual(['peak 130 rpm > limit 120']);
    // Nothing else: all of them, most requests first, with numbers that show they are within it.
    expect(endpointReasons(within(common))).toEqual([
      'p95 80 ms (SLO 100 ms)',
      'traffic anomaly ×5',
      'error rate 2.00% (budget 5%)',
      'latency regression ×3',
    ]);
    // Over the budget, the error rate is a main reason; the latency within its SLO is not.
    expect(endpointReasons(within(common, { error_rate: 0.1 }))).toEqual(['error rate 10.00% (budget 5%)']);
  });
});

describe('endpointReasons: order and fallbacks', () => {
  it('puts the reason most requests gave first, ties in the fixed family order', () => {
    const e = within(
      {
        CIRCUIT_STATE: 51,
        OVERRIDE_CIRCUIT_OPEN: 36,
        ERROR_RATE: 53,
        ERROR_BUDGET_BURN_RATE: 53,
        LATENCY_SCORE: 53,
        TRAFFIC_ANOMALY: 53,
        LATENCY_REGRESSION: 8,
        RETRY_STORM: 51,
      },
      {
        error_rate: 0.3125,
        latency_ms: { p50: 900, p95: 3072, p99: 4000, slo: 2000 },
        circuit_transitions: transitions(3),
        circuit_transition_count: 9,
      },
    );
    // 53: error rate before latency (family order); 51: circuit before retry storm.
    expect(endpointReasons(e)).toEqual([
      'error rate 31.25% (budget 5%)',
      'p95 3072 ms > SLO 2000 ms',
      'circuit OPEN 3×',
      'retry storm ×51',
    ]);
    const reversed = within(
      { RETRY_STORM: 60, CIRCUIT_STATE: 51 },
      { circuit_transitions: transitions(1), circuit_transition_count: 3 },
    );
    expect(endpointReasons(reversed)).toEqual(['retry storm ×60', 'circuit OPEN 1×']);
  });

  it('a result written before reasons were counted: what its aggregates show, in family order', () => {
    const old = within(undefined, {
      error_rate: 0.3125,
      error_budget_remaining: 0,
      latency_ms: { p50: 900, p95: 3072, p99: 4000, slo: 2000 },
      rpm: { peak: 1500, limit: 1000 },
      disallowed_methods: { DELETE: 4 },
      circuit_transitions: transitions(2),
      circuit_transition_count: 6,
    });
    expect(endpointReasons(old)).toEqual([
      'method DELETE not allowed ×4',
      'circuit OPEN 2×',
      'peak 1500 rpm > limit 1000',
      'error rate 31.25% (budget spent)',
      'p95 3072 ms > SLO 2000 ms',
    ]);
    const oldUnknown = unknown(undefined);
    expect(endpointReasons(oldUnknown)).toEqual(['no contract matches this path']);
    // Within every limit: nothing to say, and the verdict's share says why instead.
    const quiet = within(undefined);
    expect(endpointReasons(quiet)).toEqual([]);
    expect(reasonText(quiet)).toBe('reached by 15.00% of 20 requests');
  });
});

describe('reasonLines', () => {
  it('gives one line per endpoint that is not ALLOW, worst first, in the words of the issue', () => {
    const checkout = within(
      {
        ERROR_RATE: 53,
        LATENCY_SCORE: 53,
        CIRCUIT_STATE: 51,
        OVERRIDE_CIRCUIT_OPEN: 36,
        TRAFFIC_ANOMALY: 53,
      },
      {
        error_rate: 0.3125,
        latency_ms: { p50: 900, p95: 3072, p99: 4000, slo: 2000 },
        circuit_transitions: transitions(3),
        circuit_transition_count: 9,
      },
    );
    const search = endpoint('GET /api/search', 'THROTTLE', {
      rpm: { peak: 12, limit: 10 },
      reasons: { LATENCY_SCORE: 2, RATE_LIMIT_VIOLATION: 2, OVERRIDE_RATE_LIMIT_VIOLATION: 2 },
    });
    const r = run([search, endpoint('GET /api/cart'), unknown({ UNKNOWN_ENDPOINT: 3 }), checkout]);
    expect(reasonLines(r)).toEqual([
      'POST /api/checkout: DROP — error rate 31.25% (budget 5%), p95 3072 ms > SLO 2000 ms, circuit OPEN 3×',
      'GET /wp-login.php: QUARANTINE — no contract matches this path',
      'GET /api/search: THROTTLE — peak 12 rpm > limit 10',
    ]);
    expect(reasonLines(run([endpoint('GET /api/cart')]))).toEqual([]);
  });

  it('stops after `max` lines and counts the rest', () => {
    const many = Array.from({ length: 23 }, (_, i) =>
      unknown({ UNKNOWN_ENDPOINT: 1 }, { endpoint_key: `GET /u${String(i).padStart(2, '0')}` }),
    );
    const lines = reasonLines(run(many));
    expect(lines).toHaveLength(21);
    expect(lines[19]).toBe('GET /u19: QUARANTINE — no contract matches this path');
    expect(lines[20]).toBe('… and 3 more endpoints with findings: see summary.md');
    expect(reasonLines(run(many), 2).slice(1)).toEqual([
      'GET /u01: QUARANTINE — no contract matches this path',
      '… and 21 more endpoints with findings: see summary.md',
    ]);
    expect(reasonLines(run(many.slice(0, 20)))).toHaveLength(20);
  });

  it('escapes user text: a key or method can neither break the line nor hide itself', () => {
    const e = within(
      { METHOD_DISALLOWED: 1, 'X\u001b[31m': 1 },
      { endpoint_key: 'GET /a\nfake: DROP — \u202eevil', disallowed_methods: { 'DEL\rETE': 1 } },
    );
    expect(reasonLines(run([e]))).toEqual([
      'GET /a\\x0Afake: DROP — \\u{202E}evil: DROP — method DEL\\x0DETE not allowed ×1, X\\x1B[31m ×1',
    ]);
  });
});
