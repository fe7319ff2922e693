/**
 * The GitLab component project as the release publishes it: the snapshot of gitlab/ that
 * `release:gitlab-snapshot` builds (templates/, README.md, .gitlab-ci.yml, fixtures/, dist/cli/),
 * run under gitlab-ci-local. Its .gitlab-ci.yml includes the component with
 * `include: component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/traffic-governance@$CI_COMMIT_SHA`, which
 * gitlab-ci-local resolves against the local templates/ folder: the self-test jobs must reach their
 * states, create-release must stay out of a branch pipeline and preview with its `release:` block
 * and `$CI_COMMIT_TAG` rule.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { gitlabSnapshot } from '../scripts/release/gitlab-snapshot.js';
import { packageVersion } from '../scripts/release/versions.js';
import {
  type GclRun,
  hasRsync,
  type JobResult,
  jobLog,
  jobResults,
  PROJECT_ROOT,
  runGitlabCiLocal,
} from './support/gitlab-ci-local.js';

const skip = !hasRsync() && !process.env.CI;
if (skip) {
  console.warn(
    '\n*** SKIPPED test/gitlab-component.test.ts: rsync is missing (gitlab-ci-local --shell-isolation needs it).\n' +
      '*** Install it (apt-get install -y rsync) or run .ci/run; with CI set this is a failure, not a skip.\n',
  );
}

describe.skipIf(skip)('the GitLab component project (gitlab/ snapshot) under gitlab-ci-local', () => {
  let dir: string;
  let pipeline: GclRun;
  let jobs: Record<string, JobResult>;
  let preview: GclRun;
  let tagList: GclRun;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tg-component-'));
    gitlabSnapshot(PROJECT_ROOT, dir);
    // What GitLab would know about the project: its path (CI_PROJECT_PATH) and default branch.
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('remote', 'add', 'origin', 'https://gitlab.example.com/platform/traffic-governance.git');
    git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
    [pipeline, preview, tagList] = await Promise.all([
      runGitlabCiLocal(dir),
      runGitlabCiLocal(dir, {
        args: ['--preview'],
        variables: { CI_COMMIT_TAG: packageVersion(PROJECT_ROOT) },
      }),
      runGitlabCiLocal(dir, { args: ['--list'], variables: { CI_COMMIT_TAG: packageVersion(PROJECT_ROOT) } }),
    ]);
    jobs = jobResults(pipeline.output);
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('resolves `include: component:` to templates/traffic-governance.yml and runs the self-test jobs', () => {
    expect(jobs, pipeline.output).toEqual({
      'component-allow': { state: 'PASS', exitCode: 0 },
      'component-quarantine': { state: 'WARN', exitCode: 3 },
      'check-reports': { state: 'PASS', exitCode: 0 },
    });
    expect(jobLog(pipeline.output, 'component-allow').join('\n')).toContain(
      'verdict: ALLOW (tier CONTROL) → exit 0',
    );
    expect(jobLog(pipeline.output, 'component-allow').join('\n')).toContain(
      `traffic-governance: engine ${packageVersion(PROJECT_ROOT)} (dist/cli/index.js)`,
    );
    expect(jobLog(pipeline.output, 'check-reports').join('\n')).toContain('component self-test passed at');
  });

  it('keeps create-release out of a branch pipeline, and lists it in a tag pipeline after the self-test', () => {
    expect(pipeline.output).not.toContain('create-release');
    const line = tagList.output.split('\n').find((l) => l.startsWith('create-release '));
    expect(line, tagList.output).toMatch(
      /release\s+on_success\s+false\s+\[component-allow,component-quarantine,check-reports\]/,
    );
  });

  it('previews create-release with its release: block and its $CI_COMMIT_TAG rule', () => {
    expect(preview.exitCode, preview.output).toBe(0);
    // gitlab-ci-local prints its timing lines, then `---` and the resolved pipeline.
    const jobsYaml = parseYaml(preview.output.slice(preview.output.indexOf('---\n') + 4)) as Record<
      string,
      { rules?: unknown; release?: unknown; stage?: string; variables?: Record<string, string> }
    >;
    expect(jobsYaml['create-release']).toMatchObject({
      stage: 'release',
      rules: [{ if: '$CI_COMMIT_TAG' }],
      release: {
        tag_name: '$CI_COMMIT_TAG',
        name: 'traffic-governance $CI_COMMIT_TAG',
        description: './release-notes.md',
      },
    });
    // The included component with the inputs the self-test gave it.
    expect(jobsYaml['component-allow']?.variables).toMatchObject({
      TG_TRAFFIC: 'fixtures/clean.jsonl',
      TG_ENGINE: 'dist/cli/index.js',
    });
  });
});
