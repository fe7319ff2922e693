/**
 * "What to do" for a finding: one short fix per family of reasons (reasons.ts), in the order of
 * the endpoint's main reasons.
 */
import type { Reason } from './reasons.js';

/** Each family's fix, in words a reviewer acts on; policy fields in code spans. */
export const ADVICE: Readonly<Record<string, string>> = {
  unknown: 'Add a contract for it, or leave it out with `traffic_filter`',
  method: 'Add the method to `allowed_methods`, or stop sending it',
  circuit: 'Fix the failures that open the circuit',
  rate: 'Slow the client down, or raise `rate_limit_rpm` if the load is expected',
  retries: 'Add backoff with jitter to the client’s retries',
  errors: 'Fix the failing requests before the error budget runs out',
  latency: 'Make it faster, or raise `max_latency_ms` if the SLO is too tight',
  invariant: 'Report it: the engine broke one of its own rules',
  regression: 'Find what made it slower than before',
  anomaly: 'Check that the traffic spike is expected',
};

/** At most this many fixes per finding: the column stays narrow. */
const MAX_FIXES = 2;

/** The fixes for `reasons` (main reason first), one per family; empty when none is known. */
export function advice(reasons: readonly Reason[]): string {
  const families = [...new Set(reasons.map((r) => r.family).filter((f) => ADVICE[f] !== undefined))];
  return families
    .slice(0, MAX_FIXES)
    .map((f) => `${ADVICE[f]}.`)
    .join(' ');
}
