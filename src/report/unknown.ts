/**
 * Unknown endpoints grouped by the first segment of their path, so a scanner's thousands of paths
 * read as a few groups. Groups come worst first, then the largest, then by prefix; their members
 * worst first, then by key.
 */
import { type Decision, severity, worstDecision } from '../model.js';
import type { EndpointResult } from '../result.js';
import { compareText, worstFirst } from './order.js';

export interface UnknownGroup {
  /** `/segment` (or the whole key when it has no path, like `GET (other unknown paths)`). */
  prefix: string;
  /** Worst first, then by key. */
  endpoints: EndpointResult[];
  requests: number;
  verdict: Decision;
}

/** `/first-segment` of an endpoint key's path (`METHOD /path?query`). */
export function groupPrefix(endpointKey: string): string {
  const space = endpointKey.indexOf(' ');
  const path = endpointKey.slice(space + 1);
  if (!path.startsWith('/')) return endpointKey;
  const end = path.slice(1).search(/[/?#]/);
  return end === -1 ? path : path.slice(0, end + 1);
}

export function groupUnknown(endpoints: readonly EndpointResult[]): UnknownGroup[] {
  const groups = new Map<string, UnknownGroup>();
  for (const e of worstFirst(endpoints.filter((x) => x.kind === 'unknown'))) {
    const prefix = groupPrefix(e.endpoint_key);
    const group = groups.get(prefix);
    if (group === undefined) {
      groups.set(prefix, { prefix, endpoints: [e], requests: e.requests, verdict: e.verdict });
    } else {
      group.endpoints.push(e);
      group.requests += e.requests;
      group.verdict = worstDecision(group.verdict, e.verdict);
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      severity(b.verdict) - severity(a.verdict) ||
      b.endpoints.length - a.endpoints.length ||
      compareText(a.prefix, b.prefix),
  );
}
