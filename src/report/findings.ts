/**
 * The findings table: every endpoint with a contract whose verdict is not ALLOW, and every group of
 * unknown endpoints whose worst verdict is not ALLOW (listed once, as a group). Worst first; at the
 * same verdict an endpoint with a contract comes before a group of unknown ones.
 */
import { type Decision, severity } from '../model.js';
import type { EndpointResult } from '../result.js';
import { advice } from './advice.js';
import { formatNumber, formatPercent, plural } from './format.js';
import { code, tableHead, tableRow } from './markdown.js';
import { worstFirst } from './order.js';
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

// PLACEHOLDER until task R's reasons.ts lands: reason codes and words from the endpoint's numbers.
function reasonCodes(e: EndpointResult): string[] {
  const codes: string[] = [];
  if (e.kind === 'unknown') codes.push('UNKNOWN_ENDPOINT');
  if (Object.keys(e.disallowed_methods).length > 0) codes.push('METHOD_DISALLOWED');
  if (e.circuit_transition_count > 0 || e.circuit_state !== 'CLOSED') codes.push('CIRCUIT_STATE');
  if (e.kind === 'contract' && e.rpm.peak > e.rpm.limit) codes.push('RATE_LIMIT_VIOLATION');
  if (e.errors > 0) codes.push('ERROR_RATE');
  if (e.kind === 'contract' && e.latency_ms.p95 > e.latency_ms.slo) codes.push('LATENCY_SCORE');
  return codes;
}
function reasonWords(e: EndpointResult): string[] {
  const words: string[] = [];
  if (e.kind === 'unknown') words.push('no contract matches');
  const methods = Object.keys(e.disallowed_methods).sort();
  if (methods.length > 0) words.push(`method not allowed: ${methods.map(code).join(', ')}`);
  if (e.circuit_transition_count > 0 || e.circuit_state !== 'CLOSED') words.push('circuit opened');
  if (e.kind === 'contract' && e.rpm.peak > e.rpm.limit)
    words.push(`peak ${formatNumber(e.rpm.peak)} rpm over the limit of ${formatNumber(e.rpm.limit)}`);
  if (e.errors > 0) words.push(`${formatPercent(e.error_rate)} errors`);
  if (e.kind === 'contract' && e.latency_ms.p95 > e.latency_ms.slo)
    words.push(
      `p95 ${formatNumber(e.latency_ms.p95)} ms over the SLO of ${formatNumber(e.latency_ms.slo)} ms`,
    );
  return words;
}
// END PLACEHOLDER

/** The top reasons in words, worst first. */
const MAX_REASONS = 2;
const why = (e: EndpointResult): string => reasonWords(e).slice(0, MAX_REASONS).join('; ') || '—';
const whatToDo = (e: EndpointResult): string => advice(reasonCodes(e)) || '—';

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
  const where = `${shortCode(g.prefix)} (${plural(g.endpoints.length, 'unknown endpoint')}, ${plural(g.requests, 'request')})`;
  return tableRow([`**${f.verdict}**`, where, why(worst), whatToDo(worst)]);
}
