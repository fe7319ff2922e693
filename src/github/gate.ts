/**
 * The `fail-on` gate: the step (not the run) fails when the run verdict is at or above the chosen
 * verdict. The run stays OBSERVE_ONLY in the ledger: the tier is about the actions taken, the gate
 * about the step's result.
 */
import { severity } from '../model.js';
import { worstFirst } from '../report/order.js';
import { visible } from '../report/text.js';
import type { RunResult } from '../result.js';
import type { Settings } from './inputs.js';

/** Endpoints named in the gate's error line; the job summary lists them all. */
export const GATE_NAMES = 3;

type FailOn = NonNullable<Settings['failOn']>;

/** The `::error::` line when the gate fails, else undefined. A run that stopped on input has no verdict to gate. */
export function gateFailure(result: RunResult, failOn: FailOn | undefined): string | undefined {
  if (failOn === undefined || result.error !== undefined) return undefined;
  if (severity(result.verdict) < severity(failOn)) return undefined;
  const reached = worstFirst(result.endpoints).filter((e) => severity(e.verdict) >= severity(failOn));
  const named = reached.slice(0, GATE_NAMES).map((e) => `${e.verdict} ${visible(e.endpoint_key)}`);
  const more = reached.length > named.length ? ` and ${reached.length - named.length} more` : '';
  return (
    `fail-on ${failOn}: the run verdict is ${result.verdict}: ${named.join(', ')}${more}` +
    ' (the job summary says why; the step failed after writing every output and report)'
  );
}
