/**
 * summary.md: the verdict and what it means for this tier first, then per-endpoint rows (worst first),
 * unknown endpoints, disallowed methods, input counts, policy and ledger. Written for GitHub's job
 * summary and a GitLab MR note alike, and kept under `maxBytes` (GitHub's step-summary limit is
 * 1 MiB) by leaving out list rows, never the headline, with a note saying how many.
 */
import { DECISION_ORDER } from '../model.js';
import {
  describeFiltered,
  type EndpointResult,
  type Filtered,
  mostOutOfOrder,
  type RunResult,
} from '../result.js';
import { formatNumber, formatPercent } from './format.js';
import { checkResult } from './input.js';
import { code, details, fenced, tableHead, tableRow, text } from './markdown.js';
import { worstFirst } from './order.js';

export interface SummaryOptions {
  /** Upper bound of the UTF-8 size of the output; default 1 MiB, at least 4 KiB. */
  maxBytes?: number;
  /** Heading text; default "Traffic Governance". */
  title?: string;
  /** Trusted Markdown appended after the report (e.g. a package URL from the front door). */
  extraSections?: string[];
  /**
   * How the front door ends, where that differs from the run's exit code: the Action's step exits 1
   * on any failure (an input error, a `fail-on` gate) and 0 otherwise. `meaning` replaces the words
   * after the verdict.
   */
  outcome?: { exitCode: number; meaning: string };
}

export const SUMMARY_MAX_BYTES = 1024 * 1024;
export const SUMMARY_MIN_BYTES = 4096;
/** Lists longer than this are collapsed in `<details>`. */
const COLLAPSE_AFTER = 10;
/** Longer identifiers are shortened in the summary (result.json has them whole). */
const SHOW_CHARS = 200;
const TITLE_CHARS = 80;
const ERROR_CHARS = 8192;

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

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

function errorBlock(error: string): string {
  const { shown, cut } = shorten(error, ERROR_CHARS);
  const note = cut === 0 ? '' : `\n\n… ${cut} more characters in result.json.`;
  return `**The run stopped:**\n\n${fenced(shown.split('\n'))}${note}`;
}

function overview(r: RunResult, exitCode: number): string {
  const requests = DECISION_ORDER.reduce((sum, d) => sum + r.decisions[d], 0);
  const decisions = DECISION_ORDER.map((d) => `${d} ${r.decisions[d]}`).join(' · ');
  const verdicts = DECISION_ORDER.map((d) => [d, r.endpoints.filter((e) => e.verdict === d).length] as const)
    .filter(([, n]) => n > 0)
    .reverse()
    .map(([d, n]) => `${d} ${n}`)
    .join(', ');
  return [
    `- Tier: ${r.tier} · exit code ${exitCode}`,
    `- Decisions: ${decisions} (${plural(requests, 'request')})`,
    `- Endpoints: ${r.endpoints.length}${verdicts ? ` (verdicts: ${verdicts})` : ''}`,
    `- Gate: an endpoint's verdict is the worst decision reached by at least ${formatPercent(r.gate.min_share)} of its requests`,
  ].join('\n');
}

const over = (value: number, limit: number | null): string =>
  limit !== null && value > limit ? `**${formatNumber(value)}**` : formatNumber(value);

function endpointRow(e: EndpointResult): string {
  const known = e.kind === 'contract';
  const slo = known ? e.latency_ms.slo : null;
  const limit = known ? e.rpm.limit : null;
  const latency = [e.latency_ms.p50, e.latency_ms.p95, e.latency_ms.p99].map((v) => over(v, slo)).join(' / ');
  const transitions = e.circuit_transition_count;
  return tableRow([
    ident(e.endpoint_key),
    known ? ident(e.contract_id ?? '') : '*none (unknown endpoint)*',
    String(e.requests),
    `${formatPercent(e.error_rate)} (${e.errors})`,
    `${latency} (${slo === null ? 'no SLO' : `SLO ${formatNumber(slo)}`})`,
    `${over(e.rpm.peak, limit)} (${limit === null ? 'no limit' : `limit ${formatNumber(limit)}`})`,
    DECISION_ORDER.map((d) => e.decisions[d]).join(' / '),
    `${plural(transitions, 'transition')} · ${e.circuit_state}`,
    e.verdict === 'ALLOW' ? '**ALLOW**' : `**${e.verdict}** (${formatPercent(e.verdict_share)} of requests)`,
  ]);
}

const ENDPOINT_HEAD = tableHead(
  [
    'Endpoint',
    'Contract',
    'Requests',
    'Error rate (errors)',
    'Latency p50 / p95 / p99 ms',
    'Peak rpm',
    'ALLOW / THROTTLE / QUARANTINE / DROP',
    'Circuit',
    'Verdict',
  ],
  'llrrrrrll',
);

function unknownItem(e: EndpointResult): string {
  return `- ${ident(e.endpoint_key)} — ${plural(e.requests, 'request')}, verdict ${e.verdict}`;
}

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

/** A list the size limit may shorten: its rows, and how to render the section around the kept ones. */
interface CuttableList {
  rows: string[];
  render(kept: readonly string[], leftOut: number): string;
}

function leftOutNote(leftOut: number, what: string, maxBytes: number): string {
  return leftOut === 0
    ? ''
    : `\n\n*${leftOut} ${what} left out to keep this summary under ${maxBytes} bytes; result.json has them all.*`;
}

/** A section: heading, then the rows as they come (table or list), collapsed when the list is long. */
function listSection(
  heading: string,
  rows: string[],
  options: {
    head?: string;
    what: string;
    maxBytes: number;
    intro?: string;
    none?: string;
    collapse?: boolean;
  },
): CuttableList {
  return {
    rows,
    render(kept, leftOut) {
      const intro = options.intro ? `${options.intro}\n\n` : '';
      if (rows.length === 0) return `${heading}\n\n${intro}${options.none ?? 'None.'}`;
      const body = [options.head, ...kept].filter((l) => l !== undefined).join('\n');
      const shown =
        options.collapse !== false && rows.length > COLLAPSE_AFTER
          ? details(`${rows.length} ${options.what}`, body || '(none shown)')
          : body;
      return `${heading}\n\n${intro}${shown}${leftOutNote(leftOut, options.what, options.maxBytes)}`;
    },
  };
}

type Block = string | CuttableList;

function blocks(r: RunResult, options: SummaryOptions, maxBytes: number): Block[] {
  const endpoints = worstFirst(r.endpoints);
  const unknown = endpoints.filter((e) => e.kind === 'unknown');
  const disallowed = endpoints.filter((e) => Object.keys(e.disallowed_methods).length > 0);
  const samples = r.input.rejected_samples;
  const sampleIntro =
    samples.length < r.input.rejected
      ? `First rejected lines (${samples.length} of ${r.input.rejected}):`
      : undefined;
  const title = shorten(options.title ?? 'Traffic Governance', TITLE_CHARS).shown;
  return [
    `## ${text(title)}\n\n${headline(r, options.outcome)}`,
    ...(r.error === undefined ? [] : [errorBlock(r.error)]),
    overview(r, options.outcome?.exitCode ?? r.exit_code),
    listSection(`### Endpoints (${endpoints.length})`, endpoints.map(endpointRow), {
      head: ENDPOINT_HEAD,
      what: 'endpoint rows',
      maxBytes,
      // The worst rows come first and are the point of the report: never hide them in <details>.
      collapse: false,
    }),
    listSection(`### Unknown endpoints (${unknown.length})`, unknown.map(unknownItem), {
      what: 'unknown endpoints',
      maxBytes,
    }),
    listSection(`### Disallowed methods (${disallowed.length})`, disallowed.map(disallowedItem), {
      what: 'endpoints with disallowed methods',
      maxBytes,
    }),
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
  const error = r.error === undefined ? '' : `\n\n${errorBlock(shorten(r.error, 200).shown)}`;
  const doc = `## Traffic Governance\n\n${headline(r, outcome)}${error}\n\n*This summary was cut to fit ${maxBytes} bytes; result.json has the full report.*\n`;
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
  // Keep the longest prefix of each list, in document order (endpoint rows first), that fits.
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
