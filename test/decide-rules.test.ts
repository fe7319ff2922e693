/** decide.ts on its own: thresholds at their boundaries, override floors, actions and the tier filter. */
import { describe, expect, it } from 'vitest';
import { decide, decisionForScore, tierFilter } from '../src/engine/decide.js';
import type { CriticalCondition, RiskAssessment } from '../src/engine/risk.js';
import { createPolicy, type RiskFactors } from '../src/index.js';
import { ACTIONS } from '../src/model.js';
import { CALM_FACTORS } from './support/risk.js';

const policy = createPolicy({ version: '1.0.0' }); // thresholds 0.3 / 0.55 / 0.8
const calm = CALM_FACTORS;
const assessment = (
  weighted: number,
  factors: Partial<RiskFactors> = {},
  critical: CriticalCondition[] = [],
  contributing: string[] = [],
): RiskAssessment => ({
  factors: { ...calm, ...factors },
  weighted,
  score: weighted,
  contributing,
  critical,
});

describe('decisionForScore', () => {
  it('takes each threshold as reached exactly at its value', () => {
    const cases: [number, string][] = [
      [0, 'ALLOW'],
      [0.299999, 'ALLOW'],
      [0.3, 'THROTTLE'],
      [0.549999, 'THROTTLE'],
      [0.55, 'QUARANTINE'],
      [0.799999, 'QUARANTINE'],
      [0.8, 'DROP'],
      [1, 'DROP'],
    ];
    for (const [score, decision] of cases)
      expect([score, decisionForScore(score, policy)]).toEqual([score, decision]);
  });

  it('reads the thresholds from the policy', () => {
    const p = createPolicy({
      version: '1.0.0',
      risk_thresholds: { throttle: 0.1, quarantine: 0.2, drop: 0.3 },
    });
    expect([0.09, 0.1, 0.2, 0.3].map((s) => decisionForScore(s, p))).toEqual([
      'ALLOW',
      'THROTTLE',
      'QUARANTINE',
      'DROP',
    ]);
  });
});

describe('decide', () => {
  it('reaches QUARANTINE and DROP through the weighted score alone, with the base actions', () => {
    expect(decide(assessment(0.6, {}, [], ['ERROR_RATE']), policy)).toEqual({
      decision: 'QUARANTINE',
      reason_codes: ['ERROR_RATE'],
      recommended_actions: ['log', 'alert', 'quarantine'],
    });
    expect(decide(assessment(0.85, {}, [], ['ERROR_RATE']), policy)).toEqual({
      decision: 'DROP',
      reason_codes: ['ERROR_RATE'],
      recommended_actions: ['log', 'alert', 'block'],
    });
    expect(decide(assessment(0.3), policy)).toEqual({
      decision: 'THROTTLE',
      reason_codes: [],
      recommended_actions: ['log', 'alert', 'throttle'],
    });
    expect(decide(assessment(0.1), policy)).toEqual({
      decision: 'ALLOW',
      reason_codes: [],
      recommended_actions: ['log'],
    });
  });

  it('lifts the decision to a floor and names the override; a floor at or below the decision adds nothing', () => {
    const lifted = decide(
      assessment(0.1, { unknown_endpoint: true }, ['unknown_endpoint'], ['UNKNOWN_ENDPOINT']),
      policy,
    );
    expect(lifted.decision).toBe('QUARANTINE');
    expect(lifted.reason_codes).toEqual(['UNKNOWN_ENDPOINT', 'OVERRIDE_UNKNOWN_ENDPOINT']);

    const same = decide(
      assessment(0.6, { unknown_endpoint: true }, ['unknown_endpoint'], ['UNKNOWN_ENDPOINT']),
      policy,
    );
    expect(same.decision).toBe('QUARANTINE');
    expect(same.reason_codes).toEqual(['UNKNOWN_ENDPOINT']);

    const above = decide(assessment(0.9, { retry_storm: true }, ['retry_storm'], ['RETRY_STORM']), policy);
    expect(above.decision).toBe('DROP');
    expect(above.reason_codes).toEqual(['RETRY_STORM']);
  });

  it('applies every floor in turn: the worst one wins, each lift is named', () => {
    const r = decide(
      assessment(
        0,
        { rate_limit_violation: true, method_disallowed: true },
        ['rate_limit_violation', 'method_disallowed'],
        [],
      ),
      policy,
    );
    expect(r.decision).toBe('DROP');
    expect(r.reason_codes).toEqual(['OVERRIDE_RATE_LIMIT_VIOLATION', 'OVERRIDE_METHOD_DISALLOWED']);
    const reversed = decide(
      assessment(0, { rate_limit_violation: true, method_disallowed: true }, [
        'method_disallowed',
        'rate_limit_violation',
      ]),
      policy,
    );
    expect(reversed.decision).toBe('DROP');
    expect(reversed.reason_codes).toEqual(['OVERRIDE_METHOD_DISALLOWED']);
  });

  it('adds rate_limit and page_oncall only to a decision above ALLOW, open_circuit always, in ACTIONS order', () => {
    const all = { rate_limit_violation: true, circuit_state: 'OPEN' as const, error_budget_burn_rate: 1 };
    expect(decide(assessment(0.3, all), policy).recommended_actions).toEqual([
      'log',
      'alert',
      'rate_limit',
      'throttle',
      'open_circuit',
      'page_oncall',
    ]);
    expect(decide(assessment(0.1, all), policy).recommended_actions).toEqual(['log', 'open_circuit']);
    expect(decide(assessment(0.1, { rate_limit_violation: true }), policy).recommended_actions).toEqual([
      'log',
    ]);
    expect(decide(assessment(0.1, { error_budget_burn_rate: 1 }), policy).recommended_actions).toEqual([
      'log',
    ]);
  });

  it('pages on call from a burn rate of exactly 1, not below', () => {
    expect(decide(assessment(0.6, { error_budget_burn_rate: 1 }), policy).recommended_actions).toEqual([
      'log',
      'alert',
      'quarantine',
      'page_oncall',
    ]);
    expect(decide(assessment(0.6, { error_budget_burn_rate: 0.999 }), policy).recommended_actions).toEqual([
      'log',
      'alert',
      'quarantine',
    ]);
    expect(decide(assessment(0.9, { circuit_state: 'HALF_OPEN' }), policy).recommended_actions).toEqual([
      'log',
      'alert',
      'block',
    ]);
  });

  it('returns a fresh action list each time: changing one leaves the next decision alone', () => {
    decide(assessment(0.1), policy).recommended_actions.push('block');
    decide(assessment(0.9), policy).recommended_actions.length = 0;
    expect(decide(assessment(0.1), policy).recommended_actions).toEqual(['log']);
    expect(decide(assessment(0.9), policy).recommended_actions).toEqual(['log', 'alert', 'block']);
  });
});

describe('tierFilter', () => {
  const every = ACTIONS;

  it('keeps the recommended actions the tier allows, in their order', () => {
    expect(tierFilter(policy, 'CONTROL')(every)).toEqual([
      'log',
      'alert',
      'rate_limit',
      'throttle',
      'quarantine',
      'block',
    ]);
    expect(tierFilter(policy, 'OBSERVE_ONLY')(every)).toEqual(['log']);
    expect(tierFilter(policy, 'AUTONOMOUS')(['page_oncall', 'log'])).toEqual(['page_oncall', 'log']);
  });

  it('always keeps log, even when the tier does not list it', () => {
    const p = createPolicy({ version: '1.0.0', autonomy_tiers: { CONTROL: ['block'] } });
    expect(tierFilter(p, 'CONTROL')(['log', 'alert', 'block'])).toEqual(['log', 'block']);
    expect(tierFilter(p, 'CONTROL')(['alert'])).toEqual([]);
  });
});
