/**
 * Risk: every factor of the seed, each normalized to [0, 1] and weighted by the policy;
 * critical conditions lift the score to at least their floor. The score is in [0, 1].
 */
import {
  CircuitState,
  DEFAULT_CRITICAL_SCORES,
  type GovernancePolicy,
  RISK_FACTOR_NAMES,
  type RiskFactorName,
  type RiskFactors,
} from '../model.js';
import { clamp01 } from './window.js';

/** A factor's normalized contribution: its share of the weighted score before critical floors. */
export type Contributions = Record<RiskFactorName, number>;

export interface RiskAssessment {
  factors: RiskFactors;
  score: number;
  contributions: Contributions;
  /** Critical conditions present (keys of critical_overrides). */
  critical: CriticalCondition[];
}

export type CriticalCondition = keyof typeof DEFAULT_CRITICAL_SCORES;

const CIRCUIT_LEVEL: Record<CircuitState, number> = { CLOSED: 0, HALF_OPEN: 0.5, OPEN: 1 };

/** Each factor mapped to [0, 1]: the point where it alone counts fully. */
function normalize(factors: RiskFactors): Contributions {
  return {
    latency_score: clamp01(factors.latency_score / 2),
    error_rate: clamp01(factors.error_rate),
    traffic_anomaly: clamp01(factors.traffic_anomaly / 4),
    rate_limit_violation: factors.rate_limit_violation ? 1 : 0,
    circuit_state: CIRCUIT_LEVEL[factors.circuit_state],
    error_budget_burn_rate: clamp01(factors.error_budget_burn_rate),
    latency_regression: clamp01(factors.latency_regression / 2),
    unknown_endpoint: factors.unknown_endpoint ? 1 : 0,
    method_disallowed: factors.method_disallowed ? 1 : 0,
    retry_storm: factors.retry_storm ? 1 : 0,
  };
}

export function criticalConditions(factors: RiskFactors): CriticalCondition[] {
  const found: CriticalCondition[] = [];
  if (factors.circuit_state === CircuitState.OPEN) found.push('circuit_open');
  if (factors.method_disallowed) found.push('method_disallowed');
  if (factors.unknown_endpoint) found.push('unknown_endpoint');
  if (factors.rate_limit_violation) found.push('rate_limit_violation');
  if (factors.retry_storm) found.push('retry_storm');
  return found;
}

export function assessRisk(factors: RiskFactors, policy: GovernancePolicy): RiskAssessment {
  const normalized = normalize(factors);
  const contributions = {} as Contributions;
  let weightSum = 0;
  let weighted = 0;
  for (const name of RISK_FACTOR_NAMES) {
    const w = policy.risk_weights[name];
    weightSum += w;
    weighted += w * normalized[name];
  }
  for (const name of RISK_FACTOR_NAMES) {
    contributions[name] = weightSum === 0 ? 0 : (policy.risk_weights[name] * normalized[name]) / weightSum;
  }
  let score = weightSum === 0 ? 0 : weighted / weightSum;
  const critical = criticalConditions(factors);
  for (const c of critical) score = Math.max(score, DEFAULT_CRITICAL_SCORES[c]);
  return { factors, score: roundScore(clamp01(score)), contributions, critical };
}

/** Six decimals: stable across platforms' last-bit differences, and readable in the ledger. */
export const roundScore = (x: number): number => Math.round(x * 1e6) / 1e6;
