/**
 * summary.md, findings first: the verdict in an alert block (GitHub and GitLab both render
 * `> [!CAUTION]`), then a short table of what needs attention (non-ALLOW endpoints, unknown ones as
 * groups), SLO breaches, the unknown endpoints grouped, and the full endpoint table collapsed. One
 * renderer for GitHub's job summary, the pull request comment and the GitLab MR note, kept under
 * `maxBytes` by leaving out list rows, never the headline, with a note saying how many.
 */
import { DECISION_ORDER, type Decision } from '../model.js';
import {
  describeFiltered,
  type EndpointResult,
  type Filtered,
  mostOutOfOrder,
  type RunResult,
} from '../result.js';
import { FINDINGS_HEAD, findingRow, findings, MAX_FINDINGS, shortCode } from './findings.js';
import { formatNumber, formatPercent, plural } from './format.js';
import { checkResult } from './input.js';
import { code, details, plainLines, tableHead, tableRow, text } from './markdown.js';
import { worstFirst } from './order.js';
import { groupUnknown, type UnknownGroup } from './unknown.js';

export interface SummaryOptions {
  /** Upper bound of the UTF-8 size of the output; default SUMMARY_MAX_BYTES, at least 4 KiB. */
  maxBytes?: number;
  /** Heading text; default "Traffic Governance". */
  title?: string;
  /** The CI run or job page (http or https), linked under the verdict. */
  runUrl?: string;
  /** Trusted Markdown appended after the report (e.g. a package URL from the front door). */
  extraSections?: string[];
  /**
   * How the front door ends, where that differs from the run's exit code (the Action's step exits 1
   * on any failure, an input error or a `fail-on` gate, and 0 otherwise): replaces the words after
   * the verdict.
   */
  outcome?: { meaning: string };
}

/** Well under GitHub's 1 MiB step-summary limit, whatever the traffic. */
export const SUMMARY_MAX_BYTES = 256 * 1024;
export const SUMMARY_MIN_BYTES = 4096;
/** Lists longer than this are collapsed in `<details>`. */
const COLLAPSE_AFTER = 10;
/** Unknown-endpoint groups listed at most, and members named per group. */
export const MAX_UNKNOWN_GROUPS = 50;
export const MEMBERS_SHOWN = 10;
/** Longer identifiers are shortened in the summary (result.json has them whole). */
const SHOW_CHARS = 200;
const MEMBER_CHARS = 80;
const TITLE_CHARS = 80;
const ERROR_CHARS = 8192;

/** The alert block of each verdict: red, yellow, blue, green. */
const ALERT: Record<Decision, string> = {
  DROP: 'CAUTION',
  QUARANTINE: 'WARNING',
  THROTTLE: 'NOTE',
  ALLOW: 'TIP',
};

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

function shorten(value: string, limit: number): { shown: string; cut: number } {
  const chars = Array.from(value);
  return chars.length <= limit
    ? { shown: value, cut: 0 }
    : { shown: chars.slice(0, limit).join(''), cut: chars.length - limit };
}

/** An identifier as a code span, shortened when very long. */
function ident(value: string): string {
  const { shown, cut } = shorten(value, SHOW_CHARS);
  return cut === 0 ? code(shown) : `${code(shown)} … (${value.length} chars)`;
}

/** What the exit code means for the pipeline, in the tier's words. */
function meaning(r: RunResult): string {
  switch (r.exit_code) {
    case 1:
      return `${r.tier}: this job fails (exit code 1)`;
    case 2:
      return 'the run stopped on bad input or configuration: this job fails (exit code 2)';
    case 3:
      return `${r.tier}: a warning, exit code 3 (an allowed failure where the job sets \`allow_failure: exit_codes: [3]\`)`;
    case 4:
      return 'verification failed: this job fails (exit code 4)';
    default:
      return r.tier === 'OBSERVE_ONLY'
        ? 'OBSERVE_ONLY: reported, not enforced (exit code 0)'
        : `${r.tier}: this job passes (exit code 0)`;
  }
}

function headline(r: RunResult, outcome?: SummaryOptions['outcome']): string {
  return `**Verdict: ${r.verdict}** — ${outcome?.meaning ?? meaning(r)}.`;
}

function cause(error: string): string {
  const { shown, cut } = shorten(error, ERROR_CHARS);
  const note = cut === 0 ? '' : ` … ${cut} more characters in result.json.`;
  return `**Why it stopped:** ${plainLines(shown)}${note}`;
}

/** `url` as a Markdown link target, or undefined when it is not an http(s) URL. */
function linkTarget(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.href.replaceAll('(', '%28').replaceAll(')', '%29');
}

function counts(r: RunResult): string {
  const requests = DECISION_ORDER.reduce((sum, d) => sum + r.decisions[d], 0);
  const decisions = DECISION_ORDER.map((d) => `${d} ${r.decisions[d]}`).join(' · ');
  const verdicts = [...DECISION_ORDER]
    .reverse()
    .map((d) => [d, r.endpoints.filter((e) => e.verdict === d).length] as const)
    .filter(([, n]) => n > 0)
    .map(([d, n]) => `${d} ${n}`)
    .join(', ');
  const endpoints = `${plural(r.endpoints.length, 'endpoint')}${verdicts ? ` (${verdicts})` : ''}`;
  return `${plural(requests, 'request')}: ${decisions}. ${endpoints}.`;
}

/** The verdict first, in an alert block, with the counts, the run link and the cause of a stop. */
function verdictBlock(
  r: RunResult,
  runUrl: string | undefined,
  error: string | undefined,
  outcome?: SummaryOptions['outcome'],
): string {
  const target = runUrl === undefined ? undefined : linkTarget(runUrl);
  const lines = [
    `[!${r.error === undefined ? ALERT[r.verdict] : 'CAUTION'}]`,
    headline(r, outcome),
    '',
    `${counts(r)}${target === undefined ? '' : ` [Open the run](${target}).`}`,
    ...(error === undefined ? [] : ['', ...cause(error).split('\n')]),
  ];
  return lines.map((l) => (l === '' ? '>' : `> ${l}`)).join('\n');
}

/** A list the size limit may shorten: its rows, and how to render the section around the kept ones. */
interface CuttableList {
  rows: string[];
  render(kept: readonly string[], leftOut: number): string;
}

/** Says how many rows are not shown, and why. */
function leftOutNote(capped: number, cut: number, what: string, maxBytes: number): string {
  const why = cut === 0 ? '' : ` (${cut} left out to keep this summary under ${maxBytes} bytes)`;
  return capped + cut === 0 ? '' : `\n\n*${capped + cut} more ${what} in result.json${why}.*`;
}

interface ListOptions {
  head?: string;
  what: string;
  maxBytes: number;
  intro?: string;
  none?: string;
  /** 'never', 'long' (more than COLLAPSE_AFTER rows) or 'always'. */
  collapse?: 'never' | 'long' | 'always';
  /** Rows left out before any size cut (a count cap). */
  capped?: number;
}

/** A section: heading, then the rows as they come (table or list), collapsed as asked. */
function listSection(heading: string, rows: string[], options: ListOptions): CuttableList {
  return {
    rows,
    render(kept, leftOut) {
      const intro = options.intro ? `${options.intro}\n\n` : '';
      if (rows.length === 0) return `${heading}\n\n${intro}${options.none ?? 'None.'}`;
      const body = [options.head, ...kept].filter((l) => l !== undefined).join('\n');
      const collapse = options.collapse ?? 'long';
      const total = rows.length + (options.capped ?? 0);
      const shown =
        collapse === 'always' || (collapse === 'long' && rows.length > COLLAPSE_AFTER)
          ? details(`${total} ${options.what}`, body || '(none shown)')
          : body;
      return `${heading}\n\n${intro}${shown}${leftOutNote(options.capped ?? 0, leftOut, options.what, options.maxBytes)}`;
    },
  };
}

function sloBreaches(endpoints: readonly EndpointResult[]): EndpointResult[] {
  return worstFirst(endpoints).filter((e) => e.kind === 'contract' && e.latency_ms.p95 > e.latency_ms.slo);
}

function sloRow(e: EndpointResult): string {
  const { p95, slo } = e.latency_ms;
  return tableRow([ident(e.endpoint_key), formatNumber(p95), formatNumber(slo), `**${e.verdict}**`]);
}

const SLO_INTRO =
  'Their 95th-percentile latency in this run is above the contract’s `max_latency_ms`. ' +
  'With the default weights, latency alone never lifts a decision above ALLOW: ' +
  'an endpoint can breach its SLO with every request allowed.';

function unknownItem(g: UnknownGroup): string {
  const members = g.endpoints.slice(0, MEMBERS_SHOWN).map((e) => shortCode(e.endpoint_key, MEMBER_CHARS));
  const more = g.endpoints.length - members.length;
  // A key without a path (`GET (other unknown paths)`) is its own group: named once, as the group.
  const named =
    g.endpoints[0]!.endpoint_key === g.prefix
      ? ''
      : `: ${members.join(', ')}${more > 0 ? `, … ${more} more` : ''}`;
  return (
    `- ${shortCode(g.prefix, MEMBER_CHARS)} — ${plural(g.endpoints.length, 'endpoint')}, ` +
    `${plural(g.requests, 'request')}, worst verdict ${g.verdict}${named}`
  );
}

const over = (value: number, limit: number): string =>
  value > limit ? `**${formatNumber(value)}**` : formatNumber(value);

function endpointRow(e: EndpointResult): string {
  const { p95, slo } = e.latency_ms;
  return tableRow([
    ident(e.endpoint_key),
    `**${e.verdict}**`,
    String(e.requests),
    `${formatPercent(e.error_rate)}`,
    `${over(p95, slo)} / ${formatNumber(slo)}`,
    `${over(e.rpm.peak, e.rpm.limit)} / ${formatNumber(e.rpm.limit)}`,
  ]);
}

const ENDPOINT_HEAD = tableHead(
  ['Endpoint', 'Verdict', 'Requests', 'Errors', 'p95 / SLO ms', 'Peak / limit rpm'],
  'llrrrr',
);

function disallowedItem(e: EndpointResult): string {
  const methods = Object.keys(e.disallowed_methods)
    .sort()
    .map((m) => `${code(m)} ×${e.disallowed_methods[m]}`)
    .join(', ');
  const contract = e.contract_id === null ? '' : ` (contract ${ident(e.contract_id)})`;
  return `- ${ident(e.endpoint_key)}${contract}: ${methods} of ${plural(e.requests, 'request')} — endpoint verdict ${e.verdict}`;
}

function fileRow(f: RunResult['input']['files'][number]): string {
  return tableRow([ident(f.file), f.format, String(f.read), String(f.accepted), String(f.rejected)]);
}

function sampleItem(s: RunResult['input']['rejected_samples'][number]): string {
  const where = `${s.file}:${s.line}`;
  const pointer = s.pointer === undefined ? '' : ` at ${code(s.pointer)}`;
  return `- ${ident(where)}${pointer} — ${ident(s.reason)}`;
}

function inputTotals(r: RunResult): string {
  const i = r.input;
  const overLimit = i.rejected_ratio > i.max_rejected_ratio ? ' — **over the limit**' : '';
  const lines = i.filtered === undefined ? 'lines read' : 'lines not filtered';
  return (
    `Read ${plural(i.read, 'line')}: ${i.accepted} accepted, ${i.rejected} rejected ` +
    `(${formatPercent(i.rejected_ratio)} of ${lines}; limit ${formatPercent(i.max_rejected_ratio)})${overLimit}.` +
    filteredTotals(i.filtered) +
    outOfOrderTotals(i.out_of_order)
  );
}

/** A sentence on what the policy's traffic_filter removed, when it has one. */
function filteredTotals(f: Filtered | undefined): string {
  if (f === undefined) return '';
  return ` The policy's traffic_filter removed ${plural(f.total, 'request')} before evaluation (${describeFiltered(f)}).`;
}

/** A sentence on events out of time order, when there were any. */
function outOfOrderTotals(o: RunResult['input']['out_of_order']): string {
  if (o === undefined || o.events === 0) return '';
  const [key, count] = mostOutOfOrder(o);
  const overLimit = o.ratio > o.max_ratio ? ' — **over the limit**' : '';
  return (
    ` ${plural(o.events, 'event')} out of time order (older than an earlier event of their endpoint by more than ${o.tolerance_s} s; ` +
    `${formatPercent(o.ratio)} of accepted events; limit ${formatPercent(o.max_ratio)})${overLimit}, most on ${ident(key)} (${count}).`
  );
}

function policyAndLedger(r: RunResult): string {
  const name = r.policy.name === undefined ? '' : `${ident(r.policy.name)} `;
  return [
    '### Policy and ledger',
    '',
    `- Policy: ${name}version ${ident(r.policy.version)}, hash ${ident(r.policy.hash)}`,
    `- Ledger: ${ident(r.ledger.file)}, head ${ident(r.ledger.head_hash)}, ${plural(r.ledger.records, 'record')}`,
  ].join('\n');
}

type Block = string | CuttableList;

function blocks(r: RunResult, options: SummaryOptions, maxBytes: number): Block[] {
  const contracts = worstFirst(r.endpoints.filter((e) => e.kind === 'contract'));
  const groups = groupUnknown(r.endpoints);
  const unknownCount = r.endpoints.length - contracts.length;
  const found = findings(r.endpoints, groups);
  const slo = sloBreaches(r.endpoints);
  const disallowed = worstFirst(r.endpoints).filter((e) => Object.keys(e.disallowed_methods).length > 0);
  const samples = r.input.rejected_samples;
  const sampleIntro =
    samples.length < r.input.rejected
      ? `First rejected lines (${samples.length} of ${r.input.rejected}):`
      : undefined;
  const title = shorten(options.title ?? 'Traffic Governance', TITLE_CHARS).shown;
  return [
    `## ${text(title)}\n\n${verdictBlock(r, options.runUrl, r.error, options.outcome)}`,
    listSection(`### Findings (${found.length})`, found.slice(0, MAX_FINDINGS).map(findingRow), {
      head: FINDINGS_HEAD,
      what: 'findings',
      maxBytes,
      none: 'None: every endpoint’s verdict is ALLOW.',
      // The worst rows are the point of the report: never hidden in <details>.
      collapse: 'never',
      capped: Math.max(0, found.length - MAX_FINDINGS),
    }),
    ...(slo.length === 0
      ? []
      : [
          listSection(`### Latency above the SLO (${slo.length})`, slo.map(sloRow), {
            head: tableHead(['Endpoint', 'p95 ms', 'SLO ms', 'Verdict'], 'lrrl'),
            what: 'endpoints above their SLO',
            maxBytes,
            intro: SLO_INTRO,
          }),
        ]),
    ...(groups.length === 0
      ? []
      : [
          listSection(
            `### Unknown endpoints (${unknownCount} in ${plural(groups.length, 'group')})`,
            groups.slice(0, MAX_UNKNOWN_GROUPS).map(unknownItem),
            {
              what: 'groups of unknown endpoints',
              maxBytes,
              intro: 'No contract matches these paths; grouped by the first segment of the path.',
              capped: Math.max(0, groups.length - MAX_UNKNOWN_GROUPS),
            },
          ),
        ]),
    listSection(`### Endpoints with a contract (${contracts.length})`, contracts.map(endpointRow), {
      head: ENDPOINT_HEAD,
      what: 'endpoints with a contract',
      maxBytes,
      intro: `An endpoint’s verdict is the worst decision reached by at least ${formatPercent(r.gate.min_share)} of its requests.`,
      collapse: 'always',
    }),
    ...(disallowed.length === 0
      ? []
      : [
          listSection(`### Disallowed methods (${disallowed.length})`, disallowed.map(disallowedItem), {
            what: 'endpoints with disallowed methods',
            maxBytes,
          }),
        ]),
    listSection('### Input', r.input.files.map(fileRow), {
      head: tableHead(['File', 'Format', 'Read', 'Accepted', 'Rejected'], 'llrrr'),
      what: 'input files',
      maxBytes,
      intro: inputTotals(r),
      none: 'No input files.',
    }),
    ...(samples.length === 0
      ? []
      : [
          listSection('#### Rejected lines', samples.map(sampleItem), {
            what: 'rejected lines',
            maxBytes,
            intro: sampleIntro,
          }),
        ]),
    policyAndLedger(r),
    ...(options.extraSections ?? []),
  ];
}

function render(parts: readonly Block[], keep: readonly number[]): string {
  let list = 0;
  const out = parts.map((part) => {
    if (typeof part === 'string') return part;
    const k = keep[list++]!;
    return part.render(part.rows.slice(0, k), part.rows.length - k);
  });
  return `${out.join('\n\n')}\n`;
}

/** Headline, error and a pointer to result.json: what is left when even the fixed parts do not fit. */
function minimal(r: RunResult, maxBytes: number, outcome?: SummaryOptions['outcome']): string {
  const error = r.error === undefined ? undefined : shorten(r.error, 200).shown;
  const doc = `## Traffic Governance\n\n${verdictBlock(r, undefined, error, outcome)}\n\n*This summary was cut to fit ${maxBytes} bytes; result.json has the full report.*\n`;
  const buf = Buffer.from(doc, 'utf8');
  if (buf.length <= maxBytes) return doc;
  // Unreachable with the minimum maxBytes; cut at a character boundary all the same.
  let end = maxBytes;
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

export function renderSummary(result: RunResult, options: SummaryOptions = {}): string {
  const r = checkResult(result);
  const maxBytes = options.maxBytes ?? SUMMARY_MAX_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes < SUMMARY_MIN_BYTES) {
    throw new RangeError(`maxBytes must be an integer >= ${SUMMARY_MIN_BYTES}, got ${maxBytes}`);
  }
  const parts = blocks(r, options, maxBytes);
  const lists = parts.filter((p): p is CuttableList => typeof p !== 'string');
  const full = render(
    parts,
    lists.map((l) => l.rows.length),
  );
  if (bytes(full) <= maxBytes) return full;

  // Every row left out: the largest the fixed parts get (each note has its largest count then).
  const base = render(
    parts,
    lists.map(() => 0),
  );
  let budget = maxBytes - bytes(base);
  if (budget < 0) return minimal(r, maxBytes, options.outcome);
  // Keep the longest prefix of each list, in document order (findings first), that fits.
  const keep = lists.map((list) => {
    let k = 0;
    while (k < list.rows.length) {
      const cost = bytes(list.rows[k]!) + 1;
      if (cost > budget) break;
      budget -= cost;
      k++;
    }
    return k;
  });
  const cut = render(parts, keep);
  return bytes(cut) <= maxBytes ? cut : minimal(r, maxBytes, options.outcome);
}
