/**
 * metrics.txt: OpenMetrics 1.0 text (Prometheus-scrapable) that GitLab's metrics report also reads.
 *
 * GitLab's parser (Gitlab::Ci::Parsers::Metrics::Generic) drops everything from a `#` to the end of
 * a line and shell-splits the rest into `name value`, the name being the sample name with its label
 * set, quotes removed. A `#` inside a label value would cut the line and fail the whole report, and
 * an `=` could make two label sets read alike once the quotes are gone. So label values go through
 * `visible(…, '#=')` first (`#` becomes `\x23`, `=` `\x3D`, a backslash `\\`: injective, so label
 * sets stay unique for both readers), then OpenMetrics escaping.
 *
 * Families: the run's (verdict, exit code, input lines read and rejected) and, per endpoint, its
 * verdict, latency p95 and error rate, each beside its contract's limit (SLO, error budget; endpoints
 * without a contract have none): a handful of rows per endpoint, since GitLab's metrics widget lists
 * every row. Per-decision counts and other quantiles are in result.json.
 * TYPE, UNIT (seconds and ratio, the base units), HELP; counters end `_total`; a p95 is NaN when an
 * endpoint saw no request; endpoints sorted by key; `# EOF` last.
 */
import { severity } from '../model.js';
import type { EndpointResult, RunResult } from '../result.js';
import { DEFAULT_REPORT_PREFIX, type ReportOptions, reportPrefix } from './dotenv.js';
import { checkResult } from './input.js';
import { byKey } from './order.js';
import { visible } from './text.js';

export const METRIC_PREFIX = 'traffic_governance';

/** `traffic_governance` for the default report prefix, else `traffic_governance_<prefix in lower case>`. */
export function metricPrefix(options: ReportOptions = {}): string {
  const prefix = reportPrefix(options);
  return prefix === DEFAULT_REPORT_PREFIX ? METRIC_PREFIX : `${METRIC_PREFIX}_${prefix.toLowerCase()}`;
}

interface Sample {
  suffix: string;
  /** Rendered label pairs without the braces (`endpoint="…"`), or ''. */
  labels: string;
  value: number;
}
interface Family {
  name: string;
  type: 'counter' | 'gauge';
  unit?: string;
  help: string;
  samples: Sample[];
}

/** OpenMetrics escaped-string: backslash, double quote and line feed. */
const escapeString = (s: string): string => s.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

/** The label value for user text: visible escapes (with `#` and `=`), before OpenMetrics escaping. */
export const metricLabelValue = (s: string): string => visible(s, '#=');

const label = (name: string, value: string): string => `${name}="${escapeString(metricLabelValue(value))}"`;

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

function renderFamily(f: Family, prefix: string): string[] {
  const name = `${prefix}_${f.name}`;
  const lines = [`# TYPE ${name} ${f.type}`];
  if (f.unit) lines.push(`# UNIT ${name} ${f.unit}`);
  lines.push(`# HELP ${name} ${escapeString(f.help)}`);
  for (const s of f.samples) {
    lines.push(`${name}${s.suffix}${s.labels ? `{${s.labels}}` : ''} ${formatValue(s.value)}`);
  }
  return lines;
}

/** An endpoint with its label rendered once. */
interface Labelled {
  e: EndpointResult;
  ep: string;
}

/** One sample per endpoint that `has` a value. */
const perEndpoint = (
  endpoints: readonly Labelled[],
  value: (e: EndpointResult) => number | undefined,
): Sample[] =>
  endpoints.flatMap(({ e, ep }) => {
    const v = value(e);
    return v === undefined ? [] : [{ suffix: '', labels: ep, value: v }];
  });

const run = (value: number): Sample[] => [{ suffix: '', labels: '', value }];
const runTotal = (value: number): Sample[] => [{ suffix: '_total', labels: '', value }];
const contractOnly = (e: EndpointResult, value: number | undefined): number | undefined =>
  e.kind === 'contract' ? value : undefined;

function families(r: RunResult): Family[] {
  const endpoints = byKey(r.endpoints).map((e): Labelled => ({ e, ep: label('endpoint', e.endpoint_key) }));
  return [
    {
      name: 'run_verdict',
      type: 'gauge',
      help: 'Run verdict as a severity: 0 ALLOW, 1 THROTTLE, 2 QUARANTINE, 3 DROP.',
      samples: run(severity(r.verdict)),
    },
    {
      name: 'run_exit_code',
      type: 'gauge',
      help: 'Exit code of the run: 0 pass, 1 gate failed, 2 input or configuration error, 3 gate warning, 4 verification failed.',
      samples: run(r.exit_code),
    },
    {
      name: 'input_read',
      type: 'counter',
      help: 'Traffic input lines read.',
      samples: runTotal(r.input.read),
    },
    {
      name: 'input_rejected',
      type: 'counter',
      help: 'Traffic input lines rejected as invalid.',
      samples: runTotal(r.input.rejected),
    },
    {
      name: 'verdict',
      type: 'gauge',
      help: 'Endpoint verdict as a severity: 0 ALLOW, 1 THROTTLE, 2 QUARANTINE, 3 DROP.',
      samples: perEndpoint(endpoints, (e) => severity(e.verdict)),
    },
    {
      name: 'latency_p95_seconds',
      type: 'gauge',
      unit: 'seconds',
      help: '95th percentile of the endpoint request latency (NaN without requests).',
      samples: perEndpoint(endpoints, (e) => (e.requests === 0 ? Number.NaN : e.latency_ms.p95 / 1000)),
    },
    {
      name: 'latency_slo_seconds',
      type: 'gauge',
      unit: 'seconds',
      help: 'Latency SLO of the endpoint contract.',
      samples: perEndpoint(endpoints, (e) => contractOnly(e, e.latency_ms.slo / 1000)),
    },
    {
      name: 'error_ratio',
      type: 'gauge',
      unit: 'ratio',
      help: 'Share of the endpoint requests that were errors.',
      samples: perEndpoint(endpoints, (e) => e.error_rate),
    },
    {
      name: 'error_budget_ratio',
      type: 'gauge',
      unit: 'ratio',
      help: 'Error budget of the endpoint contract (the error ratio it allows).',
      samples: perEndpoint(endpoints, (e) => contractOnly(e, e.error_budget)),
    },
  ];
}

export function renderMetrics(result: RunResult, options: ReportOptions = {}): string {
  const r = checkResult(result);
  const prefix = metricPrefix(options);
  return `${[...families(r).flatMap((f) => renderFamily(f, prefix)), '# EOF'].join('\n')}\n`;
}
