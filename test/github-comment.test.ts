/**
 * The pull request comment through the real @actions/github client against a local server speaking
 * GitHub's REST endpoints (test/support/fake-github.ts): the body's size cap, the marker, the event.
 * The step end to end (created once, then updated; a fork's token) is in github-action.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMENT_LIMIT,
  commentKey,
  pullRequestNumber,
  upsertPullRequestComment,
} from '../src/github/comment.js';
import { commentMarker, markedBody } from '../src/report/comment.js';
import { type FakeGitHub, startFakeGitHub } from './support/fake-github.js';

const TOKEN = 'ghs_unit-Token-1';
const dir = mkdtempSync(join(tmpdir(), 'tg-comment-'));
let github: FakeGitHub;
beforeAll(async () => {
  github = await startFakeGitHub([{ token: TOKEN, login: 'github-actions[bot]', write: true }]);
});
afterAll(async () => {
  await github?.close();
  rmSync(dir, { recursive: true, force: true });
});

function env(event: string, payload: object | string): Record<string, string> {
  const path = join(dir, `${event}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return {
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: path,
    GITHUB_REPOSITORY: 'octo/shop',
    GITHUB_API_URL: github.url,
  };
}

describe('the comment body', () => {
  it('starts with the marker of its workflow, job and output-dir', () => {
    const key = commentKey({ GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'e2e' }, 'out/windows-latest');
    expect(key).toBe('workflow=CI;job=e2e;output-dir=out/windows-latest');
    expect(commentMarker(key)).toBe(
      '<!-- traffic-governance:workflow%3DCI%3Bjob%3De2e%3Boutput%2Ddir%3Dout%2Fwindows%2Dlatest -->',
    );
    // A workflow name cannot close the HTML comment early.
    expect(commentMarker('workflow=a --> <b>').match(/-->/g)).toHaveLength(1);
  });

  it('is cut to GitHub’s 65,536 characters with a note, never splitting a surrogate pair', () => {
    const marker = commentMarker('k');
    const note = '_cut_';
    const small = markedBody(marker, 'hello', COMMENT_LIMIT, note);
    expect(small).toBe(`${marker}\nhello`);
    const big = markedBody(
      marker,
      `${'x'.repeat(COMMENT_LIMIT - 100)}${'😀'.repeat(1000)}`,
      COMMENT_LIMIT,
      note,
    );
    expect(big.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(big.length).toBeGreaterThan(COMMENT_LIMIT - 20);
    expect(big.endsWith(`\n\n${note}`)).toBe(true);
    expect(big).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('posts an oversized summary cut to the limit, which GitHub accepts', async () => {
    const outcome = await upsertPullRequestComment(
      TOKEN,
      'big',
      `## Traffic Governance\n\n${'| row |\n'.repeat(20_000)}`,
      env('pull_request', { pull_request: { number: 3 } }),
    );
    expect(outcome.status).toBe('created');
    const [comment] = github.comments('octo', 'shop', 3);
    expect(comment!.body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(comment!.body).toMatch(
      /\n\n_Cut to fit GitHub's 65,536-character comment limit: the full summary is in the job summary and the run's artifact\._$/,
    );
  });
});

describe('the pull request of the event', () => {
  it('is read from GITHUB_EVENT_PATH on pull_request and pull_request_target only', () => {
    expect(pullRequestNumber(env('pull_request', { number: 5, pull_request: { number: 5 } }))).toBe(5);
    expect(pullRequestNumber(env('pull_request_target', { pull_request: { number: 6 } }))).toBe(6);
    expect(pullRequestNumber(env('push', { ref: 'refs/heads/main' }))).toBe(
      'the push event is not a pull request (pr-comment posts on pull_request and pull_request_target)',
    );
    expect(pullRequestNumber(env('pull_request', '{not json'))).toMatch(
      /^the event payload \(GITHUB_EVENT_PATH\) cannot be read: /,
    );
    expect(pullRequestNumber(env('pull_request', { pull_request: {} }))).toBe(
      'the event payload names no pull request',
    );
  });

  it('an unknown token is refused with the fix, not thrown', async () => {
    const outcome = await upsertPullRequestComment(
      'ghs_wrong',
      'k',
      'x',
      env('pull_request', { pull_request: { number: 4 } }),
    );
    expect(outcome).toEqual({
      status: 'refused',
      why: expect.stringMatching(
        /^could not comment on pull request #4 \(HTTP 401: Bad credentials.*\): the github-token is invalid or expired$/,
      ),
    });
  });
});
