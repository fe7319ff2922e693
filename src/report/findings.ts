/**
 * The findings table: every endpoint with a contract whose verdict is not ALLOW, and every group of
 * unknown endpoints whose worst verdict is not ALLOW (listed once, as a group). Worst first; at the
 * same verdict an endpoint with a contract comes before a group of unknown ones.
 */
import { type Decision, severity } from '../model.js';
import type { EndpointResult } from '../result.js';
import { advice } from './advice.js';
import { plural } from './format.js';
import { code, tableHead, tableRow, text } from './markdown.js';
import { worstFirst } from './order.js';
import { endpointReasons, mainReasons, reasonText } from './reasons.js';
import type { UnknownGroup } from './unknown.js';

/** Shown at most; the rest are counted (result.json has them all). */
export const MAX_FINDINGS = 25;
/** Endpoint keys longer than this are shortened in the findings table, so it fits the page. */
export const FINDING_KEY_CHARS = 60;

export type Finding =
  | { verdict: Decision; endpoint: EndpointResult; group?: undefined }
  | { verdict: Decision; group: UnknownGroup; endpoint?: undefined };

export function findings(endpoints: readonly EndpointResult[], groups: readonly UnknownGroup[]): Finding[] {
  const known: Finding[] = worstFirst(endpoints)
    .filter((e) => e.kind === 'contract' && e.verdict !== 'ALLOW')
    .map((e) => ({ verdict: e.verdict, endpoint: e }));
  const unknown: Finding[] = groups
    .filter((g) => g.verdict !== 'ALLOW')
    .map((g) => ({ verdict: g.verdict, group: g }));
  const rank = (f: Finding): number => severity(f.verdict) * 2 + (f.endpoint ? 1 : 0);
  // Both lists are sorted already; a stable sort by rank keeps their own order within a rank.
  return [...known, ...unknown].sort((a, b) => rank(b) - rank(a));
}

export const FINDINGS_HEAD = tableHead(['Verdict', 'Endpoint', 'Why', 'What to do'], 'llll');

/** A code span of `value`, shortened to `limit` characters with an ellipsis. */
export function shortCode(value: string, limit = FINDING_KEY_CHARS): string {
  const chars = Array.from(value);
  return chars.length <= limit ? code(value) : `${code(chars.slice(0, limit - 1).join(''))}…`;
}

/** The main reasons named, at most: the column stays narrow (result.json has the counts). */
const MAX_REASONS = 3;

function why(e: EndpointResult): string {
  const reasons = endpointReasons(e);
  return text(reasons.length === 0 ? reasonText(e) : reasons.slice(0, MAX_REASONS).join(', '));
}

const whatToDo = (e: EndpointResult): string => advice(mainReasons(e)) || '—';

export function findingRow(f: Finding): string {
  if (f.endpoint) {
    return tableRow([
      `**${f.verdict}**`,
      shortCode(f.endpoint.endpoint_key),
      why(f.endpoint),
      whatToDo(f.endpoint),
    ]);
  }
  const g = f.group;
  const worst = g.endpoints[0]!;
  // The group's members are named once, in the unknown-endpoints section.
  const where = `${shortCode(g.prefix)} (${plural(g.endpoints.length, 'unknown endpoint')})`;
  return tableRow([`**${f.verdict}**`, where, why(worst), whatToDo(worst)]);
}
