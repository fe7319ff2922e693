/**
 * Phase invariants: the checks the policy asks for at each Ouroboros phase. A violated
 * invariant becomes a reason code on the record, never an exception.
 */
import type { Action, Invariant, InvariantCheck } from '../model.js';

export interface InvariantContext {
  contract_id: string | null;
  risk_score: number;
  policy_hash_verified: boolean;
  actions_taken: readonly Action[];
  tier_actions: readonly Action[];
}

const CHECKS: Record<Invariant, (c: InvariantContext) => boolean> = {
  contract_id_present: (c) => c.contract_id !== null,
  risk_score_bounded: (c) => Number.isFinite(c.risk_score) && c.risk_score >= 0 && c.risk_score <= 1,
  policy_hash_verified: (c) => c.policy_hash_verified,
  actions_within_tier: (c) => c.actions_taken.every((a) => a === 'log' || c.tier_actions.includes(a)),
};

interface PlannedCheck {
  check: (c: InvariantContext) => boolean;
  /** Shared, frozen results: records reference them instead of allocating per event. */
  passed: InvariantCheck;
  failed: InvariantCheck;
}

/** The policy's invariants in phase order, prepared once. */
export function planInvariants(
  phaseInvariants: Record<string, Invariant[]>,
): (c: InvariantContext) => InvariantCheck[] {
  const plan: PlannedCheck[] = [];
  // Stryker disable next-line MethodExpression: equivalent, phase keys are single digits and integer-like keys enumerate in ascending order anyway
  for (const phase of Object.keys(phaseInvariants).sort()) {
    for (const invariant of phaseInvariants[phase]!) {
      // Keys in sorted order, so the record serializes canonically as it is.
      const result = (passed: boolean) => Object.freeze({ invariant, passed, phase: Number(phase) });
      plan.push({ check: CHECKS[invariant], passed: result(true), failed: result(false) });
    }
  }
  return (context) => plan.map((p) => (p.check(context) ? p.passed : p.failed));
}
