import type { RequestEvent } from '../model.js';

export type StatusMatcher = number | string;

/** An error is a response whose status is in the policy's error set, or an event with error_count > 0. */
export function isErrorResponse(event: RequestEvent, errorStatuses: readonly StatusMatcher[]): boolean {
  if (event.error_count > 0) return true;
  const status = event.status_code;
  for (const m of errorStatuses) {
    if (typeof m === 'number' ? status === m : Math.floor(status / 100) === Number(m[0])) return true;
  }
  return false;
}
