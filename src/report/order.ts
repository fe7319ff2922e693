/**
 * The orders endpoints are listed in. Sorting compares UTF-16 code units (never the locale), so the
 * order is the same on every machine.
 */
import { severity } from '../model.js';
import type { EndpointResult } from '../result.js';

export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** By endpoint key. */
export function byKey(endpoints: readonly EndpointResult[]): EndpointResult[] {
  return [...endpoints].sort((a, b) => compareText(a.endpoint_key, b.endpoint_key));
}

/** Worst verdict first, then by endpoint key. */
export function worstFirst(endpoints: readonly EndpointResult[]): EndpointResult[] {
  return [...endpoints].sort(
    (a, b) => severity(b.verdict) - severity(a.verdict) || compareText(a.endpoint_key, b.endpoint_key),
  );
}
