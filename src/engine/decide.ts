/**
 * Decision: thresholds on the score, floors from critical conditions, reason codes for every
 * factor that contributed, recommended actions, and the tier filter. The tier only filters
 * actions: it never changes a score or a decision.
 */
import {
  ACTIONS,
  type Action,
  Decision,
  type GovernancePolicy,
  type PlatformTier,
  worstDecision,
} from '../model.js';
import type { RiskAssessment } from './risk.js';

export interface DecisionOutcome {
  decision: Decision;
  reason_codes: string[];
  recommended_actions: Action[];
}

export function decisionForScore(score: number, policy: GovernancePolicy): Decision {
  const t = policy.risk_thresholds;
  if (score >= t.drop) return Decision.DROP;
  if (score >= t.quarantine) return Decision.QUARANTINE;
  if (score >= t.throttle) return Decision.THROTTLE;
  return Decision.ALLOW;
}

const BASE_ACTIONS: Record<Decision, Action[]> = {
  ALLOW: ['log'],
  THROTTLE: ['log', 'alert', 'throttle'],
  QUARANTINE: ['log', 'alert', 'quarantine'],
  DROP: ['log', 'alert', 'block'],
};

function recommendedActions(decision: Decision, risk: RiskAssessment): Action[] {
  // Stryker disable next-line ArrayDeclaration: equivalent, the result is filtered from ACTIONS, so a non-action in `extra` changes nothing
  const extra: Action[] = [];
  if (risk.factors.rate_limit_violation && decision !== Decision.ALLOW) extra.push('rate_limit');
  if (risk.factors.circuit_state === 'OPEN') extra.push('open_circuit');
  if (risk.factors.error_budget_burn_rate >= 1 && decision !== Decision.ALLOW) extra.push('page_oncall');
  const base = BASE_ACTIONS[decision];
  // Stryker disable next-line ConditionalExpression: equivalent, a speed-only shortcut; BASE_ACTIONS are in ACTIONS order, so the filter below gives the same list
  if (extra.length === 0) return base.slice();
  return ACTIONS.filter((a) => base.includes(a) || extra.includes(a));
}

export function decide(risk: RiskAssessment, policy: GovernancePolicy): DecisionOutcome {
  let decision = decisionForScore(risk.weighted, policy);
  const reason_codes = risk.contributing;
  for (const condition of risk.critical) {
    const floor = policy.critical_overrides[condition];
    if (floor !== decision && worstDecision(decision, floor) === floor) {
      decision = floor;
      reason_codes.push(`OVERRIDE_${condition.toUpperCase()}`);
    }
  }
  return { decision, reason_codes, recommended_actions: recommendedActions(decision, risk) };
}

/** recommended ∩ the tier's allowed actions, always including `log`. */
export function tierFilter(
  policy: GovernancePolicy,
  tier: PlatformTier,
): (recommended: readonly Action[]) => Action[] {
  const allowed = new Set<Action>(policy.autonomy_tiers[tier]);
  allowed.add('log');
  return (recommended) => recommended.filter((a) => allowed.has(a));
}
