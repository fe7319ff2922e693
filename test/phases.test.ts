/** phases.ts: each invariant at its boundary, in phase order, as shared frozen results. */
import { describe, expect, it } from 'vitest';
import { type InvariantContext, planInvariants } from '../src/engine/phases.js';

const good: InvariantContext = {
  contract_id: 'c',
  risk_score: 0.5,
  policy_hash_verified: true,
  actions_taken: ['log', 'alert'],
  tier_actions: ['alert'],
};
const check = (
  invariant: Parameters<typeof planInvariants>[0][string][number],
  context: Partial<InvariantContext>,
) => planInvariants({ '3': [invariant] })({ ...good, ...context })[0]!.passed;

describe('planInvariants', () => {
  it('runs the checks in phase order, numbering each phase', () => {
    const run = planInvariants({
      '5': ['actions_within_tier'],
      '2': ['contract_id_present', 'risk_score_bounded'],
      '4': ['policy_hash_verified'],
    });
    expect(run(good)).toEqual([
      { invariant: 'contract_id_present', passed: true, phase: 2 },
      { invariant: 'risk_score_bounded', passed: true, phase: 2 },
      { invariant: 'policy_hash_verified', passed: true, phase: 4 },
      { invariant: 'actions_within_tier', passed: true, phase: 5 },
    ]);
    expect(planInvariants({})(good)).toEqual([]);
  });

  it('shares one frozen result per outcome, with its keys in canonical order', () => {
    const run = planInvariants({ '2': ['contract_id_present'] });
    const [a] = run(good);
    const [b] = run(good);
    const [c] = run({ ...good, contract_id: null });
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    expect(c).toEqual({ invariant: 'contract_id_present', passed: false, phase: 2 });
    expect(Object.keys(c!)).toEqual(['invariant', 'passed', 'phase']);
  });

  it('needs a contract id', () => {
    expect(check('contract_id_present', { contract_id: null })).toBe(false);
    expect(check('contract_id_present', { contract_id: '' })).toBe(true);
  });

  it('bounds the risk score to [0, 1], finite', () => {
    const bounded = (risk_score: number) => check('risk_score_bounded', { risk_score });
    expect([0, 1, 0.5].map(bounded)).toEqual([true, true, true]);
    expect([-0.000001, 1.000001, Number.NaN, Number.POSITIVE_INFINITY].map(bounded)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('passes on the policy hash check as given', () => {
    expect(check('policy_hash_verified', { policy_hash_verified: false })).toBe(false);
    expect(check('policy_hash_verified', { policy_hash_verified: true })).toBe(true);
  });

  it('lets every action but log need the tier', () => {
    const within = (actions_taken: InvariantContext['actions_taken']) =>
      check('actions_within_tier', { actions_taken, tier_actions: ['alert'] });
    expect(within(['log'])).toBe(true);
    expect(within(['log', 'alert'])).toBe(true);
    expect(within([])).toBe(true);
    expect(within(['alert', 'block'])).toBe(false);
    expect(within(['block', 'log'])).toBe(false);
  });
});
