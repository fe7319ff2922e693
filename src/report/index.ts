/**
 * The report renderers: each turns one RunResult into one file's content, deterministically (same
 * RunResult ⇒ same bytes), and writeReports writes all six into a directory.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../result.js';
import { type ReportOptions, renderDotenv } from './dotenv.js';
import { renderReportHtml } from './html.js';
import { checkResult } from './input.js';
import { renderJunit } from './junit.js';
import { renderMetrics } from './metrics.js';
import { renderResultJson } from './result-json.js';
import { renderSummary } from './summary.js';

export { RunResultSchema } from '../result.js';
export {
  DEFAULT_REPORT_PREFIX,
  DOTENV_MAX_BYTES,
  DOTENV_MAX_VALUE,
  dotenvValue,
  REPORT_PREFIX_PATTERN,
  type ReportOptions,
  renderDotenv,
  renderStoppedDotenv,
  VERDICT_ERROR,
} from './dotenv.js';
export { type HtmlOptions, renderReportHtml } from './html.js';
export { ReportInputError } from './input.js';
export { JUNIT_SUITE_NAME, renderJunit, renderStoppedJunit } from './junit.js';
export { METRIC_PREFIX, metricLabelValue, metricPrefix, renderMetrics } from './metrics.js';
export { endpointReasons, mainReasons, type Reason, reasonLines } from './reasons.js';
export { renderResultJson } from './result-json.js';
export { renderSummary, SUMMARY_MAX_BYTES, type SummaryOptions } from './summary.js';
export { visible } from './text.js';

export interface ReportPaths {
  summary: string;
  junit: string;
  metrics: string;
  dotenv: string;
  result: string;
  html: string;
}

export const REPORT_FILES: Readonly<ReportPaths> = {
  summary: 'summary.md',
  junit: 'junit.xml',
  metrics: 'metrics.txt',
  dotenv: 'governance.env',
  result: 'result.json',
  html: 'report.html',
};

/** Every report's content, rendered from one RunResult (validated against RunResultSchema first). */
export function renderReports(result: RunResult, options: ReportOptions = {}): ReportPaths {
  const r = checkResult(result);
  return {
    summary: renderSummary(r, options.runUrl === undefined ? {} : { runUrl: options.runUrl }),
    junit: renderJunit(r),
    metrics: renderMetrics(r, options),
    dotenv: renderDotenv(r, options),
    result: renderResultJson(r),
    html: renderReportHtml(r, options.runUrl === undefined ? {} : { runUrl: options.runUrl }),
  };
}

/**
 * Renders every report, then writes them into `outDir` (created if needed) and returns their paths.
 * Nothing is written unless all six rendered; each file is written whole (temp file + rename).
 */
export function writeReports(result: RunResult, outDir: string): ReportPaths {
  const contents = renderReports(result);
  mkdirSync(outDir, { recursive: true });
  const paths = {} as ReportPaths;
  for (const key of Object.keys(REPORT_FILES) as (keyof ReportPaths)[]) {
    const path = join(outDir, REPORT_FILES[key]);
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, contents[key], 'utf8');
    renameSync(temp, path);
    paths[key] = path;
  }
  return paths;
}
