/** run/aggregate.ts: what each endpoint's result says, built from the engine's records and states. */
import { describe, expect, it } from 'vitest';
import { EndpointState } from '../src/engine/engine.js';
import { createPolicy, type DecisionRecord, TrafficGovernanceEngine } from '../src/index.js';
import { EndpointAggregator, MAX_TRANSITIONS_PER_ENDPOINT } from '../src/run/aggregate.js';

const T0 = 1_790_000_000;
const policy = createPolicy({
  version: '1.0.0',
  contracts: [
    {
      contract_id: 's',
      endpoint_pattern: 'GET /s',
      max_latency_ms: 100,
      rate_limit_rpm: 50,
      error_budget: 0.5,
    },
  ],
});
const request = (url: string, i: number, extra: Record<string, unknown> = {}) => ({
  url,
  method: 'GET',
  status_code: 200,
  latency_ms: 10,
  timestamp: T0 + i,
  ...extra,
});

function aggregate(requests: ReturnType<typeof request>[], minShare = 0) {
  const engine = new TrafficGovernanceEngine({ policy, platform_tier: 'CONTROL' });
  const aggregator = new EndpointAggregator();
  for (const r of requests) aggregator.add(engine.processRequest(r), engine.endpointStates);
  return aggregator.results(engine.endpointStates, minShare);
}

describe('EndpointAggregator', () => {
  it('gives every figure of a contract endpoint', () => {
    const [s, ...rest] = aggregate([
      request('/s', 0),
      request('/s', 1, { latency_ms: 30 }),
      request('/s', 2, { status_code: 503, latency_ms: 20 }),
      request('/s', 3, { latency_ms: 40 }),
    ]);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({
      endpoint_key: 'GET /s',
      contract_id: 's',
      kind: 'contract',
      requests: 4,
      errors: 1,
      error_rate: 0.25,
      rpm: { peak: 4, limit: 50 },
      error_budget_remaining: 0.5,
      circuit_transitions: [],
      circuit_transition_count: 0,
      circuit_state: 'CLOSED',
      disallowed_methods: {},
    });
    expect(s!.latency_ms.slo).toBe(100);
    // DDSketch, 1% relative accuracy: the 2nd and 3rd of 10, 20, 30, 40 ms
    expect(Math.abs(s!.latency_ms.p50 - 20)).toBeLessThan(0.2);
    expect(Math.abs(s!.latency_ms.p95 - 30)).toBeLessThan(0.3);
    expect(Math.abs(s!.latency_ms.p99 - 30)).toBeLessThan(0.3);
    expect(s!.decisions.ALLOW + s!.decisions.THROTTLE + s!.decisions.QUARANTINE + s!.decisions.DROP).toBe(4);
  });

  it('counts decisions by kind and takes the verdict with its share from min_share', () => {
    const requests = [request('/s', 0), request('/s', 1), request('/s', 2, { method: 'PUT' })];
    const [any] = aggregate(requests, 0);
    expect(any!.decisions).toEqual({ ALLOW: 2, THROTTLE: 0, QUARANTINE: 0, DROP: 1 });
    expect([any!.verdict, any!.verdict_share]).toEqual(['DROP', 1 / 3]);
    const [most] = aggregate(requests, 0.5);
    expect([most!.verdict, most!.verdict_share]).toEqual(['ALLOW', 1]);
  });

  it('counts an unknown endpoint as unknown, with no contract and the unknown SLOs', () => {
    const [u] = aggregate([request('/nowhere', 0)]);
    expect(u).toMatchObject({
      endpoint_key: 'GET /nowhere',
      contract_id: null,
      kind: 'unknown',
      requests: 1,
    });
    expect(u!.decisions.QUARANTINE).toBe(1);
  });

  it("counts an endpoint's disallowed methods by method, sorted, and not the allowed one", () => {
    const [s] = aggregate([
      request('/s', 0, { method: 'POST' }),
      request('/s', 1),
      request('/s', 2, { method: 'POST' }),
      request('/s', 3, { method: 'DELETE' }),
    ]);
    expect(s!.endpoint_key).toBe('GET /s');
    expect(s!.disallowed_methods).toEqual({ DELETE: 1, POST: 2 });
    expect(Object.keys(s!.disallowed_methods)).toEqual(['DELETE', 'POST']);
  });

  it('counts the reason codes of the requests that were not ALLOW, keys sorted, beside the error budget', () => {
    const [u, s] = aggregate([
      request('/s', 0, { retry_count: 0 }), // ALLOW: its LATENCY_SCORE is not a reason for a verdict
      request('/s', 1, { method: 'PUT' }),
      request('/s', 2, { method: 'PUT' }),
      request('/s', 3, { retry_count: 50 }),
      request('/nowhere', 4),
    ]);
    expect(s!.decisions).toEqual({ ALLOW: 1, THROTTLE: 1, QUARANTINE: 0, DROP: 2 });
    expect(s!.error_budget).toBe(0.5);
    expect(s!.reasons).toEqual({
      LATENCY_SCORE: 3,
      METHOD_DISALLOWED: 2,
      OVERRIDE_METHOD_DISALLOWED: 2,
      OVERRIDE_RETRY_STORM: 1,
      RETRY_STORM: 1,
    });
    expect(Object.keys(s!.reasons!)).toEqual(Object.keys(s!.reasons!).sort());
    expect(u!.error_budget).toBe(0.01); // the SLO of a path no contract matches
    expect(u!.reasons).toEqual({
      INVARIANT_VIOLATED_CONTRACT_ID_PRESENT: 1,
      LATENCY_SCORE: 1,
      OVERRIDE_UNKNOWN_ENDPOINT: 1,
      UNKNOWN_ENDPOINT: 1,
    });
    const [quiet] = aggregate([request('/s', 0)]);
    expect(quiet!.reasons).toEqual({});
  });

  it('sorts endpoints by code unit (not locale), whatever order they were first seen in', () => {
    const keys = aggregate([
      request('/b', 0),
      request('/a', 1),
      request('/B', 2),
      request('/s', 3),
      request('/a', 4, { method: 'DELETE' }),
      request('/C', 5),
    ]).map((e) => e.endpoint_key);
    expect(keys).toEqual(['DELETE /a', 'GET /B', 'GET /C', 'GET /a', 'GET /b', 'GET /s']);
  });

  it(`keeps the first ${MAX_TRANSITIONS_PER_ENDPOINT} circuit transitions with their event time, and counts all`, () => {
    expect(MAX_TRANSITIONS_PER_ENDPOINT).toBe(100);
    const engine = new TrafficGovernanceEngine({ policy, platform_tier: 'CONTROL' });
    const aggregator = new EndpointAggregator();
    const base = engine.processRequest(request('/s', 0));
    const flap = (n: number, i: number): DecisionRecord => ({
      ...base,
      circuit_transitions: Array.from({ length: n }, (_, k) => ({
        from: k % 2 === 0 ? 'CLOSED' : 'OPEN',
        to: k % 2 === 0 ? 'OPEN' : 'CLOSED',
      })),
      timestamp: T0 + i,
    });
    aggregator.add(flap(0, 0), engine.endpointStates);
    for (let i = 1; i <= 33; i++) {
      engine.processRequest(request('/s', i));
      aggregator.add(flap(3, i), engine.endpointStates); // 99 transitions after i = 33
    }
    engine.processRequest(request('/s', 40));
    aggregator.add(flap(2, 40), engine.endpointStates); // the 100th fits, the 101st does not
    engine.processRequest(request('/s', 50));
    aggregator.add(flap(2, 50), engine.endpointStates);
    const [s] = aggregator.results(engine.endpointStates, 0);
    expect(s!.circuit_transition_count).toBe(103);
    expect(s!.circuit_transitions).toHaveLength(100);
    expect(s!.circuit_transitions[0]).toEqual({ from: 'CLOSED', to: 'OPEN', timestamp: T0 + 1 });
    expect(s!.circuit_transitions[98]).toEqual({ from: 'CLOSED', to: 'OPEN', timestamp: T0 + 33 });
    expect(s!.circuit_transitions[99]).toEqual({ from: 'CLOSED', to: 'OPEN', timestamp: T0 + 40 });
    expect(s!.decisions.ALLOW).toBe(36);
  });

  it('gives an error rate of 0 for an endpoint without requests, and refuses an endpoint the engine never saw', () => {
    const engine = new TrafficGovernanceEngine({ policy, platform_tier: 'CONTROL' });
    const aggregator = new EndpointAggregator();
    aggregator.add(engine.processRequest(request('/s', 0)), engine.endpointStates);
    const empty = new Map([['GET /s', new EndpointState('GET /s', policy.contracts[0]!, policy)]]);
    const [s] = aggregator.results(empty, 0);
    expect(s!.requests).toBe(0);
    expect(s!.error_rate).toBe(0);
    expect(s!.latency_ms).toEqual({ p50: 0, p95: 0, p99: 0, slo: 100 });
    expect(() => aggregator.results(new Map(), 0)).toThrow('internal: no engine state for endpoint GET /s');
  });
});
