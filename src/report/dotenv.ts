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

export const DOTENV_MAX_VALUE = 256;
/** GOVERNANCE_VERDICT of a run the gate could not judge (bad input, nothing evaluated, failed verification). */
export const VERDICT_ERROR = 'ERROR';
export const DOTENV_MAX_BYTES = 5120;
export const DOTENV_MAX_VARIABLES = 20;

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

export function renderDotenv(result: RunResult): string {
  const r = checkResult(result);
  const variables: ReadonlyArray<readonly [string, string | number]> = [
    // A run that stopped (result.error, exit 2 or 4) could not judge: its verdict is ERROR, never ALLOW.
    ['GOVERNANCE_VERDICT', r.error === undefined ? r.verdict : VERDICT_ERROR],
    ['GOVERNANCE_TIER', r.tier],
    ['GOVERNANCE_EXIT_CODE', r.exit_code],
    ['GOVERNANCE_POLICY_VERSION', r.policy.version],
    ['GOVERNANCE_POLICY_HASH', r.policy.hash],
    ...(r.policy.signed_by === undefined
      ? []
      : [['GOVERNANCE_POLICY_SIGNED_BY', r.policy.signed_by.join(',')] as const]),
    ['GOVERNANCE_LEDGER_HEAD', r.ledger.head_hash],
    ['GOVERNANCE_RECORDS', r.ledger.records],
    ['GOVERNANCE_REJECTED', r.input.rejected],
  ];
  return variables.map(([key, value]) => `${key}=${dotenvValue(String(value))}\n`).join('');
}
