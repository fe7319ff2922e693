/**
 * Risk: every factor of the seed, each normalized to [0, 1] and weighted by the policy;
 * critical conditions lift the score to at least their floor. The score is in [0, 1].
 */
import {
  CircuitState,
  type DEFAULT_CRITICAL_OVERRIDES,
  type GovernancePolicy,
  RISK_FACTOR_NAMES,
  type RiskFactorName,
  type RiskFactors,
} from '../model.js';
import { clamp01 } from './window.js';

export type CriticalCondition = keyof typeof DEFAULT_CRITICAL_OVERRIDES;

/** The factor behind each critical condition: its reason code is given whenever the condition holds. */
const CONDITION_FACTOR: Record<CriticalCondition, RiskFactorName> = {
  circuit_open: 'circuit_state',
  method_disallowed: 'method_disallowed',
  unknown_endpoint: 'unknown_endpoint',
  rate_limit_violation: 'rate_limit_violation',
  retry_storm: 'retry_storm',
};

export interface RiskAssessment {
  factors: RiskFactors;
  /** The weighted score before critical floors: what the factors alone say. */
  weighted: number;
  /** The weighted score lifted to the floor of every critical condition present. */
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

/** Weights and floors are read once per policy; assess() is then allocation-light. */
export class RiskAssessor {
  private readonly weights: Float64Array;
  private readonly weightSum: number;
  private readonly scratch = new Float64Array(RISK_FACTOR_NAMES.length);
  /** The score each critical condition lifts to: the threshold of its override decision. */
  private readonly floors: Record<CriticalCondition, number>;

  constructor(policy: GovernancePolicy) {
    this.weights = Float64Array.from(RISK_FACTOR_NAMES, (n) => policy.risk_weights[n]);
    this.weightSum = this.weights.reduce((a, b) => a + b, 0);
    const t = policy.risk_thresholds;
    const threshold = { ALLOW: 0, THROTTLE: t.throttle, QUARANTINE: t.quarantine, DROP: t.drop };
    const o = policy.critical_overrides;
    this.floors = {
      circuit_open: threshold[o.circuit_open],
      method_disallowed: threshold[o.method_disallowed],
      unknown_endpoint: threshold[o.unknown_endpoint],
      rate_limit_violation: threshold[o.rate_limit_violation],
      retry_storm: threshold[o.retry_storm],
    };
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
    const base = this.weightSum === 0 ? 0 : clamp01(weighted / this.weightSum);
    let score = base;
    const critical = criticalConditions(factors);
    for (const c of critical) {
      score = Math.max(score, this.floors[c]);
      const code = CONDITION_FACTOR[c].toUpperCase();
      if (!contributing.includes(code)) contributing.push(code);
    }
    return { factors, weighted: roundScore(base), score: roundScore(score), contributing, critical };
  }
}
