import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { PackageRegistry } from '@gitbeaker/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fetchPolicyArtifact,
  GitLabError,
  type GitLabTarget,
  publishPolicyArtifact,
  upsertMergeRequestNote,
} from '../src/gitlab/api.js';
import { type CommandContext, fetchArtifactCommand, mrNoteCommand } from '../src/gitlab/cli-commands.js';
import { NOTE_LIMIT, noteBody, noteMarker } from '../src/gitlab/notes.js';
import { type FakeGitLab, startFakeGitLab } from './support/fake-gitlab.js';

const PRIVATE_TOKEN = 'glpat-SECRETprivate0123456789';
const JOB_TOKEN = 'glcbt-SECRETjob0123456789';
const REPORTER_TOKEN = 'glpat-SECRETreporter012345';
const ALICE_TOKEN = 'glpat-SECRETalice0123456789';
const TOKENS = [PRIVATE_TOKEN, JOB_TOKEN, REPORTER_TOKEN, ALICE_TOKEN, 'glpat-SECRETwrong000000000'];

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const PACKAGE_PATH = '/api/v4/projects/42/packages/generic/traffic-governance/1.2.0';

/** Deliberately not canonical JSON (spacing, key order, trailing newline): bytes must survive as they are. */
function artifactText(hash: string, generatedAt = '2025-01-01T00:00:00Z'): string {
  return `{\n  "policy_hash": "${hash}",  "artifact_format": 1,\n  "policy": {"name": "checkout", "version": "1.2.0"},\n  "generated_at": "${generatedAt}"\n}\n`;
}

function artifact(hash = HASH_A, extra: Array<{ name: string; content: string | Uint8Array }> = []) {
  return {
    version: '1.2.0',
    policy_hash: hash,
    files: [{ name: 'policy-artifact.json', content: artifactText(hash) }, ...extra],
  };
}

/** Every message and log line must be free of every token, also when the error object is inspected. */
function expectNoToken(text: string): void {
  for (const token of TOKENS) expect(text).not.toContain(token);
}

async function failure(promise: Promise<unknown>): Promise<GitLabError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a GitLabError, got success');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GitLabError);
  const gitlabError = error as GitLabError;
  expectNoToken(`${gitlabError.message}\n${gitlabError.stack}\n${inspect(gitlabError, { depth: 10 })}`);
  expect(gitlabError.message).not.toMatch(/\n\s+at /); // no stack trace in the message
  return gitlabError;
}

let fake: FakeGitLab;
let dir: string;

beforeEach(async () => {
  fake = await startFakeGitLab({
    users: [
      { token: PRIVATE_TOKEN, kind: 'private', username: 'project_42_bot' },
      { token: JOB_TOKEN, kind: 'job', username: 'ci-job' },
      { token: REPORTER_TOKEN, kind: 'private', username: 'reporter', role: 'reporter' },
      { token: ALICE_TOKEN, kind: 'private', username: 'alice' },
    ],
  });
  dir = await mkdtemp(join(tmpdir(), 'tg-gitlab-'));
});

afterEach(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

function target(overrides: Partial<GitLabTarget> = {}): GitLabTarget {
  return { url: fake.url, project: '42', token: PRIVATE_TOKEN, tokenKind: 'private', ...overrides };
}

const puts = () => fake.requests.filter((r) => r.method === 'PUT');

describe('publishPolicyArtifact', () => {
  it('uploads the exact bytes as the raw request body, after checking that the version is not there yet', async () => {
    const result = await publishPolicyArtifact(target(), artifact());

    expect(result).toEqual({ status: 'published', url: `${fake.url}${PACKAGE_PATH}/policy-artifact.json` });
    expect(fake.packageFile(42, 'traffic-governance', '1.2.0', 'policy-artifact.json')?.toString()).toBe(
      artifactText(HASH_A),
    );
    expect(fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 404', 'PUT 200']);
    const [put] = puts();
    expect(put).toMatchObject({
      path: `${PACKAGE_PATH}/policy-artifact.json`,
      auth: 'private',
      contentType: 'application/octet-stream',
      query: { select: 'package_file' },
      bodyBytes: Buffer.byteLength(artifactText(HASH_A)),
    });
  });

  it('stock gitbeaker publish would store the multipart envelope, which is why the upload is sent raw', async () => {
    const registry = new PackageRegistry({ host: fake.url, token: PRIVATE_TOKEN });
    await registry.publish('42', 'traffic-governance', '9.9.9', {
      content: new Blob([artifactText(HASH_A)]),
      filename: 'policy-artifact.json',
    });
    const stored = fake.packageFile(42, 'traffic-governance', '9.9.9', 'policy-artifact.json')?.toString();
    expect(stored).toContain('Content-Disposition: form-data');
    expect(stored).not.toBe(artifactText(HASH_A));
  });

  it('accepts the project as a full path and the URL as CI_API_V4_URL', async () => {
    const result = await publishPolicyArtifact(
      target({ project: 'platform/traffic', url: `${fake.apiUrl}/` }),
      artifact(),
    );

    expect(result.url).toBe(
      `${fake.url}/api/v4/projects/platform%2Ftraffic/packages/generic/traffic-governance/1.2.0/policy-artifact.json`,
    );
    expect(puts()[0]?.path).toBe(
      '/api/v4/projects/platform%2Ftraffic/packages/generic/traffic-governance/1.2.0/policy-artifact.json',
    );
    expect(fake.packageFile(42, 'traffic-governance', '1.2.0', 'policy-artifact.json')).toBeDefined();
  });

  it('is a no-op when the same policy hash is already published (even with other informational bytes)', async () => {
    await publishPolicyArtifact(target(), artifact());
    const again = await publishPolicyArtifact(target(), artifact());
    const regenerated = await publishPolicyArtifact(target(), {
      ...artifact(),
      files: [{ name: 'policy-artifact.json', content: artifactText(HASH_A, '2030-06-01T00:00:00Z') }],
    });

    expect(again.status).toBe('unchanged');
    expect(regenerated.status).toBe('unchanged');
    expect(puts()).toHaveLength(1);
    expect(fake.packageFileCount(42, 'traffic-governance', '1.2.0', 'policy-artifact.json')).toBe(1);
  });

  it('refuses a different policy hash for a published version and uploads nothing', async () => {
    await publishPolicyArtifact(target(), artifact(HASH_A));

    const error = await failure(publishPolicyArtifact(target(), artifact(HASH_B)));

    expect(error.message).toContain(
      `policy version 1.2.0 is already published with hash ${HASH_A}, not ${HASH_B}`,
    );
    expect(error.message).toContain('a policy version is immutable: bump version');
    expect(puts()).toHaveLength(1);
    expect(fake.packageFile(42, 'traffic-governance', '1.2.0', 'policy-artifact.json')?.toString()).toContain(
      HASH_A,
    );
  });

  it('adds a missing extra file (a signature) to a published version, and refuses a different one', async () => {
    await publishPolicyArtifact(target(), artifact());
    const withSignature = await publishPolicyArtifact(
      target(),
      artifact(HASH_A, [{ name: 'policy-artifact.sig', content: new Uint8Array([1, 2, 3]) }]),
    );
    const error = await failure(
      publishPolicyArtifact(
        target(),
        artifact(HASH_A, [{ name: 'policy-artifact.sig', content: new Uint8Array([9]) }]),
      ),
    );

    expect(withSignature.status).toBe('published');
    expect(puts().map((r) => r.path.split('/').at(-1))).toEqual([
      'policy-artifact.json',
      'policy-artifact.sig',
    ]);
    expect([...(fake.packageFile(42, 'traffic-governance', '1.2.0', 'policy-artifact.sig') ?? [])]).toEqual([
      1, 2, 3,
    ]);
    expect(error.message).toContain(
      'policy-artifact.sig of policy version 1.2.0 is already published with different content',
    );
  });

  it.each([400, 409] as const)(
    'explains a duplicate rejected by GitLab (%i) when another run published meanwhile',
    async (status) => {
      await fake.close();
      fake = await startFakeGitLab({
        duplicatesAllowed: false,
        duplicateStatus: status,
        users: [{ token: PRIVATE_TOKEN, kind: 'private', username: 'bot' }],
      });
      // Another publisher uploads between our check (GET 404) and our upload (PUT).
      fake.afterResponse = (entry) => {
        if (entry.method === 'GET' && entry.status === 404) {
          fake.seedPackageFile(
            42,
            'traffic-governance',
            '1.2.0',
            'policy-artifact.json',
            artifactText(HASH_B),
          );
        }
      };

      const error = await failure(publishPolicyArtifact(target(), artifact()));

      expect(error.status).toBe(status);
      expect(error.message).toContain(`${status}`);
      expect(error.message).toContain('Duplicate package is not allowed');
      expect(error.message).toContain(`PUT ${fake.url}${PACKAGE_PATH}/policy-artifact.json`);
      expect(error.message).toContain('bump the policy version');
    },
  );

  it('detects an upload that GitLab stored with other bytes than were sent', async () => {
    await fake.close();
    fake = await startFakeGitLab({
      transformUpload: (bytes) => Buffer.concat([bytes, Buffer.from(' ')]),
      users: [{ token: PRIVATE_TOKEN, kind: 'private', username: 'bot' }],
    });

    const error = await failure(publishPolicyArtifact(target(), artifact()));

    expect(error.message).toMatch(
      /GitLab stored policy-artifact\.json with sha256 [0-9a-f]{64} but the file sent has [0-9a-f]{64}/,
    );
  });

  it('names the status, the URL and the fix for a bad token (401), without the token', async () => {
    const error = await failure(
      publishPolicyArtifact(target({ token: 'glpat-SECRETwrong000000000' }), artifact()),
    );

    expect(error.status).toBe(401);
    expect(error.message).toBe(
      `GitLab rejected the token (401 Unauthorized) for GET ${fake.url}${PACKAGE_PATH}/policy-artifact.json: the token is invalid or expired, or lacks a scope: check that gitlab-token / GITLAB_TOKEN is a personal or project access token with api scope`,
    );
  });

  it('says the role is missing when the token may read but not publish (403)', async () => {
    const error = await failure(publishPolicyArtifact(target({ token: REPORTER_TOKEN }), artifact()));

    expect(error.status).toBe(403);
    expect(error.message).toContain(`403 Forbidden for PUT ${fake.url}${PACKAGE_PATH}/policy-artifact.json`);
    expect(error.message).toContain('Developer role');
  });

  it('names the project when it does not exist (404)', async () => {
    const error = await failure(publishPolicyArtifact(target({ project: 'nope/missing' }), artifact()));

    expect(error.status).toBe(404);
    expect(error.message).toContain('404 Project Not Found');
    expect(error.message).toContain("project 'nope/missing'");
  });

  it.each(['1..2', 'v 1', ''])('rejects version %j before any request', async (version) => {
    const error = await failure(publishPolicyArtifact(target(), { ...artifact(), version }));

    expect(error.message).toContain(`policy version '${version}' cannot be a GitLab generic package version`);
    expect(fake.requests).toHaveLength(0);
  });

  it('requires policy-artifact.json among the files', async () => {
    const error = await failure(
      publishPolicyArtifact(target(), { ...artifact(), files: [{ name: 'x.sig', content: 'x' }] }),
    );

    expect(error.message).toContain('must include policy-artifact.json');
    expect(fake.requests).toHaveLength(0);
  });

  it('says GitLab cannot be reached when nothing listens at the URL', async () => {
    const stopped = fake;
    fake = await startFakeGitLab(); // bound first, so it cannot take the stopped server's port
    await stopped.close();
    const gone = stopped.url;

    const error = await failure(publishPolicyArtifact(target({ url: gone }), artifact()));

    expect(error.message).toContain(
      `cannot reach GitLab at ${gone} (ECONNREFUSED) while publishing policy version 1.2.0`,
    );
    expect(error.message).toContain('check gitlab-url / CI_API_V4_URL');
  });
});

describe('fetchPolicyArtifact', () => {
  const jobTarget = () => target({ token: JOB_TOKEN, tokenKind: 'job' });

  it('writes the exact published bytes using the JOB-TOKEN header, even when served as application/json', async () => {
    await fake.close();
    fake = await startFakeGitLab({
      downloadContentType: 'application/json',
      users: [{ token: JOB_TOKEN, kind: 'job', username: 'ci-job' }],
    });
    fake.seedPackageFile(42, 'traffic-governance', '1.2.0', 'policy-artifact.json', artifactText(HASH_A));
    const dest = join(dir, 'nested', 'policy-artifact.json');

    await fetchPolicyArtifact(jobTarget(), '1.2.0', dest);

    expect(await readFile(dest, 'utf8')).toBe(artifactText(HASH_A));
    expect(fake.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: `${PACKAGE_PATH}/policy-artifact.json`,
        auth: 'job',
        status: 200,
      }),
    ]);
  });

  it('follows a redirect to object storage without sending the token off GitLab', async () => {
    await fake.close();
    fake = await startFakeGitLab({
      objectStorage: true,
      users: [
        { token: JOB_TOKEN, kind: 'job', username: 'ci-job' },
        { token: PRIVATE_TOKEN, kind: 'private', username: 'bot' },
      ],
    });
    fake.seedPackageFile(42, 'traffic-governance', '1.2.0', 'policy-artifact.json', artifactText(HASH_A));
    const dest = join(dir, 'policy-artifact.json');

    await fetchPolicyArtifact(jobTarget(), '1.2.0', dest);
    const republished = await publishPolicyArtifact(target(), artifact());

    expect(await readFile(dest, 'utf8')).toBe(artifactText(HASH_A));
    expect(republished.status).toBe('unchanged');
    expect(fake.requests.map((r) => `${r.method} ${r.status} ${r.auth}`)).toEqual([
      'GET 302 job',
      'GET 302 private',
    ]);
    expect(fake.storageRequests).toHaveLength(2);
    for (const { headerNames } of fake.storageRequests) {
      expect(headerNames).not.toContain('job-token');
      expect(headerNames).not.toContain('private-token');
    }
  });

  it('stock gitbeaker download would carry JOB-TOKEN to object storage, which is why redirects are followed by hand', async () => {
    await fake.close();
    fake = await startFakeGitLab({
      objectStorage: true,
      users: [{ token: JOB_TOKEN, kind: 'job', username: 'ci-job' }],
    });
    fake.seedPackageFile(42, 'traffic-governance', '1.2.0', 'policy-artifact.json', artifactText(HASH_A));

    await new PackageRegistry({ host: fake.url, jobToken: JOB_TOKEN }).download(
      '42',
      'traffic-governance',
      '1.2.0',
      'policy-artifact.json',
    );

    expect(fake.storageRequests[0]?.headerNames).toContain('job-token');
  });

  it('fetches another file of the version by name', async () => {
    fake.seedPackageFile(42, 'traffic-governance', '1.2.0', 'policy-artifact.sig', Buffer.from([0, 255, 7]));

    await fetchPolicyArtifact(jobTarget(), '1.2.0', join(dir, 'sig'), 'policy-artifact.sig');

    expect([...(await readFile(join(dir, 'sig')))]).toEqual([0, 255, 7]);
  });

  it('says to publish first when the version is not in the registry (404), and writes nothing', async () => {
    const dest = join(dir, 'policy-artifact.json');

    const error = await failure(fetchPolicyArtifact(jobTarget(), '1.2.0', dest));

    expect(error.status).toBe(404);
    expect(error.message).toMatch(
      /^no policy artifact for version 1\.2\.0 in project 42 \(GitLab answered 404 Package Not Found for GET http:\/\/127\.0\.0\.1:\d+\/api\/v4\/projects\/42\/packages\/generic\/traffic-governance\/1\.2\.0\/policy-artifact\.json\): publish it from the GitHub Action first \(gitlab-url\/gitlab-project\/gitlab-token\)$/,
    );
    expect(existsSync(dest)).toBe(false);
  });

  it('names the job token for a 401', async () => {
    const error = await failure(
      fetchPolicyArtifact(
        target({ token: 'glpat-SECRETwrong000000000', tokenKind: 'job' }),
        '1.2.0',
        join(dir, 'a'),
      ),
    );

    expect(error.message).toContain('GitLab rejected the CI_JOB_TOKEN (401 Unauthorized) for GET');
    expect(error.message).toContain('valid only while its job runs');
  });

  it('refuses a download whose bytes do not match the checksum GitLab sends, and writes nothing', async () => {
    await fake.close();
    fake = await startFakeGitLab({
      transformDownload: (bytes) => bytes.subarray(1),
      users: [{ token: JOB_TOKEN, kind: 'job', username: 'ci-job' }],
    });
    fake.seedPackageFile(42, 'traffic-governance', '1.2.0', 'policy-artifact.json', artifactText(HASH_A));
    const dest = join(dir, 'policy-artifact.json');

    const error = await failure(fetchPolicyArtifact(jobTarget(), '1.2.0', dest));

    expect(error.message).toContain('is corrupt: sha256');
    expect(existsSync(dest)).toBe(false);
  });
});

describe('upsertMergeRequestNote', () => {
  const MR = 7;
  const marker = noteMarker('pipeline=555');
  const ours = () => fake.notes(42, MR).filter((n) => n.body.startsWith(marker));

  beforeEach(() => fake.addMergeRequest(42, MR));

  it('creates the note once, then updates the same note', async () => {
    const first = await upsertMergeRequestNote(target(), MR, 'pipeline=555', '## Verdict: ALLOW');
    const second = await upsertMergeRequestNote(target(), MR, 'pipeline=555', '## Verdict: DROP');

    expect(first.action).toBe('created');
    expect(second).toEqual({ action: 'updated', noteId: first.noteId });
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toMatchObject({
      id: first.noteId,
      body: `${marker}\n## Verdict: DROP`,
      author: 'project_42_bot',
    });
    expect(fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 201',
      'PUT 200',
    ]);
  });

  it("leaves other people's notes alone, also one that quotes the marker", async () => {
    const plain = fake.addNote(42, MR, { author: 'alice', body: 'LGTM' });
    const quoting = fake.addNote(42, MR, {
      author: 'alice',
      body: `> ${marker}\n> old summary\n\nwhy DROP?`,
    });
    const system = fake.addNote(42, MR, {
      author: 'project_42_bot',
      body: `${marker}\n(system)`,
      system: true,
    });

    const result = await upsertMergeRequestNote(target(), MR, 'pipeline=555', 'summary');

    expect(result.action).toBe('created');
    expect(fake.notes(42, MR).slice(0, 3)).toEqual([plain, quoting, system]);
    expect(fake.notes(42, MR)).toHaveLength(4);
  });

  it('finds its note behind several pages of others', async () => {
    const first = await upsertMergeRequestNote(target(), MR, 'pipeline=555', 'v1');
    for (let i = 0; i < 250; i++) fake.addNote(42, MR, { author: 'alice', body: `comment ${i}` });
    fake.requests.length = 0;

    const second = await upsertMergeRequestNote(target(), MR, 'pipeline=555', 'v2');

    expect(second).toEqual({ action: 'updated', noteId: first.noteId });
    expect(ours()).toHaveLength(1);
    const pages = fake.requests.filter((r) => r.method === 'GET').map((r) => r.query.page ?? '1');
    expect(pages).toEqual(['1', '2', '3']);
  });

  it('keeps one note per marker key', async () => {
    await upsertMergeRequestNote(target(), MR, 'pipeline=555;job=a', 'a');
    await upsertMergeRequestNote(target(), MR, 'pipeline=555;job=b', 'b');
    await upsertMergeRequestNote(target(), MR, 'pipeline=555;job=a', 'a2');

    expect(fake.notes(42, MR).map((n) => n.body.split('\n')[1])).toEqual(['a2', 'b']);
  });

  it('encodes the marker key so it cannot close the HTML comment or collide', () => {
    const hostile = noteMarker('job=x --> <img src=y> <!--');

    expect(hostile.indexOf('-->')).toBe(hostile.length - 3);
    expect(hostile).not.toContain('<img');
    expect(noteMarker('a-b')).not.toBe(noteMarker('a%2Db'));
  });

  it("cuts a summary longer than GitLab's note limit and says so", async () => {
    const result = await upsertMergeRequestNote(
      target(),
      MR,
      'pipeline=555',
      `# big\n${'x'.repeat(1_200_000)}`,
    );

    const [note] = ours();
    expect(result.action).toBe('created');
    expect(note!.body.length).toBeLessThanOrEqual(NOTE_LIMIT);
    expect(note!.body.length).toBeGreaterThan(NOTE_LIMIT - 200);
    expect(note!.body).toMatch(
      /Cut to fit GitLab's 1,000,000-character note limit: the full summary is in the job's artifacts\._$/,
    );
  });

  it('never splits a surrogate pair when cutting', () => {
    const head = noteMarker('k').length + 1;
    const body = noteBody(noteMarker('k'), `${'x'.repeat(NOTE_LIMIT - head - 150)}${'😀'.repeat(100_000)}`);

    expect(body.length).toBeLessThanOrEqual(NOTE_LIMIT);
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('refuses CI_JOB_TOKEN before any request, saying which token is needed', async () => {
    const error = await failure(
      upsertMergeRequestNote(target({ token: JOB_TOKEN, tokenKind: 'job' }), MR, 'k', 'x'),
    );

    expect(error.message).toContain('CI_JOB_TOKEN cannot post merge request notes');
    expect(error.message).toContain('GITLAB_TOKEN to a project access token with api scope');
    expect(fake.requests).toHaveLength(0);
  });

  it('names the status and the fix for a bad token (401)', async () => {
    const error = await failure(
      upsertMergeRequestNote(target({ token: 'glpat-SECRETwrong000000000' }), MR, 'k', 'x'),
    );

    expect(error.message).toContain(
      `GitLab rejected the token (401 Unauthorized) for GET ${fake.url}/api/v4/projects/42/merge_requests/7/notes`,
    );
    expect(error.message).toContain('api scope');
  });

  it('names the merge request when it does not exist (404)', async () => {
    const error = await failure(upsertMergeRequestNote(target(), 99, 'k', 'x'));

    expect(error.message).toContain('merge request !99 in project 42 was not found');
    expect(error.message).toContain('CI_MERGE_REQUEST_IID');
  });

  it('explains a 403 when the marked note belongs to another user', async () => {
    fake.addNote(42, MR, { author: 'alice', body: `${marker}\nold` });

    const error = await failure(upsertMergeRequestNote(target(), MR, 'pipeline=555', 'new'));

    expect(error.status).toBe(403);
    expect(error.message).toContain('can edit only notes it wrote');
  });
});

describe('GitLab job subcommands', () => {
  function io(env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const err: string[] = [];
    const ctx: CommandContext = { env, stdout: (l) => out.push(l), stderr: (l) => err.push(l) };
    return { ctx, out, err };
  }
  const ciEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    CI_API_V4_URL: fake.apiUrl,
    CI_PROJECT_ID: '42',
    CI_JOB_TOKEN: JOB_TOKEN,
    ...extra,
  });

  it('fetch-artifact downloads with CI_JOB_TOKEN from the predefined variables', async () => {
    fake.seedPackageFile(42, 'traffic-governance', '1.2.0', 'policy-artifact.json', artifactText(HASH_A));
    const dest = join(dir, 'artifact.json');
    const { ctx, out, err } = io(ciEnv());

    const code = await fetchArtifactCommand(['--version', '1.2.0', '--out', dest], ctx);

    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out).toEqual([
      `fetched traffic-governance/1.2.0/policy-artifact.json from project 42 into ${dest}`,
    ]);
    expect(await readFile(dest, 'utf8')).toBe(artifactText(HASH_A));
    expect(fake.requests[0]?.auth).toBe('job');
  });

  it('fetch-artifact prefers GITLAB_TOKEN when it is set', async () => {
    fake.seedPackageFile(42, 'traffic-governance', '1.2.0', 'policy-artifact.json', 'x');
    const { ctx } = io(ciEnv({ GITLAB_TOKEN: PRIVATE_TOKEN }));

    expect(await fetchArtifactCommand(['--version', '1.2.0', '--out', join(dir, 'a')], ctx)).toBe(0);
    expect(fake.requests[0]?.auth).toBe('private');
  });

  it.each([
    [['--out', 'x'], {}, '--version (the policy version to fetch) is required'],
    [['--version', '1.2.0'], { CI_API_V4_URL: undefined }, '--url or CI_API_V4_URL is required'],
    [['--version', '1.2.0'], { CI_JOB_TOKEN: undefined }, 'GITLAB_TOKEN or CI_JOB_TOKEN is required'],
    [['--version', '1.2.0', '--bogus'], {}, "Unknown option '--bogus'"],
  ])('fetch-artifact %j exits 2 with what is missing', async (argv, env, message) => {
    const { ctx, err } = io(ciEnv(env));

    expect(await fetchArtifactCommand(argv, ctx)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(message);
    expect(fake.requests).toHaveLength(0);
  });

  it('fetch-artifact exits 2 with the publish-first message on 404', async () => {
    const { ctx, err } = io(ciEnv());

    expect(await fetchArtifactCommand(['--version', '3.0.0', '--out', join(dir, 'a')], ctx)).toBe(2);
    expect(err[0]).toMatch(/^fetch-artifact: no policy artifact for version 3\.0\.0 in project 42 /);
  });

  it('mr-note posts, then updates, one note per pipeline and job', async () => {
    fake.addMergeRequest(42, 7);
    const summary = join(dir, 'summary.md');
    await writeFile(summary, '## Verdict: QUARANTINE\n');
    const env = ciEnv({
      GITLAB_TOKEN: PRIVATE_TOKEN,
      CI_MERGE_REQUEST_IID: '7',
      CI_PIPELINE_ID: '555',
      CI_JOB_NAME: 'governance',
    });
    const first = io(env);
    const second = io(env);

    expect(await mrNoteCommand(['--summary', summary], first.ctx)).toBe(0);
    expect(await mrNoteCommand(['--summary', summary], second.ctx)).toBe(0);

    const notes = fake.notes(42, 7);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toBe(`${noteMarker('pipeline=555;job=governance')}\n## Verdict: QUARANTINE\n`);
    expect(first.out).toEqual([`created note ${notes[0]!.id} on merge request !7`]);
    expect(second.out).toEqual([`updated note ${notes[0]!.id} on merge request !7`]);
    expect(fake.requests.every((r) => r.auth === 'private')).toBe(true);
  });

  it('mr-note does nothing outside a merge request pipeline', async () => {
    const { ctx, out } = io(ciEnv({ GITLAB_TOKEN: PRIVATE_TOKEN }));

    expect(await mrNoteCommand(['--summary', 'summary.md'], ctx)).toBe(0);
    expect(out[0]).toContain('not a merge request pipeline');
    expect(fake.requests).toHaveLength(0);
  });

  it('mr-note refuses to run with only CI_JOB_TOKEN, saying what to set', async () => {
    const { ctx, err } = io(ciEnv({ CI_MERGE_REQUEST_IID: '7', CI_PIPELINE_ID: '1' }));

    expect(await mrNoteCommand(['--summary', 'summary.md'], ctx)).toBe(2);
    expect(err[0]).toContain('needs GITLAB_TOKEN: a project access token with api scope');
    expect(err[0]).toContain('CI_JOB_TOKEN cannot post notes');
    expect(fake.requests).toHaveLength(0);
  });

  it('mr-note exits 2 on a rejected token and never prints the token', async () => {
    fake.addMergeRequest(42, 7);
    const summary = join(dir, 'summary.md');
    await writeFile(summary, `token echo test ${PRIVATE_TOKEN}`);
    const wrong = 'glpat-SECRETwrong000000000';
    const { ctx, out, err } = io(
      ciEnv({ GITLAB_TOKEN: wrong, CI_MERGE_REQUEST_IID: '7', CI_PIPELINE_ID: '1' }),
    );

    expect(await mrNoteCommand(['--summary', summary], ctx)).toBe(2);
    expect(err[0]).toContain('mr-note: GitLab rejected the token (401 Unauthorized)');
    expectNoToken([...out, ...err].join('\n'));
  });
});
