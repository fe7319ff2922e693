/**
 * The verdict records a run appends after its decision records, so that the ledger head anchors
 * the verdicts as well as every decision: one per endpoint, then one for the run.
 */
import type { Decision } from '../model.js';
import type { DecisionCounts, EndpointResult, Filtered, RunResult } from '../result.js';

export interface EndpointVerdictRecord {
  record_type: 'verdict';
  scope: 'endpoint';
  endpoint_key: string;
  verdict: Decision;
  decisions: DecisionCounts;
  requests: number;
}

export interface RunVerdictRecord {
  record_type: 'verdict';
  scope: 'run';
  verdict: Decision;
  decisions: DecisionCounts;
  /** `filtered` only when the policy has a traffic_filter (so a run without one writes the bytes it always did). */
  input: { read: number; accepted: number; rejected: number; filtered?: Filtered };
  /** Present when the run stopped early or its input failed the rejected-ratio check. */
  error?: string;
}

export function verdictRecords(
  endpoints: readonly EndpointResult[],
  verdict: Decision,
  decisions: DecisionCounts,
  input: RunResult['input'],
  error: string | undefined,
): Array<EndpointVerdictRecord | RunVerdictRecord> {
  const records: Array<EndpointVerdictRecord | RunVerdictRecord> = endpoints.map((e) => ({
    record_type: 'verdict',
    scope: 'endpoint',
    endpoint_key: e.endpoint_key,
    verdict: e.verdict,
    decisions: e.decisions,
    requests: e.requests,
  }));
  const run: RunVerdictRecord = {
    record_type: 'verdict',
    scope: 'run',
    verdict,
    decisions,
    input: {
      read: input.read,
      accepted: input.accepted,
      rejected: input.rejected,
      ...(input.filtered === undefined ? {} : { filtered: input.filtered }),
    },
  };
  if (error !== undefined) run.error = error;
  records.push(run);
  return records;
}
