/**
 * The gate: an endpoint's verdict, the run's verdict and the exit code they give.
 *
 * A request "reaches" a decision when its own decision is at least that severe (a DROP reached
 * QUARANTINE too). An endpoint's verdict is the most severe decision reached by at least
 * `min_share` of its requests; with min_share 0 any single request is enough.
 */
import { DECISION_ORDER, type Decision, type PlatformTier, worstDecision } from '../model.js';
import type { DecisionCounts } from '../result.js';

export const emptyCounts = (): DecisionCounts => ({ ALLOW: 0, THROTTLE: 0, QUARANTINE: 0, DROP: 0 });

export function addCounts(into: DecisionCounts, from: DecisionCounts): DecisionCounts {
  for (const d of DECISION_ORDER) into[d] += from[d];
  return into;
}

export interface EndpointVerdict {
  verdict: Decision;
  /** Share of the endpoint's requests whose decision is the verdict or worse (0 without requests). */
  share: number;
}

export function endpointVerdict(counts: DecisionCounts, minShare: number): EndpointVerdict {
  let total = 0;
  for (const d of DECISION_ORDER) total += counts[d];
  if (total === 0) return { verdict: 'ALLOW', share: 0 };
  let atOrAbove = 0;
  // Stryker disable next-line EqualityOperator: equivalent, at ALLOW (i = 0) the loop would return the same as below
  for (let i = DECISION_ORDER.length - 1; i > 0; i--) {
    const decision = DECISION_ORDER[i]!;
    atOrAbove += counts[decision];
    const share = atOrAbove / total;
    if (atOrAbove > 0 && share >= minShare) return { verdict: decision, share };
  }
  return { verdict: 'ALLOW', share: 1 }; // every request reached ALLOW
}

/** The worst endpoint verdict; ALLOW when there are none. */
export function runVerdict(verdicts: Iterable<Decision>): Decision {
  let worst: Decision = 'ALLOW';
  for (const v of verdicts) worst = worstDecision(worst, v);
  return worst;
}

export const EXIT = { PASS: 0, GATE_FAILED: 1, USAGE: 2, GATE_WARNING: 3, VERIFICATION: 4 } as const;

/** DESIGN's exit codes: OBSERVE_ONLY never gates; CONTROL and AUTONOMOUS fail on DROP and warn on QUARANTINE. */
export function exitCodeFor(verdict: Decision, tier: PlatformTier): number {
  if (tier === 'OBSERVE_ONLY') return EXIT.PASS;
  if (verdict === 'DROP') return EXIT.GATE_FAILED;
  if (verdict === 'QUARANTINE') return EXIT.GATE_WARNING;
  return EXIT.PASS;
}
