/**
 * "What to do" for a finding: one short fix per family of reasons (reasons.ts), in the order of
 * the endpoint's main reasons.
 */
import type { Reason } from './reasons.js';

/** Each family's fix (keyed by the family's code, Reason.code), in words a reviewer acts on; policy fields in code spans. */
export const ADVICE: Readonly<Record<string, string>> = {
  UNKNOWN_ENDPOINT: 'Add a contract for it, or leave it out with `traffic_filter`',
  METHOD_DISALLOWED: 'Add the method to `allowed_methods`, or stop sending it',
  CIRCUIT_STATE: 'Fix the failures that open the circuit',
  RATE_LIMIT_VIOLATION: 'Slow the client down, or raise `rate_limit_rpm` if the load is expected',
  RETRY_STORM: 'Add backoff with jitter to the client’s retries',
  ERROR_RATE: 'Fix the failing requests before the error budget runs out',
  LATENCY_SCORE: 'Make it faster, or raise `max_latency_ms` if the SLO is too tight',
  INVARIANT_VIOLATED: 'Report it: the engine broke one of its own rules',
  LATENCY_REGRESSION: 'Find what made it slower than before',
  TRAFFIC_ANOMALY: 'Check that the traffic spike is expected',
};

/** At most this many fixes per finding: the column stays narrow. */
const MAX_FIXES = 2;

/** The fixes for `reasons` (main reason first), one per family; empty when none is known. */
export function advice(reasons: readonly Reason[]): string {
  const families = [...new Set(reasons.map((r) => r.code).filter((c) => ADVICE[c] !== undefined))];
  return families
    .slice(0, MAX_FIXES)
    .map((f) => `${ADVICE[f]}.`)
    .join(' ');
}
