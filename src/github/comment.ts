/**
 * The run's summary as one pull request comment per workflow, job and output-dir, edited in place by
 * later runs (found by its hidden marker) instead of piling up. Only on `pull_request` and
 * `pull_request_target` events; the event payload (GITHUB_EVENT_PATH) names the pull request.
 * Posting is a convenience beside the job summary: a refusal (a fork's read-only token, missing
 * `pull-requests: write`) is a warning for the caller, never a failed step.
 */
import { readFileSync } from 'node:fs';
import { getOctokit } from '@actions/github';
import { commentMarker, markedBody } from '../report/comment.js';
import { visible } from '../report/text.js';

/** GitHub's maximum issue/pull request comment body (characters). */
export const COMMENT_LIMIT = 65_536;
const PER_PAGE = 100;
const PR_EVENTS = ['pull_request', 'pull_request_target'];

type Env = Record<string, string | undefined>;

export type CommentOutcome =
  | { status: 'created' | 'updated'; id: number; url: string }
  | { status: 'skipped'; why: string }
  | { status: 'refused'; why: string };

/** One comment per workflow, job and output-dir: matrix legs of one job write distinct output-dirs. */
export function commentKey(env: Env, outputDir: string): string {
  return `workflow=${env.GITHUB_WORKFLOW ?? ''};job=${env.GITHUB_JOB ?? ''};output-dir=${outputDir}`;
}

/** The pull request number of this event, or why there is none. */
export function pullRequestNumber(env: Env): number | string {
  const event = env.GITHUB_EVENT_NAME ?? '';
  if (!PR_EVENTS.includes(event)) {
    return `the ${visible(event || 'unknown')} event is not a pull request (pr-comment posts on pull_request and pull_request_target)`;
  }
  let payload: { pull_request?: { number?: unknown } };
  try {
    payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH ?? '', 'utf8'));
  } catch (error) {
    return `the event payload (GITHUB_EVENT_PATH) cannot be read: ${visible((error as Error).message)}`;
  }
  const number = payload.pull_request?.number;
  return Number.isSafeInteger(number) && (number as number) > 0
    ? (number as number)
    : 'the event payload names no pull request';
}

/** Why GitHub refused, with what to fix; `status` is the HTTP status (undefined: no answer). */
function refusal(status: number | undefined, message: string, pr: number): string {
  const hints: Record<number, string> = {
    401: 'the github-token is invalid or expired',
    403: 'the token may not write pull request comments: give the job `permissions: pull-requests: write`; a pull request from a fork gets a read-only token, so no comment there (the job summary has the report)',
    404: `pull request #${pr} was not found, or the token cannot see the repository`,
  };
  const what = status === undefined ? 'no answer' : `HTTP ${status}`;
  return `could not comment on pull request #${pr} (${what}: ${visible(message)})${status && hints[status] ? `: ${hints[status]}` : ''}`;
}

/**
 * Creates or updates this run's comment on the event's pull request. Resolves to what happened;
 * GitHub's refusals come back as `refused` with the reason and the fix, never thrown.
 */
export async function upsertPullRequestComment(
  token: string,
  key: string,
  markdown: string,
  env: Env = process.env,
): Promise<CommentOutcome> {
  const pr = pullRequestNumber(env);
  if (typeof pr === 'string') return { status: 'skipped', why: pr };
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) return { status: 'skipped', why: 'GITHUB_REPOSITORY is not set to owner/repo' };

  const marker = commentMarker(key);
  const body = markedBody(
    marker,
    markdown,
    COMMENT_LIMIT,
    `_Cut to fit GitHub's ${COMMENT_LIMIT.toLocaleString('en-US')}-character comment limit: the full summary is in the job summary and the run's artifact._`,
  );
  const octokit = getOctokit(token, { baseUrl: env.GITHUB_API_URL || 'https://api.github.com' });
  try {
    const where = { owner, repo, issue_number: pr, per_page: PER_PAGE };
    for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, where)) {
      const mine = page.data.find((comment) => comment.body?.startsWith(marker));
      if (mine) {
        const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
        return { status: 'updated', id: data.id, url: data.html_url };
      }
    }
    const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: pr, body });
    return { status: 'created', id: data.id, url: data.html_url };
  } catch (error) {
    const { status, message } = error as { status?: unknown; message?: unknown };
    return {
      status: 'refused',
      why: refusal(typeof status === 'number' ? status : undefined, String(message), pr),
    };
  }
}
