/**
 * Why an endpoint got its verdict, in words: its main reasons, each with its numbers against the
 * contract (`error rate 31.25% (budget 5%)`, `p95 3072 ms > SLO 2000 ms`, `circuit OPEN 3×`).
 *
 * The words come from the reason codes counted over the endpoint's requests that were not ALLOW
 * (EndpointResult.reasons), one phrase per family of codes (ERROR_RATE and ERROR_BUDGET_BURN_RATE
 * read as one "error rate"), the family that most requests gave first. Some factors add to nearly
 * every request's score (latency, error rate, traffic anomaly, latency regression): they are main
 * reasons only where the endpoint's own numbers break the contract (p95 over the SLO, error rate
 * over the budget), and are named otherwise only when nothing else explains the verdict.
 * A result written before reasons were counted gets the phrases its aggregates show.
 *
 * Phrases carry user text (method names, unknown codes) raw: escape it for the medium (visible(),
 * xmlText(), code()). reasonLines() gives log lines, escaped already.
 */
import type { EndpointResult, RunResult } from '../result.js';
import { formatNumber, formatPercent } from './format.js';
import { worstFirst } from './order.js';
import { visible } from './text.js';

interface Family {
  /** The family's name (what advice.ts keys its fixes by). */
  id: string;
  /** The reason codes read as this family's phrase. */
  has(code: string): boolean;
  /** Its numbers are against the contract: not said of an unknown endpoint (it has none). */
  contractOnly?: true;
  /** The endpoint's numbers show it (also all a result without reason counts has to go on). */
  breached?(e: EndpointResult): boolean;
  /** Adds to nearly every request's score: a main reason only where breached() says so. */
  common?: true;
  /** `count`: the requests that gave the family (for a result without reason counts, 0). */
  words(e: EndpointResult, count: number, reasons: Readonly<Record<string, number>>): string;
}

const oneOf =
  (...codes: string[]) =>
  (code: string): boolean =>
    codes.includes(code);

const INVARIANT = 'INVARIANT_VIOLATED_';
/** Fails exactly when no contract matched: said by "no contract matches this path". */
const CONTRACT_INVARIANT = `${INVARIANT}CONTRACT_ID_PRESENT`;
const isInvariant = (code: string): boolean => code.startsWith(INVARIANT) && code !== CONTRACT_INVARIANT;

/** `what` of one name (`method DELETE not allowed ×4`) or several (`methods DELETE ×4, PUT ×1 not allowed`). */
function named(what: string, done: string, counts: ReadonlyMap<string, number>): string {
  const names = [...counts.keys()].sort();
  if (names.length === 1) return `${what} ${names[0]} ${done} ×${counts.get(names[0]!)}`;
  return `${what}s ${names.map((n) => `${n} ×${counts.get(n)}`).join(', ')} ${done}`;
}

const overBudget = (e: EndpointResult): boolean =>
  e.error_budget === undefined
    ? e.errors > 0 && e.error_budget_remaining <= 0
    : e.error_rate > e.error_budget;

const budget = (e: EndpointResult): string =>
  e.error_budget === undefined ? 'budget spent' : `budget ${formatNumber(e.error_budget * 100, 4)}%`;

const ms = (value: number): string => `${formatNumber(value, 0)} ms`;
const slowP95 = (e: EndpointResult): boolean => e.latency_ms.p95 > e.latency_ms.slo;

/** The families, in the order that breaks ties (as many requests gave each). */
const FAMILIES: readonly Family[] = [
  {
    id: 'unknown',
    has: oneOf('UNKNOWN_ENDPOINT', 'OVERRIDE_UNKNOWN_ENDPOINT', CONTRACT_INVARIANT),
    breached: (e) => e.kind === 'unknown',
    words: () => 'no contract matches this path',
  },
  {
    id: 'method',
    has: oneOf('METHOD_DISALLOWED', 'OVERRIDE_METHOD_DISALLOWED'),
    breached: (e) => Object.keys(e.disallowed_methods).length > 0,
    words: (e, count) =>
      Object.keys(e.disallowed_methods).length === 0
        ? `method not allowed ×${count}`
        : named('method', 'not allowed', new Map(Object.entries(e.disallowed_methods))),
  },
  {
    id: 'circuit',
    has: oneOf('CIRCUIT_STATE', 'OVERRIDE_CIRCUIT_OPEN'),
    breached: (e) => e.circuit_transition_count > 0,
    words: (e) => {
      const opened = e.circuit_transitions.filter((t) => t.to === 'OPEN').length;
      // Only the first transitions are kept: more may have opened it.
      const more = e.circuit_transition_count > e.circuit_transitions.length ? '+' : '';
      return opened === 0 && more === '' ? 'circuit OPEN' : `circuit OPEN ${opened}${more}×`;
    },
  },
  {
    id: 'rate',
    has: oneOf('RATE_LIMIT_VIOLATION', 'OVERRIDE_RATE_LIMIT_VIOLATION'),
    contractOnly: true,
    breached: (e) => e.rpm.peak > e.rpm.limit,
    words: (e) =>
      `peak ${formatNumber(e.rpm.peak)} rpm ${e.rpm.peak > e.rpm.limit ? '>' : '≤'} limit ${formatNumber(e.rpm.limit)}`,
  },
  {
    id: 'retries',
    has: oneOf('RETRY_STORM', 'OVERRIDE_RETRY_STORM'),
    words: (_, count) => `retry storm ×${count}`,
  },
  {
    id: 'errors',
    has: oneOf('ERROR_RATE', 'ERROR_BUDGET_BURN_RATE'),
    contractOnly: true,
    common: true,
    breached: overBudget,
    words: (e) => `error rate ${formatPercent(e.error_rate)} (${budget(e)})`,
  },
  {
    id: 'latency',
    has: oneOf('LATENCY_SCORE'),
    contractOnly: true,
    common: true,
    breached: slowP95,
    words: (e) =>
      slowP95(e)
        ? `p95 ${ms(e.latency_ms.p95)} > SLO ${ms(e.latency_ms.slo)}`
        : `p95 ${ms(e.latency_ms.p95)} (SLO ${ms(e.latency_ms.slo)})`,
  },
  {
    id: 'invariant',
    has: isInvariant,
    words: (_, _count, reasons) => {
      const counts = new Map(
        Object.keys(reasons)
          .filter(isInvariant)
          .map((code) => [code.slice(INVARIANT.length).toLowerCase(), reasons[code]!]),
      );
      return named('invariant', 'violated', counts);
    },
  },
  {
    id: 'regression',
    has: oneOf('LATENCY_REGRESSION'),
    common: true,
    words: (_, count) => `latency regression ×${count}`,
  },
  {
    id: 'anomaly',
    has: oneOf('TRAFFIC_ANOMALY'),
    common: true,
    words: (_, count) => `traffic anomaly ×${count}`,
  },
];

const known = (code: string): boolean => FAMILIES.some((f) => f.has(code));

/** Requests that gave any code of the family: at least as many as gave its most frequent code. */
function familyCount(family: Family, reasons: Readonly<Record<string, number>>): number {
  let most = 0;
  for (const [code, n] of Object.entries(reasons)) if (family.has(code) && n > most) most = n;
  return most;
}

/** One main reason: its family and its words. */
export interface Reason {
  /** A family id, or 'other' for a code this version does not know. */
  family: string;
  words: string;
}

interface Found extends Reason {
  count: number;
  order: number;
}

const byCount = (found: Found[]): Reason[] =>
  found
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .map(({ family, words }) => ({ family, words }));

/** The endpoint's main reasons in words, the one most requests gave first (user text raw). */
export function endpointReasons(e: EndpointResult): string[] {
  return mainReasons(e).map((r) => r.words);
}

/** endpointReasons() with the family of each. */
export function mainReasons(e: EndpointResult): Reason[] {
  const families = FAMILIES.filter((f) => !(f.contractOnly && e.kind === 'unknown'));
  const reasons = e.reasons;
  if (reasons === undefined)
    return families.filter((f) => f.breached?.(e)).map((f) => ({ family: f.id, words: f.words(e, 0, {}) }));
  const main: Found[] = [];
  const minor: Found[] = [];
  families.forEach((family, order) => {
    const count = familyCount(family, reasons);
    if (count === 0) return;
    const found = { family: family.id, words: family.words(e, count, reasons), count, order };
    (family.common && !family.breached?.(e) ? minor : main).push(found);
  });
  for (const [code, count] of Object.entries(reasons)) {
    // A code this version does not know (a newer engine's): named as it is.
    if (!known(code))
      main.push({ family: 'other', words: `${code} ×${count}`, count, order: FAMILIES.length });
  }
  return byCount(main.length > 0 ? main : minor);
}

/** The endpoint's reasons as one phrase list, or how much of its traffic reached the verdict. */
export function reasonText(e: EndpointResult): string {
  const reasons = endpointReasons(e);
  return reasons.length > 0
    ? reasons.join(', ')
    : `reached by ${formatPercent(e.verdict_share)} of ${e.requests} requests`;
}

/**
 * One line per THROTTLE/QUARANTINE/DROP endpoint, worst first, user text escaped:
 * `POST /api/checkout: DROP — error rate 31.25% (budget 5%), p95 3072 ms > SLO 2000 ms, circuit OPEN 3×`.
 * At most `max` lines, then one saying how many more.
 */
export function reasonLines(r: RunResult, max = 20): string[] {
  const findings = worstFirst(r.endpoints.filter((e) => e.verdict !== 'ALLOW'));
  const lines = findings
    .slice(0, max)
    .map((e) => visible(`${e.endpoint_key}: ${e.verdict} — ${reasonText(e)}`));
  if (findings.length > max) {
    lines.push(`… and ${findings.length - max} more endpoints with findings: see summary.md`);
  }
  return lines;
}
