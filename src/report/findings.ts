/**
 * The findings table: every endpoint with a contract whose verdict is not ALLOW, then, per verdict,
 * one row for the unknown endpoints of that verdict (their groups named, the largest first; the
 * endpoints themselves are listed once, in the unknown-endpoints section). Worst first; at the same
 * verdict the endpoints with a contract come first.
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
/** Groups named in an unknown-endpoints row, at most. */
export const GROUPS_NAMED = 5;

export type Finding =
  | { verdict: Decision; endpoint: EndpointResult; groups?: undefined }
  | { verdict: Decision; groups: UnknownGroup[]; endpoint?: undefined };

export function findings(endpoints: readonly EndpointResult[], groups: readonly UnknownGroup[]): Finding[] {
  const known: Finding[] = worstFirst(endpoints)
    .filter((e) => e.kind === 'contract' && e.verdict !== 'ALLOW')
    .map((e) => ({ verdict: e.verdict, endpoint: e }));
  const unknown: Finding[] = (['DROP', 'QUARANTINE', 'THROTTLE'] as const)
    .map((verdict) => ({ verdict, groups: groups.filter((g) => g.verdict === verdict) }))
    .filter((f) => f.groups.length > 0);
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

/** Our own words and numbers; a phrase with anything else (user text: a method name) goes in a code span. */
const PLAIN = /^[\p{L}\p{N} .,:%()×>≤=+\-/_]*$/u;

function why(e: EndpointResult): string {
  const reasons = endpointReasons(e);
  const phrases = reasons.length === 0 ? [reasonText(e)] : reasons.slice(0, MAX_REASONS);
  return phrases.map((p) => (PLAIN.test(p) ? text(p) : code(p))).join(', ');
}

const whatToDo = (e: EndpointResult): string => advice(mainReasons(e)) || '—';

/** `N unknown endpoints in G groups: /a (12), /b (3), …`. */
function unknownWhere(groups: readonly UnknownGroup[]): string {
  const count = groups.reduce((sum, g) => sum + g.endpoints.length, 0);
  const named = groups.slice(0, GROUPS_NAMED).map((g) => `${shortCode(g.prefix)} (${g.endpoints.length})`);
  const more = groups.length > GROUPS_NAMED ? ', …' : '';
  return `${plural(count, 'unknown endpoint')} in ${plural(groups.length, 'group')}: ${named.join(', ')}${more}`;
}

export function findingRow(f: Finding): string {
  const verdict = `**${f.verdict}**`;
  if (f.endpoint)
    return tableRow([verdict, shortCode(f.endpoint.endpoint_key), why(f.endpoint), whatToDo(f.endpoint)]);
  // The worst endpoint of the largest group speaks for the row.
  const first = f.groups[0]!.endpoints[0]!;
  return tableRow([verdict, unknownWhere(f.groups), why(first), whatToDo(first)]);
}
