/**
 * report.html: one self-contained file a reviewer opens from the run page. summary.md's verdict
 * and findings as HTML at the top, then per endpoint the charts on event time (from result.json's
 * timeline), then the rest of summary.md (unknown endpoints grouped, input and filter counts, policy
 * and ledger), then the ledger verifier's panel. CSS, scripts and data are inline; the
 * Content-Security-Policy allows only those exact scripts and styles (by hash), blob: workers, and
 * fetches from its own origin (the ledger files beside it, when served). Deterministic: same result
 * ⇒ same bytes.
 */
import { createHash } from 'node:crypto';
import type { EndpointResult, RunResult } from '../result.js';
import { PAGE_JS, UPLOT_CSS, UPLOT_JS, VERIFY_PANEL_JS, VERIFY_WORKER_JS } from './html/assets.generated.js';
import type { ChartEndpoint, EndpointTimeline, ReportData } from './html/data.js';
import { markdownCss, markdownHtml } from './html/markdown-html.js';
import { worstFirst } from './order.js';
import { renderSummary } from './summary.js';

export interface HtmlOptions {
  /** The CI run or job page, linked under the verdict (as in summary.md). */
  runUrl?: string;
}

const CSS = `
body { margin: 0; background: #fff; color: #1f2328; }
main { max-width: 1280px; margin: 0 auto; }
${markdownCss('width: 100%')}
#tg-charts-section, #tg-verify { padding: 0 24px 16px; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
#tg-charts-section h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 8px; }
.tg-chart { margin: 0 0 24px; padding: 12px; border: 1px solid #d1d9e0; border-radius: 6px; display: flex; flex-wrap: wrap; gap: 8px 16px; }
.tg-chart figcaption { flex-basis: 100%; font-weight: 600; }
.tg-chart figcaption code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; background: #818b981f; padding: .2em .4em; border-radius: 6px; }
.tg-panel h4 { margin: 0; font-size: 13px; font-weight: 500; color: #59636e; }
.tg-panel .u-legend { font-size: 12px; }
`;

function chartEndpoint(e: EndpointResult, timeline: EndpointTimeline): ChartEndpoint {
  return {
    key: e.endpoint_key,
    kind: e.kind,
    verdict: e.verdict,
    requests: e.requests,
    slo_ms: e.latency_ms.slo,
    error_budget: e.error_budget ?? null,
    rpm_limit: e.rpm.limit,
    circuit_transitions: e.circuit_transition_count,
    timeline,
  };
}

/** The page's data: the grid, the endpoints with a timeline (worst first), the rest summed, the ledger. */
export function reportData(r: RunResult): ReportData {
  const endpoints = worstFirst(r.endpoints).flatMap((e) =>
    e.timeline === undefined ? [] : [chartEndpoint(e, e.timeline)],
  );
  return {
    verdict: r.verdict,
    grid: r.timeline ?? null,
    endpoints,
    others: r.timeline_others ?? null,
    ledger: {
      file: r.ledger.file,
      head_hash: r.ledger.head_hash,
      records: r.ledger.records,
      checkpoint: r.ledger.checkpoint ?? null,
    },
  };
}

/** JSON safe inside a `<script>` element: `<` cannot end it or open a comment. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replaceAll('<', '\\u003c');

const hash = (text: string): string =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Scripts and styles by hash rather than 'unsafe-inline': were anything to slip past the escaping,
 * an injected script or style still would not run. No default source: no fonts, images or frames
 * from anywhere; fetches only from the page's own origin (the ledger beside it, when served).
 */
function contentSecurityPolicy(scripts: readonly string[], style: string): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map(hash).join(' ')}`,
    `style-src ${hash(style)}`,
    'img-src data:',
    "connect-src 'self'",
    'worker-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const escapeHtml = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function chartsIntro(data: ReportData): string {
  if (data.grid === null)
    return '<p>This result has no timeline (it was written before result.json carried one).</p>';
  const { buckets, bucket_s } = data.grid;
  const others = data.others?.endpoints ?? 0;
  const rest = others === 0 ? '' : `; the other ${others} endpoints are summed in the last chart`;
  return (
    `<p>Event time (UTC), ${buckets} buckets of ${bucket_s} s. The ${data.endpoints.length} ` +
    `most severe endpoints have their own chart${rest}.</p>`
  );
}

/** summary.md up to the end of its findings, and the rest: the charts go between them. */
function splitAfterFindings(summary: string): [string, string] {
  const findings = summary.indexOf('\n### Findings');
  const next = findings < 0 ? -1 : summary.indexOf('\n### ', findings + 1);
  return next < 0 ? [summary, ''] : [summary.slice(0, next), summary.slice(next)];
}

export function renderReportHtml(result: RunResult, options: HtmlOptions = {}): string {
  const summary = renderSummary(result, options.runUrl === undefined ? {} : { runUrl: options.runUrl });
  const [findings, rest] = splitAfterFindings(summary);
  const data = reportData(result);
  const scripts = [UPLOT_JS, PAGE_JS, VERIFY_PANEL_JS].filter((s) => s !== '');
  const style = `${UPLOT_CSS}${CSS}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(scripts, style)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`Traffic Governance: ${result.verdict}`)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<article class="markdown-body">${markdownHtml(findings)}</article>`,
    '<section id="tg-charts-section">',
    '<h3>Endpoints over time</h3>',
    chartsIntro(data),
    '<div id="tg-charts"></div>',
    '</section>',
    `<article class="markdown-body">${markdownHtml(rest)}</article>`,
    '<section id="tg-verify"></section>',
    '</main>',
    `<script type="application/json" id="tg-data">${scriptJson(data)}</script>`,
    // The verifier panel starts its worker from this text (a Blob URL); a text/plain script never runs.
    `<script type="text/plain" id="tg-verify-worker">${VERIFY_WORKER_JS}</script>`,
    ...scripts.map((s) => `<script>${s}</script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
