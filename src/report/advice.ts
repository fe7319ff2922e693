/**
 * "What to do" for a finding: one short fix per reason family, in the order of the reasons given
 * (worst first). Reason codes are the engine's (a risk factor in capitals, or OVERRIDE_<condition>).
 */

const FAMILY_OF: Record<string, string> = {
  UNKNOWN_ENDPOINT: 'unknown',
  OVERRIDE_UNKNOWN_ENDPOINT: 'unknown',
  METHOD_DISALLOWED: 'method',
  OVERRIDE_METHOD_DISALLOWED: 'method',
  CIRCUIT_STATE: 'circuit',
  OVERRIDE_CIRCUIT_OPEN: 'circuit',
  RATE_LIMIT_VIOLATION: 'rate',
  OVERRIDE_RATE_LIMIT_VIOLATION: 'rate',
  TRAFFIC_ANOMALY: 'rate',
  ERROR_RATE: 'errors',
  ERROR_BUDGET_BURN_RATE: 'errors',
  LATENCY_SCORE: 'latency',
  LATENCY_REGRESSION: 'latency',
  RETRY_STORM: 'retries',
  OVERRIDE_RETRY_STORM: 'retries',
};

/** Each family's fix, in words a reviewer acts on; policy fields in code spans. */
export const ADVICE: Readonly<Record<string, string>> = {
  unknown: 'Add a contract for it, or leave it out with `traffic_filter`',
  method: 'Add the method to `allowed_methods`, or stop sending it',
  circuit: 'Fix the failures that open the circuit',
  rate: 'Slow the client down, or raise `rate_limit_rpm` if the load is expected',
  errors: 'Fix the failing requests before the error budget runs out',
  latency: 'Make it faster, or raise `max_latency_ms` if the SLO is too tight',
  retries: 'Add backoff with jitter to the client’s retries',
};

/** At most this many fixes per finding: the column stays narrow. */
const MAX_FIXES = 2;

/** The fixes for `codes` (worst first), one per family, joined; empty when no code is known. */
export function advice(codes: readonly string[]): string {
  const families = [...new Set(codes.map((c) => FAMILY_OF[c]).filter((f) => f !== undefined))];
  return families
    .slice(0, MAX_FIXES)
    .map((f) => `${ADVICE[f]}.`)
    .join(' ');
}
