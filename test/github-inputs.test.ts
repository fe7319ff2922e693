import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, getSettings, inputVariable, listInput } from '../src/github/inputs.js';

let workspace: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'tg-inputs-'));
  mkdirSync(join(workspace, 'governance'));
  writeFileSync(join(workspace, 'governance/policy.yml'), 'version: 1.0.0\n');
  writeFileSync(join(workspace, 'governance/a.yml'), '[]\n');
  writeFileSync(join(workspace, 'governance/b.yml'), '[]\n');
  mkdirSync(join(workspace, 'governance/dir.yml'));
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** The environment the runner gives a step: INPUT_<NAME> with hyphens kept. */
function env(inputs: Record<string, string>): Record<string, string> {
  const vars: Record<string, string> = { GITHUB_WORKSPACE: workspace };
  for (const [name, value] of Object.entries(inputs)) vars[inputVariable(name)] = value;
  return vars;
}

const minimal = { policy: 'governance/policy.yml', traffic: 'traffic/*.har' };

function configError(inputs: Record<string, string>): string {
  try {
    getSettings(env(inputs));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('inputs', () => {
  it('keeps hyphens in input variable names, as the runner does', () => {
    expect(inputVariable('output-dir')).toBe('INPUT_OUTPUT-DIR');
    expect(inputVariable('gitlab-token')).toBe('INPUT_GITLAB-TOKEN');
  });

  it('resolves every path against GITHUB_WORKSPACE and applies the defaults', () => {
    const settings = getSettings(env(minimal));
    expect(settings).toEqual({
      workspace,
      policy: join(workspace, 'governance/policy.yml'),
      contracts: [],
      traffic: ['traffic/*.har'],
      format: 'auto',
      outputDir: join(workspace, 'traffic-governance'),
      summary: true,
      annotations: true,
      ifNoFilesFound: 'error',
      gitlab: undefined,
    });
  });

  it('reads output-dir from INPUT_OUTPUT-DIR only (not INPUT_OUTPUT_DIR)', () => {
    const vars = { ...env(minimal), 'INPUT_OUTPUT-DIR': 'out/tg', INPUT_OUTPUT_DIR: 'wrong' };
    expect(getSettings(vars).outputDir).toBe(join(workspace, 'out/tg'));
  });

  it('splits contracts on newlines and commas, and traffic on newlines only', () => {
    const settings = getSettings(
      env({
        ...minimal,
        contracts: 'governance/a.yml, governance/b.yml\n\n  governance/a.yml  \n',
        traffic: '  traffic/*.har\n\nlogs/{a,b}.log\n',
        format: 'nginx',
        summary: 'false',
        annotations: 'FALSE',
      }),
    );
    expect(settings.contracts).toEqual(['a', 'b', 'a'].map((n) => join(workspace, `governance/${n}.yml`)));
    expect(settings.traffic).toEqual(['traffic/*.har', 'logs/{a,b}.log']);
    expect(settings.format).toBe('nginx');
    expect(settings.summary).toBe(false);
    expect(settings.annotations).toBe(false);
    expect(listInput(' , a,,b \n')).toEqual(['a', 'b']);
  });

  it('says what to fix for each bad input', () => {
    expect(configError({ traffic: 'x' })).toMatch(/^input policy is required: set it to your policy file/);
    expect(configError({ ...minimal, policy: 'governance/nope.yml' })).toMatch(
      /^input policy: file 'governance\/nope.yml' not found \(looked for .*governance\/nope.yml; paths are relative to the workspace/,
    );
    expect(configError({ ...minimal, policy: 'governance/dir.yml' })).toMatch(
      /^input policy: 'governance\/dir.yml' is not a file/,
    );
    expect(configError({ ...minimal, contracts: 'governance/a.yml,governance/c.yml' })).toMatch(
      /^input contracts: file 'governance\/c.yml' not found/,
    );
    expect(configError({ policy: minimal.policy, traffic: ' \n ' })).toMatch(
      /^input traffic is required: list the traffic files/,
    );
    expect(configError({ ...minimal, format: 'pcap' })).toBe(
      "input format: 'pcap' is not a traffic format: use one of auto, jsonl, har, k6, nginx",
    );
    expect(configError({ ...minimal, summary: 'yes' })).toBe(
      "input summary: 'yes' is not a boolean: use true or false",
    );
    expect(configError({ ...minimal, 'output-dir': '.' })).toMatch(
      /^input output-dir: must be a directory of its own/,
    );
  });

  it('fail-on, if-no-files-found and pr-comment: validated, any case, with the defaults', () => {
    vi.spyOn(process.stdout, 'write').mockReturnValue(true); // ::add-mask:: lines
    const settings = (inputs: Record<string, string>) => getSettings(env({ ...minimal, ...inputs }));
    expect(settings({}).failOn).toBeUndefined();
    expect(settings({ 'fail-on': 'none' }).failOn).toBeUndefined();
    expect(settings({ 'fail-on': 'NONE' }).failOn).toBeUndefined();
    expect(settings({ 'fail-on': 'quarantine' }).failOn).toBe('QUARANTINE');
    expect(settings({ 'fail-on': 'DROP' }).failOn).toBe('DROP');
    expect(configError({ ...minimal, 'fail-on': 'ALLOW' })).toMatch(
      /^input fail-on: 'ALLOW' is not a verdict/,
    );
    expect(settings({ 'if-no-files-found': 'Warn' }).ifNoFilesFound).toBe('warn');
    expect(settings({ 'if-no-files-found': 'ignore' }).ifNoFilesFound).toBe('ignore');
    expect(settings({ 'pr-comment': 'false', 'github-token': 'ghs_x' }).prComment).toBeUndefined();
    expect(settings({ 'pr-comment': 'true', 'github-token': 'ghs_x' }).prComment).toEqual({ token: 'ghs_x' });
    expect(configError({ ...minimal, 'pr-comment': 'yes' })).toBe(
      "input pr-comment: 'yes' is not a boolean: use true or false",
    );
  });

  it('masks github-token before validating anything', () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    expect(() => getSettings(env({ 'github-token': 'ghs_secret-456' }))).toThrow(/input policy is required/);
    expect(written.join('')).toBe('::add-mask::ghs_secret-456\n');
  });

  it('publishing needs all three gitlab inputs and names the missing ones', () => {
    vi.spyOn(process.stdout, 'write').mockReturnValue(true); // ::add-mask:: lines
    const full = {
      'gitlab-url': 'https://gitlab.example.com',
      'gitlab-project': 'group/app',
      'gitlab-token': 'glpat-x',
    };
    expect(getSettings(env({ ...minimal, ...full })).gitlab).toEqual({
      url: 'https://gitlab.example.com',
      project: 'group/app',
      token: 'glpat-x',
    });
    expect(
      configError({ ...minimal, 'gitlab-url': full['gitlab-url'], 'gitlab-project': full['gitlab-project'] }),
    ).toMatch(
      /gitlab-url and gitlab-project are set but gitlab-token is empty: set gitlab-token \(gitlab-token comes from a secret.*forks\), or remove gitlab-url and gitlab-project/,
    );
    const onlyToken = configError({ ...minimal, 'gitlab-token': 'glpat-x' });
    expect(onlyToken).toMatch(
      /gitlab-token is set but gitlab-url and gitlab-project are empty: set gitlab-url and gitlab-project, or remove gitlab-token/,
    );
    expect(onlyToken).not.toContain('glpat-x');
    expect(configError({ ...minimal, ...full, 'gitlab-url': 'gitlab.example.com' })).toMatch(
      /^input gitlab-url: 'gitlab.example.com' is not a URL/,
    );
    expect(configError({ ...minimal, ...full, 'gitlab-url': 'https://user:pw@gitlab.example.com' })).toMatch(
      /^input gitlab-url: must not carry credentials/,
    );
  });

  it('masks gitlab-token before validating anything, even when validation then fails', () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    expect(() => getSettings(env({ 'gitlab-token': 'glpat-secret-123' }))).toThrow(
      /input policy is required/,
    );
    expect(written.join('')).toBe(`::add-mask::glpat-secret-123\n`);
  });
});
