/**
 * governance.env: a dotenv report for GitLab (`artifacts:reports:dotenv`), which makes these
 * variables available to later jobs. GitLab's rules (Ci::ParseDotenvArtifactService and the docs):
 * one `KEY=value` per line, no blank lines or comments, no quotes or escapes (they are kept as they
 * are), surrounding whitespace stripped, no multiline values, keys `[A-Za-z0-9_]`, fewer than
 * 5120 bytes in all, at most 20 variables on the smallest plan.
 *
 * Values therefore use a safe alphabet: `[A-Za-z0-9._+:@/,-]` stays, every other byte is written as
 * `%XX` (so a `$` can never be expanded by a later job), and a value longer than
 * DOTENV_MAX_VALUE characters is cut and ends in `...`, so the file always stays far below the limit.
 */
import type { RunResult } from '../result.js';
import { checkResult } from './input.js';
import { quoted } from './text.js';

export const DOTENV_MAX_VALUE = 256;
/** GOVERNANCE_VERDICT of a run the gate could not judge (bad input, nothing evaluated, failed verification). */
export const VERDICT_ERROR = 'ERROR';
export const DOTENV_MAX_BYTES = 5120;
export const DOTENV_MAX_VARIABLES = 20;

/**
 * The first word of every variable name (`GOVERNANCE_VERDICT`, …): another prefix namespaces the
 * variables (and the metric names) of one run, so a later job can read the reports of two runs.
 */
export const DEFAULT_REPORT_PREFIX = 'GOVERNANCE';
/** A prefix that is a valid dotenv key and metric name in both cases: capitals, digits, `_`. */
export const REPORT_PREFIX_PATTERN = /^[A-Z][A-Z0-9_]{0,31}$/;
export const REPORT_PREFIX_RULE = '1 to 32 capital letters, digits or _, starting with a letter';

export interface ReportOptions {
  /** DEFAULT_REPORT_PREFIX unless given; must match REPORT_PREFIX_PATTERN. */
  prefix?: string;
  /** The CI run or job page, linked from summary.md (report/run-url.ts). */
  runUrl?: string;
}

/** The report prefix of `options`, checked (a bad one would write a file GitLab refuses). */
export function reportPrefix(options: ReportOptions = {}): string {
  const prefix = options.prefix ?? DEFAULT_REPORT_PREFIX;
  if (!REPORT_PREFIX_PATTERN.test(prefix)) {
    throw new Error(
      `report prefix ${quoted(prefix)} must be ${REPORT_PREFIX_RULE} (e.g. ${DEFAULT_REPORT_PREFIX} or CHECKOUT)`,
    );
  }
  return prefix;
}

const dotenvLines = (prefix: string, variables: ReadonlyArray<readonly [string, string | number]>): string =>
  variables.map(([key, value]) => `${prefix}_${key}=${dotenvValue(String(value))}\n`).join('');

const SAFE = /^[A-Za-z0-9._+:@/,-]*$/;

/** A value GitLab stores exactly as written and no shell or variable expansion can change. */
export function dotenvValue(value: string): string {
  let out = '';
  if (SAFE.test(value)) out = value;
  else {
    for (const ch of value) {
      if (SAFE.test(ch)) out += ch;
      else {
        // Lone surrogates become U+FFFD, like every UTF-8 writer would.
        for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
      }
    }
  }
  if (out.length <= DOTENV_MAX_VALUE) return out;
  // Cut, never inside a %XX escape.
  let cut = out.slice(0, DOTENV_MAX_VALUE - 3);
  const pct = cut.lastIndexOf('%');
  if (pct >= cut.length - 2) cut = cut.slice(0, pct);
  return `${cut}...`;
}

export function renderDotenv(result: RunResult, options: ReportOptions = {}): string {
  const r = checkResult(result);
  const variables: ReadonlyArray<readonly [string, string | number]> = [
    // A run that stopped (result.error, exit 2 or 4) could not judge: its verdict is ERROR, never ALLOW.
    ['VERDICT', r.error === undefined ? r.verdict : VERDICT_ERROR],
    ['TIER', r.tier],
    ['EXIT_CODE', r.exit_code],
    ['POLICY_VERSION', r.policy.version],
    ['POLICY_HASH', r.policy.hash],
    ...(r.policy.signed_by === undefined
      ? []
      : [['POLICY_SIGNED_BY', r.policy.signed_by.join(',')] as const]),
    ['LEDGER_HEAD', r.ledger.head_hash],
    ['RECORDS', r.ledger.records],
    ['REJECTED', r.input.rejected],
  ];
  return dotenvLines(reportPrefix(options), variables);
}

/** governance.env of a job that stopped before a run could report (no RunResult): verdict ERROR and the exit code. */
export function renderStoppedDotenv(exitCode: number, options: ReportOptions = {}): string {
  return dotenvLines(reportPrefix(options), [
    ['VERDICT', VERDICT_ERROR],
    ['EXIT_CODE', exitCode],
  ]);
}
