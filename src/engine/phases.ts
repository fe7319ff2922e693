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

export function checkInvariants(phaseInvariants: Record<string, Invariant[]>, context: InvariantContext): InvariantCheck[] {
  const checks: InvariantCheck[] = [];
  for (const phase of Object.keys(phaseInvariants).sort()) {
    for (const invariant of phaseInvariants[phase]!) {
      checks.push({ phase: Number(phase), invariant, passed: CHECKS[invariant](context) });
    }
  }
  return checks;
}
