/**
 * The input helper: reads every Action input, validates it and returns one typed settings object
 * before any work starts (the actions/checkout input-helper pattern). A bad input is a ConfigError
 * whose message names the input and says what to fix. Secrets are masked before anything else.
 */
import type { KeyObject } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import nodePath from 'node:path';
import * as core from '@actions/core';
import { instanceUrl } from '../gitlab/client.js';
import { type Decision, PolicyArtifactSchema } from '../model.js';
import { shownPath, visible } from '../report/text.js';
import { parsePrivateKey, TrustError } from '../trust/index.js';

export const FORMATS = ['auto', 'jsonl', 'har', 'k6', 'nginx'] as const;
export type TrafficFormat = (typeof FORMATS)[number];

/** The verdicts `fail-on` accepts; `none` (the default) never fails the step on a verdict. */
export const FAIL_ON = ['none', 'THROTTLE', 'QUARANTINE', 'DROP'] as const;
/** upload-artifact's convention for a traffic pattern that matches no file. */
export const IF_NO_FILES_FOUND = ['error', 'warn', 'ignore'] as const;
export type IfNoFilesFound = (typeof IF_NO_FILES_FOUND)[number];

export interface GitLabSettings {
  url: string;
  project: string;
  token: string;
}

export interface Settings {
  /** GITHUB_WORKSPACE (or the working directory outside a runner): every path input is relative to it. */
  workspace: string;
  /** Absolute path of the policy file. */
  policy: string;
  /** Absolute paths of the extra contract files, in the order given. */
  contracts: string[];
  /** Traffic globs, as given (relative to the workspace). */
  traffic: string[];
  format: TrafficFormat;
  /** Absolute path of the output directory. */
  outputDir: string;
  summary: boolean;
  annotations: boolean;
  /** The verdict at or above which the step fails (after writing everything); undefined: never. */
  failOn?: Exclude<Decision, 'ALLOW'>;
  /** What a traffic pattern that matches no file does: fail the step, warn, or nothing. */
  ifNoFilesFound: IfNoFilesFound;
  /** Set when pr-comment is true: the token that posts the comment. */
  prComment?: { token: string };
  /** Set when all three gitlab-* inputs are given. */
  gitlab?: GitLabSettings;
  /** Set when signing-key is given: the written policy-artifact.json is signed with it. */
  signing?: SigningSettings;
}

export interface SigningSettings {
  /** The Ed25519 private key, parsed in-process from the input (never passed to a command). */
  key: KeyObject;
  /** RFC 3339 date-time after which verifiers refuse the artifact (from signing-key-expires). */
  expires?: string;
}

/** A configuration problem the user fixes in the workflow file or the repository. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** The runner's spelling of an input's variable: spaces → `_`, upper case, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

function input(env: Env, name: string): string {
  return (env[inputVariable(name)] ?? '').trim();
}

function booleanInput(env: Env, name: string, fallback: boolean): boolean {
  const value = input(env, name);
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new ConfigError(`input ${name}: '${visible(value)}' is not a boolean: use true or false`);
}

/** The path module of the platform the step runs on (tests pass path.win32). */
export type PathModule = typeof nodePath.posix;

/** A workspace-relative path for messages (the absolute one when it lies outside). */
export function displayPath(workspace: string, path: string, paths: PathModule = nodePath): string {
  const rel = paths.relative(workspace, path);
  const outside = rel === '' || rel === '..' || rel.startsWith(`..${paths.sep}`) || paths.isAbsolute(rel);
  return shownPath(outside ? path : rel, paths.sep);
}

function existingFile(workspace: string, name: string, given: string): string {
  const path = nodePath.resolve(workspace, given);
  const where = `(looked for ${visible(shownPath(path))}; paths are relative to the workspace, GITHUB_WORKSPACE)`;
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    throw new ConfigError(
      `input ${name}: file '${visible(given)}' not found ${where}: fix the path, or check out the repository (actions/checkout) before this step`,
    );
  }
  if (!stats.isFile()) throw new ConfigError(`input ${name}: '${visible(given)}' is not a file ${where}`);
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new ConfigError(`input ${name}: file '${visible(given)}' is not readable ${where}`);
  }
  return path;
}

/** Values separated by newlines and/or commas, trimmed, empty ones dropped. */
export function listInput(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function gitlabSettings(env: Env): GitLabSettings | undefined {
  const given = {
    'gitlab-url': input(env, 'gitlab-url'),
    'gitlab-project': input(env, 'gitlab-project'),
    'gitlab-token': input(env, 'gitlab-token'),
  };
  const missing = Object.entries(given)
    .filter(([, value]) => value === '')
    .map(([name]) => name);
  if (missing.length === 3) return undefined;
  if (missing.length > 0) {
    const present = Object.keys(given).filter((name) => !missing.includes(name));
    const are = (names: string[]) => `${names.join(' and ')} ${names.length === 1 ? 'is' : 'are'}`;
    const tokenHint = missing.includes('gitlab-token')
      ? ' (gitlab-token comes from a secret: check that it exists; secrets are empty in pull requests from forks)'
      : '';
    throw new ConfigError(
      `publishing to GitLab needs gitlab-url, gitlab-project and gitlab-token: ${are(present)} set but ${are(missing)} empty: set ${missing.join(' and ')}${tokenHint}, or remove ${present.join(' and ')} to skip publishing`,
    );
  }
  const settings = {
    url: given['gitlab-url'],
    project: given['gitlab-project'],
    token: given['gitlab-token'],
  };
  try {
    instanceUrl({ ...settings, tokenKind: 'private' });
  } catch (error) {
    throw new ConfigError(`input gitlab-url: ${(error as Error).message.replace(/^GitLab URL /, '')}`);
  }
  return settings;
}

/** `fail-on`, any case: `none` (or empty) gives no gate. */
function failOnInput(value: string): Pick<Settings, 'failOn'> {
  const verdict = value.toUpperCase();
  if (verdict === '' || verdict === 'NONE') return {};
  if (!(FAIL_ON as readonly string[]).includes(verdict)) {
    throw new ConfigError(
      `input fail-on: '${visible(value)}' is not a verdict to fail on: use none (the default: never fail on a verdict), THROTTLE, QUARANTINE or DROP`,
    );
  }
  return { failOn: verdict as Settings['failOn'] };
}

function ifNoFilesFoundInput(value: string): IfNoFilesFound {
  const mode = value.toLowerCase() || 'error';
  if (!(IF_NO_FILES_FOUND as readonly string[]).includes(mode)) {
    throw new ConfigError(
      `input if-no-files-found: '${visible(value)}' is not one of ${IF_NO_FILES_FOUND.join(', ')} (as in actions/upload-artifact)`,
    );
  }
  return mode as IfNoFilesFound;
}

function prCommentInput(enabled: boolean, token: string): Pick<Settings, 'prComment'> {
  if (!enabled) return {};
  if (token === '') {
    throw new ConfigError(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
      'input pr-comment: true needs github-token (its default is the job token, ${{ github.token }}): remove the empty github-token, or set pr-comment: false',
    );
  }
  return { prComment: { token } };
}

/** `90d` (days from `now`) or an RFC 3339 date-time with a zone, as an RFC 3339 string. */
export function expiresInput(value: string, now: Date): string {
  const days = /^([1-9]\d{0,4})d$/.exec(value);
  if (days) return new Date(now.getTime() + Number(days[1]) * 86_400_000).toISOString();
  const parsed = PolicyArtifactSchema.shape.expires.safeParse(value);
  if (!parsed.success) {
    throw new ConfigError(
      `input signing-key-expires: '${visible(value)}' is neither a number of days like 90d nor an RFC 3339 date-time like 2027-01-31T00:00:00Z`,
    );
  }
  if (Date.parse(value) <= now.getTime())
    throw new ConfigError(
      `input signing-key-expires: ${visible(value)} is in the past: no verifier would accept the artifact`,
    );
  return value;
}

function signingSettings(env: Env, now: Date): SigningSettings | undefined {
  const text = input(env, 'signing-key');
  const expires = input(env, 'signing-key-expires');
  if (text === '') {
    if (expires !== '')
      throw new ConfigError('input signing-key-expires needs signing-key (the secret that signs)');
    return undefined;
  }
  let key: KeyObject;
  try {
    key = parsePrivateKey(text, 'input signing-key');
  } catch (error) {
    if (error instanceof TrustError) throw new ConfigError(`${error.message} (check the secret's content)`);
    throw error;
  }
  return { key, ...(expires === '' ? {} : { expires: expiresInput(expires, now) }) };
}

/**
 * Every input, validated. Masks gitlab-token and signing-key first (the key also line by line, as
 * the runner masks a multi-line secret per line), so no later message (even a failed validation)
 * can show them in the log. `now` (the real clock, at this boundary only) resolves `90d` expiries.
 */
export function getSettings(env: Env = process.env, now: Date = new Date()): Settings {
  const token = input(env, 'gitlab-token');
  if (token !== '') core.setSecret(token);
  const signingKey = input(env, 'signing-key');
  if (signingKey !== '') {
    core.setSecret(signingKey);
    for (const line of signingKey.split(/\r?\n/)) if (line.trim() !== '') core.setSecret(line.trim());
  }

  const githubToken = input(env, 'github-token');
  if (githubToken !== '') core.setSecret(githubToken);

  const workspace = nodePath.resolve(env.GITHUB_WORKSPACE || process.cwd());

  const policyInput = input(env, 'policy');
  if (policyInput === '') {
    throw new ConfigError(
      'input policy is required: set it to your policy file (YAML or JSON), e.g. policy: governance/policy.yml',
    );
  }
  const policy = existingFile(workspace, 'policy', policyInput);
  const contracts = listInput(input(env, 'contracts')).map((given) =>
    existingFile(workspace, 'contracts', given),
  );

  const traffic = input(env, 'traffic')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (traffic.length === 0) {
    throw new ConfigError(
      'input traffic is required: list the traffic files or globs, one per line, e.g. traffic: test-results/**/*.har',
    );
  }

  const format = (input(env, 'format') || 'auto') as TrafficFormat;
  if (!FORMATS.includes(format)) {
    throw new ConfigError(
      `input format: '${visible(format)}' is not a traffic format: use one of ${FORMATS.join(', ')}`,
    );
  }

  const outputDir = nodePath.resolve(workspace, input(env, 'output-dir') || 'traffic-governance');
  if (outputDir === workspace) {
    throw new ConfigError(
      'input output-dir: must be a directory of its own, not the workspace itself, e.g. traffic-governance',
    );
  }

  return {
    workspace,
    policy,
    contracts,
    traffic,
    format,
    outputDir,
    summary: booleanInput(env, 'summary', true),
    annotations: booleanInput(env, 'annotations', true),
    ...failOnInput(input(env, 'fail-on')),
    ifNoFilesFound: ifNoFilesFoundInput(input(env, 'if-no-files-found')),
    ...prCommentInput(booleanInput(env, 'pr-comment', false), githubToken),
    gitlab: gitlabSettings(env),
    signing: signingSettings(env, now),
  };
}
