/**
 * The engine's risk factors from the window, value by value: latency regression and traffic anomaly
 * (each with its history minimum), burn rates over both windows, error statuses, retry storms, and
 * the record and profile it builds.
 */
import { describe, expect, it } from 'vitest';
import { createPolicy, EngineInputError, TrafficGovernanceEngine } from '../src/index.js';

const T0 = 1_790_000_000;
const contract = {
  contract_id: 's',
  endpoint_pattern: 'GET /s',
  max_latency_ms: 200,
  rate_limit_rpm: 1000,
  error_budget: 0.01,
};
const engine = (extra: Record<string, unknown> = {}, tier: 'CONTROL' | 'OBSERVE_ONLY' = 'CONTROL') =>
  new TrafficGovernanceEngine({
    policy: createPolicy({ version: '1.0.0', contracts: [contract], ...extra }),
    platform_tier: tier,
    clock: () => T0 + 0.5,
  });
const get = (t: number, extra: Record<string, unknown> = {}) => ({
  url: '/s',
  method: 'GET',
  status_code: 200,
  latency_ms: 100,
  timestamp: T0 + t,
  ...extra,
});

describe('latency regression', () => {
  it('needs ten earlier requests, then compares with their p95', () => {
    const e = engine();
    for (let i = 0; i < 9; i++) expect(e.processRequest(get(i)).risk_factors.latency_regression).toBe(0);
    // the 10th has nine before it: no baseline yet, however slow
    expect(e.processRequest(get(9, { latency_ms: 400 })).risk_factors.latency_regression).toBe(0);
    const p95 = e.baselines.get('GET /s')!.p95_latency_ms; // 9 × 100 ms and 400 ms: ~100 ms
    expect(p95).toBeGreaterThan(99);
    expect(p95).toBeLessThan(101);
    const slow = e.processRequest(get(10, { latency_ms: 300 }));
    expect(slow.risk_factors.latency_regression).toBeCloseTo(300 / p95 - 1, 9);
    expect(slow.reason_codes).toContain('LATENCY_REGRESSION');
    expect(e.processRequest(get(11, { latency_ms: 50 })).risk_factors.latency_regression).toBe(0);
  });
});

describe('traffic anomaly', () => {
  it('compares the rate now with the mean rate before, from the 21st request on', () => {
    const e = engine();
    for (let i = 0; i < 19; i++) expect(e.processRequest(get(60 * i)).risk_factors.traffic_anomaly).toBe(0);
    // the 20th comes 1 s after the 19th: twice the rate, but 20 requests are not enough history
    expect(e.processRequest(get(1081)).risk_factors.traffic_anomaly).toBe(0);
    // the 21st: 3 requests in the last minute against 20 over 1081 s before it
    const burst = e.processRequest(get(1082));
    expect(burst.risk_factors.traffic_anomaly).toBeCloseTo((3 * 1081) / (60 * 20) - 1, 9);
    expect(burst.reason_codes).toContain('TRAFFIC_ANOMALY');
  });

  it('is 0 when the rate falls', () => {
    const e = engine();
    for (let i = 0; i < 25; i++) e.processRequest(get(i));
    expect(e.processRequest(get(500)).risk_factors.traffic_anomaly).toBe(0);
  });
});

describe('error budget burn', () => {
  it('takes the smaller burn rate of the two windows, over burn_rate_critical', () => {
    const e = engine({ windows: { burn_short_s: 60, burn_long_s: 3600 } });
    for (let i = 0; i < 99; i++) e.processRequest(get(i));
    // short window: 1 error of 1 (burn 100); long window: 1 of 100 (burn 1)
    const r = e.processRequest(get(3000, { status_code: 503 }));
    expect(r.risk_factors.error_budget_burn_rate).toBeCloseTo(1 / 14.4, 12);
    const baseline = e.baselines.get('GET /s')!;
    expect([baseline.burn_rate_short, baseline.burn_rate_long]).toEqual([100, expect.closeTo(1, 12)]);
    expect(r.risk_factors.error_rate).toBe(1); // the rate window holds this request only
  });

  it('reads burn_rate_critical from the policy', () => {
    const r = engine({ burn_rate_critical: 50 }).processRequest(get(0, { status_code: 500 }));
    expect(r.risk_factors.error_budget_burn_rate).toBe(2);
    expect(r.recommended_actions).toContain('page_oncall');
  });
});

describe('errors, retries and latency', () => {
  it('counts the policy error statuses and any error_count as errors', () => {
    const e = engine({ error_statuses: [429, '5xx'] });
    const rate = (t: number, extra: Record<string, unknown>) =>
      e.processRequest(get(t * 100, extra)).risk_factors.error_rate;
    expect(rate(0, { status_code: 429 })).toBe(1);
    expect(rate(1, { status_code: 428 })).toBe(0);
    expect(rate(2, { status_code: 430 })).toBe(0);
    expect(rate(3, { status_code: 499 })).toBe(0);
    expect(rate(4, { status_code: 500 })).toBe(1);
    expect(rate(5, { status_code: 599 })).toBe(1);
    expect(rate(6, { status_code: 200, error_count: 1 })).toBe(1);
    expect(rate(7, { status_code: 200, error_count: 0 })).toBe(0);
    expect(rate(8, { status_code: 404 })).toBe(0);
  });

  it('takes a retry storm from retry_storm_threshold on', () => {
    const e = engine({ retry_storm_threshold: 3 });
    expect(e.processRequest(get(0, { retry_count: 2 })).risk_factors.retry_storm).toBe(false);
    const storm = e.processRequest(get(1, { retry_count: 3 }));
    expect(storm.risk_factors.retry_storm).toBe(true);
    expect(storm.decision).toBe('THROTTLE');
  });

  it('scores latency against the contract SLO, and violates the rate limit only above it', () => {
    const e = engine();
    const r = e.processRequest(get(0, { latency_ms: 50 }));
    expect(r.risk_factors.latency_score).toBe(0.25);
    const limited = new TrafficGovernanceEngine({
      policy: createPolicy({ version: '1.0.0', contracts: [{ ...contract, rate_limit_rpm: 2 }] }),
      platform_tier: 'CONTROL',
    });
    expect(limited.processRequest(get(0)).risk_factors.rate_limit_violation).toBe(false);
    expect(limited.processRequest(get(1)).risk_factors.rate_limit_violation).toBe(false);
    expect(limited.processRequest(get(2)).risk_factors.rate_limit_violation).toBe(true);
  });
});

describe('records and inputs', () => {
  it('builds the whole record, in canonical key order', () => {
    const r = engine().processRequest(get(0, { retry_count: 1, error_count: 0, url: 'https://h/s?x=1' }));
    const { previous_hash, record_hash, policy_hash, sequence, ...rest } = r;
    expect(rest).toEqual({
      actions_taken: ['log'],
      circuit_state: 'CLOSED',
      circuit_transitions: [],
      contract_id: 's',
      decision: 'ALLOW',
      endpoint_key: 'GET /s',
      invariant_checks: [
        { invariant: 'contract_id_present', passed: true, phase: 2 },
        { invariant: 'risk_score_bounded', passed: true, phase: 3 },
        { invariant: 'policy_hash_verified', passed: true, phase: 4 },
        { invariant: 'actions_within_tier', passed: true, phase: 5 },
      ],
      phases: [1, 2, 3, 4, 5, 6, 8],
      platform_tier: 'CONTROL',
      policy_version: '1.0.0',
      reason_codes: ['LATENCY_SCORE'],
      recommended_actions: ['log'],
      record_type: 'decision',
      request: {
        error_count: 0,
        latency_ms: 100,
        method: 'GET',
        path: '/s',
        retry_count: 1,
        status_code: 200,
      },
      risk_factors: {
        circuit_state: 'CLOSED',
        error_budget_burn_rate: 0,
        error_rate: 0,
        latency_regression: 0,
        latency_score: 0.5,
        method_disallowed: false,
        rate_limit_violation: false,
        retry_storm: false,
        traffic_anomaly: 0,
        unknown_endpoint: false,
      },
      risk_score: 0.05, // latency_score 0.5 → 0.25 × weight 0.2
      timestamp: T0,
    });
    expect(Object.keys(rest)).toEqual(Object.keys(rest).sort());
    expect(sequence).toBe(1);
    expect(previous_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(record_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(policy_hash).toBe(engine().policy.policy_hash);
  });

  it('names a violated invariant in the reason codes', () => {
    const r = engine({ autonomy_tiers: { OBSERVE_ONLY: [] } }, 'OBSERVE_ONLY').processRequest(get(0));
    expect(r.reason_codes).toEqual(['LATENCY_SCORE']);
    const unknown = engine().processRequest({ ...get(0), url: '/nowhere' });
    expect(unknown.reason_codes).toEqual([
      'LATENCY_SCORE',
      'UNKNOWN_ENDPOINT',
      'OVERRIDE_UNKNOWN_ENDPOINT',
      'INVARIANT_VIOLATED_CONTRACT_ID_PRESENT',
    ]);
    expect(unknown.contract_id).toBeNull();
    expect(unknown.endpoint_key).toBe('GET /nowhere');
  });

  it('takes the time from the clock only when the event has none', () => {
    const e = engine();
    expect(e.processRequest({ ...get(0), timestamp: undefined }).timestamp).toBe(T0 + 0.5);
    const { timestamp: _, ...untimed } = get(0);
    expect(e.processRequest(untimed).timestamp).toBe(T0 + 0.5);
    expect(e.processRequest(get(7)).timestamp).toBe(T0 + 7);
    const clockless = new TrafficGovernanceEngine({ policy: engine().policy, platform_tier: 'CONTROL' });
    const before = Date.now() / 1000;
    const now = clockless.processRequest(untimed).timestamp;
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now() / 1000);
  });

  it('refuses an unknown tier and an invalid event with EngineInputError', () => {
    expect(
      () => new TrafficGovernanceEngine({ policy: engine().policy, platform_tier: 'FULL' as 'CONTROL' }),
    ).toThrow(new EngineInputError('platform_tier must be one of OBSERVE_ONLY, CONTROL, AUTONOMOUS'));
    expect(new EngineInputError('x').name).toBe('EngineInputError');
    const bad = () => engine().processRequest({ ...get(0), status_code: 'x' as unknown as number });
    expect(bad).toThrow(EngineInputError);
    expect(bad).toThrow(/^invalid request event:\n.*status_code/s);
  });

  it('profiles each endpoint from its window', () => {
    const e = engine();
    e.processRequest(get(0, { latency_ms: 10 }));
    e.processRequest(get(30, { latency_ms: 20, status_code: 500 }));
    e.processRequest(get(50, { latency_ms: 20 }));
    const p = e.baselines.get('GET /s')!;
    expect(p).toMatchObject({
      endpoint_key: 'GET /s',
      contract_id: 's',
      request_count: 3,
      error_count: 1,
      error_rate: 1 / 3,
      requests_per_minute: 3,
      error_budget_remaining: 0,
      burn_rate_short: 1 / 3 / 0.01,
      burn_rate_long: 1 / 3 / 0.01,
      first_seen: T0,
      last_seen: T0 + 50,
    });
    expect(p.p50_latency_ms).toBeCloseTo(20, 0);
    expect(p.p95_latency_ms).toBeCloseTo(20, 0);
    expect(p.p99_latency_ms).toBeCloseTo(20, 0);
    expect(e.verifyLedgerIntegrity()).toEqual({ valid: true, failed_index: null });
    e.processRequest({ ...get(60), url: '/nowhere' });
    expect(e.baselines.get('GET /nowhere')).toMatchObject({ contract_id: null, request_count: 1 });
  });
});
