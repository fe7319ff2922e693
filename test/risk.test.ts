/** risk.ts: each factor's normalization, the weighted score, critical floors and reason codes, value by value. */
import { describe, expect, it } from 'vitest';
import { criticalConditions, RiskAssessor, roundScore } from '../src/engine/risk.js';
import { createPolicy, RISK_FACTOR_NAMES, type RiskFactorName } from '../src/index.js';
import { CALM_FACTORS } from './support/risk.js';

const calm = CALM_FACTORS;
const zeroWeights = Object.fromEntries(RISK_FACTOR_NAMES.map((n) => [n, 0])) as Record<
  RiskFactorName,
  number
>;
/** An assessor that weighs one factor only: its weighted score is that factor's normalized value. */
const only = (name: RiskFactorName, extra: Record<string, unknown> = {}) =>
  new RiskAssessor(createPolicy({ version: '1.0.0', risk_weights: { ...zeroWeights, [name]: 2 }, ...extra }));
const defaults = new RiskAssessor(createPolicy({ version: '1.0.0' }));

describe('normalization: where each factor alone counts fully', () => {
  it.each([
    ['latency_score', { latency_score: 1 }, 0.5],
    ['latency_score', { latency_score: 2 }, 1],
    ['latency_score', { latency_score: 7 }, 1],
    ['error_rate', { error_rate: 0.25 }, 0.25],
    ['traffic_anomaly', { traffic_anomaly: 1 }, 0.25],
    ['traffic_anomaly', { traffic_anomaly: 4 }, 1],
    ['traffic_anomaly', { traffic_anomaly: 9 }, 1],
    ['rate_limit_violation', { rate_limit_violation: true }, 1],
    ['circuit_state', { circuit_state: 'HALF_OPEN' }, 0.5],
    ['circuit_state', { circuit_state: 'OPEN' }, 1],
    ['error_budget_burn_rate', { error_budget_burn_rate: 0.4 }, 0.4],
    ['error_budget_burn_rate', { error_budget_burn_rate: 3 }, 1],
    ['latency_regression', { latency_regression: 1 }, 0.5],
    ['latency_regression', { latency_regression: 5 }, 1],
    ['unknown_endpoint', { unknown_endpoint: true }, 1],
    ['method_disallowed', { method_disallowed: true }, 1],
    ['retry_storm', { retry_storm: true }, 1],
  ] as const)('%s %j weighs %d', (name, factors, expected) => {
    const r = only(name).assess({ ...calm, ...factors });
    expect(r.weighted).toBe(expected);
    expect(r.contributing).toEqual([name.toUpperCase()]);
  });

  it('gives 0 to every factor at rest', () => {
    for (const name of RISK_FACTOR_NAMES) {
      const r = only(name).assess(calm);
      expect([name, r.weighted, r.score, r.contributing, r.critical]).toEqual([name, 0, 0, [], []]);
    }
  });
});

describe('the weighted score', () => {
  it('divides by the sum of the weights, with the default weights summing to 1', () => {
    const r = defaults.assess({ ...calm, latency_score: 0.5, error_rate: 0.5, traffic_anomaly: 2 });
    // 0.2 × 0.25 + 0.2 × 0.5 + 0.05 × 0.5
    expect(r.weighted).toBe(0.175);
    expect(r.score).toBe(0.175);
    expect(r.contributing).toEqual(['LATENCY_SCORE', 'ERROR_RATE', 'TRAFFIC_ANOMALY']);
    const doubled = new RiskAssessor(
      createPolicy({ version: '1.0.0', risk_weights: { ...zeroWeights, latency_score: 3, error_rate: 1 } }),
    ).assess({ ...calm, latency_score: 2, error_rate: 0.5 });
    expect(doubled.weighted).toBe(0.875);
  });

  it('reaches QUARANTINE and DROP scores through the weights alone', () => {
    const bad = {
      ...calm,
      latency_score: 2,
      error_rate: 1,
      error_budget_burn_rate: 1,
      latency_regression: 2,
    };
    expect(defaults.assess(bad).score).toBe(0.55);
    expect(defaults.assess({ ...bad, circuit_state: 'HALF_OPEN', traffic_anomaly: 4 }).score).toBe(0.65);
    const dropped = defaults.assess({
      ...bad,
      circuit_state: 'HALF_OPEN',
      traffic_anomaly: 4,
      retry_storm: true,
      unknown_endpoint: true,
    });
    expect(dropped.weighted).toBe(0.8);
    expect(dropped.critical).toEqual(['unknown_endpoint', 'retry_storm']);
  });

  it('rounds to six decimals', () => {
    expect(only('error_rate').assess({ ...calm, error_rate: 1 / 3 }).weighted).toBe(0.333333);
    expect([roundScore(0.1234565), roundScore(0.9999996), roundScore(0.5)]).toEqual([0.123457, 1, 0.5]);
  });

  it('scores 0 when every weight is 0, yet names the critical conditions', () => {
    const r = new RiskAssessor(createPolicy({ version: '1.0.0', risk_weights: zeroWeights })).assess({
      ...calm,
      error_rate: 1,
      retry_storm: true,
    });
    expect(r.weighted).toBe(0);
    expect(r.score).toBe(0.3);
    expect(r.contributing).toEqual(['RETRY_STORM']);
  });
});

describe('critical conditions', () => {
  it('are found in a fixed order, and HALF_OPEN is none', () => {
    expect(
      criticalConditions({
        ...calm,
        retry_storm: true,
        rate_limit_violation: true,
        unknown_endpoint: true,
        method_disallowed: true,
        circuit_state: 'OPEN',
      }),
    ).toEqual([
      'circuit_open',
      'method_disallowed',
      'unknown_endpoint',
      'rate_limit_violation',
      'retry_storm',
    ]);
    expect(criticalConditions({ ...calm, circuit_state: 'HALF_OPEN' })).toEqual([]);
    expect(criticalConditions(calm)).toEqual([]);
  });

  it('lift the score to the threshold of their override decision, and never lower it', () => {
    const thresholds = { risk_thresholds: { throttle: 0.2, quarantine: 0.4, drop: 0.7 } };
    const cases = [
      [{ circuit_state: 'OPEN' }, 0.7, 'CIRCUIT_STATE'],
      [{ method_disallowed: true }, 0.7, 'METHOD_DISALLOWED'],
      [{ unknown_endpoint: true }, 0.4, 'UNKNOWN_ENDPOINT'],
      [{ rate_limit_violation: true }, 0.2, 'RATE_LIMIT_VIOLATION'],
      [{ retry_storm: true }, 0.2, 'RETRY_STORM'],
    ] as const;
    for (const [factors, floor, code] of cases) {
      const r = only('error_rate', thresholds).assess({ ...calm, ...factors });
      expect([code, r.weighted, r.score, r.contributing]).toEqual([code, 0, floor, [code]]);
      const high = only('error_rate', thresholds).assess({ ...calm, ...factors, error_rate: 0.9 });
      expect([code, high.score]).toEqual([code, 0.9]);
    }
  });

  it('take their floors from the policy overrides (ALLOW lifts nothing)', () => {
    const a = only('error_rate', {
      critical_overrides: {
        circuit_open: 'ALLOW',
        method_disallowed: 'THROTTLE',
        unknown_endpoint: 'DROP',
        rate_limit_violation: 'QUARANTINE',
        retry_storm: 'DROP',
      },
    });
    expect(a.assess({ ...calm, circuit_state: 'OPEN' }).score).toBe(0);
    expect(a.assess({ ...calm, method_disallowed: true }).score).toBe(0.3);
    expect(a.assess({ ...calm, unknown_endpoint: true }).score).toBe(0.8);
    expect(a.assess({ ...calm, rate_limit_violation: true }).score).toBe(0.55);
    expect(a.assess({ ...calm, retry_storm: true }).score).toBe(0.8);
    expect(a.assess({ ...calm, rate_limit_violation: true, retry_storm: true }).score).toBe(0.8);
  });

  it('name their factor once, after the contributing factors', () => {
    const r = only('retry_storm').assess({ ...calm, retry_storm: true, unknown_endpoint: true });
    expect(r.contributing).toEqual(['RETRY_STORM', 'UNKNOWN_ENDPOINT']);
    expect(r.factors).toEqual({ ...calm, retry_storm: true, unknown_endpoint: true });
  });
});
