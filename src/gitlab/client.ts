/**
 * What every GitLab call shares: the target (instance, project, token), the gitbeaker client options
 * built from it, and the one place that turns a failed call into a GitLabError that says what to fix.
 * No message ever carries the token, and no GitLabError keeps the failed request (its headers hold
 * the token) as a `cause`.
 */
import { GitbeakerRequestError, GitbeakerRetryError, GitbeakerTimeoutError } from '@gitbeaker/rest';
import { visible } from '../report/text.js';

export interface GitLabTarget {
  /** The instance (`https://gitlab.example.com`, may have a relative path) or its API root (`…/api/v4`, i.e. CI_API_V4_URL). */
  url: string;
  /** Numeric id or full path (`group/sub/project`). */
  project: string;
  token: string;
  /** `private`: a personal/project/group access token (PRIVATE-TOKEN). `job`: CI_JOB_TOKEN (JOB-TOKEN). */
  tokenKind: 'private' | 'job';
}

export class GitLabError extends Error {
  override name = 'GitLabError';
  /** The HTTP status GitLab answered, when there was an answer. */
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

const QUERY_TIMEOUT_MS = 120_000;

/** The instance URL gitbeaker wants as `host` (it appends `/api/v4` itself). */
export function instanceUrl(target: GitLabTarget): string {
  let url: URL;
  try {
    url = new URL(target.url.trim());
  } catch {
    throw new GitLabError(
      `GitLab URL '${visible(redact(target.url, target.token))}' is not a URL: give the instance, e.g. https://gitlab.com`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new GitLabError(
      `GitLab URL '${visible(redact(target.url, target.token))}' must start with https:// (or http://)`,
    );
  }
  if (url.username || url.password || url.search) {
    throw new GitLabError(
      'GitLab URL must not carry credentials or a query: give the instance only and pass the token separately',
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
}

/** Options for any @gitbeaker/rest resource class: host plus the right auth header for the token kind. */
export function clientOptions(target: GitLabTarget) {
  if (!target.token)
    throw new GitLabError('no GitLab token given: set gitlab-token / GITLAB_TOKEN or CI_JOB_TOKEN');
  if (!target.project)
    throw new GitLabError('no GitLab project given: use its numeric id or full path (group/project)');
  const base = { host: instanceUrl(target), queryTimeout: QUERY_TIMEOUT_MS };
  return target.tokenKind === 'job' ? { ...base, jobToken: target.token } : { ...base, token: target.token };
}

export function redact(text: string, token: string): string {
  return token ? text.split(token).join('[redacted]') : text;
}

function tokenName(target: GitLabTarget): string {
  return target.tokenKind === 'job' ? 'CI_JOB_TOKEN' : 'token';
}

function defaultHint(status: number, target: GitLabTarget): string {
  switch (status) {
    case 401:
      return target.tokenKind === 'job'
        ? 'CI_JOB_TOKEN is valid only while its job runs; for another project, add this project to its CI/CD job token allowlist'
        : 'the token is invalid or expired, or lacks a scope: check that gitlab-token / GITLAB_TOKEN is a personal or project access token with api scope';
    case 403:
      return target.tokenKind === 'job'
        ? 'the job token lacks permission on this project: check its CI/CD job token allowlist and permissions'
        : 'the token lacks a scope or its user lacks a role: it needs api scope, and at least the Developer role to publish packages (Reporter to post notes)';
    case 404:
      return `project '${visible(target.project)}' (or what was asked for in it) was not found, or the token cannot see it: check gitlab-project (numeric id or full path like group/sub/project)`;
    case 301:
    case 302:
    case 307:
    case 308:
      return "GitLab redirected the request: set the GitLab URL to the instance's canonical address (https://…)";
    default:
      return status >= 500
        ? 'GitLab failed on its side: try again later'
        : 'check the request against the GitLab answer';
  }
}

/** GitLab's own words for the failure (`401 Unauthorized`, `400 Bad request - Duplicate package is not allowed`). */
function answer(status: number, description: string): string {
  const text = visible(description)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  if (!text) return String(status);
  return text.startsWith(String(status)) ? text : `${status} ${text}`;
}

export interface FailureContext {
  /** What was being done, as a gerund phrase: `publishing policy version 1.2.0`. */
  action: string;
  /** What to do for a given status, replacing the default advice. */
  hints?: Partial<Record<number, string>>;
}

/** A URL for a message: no query, which may hold a pre-signed object storage signature. */
function withoutQuery(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  return parsed.href;
}

/** Status, GitLab's own words and `METHOD url` of a failed gitbeaker request; null for any other error. */
export function requestFailure(error: unknown): { status: number; said: string; where: string } | null {
  if (!(error instanceof GitbeakerRequestError)) return null;
  const cause = error.cause as { description?: string; request?: Request; response?: Response } | undefined;
  const status = cause?.response?.status ?? 0;
  const where = cause?.request ? `${cause.request.method} ${withoutQuery(cause.request.url)}` : 'GitLab';
  return { status, said: answer(status, cause?.description ?? error.message), where };
}

/** Any failure of a gitbeaker call → GitLabError naming status, method and URL (never the token) and what to do. */
export function toGitLabError(error: unknown, target: GitLabTarget, context: FailureContext): GitLabError {
  if (error instanceof GitLabError) return new GitLabError(redact(error.message, target.token), error.status);
  const fail = (message: string, status?: number) => new GitLabError(redact(message, target.token), status);
  const failure = requestFailure(error);
  if (failure) {
    const { status, said, where } = failure;
    const hint = context.hints?.[status] ?? defaultHint(status, target);
    if (status === 401)
      return fail(`GitLab rejected the ${tokenName(target)} (${said}) for ${where}: ${hint}`, status);
    return fail(`GitLab answered ${said} for ${where} while ${context.action}: ${hint}`, status);
  }
  if (error instanceof GitbeakerRetryError) {
    return fail(
      `GitLab kept answering 429/502 while ${context.action}: ${visible(error.message)} Try again later.`,
    );
  }
  if (error instanceof GitbeakerTimeoutError) {
    return fail(
      `GitLab at ${instanceUrl(target)} did not answer within ${QUERY_TIMEOUT_MS / 1000} s while ${context.action}: check that the instance is up`,
    );
  }
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (error instanceof TypeError && cause) {
    return fail(
      `cannot reach GitLab at ${instanceUrl(target)} (${cause.code ?? visible(cause.message ?? '')}) while ${context.action}: check gitlab-url / CI_API_V4_URL and the network`,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return fail(`${context.action} failed: ${visible(message)}`);
}

/** True when `error` is a gitbeaker request error with this HTTP status. */
export function hasStatus(error: unknown, status: number): boolean {
  return requestFailure(error)?.status === status;
}
