/** summary.md links the CI run it came from: GitHub's run page or GitLab's job, read from the runner's variables. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ciRunUrl } from '../src/report/run-url.js';
import { cliIn } from './support/cli.js';

const examples = resolve(import.meta.dirname, '../examples');
const dir = mkdtempSync(join(tmpdir(), 'tg-run-url-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ciRunUrl', () => {
  it('is the GitHub Actions run page when all three variables are set', () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '42' };
    expect(ciRunUrl(env)).toBe('https://github.com/o/r/actions/runs/42');
    expect(ciRunUrl({ ...env, GITHUB_RUN_ID: '' })).toBeUndefined();
  });
  it("is GitLab's CI_JOB_URL, and nothing outside CI", () => {
    expect(ciRunUrl({ CI_JOB_URL: 'https://gitlab.example/g/p/-/jobs/7' })).toBe(
      'https://gitlab.example/g/p/-/jobs/7',
    );
    expect(ciRunUrl({})).toBeUndefined();
  });
});

describe('evaluate links the run from summary.md', () => {
  const cli = cliIn(dir);
  const argv = (out: string) => [
    'evaluate',
    '--policy',
    join(examples, 'policy.yaml'),
    '--traffic',
    join(examples, 'traffic.jsonl'),
    '--out',
    out,
  ];

  it('names the GitLab job under a GitLab runner, and links nothing locally', async () => {
    const inCi = await cli(argv('ci'), { env: { CI_JOB_URL: 'https://gitlab.example/g/p/-/jobs/7' } });
    expect(inCi.code).toBe(0);
    expect(readFileSync(join(dir, 'ci', 'summary.md'), 'utf8')).toContain(
      '[Open the run](https://gitlab.example/g/p/-/jobs/7).',
    );
    await cli(argv('local'));
    expect(readFileSync(join(dir, 'local', 'summary.md'), 'utf8')).not.toContain('Open the run');
  });
});
