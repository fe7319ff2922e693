/**
 * Risk: every factor of the seed, each normalized to [0, 1] and weighted by the policy;
 * critical conditions lift the score to at least their floor. The score is in [0, 1].
 */
import {
  CircuitState,
  DEFAULT_CRITICAL_SCORES,
  type GovernancePolicy,
  RISK_FACTOR_NAMES,
  type RiskFactors,
} from '../model.js';
import { clamp01 } from './window.js';

export type CriticalCondition = keyof typeof DEFAULT_CRITICAL_SCORES;

export interface RiskAssessment {
  factors: RiskFactors;
  score: number;
  /** Reason codes of the factors that contributed to the score, in factor order. */
  contributing: string[];
  /** Critical conditions present (keys of critical_overrides). */
  critical: CriticalCondition[];
}

const CIRCUIT_LEVEL: Record<CircuitState, number> = { CLOSED: 0, HALF_OPEN: 0.5, OPEN: 1 };
const REASON_CODES = RISK_FACTOR_NAMES.map((n) => n.toUpperCase());

/** Each factor mapped to [0, 1] (the point where it alone counts fully), in RISK_FACTOR_NAMES order. */
function normalized(f: RiskFactors, out: Float64Array): void {
  out[0] = clamp01(f.latency_score / 2);
  out[1] = clamp01(f.error_rate);
  out[2] = clamp01(f.traffic_anomaly / 4);
  out[3] = f.rate_limit_violation ? 1 : 0;
  out[4] = CIRCUIT_LEVEL[f.circuit_state];
  out[5] = clamp01(f.error_budget_burn_rate);
  out[6] = clamp01(f.latency_regression / 2);
  out[7] = f.unknown_endpoint ? 1 : 0;
  out[8] = f.method_disallowed ? 1 : 0;
  out[9] = f.retry_storm ? 1 : 0;
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

/** Six decimals: stable across platforms' last-bit differences, and readable in the ledger. */
export const roundScore = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Weights are read once per policy; assess() is then allocation-light. */
export class RiskAssessor {
  private readonly weights: Float64Array;
  private readonly weightSum: number;
  private readonly scratch = new Float64Array(RISK_FACTOR_NAMES.length);

  constructor(policy: GovernancePolicy) {
    this.weights = Float64Array.from(RISK_FACTOR_NAMES, (n) => policy.risk_weights[n]);
    this.weightSum = this.weights.reduce((a, b) => a + b, 0);
  }

  assess(factors: RiskFactors): RiskAssessment {
    const norm = this.scratch;
    normalized(factors, norm);
    const contributing: string[] = [];
    let weighted = 0;
    for (let i = 0; i < norm.length; i++) {
      const part = this.weights[i]! * norm[i]!;
      if (part > 0) contributing.push(REASON_CODES[i]!);
      weighted += part;
    }
    let score = this.weightSum === 0 ? 0 : weighted / this.weightSum;
    const critical = criticalConditions(factors);
    for (const c of critical) score = Math.max(score, DEFAULT_CRITICAL_SCORES[c]);
    return { factors, score: roundScore(clamp01(score)), contributing, critical };
  }
}
