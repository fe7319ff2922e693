/**
 * The Action end to end, run the way the GitHub runner runs it: the committed bundle
 * (dist/github/index.js, checked fresh first) from a copy of the action without node_modules, under
 * `node` with INPUT_* variables (hyphens kept, action.yml defaults filled in), GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY and GITHUB_WORKSPACE, the working directory being the workspace. Then the
 * outputs file, the job summary, the annotations, the policy artifact and the ledger are checked.
 * The same bundle runs under Node 24 (runs.using: node24) and must write the same bytes.
 */
import { execFile, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { EOL, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { evaluate, loadPolicy, verifyLedger, verifyPolicyArtifact } from '../src/index.js';
import { WORKER_INPUT_BYTES } from '../src/run.js';
import { generateKeyPairPem, loadPublicKey, verifySignedArtifactText } from '../src/trust/index.js';
import { type FakeGitHub, startFakeGitHub } from './support/fake-github.js';
import { type FakeGitLab, startFakeGitLab } from './support/fake-gitlab.js';
import { findNode24, NODE24_INSTALL } from './support/node24.js';

const ROOT = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'tg-action-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// The runner
// ---------------------------------------------------------------------------------------------

/** The action as the runner downloads it: action.yml, package.json (ESM) and dist/github, no node_modules. */
const actionDir = join(scratch, 'action');
const actionYml = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
};

interface Step {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Workflow commands by kind (`error`, `warning`, `notice`, `add-mask`), whole lines. */
  commands: (kind: string) => string[];
}

let runs = 0;

/** Parses what @actions/core appends to GITHUB_OUTPUT: `name<<delimiter`, the value, the delimiter. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(EOL);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const match = /^([\w-]+)<<(ghadelimiter_[\w-]+)$/.exec(lines[i]!);
    if (!match) throw new Error(`GITHUB_OUTPUT line ${i + 1} is not a heredoc start: ${lines[i]}`);
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (i++; lines[i] !== delimiter; i++) {
      if (i >= lines.length) throw new Error(`GITHUB_OUTPUT: ${name} is not closed by ${delimiter}`);
      value.push(lines[i]!);
    }
    outputs[name!] = value.join(EOL);
  }
  return outputs;
}

/** Runs the bundle as a workflow step; `inputs` by their action.yml names, unset ones get their defaults. */
async function step(
  workspace: string,
  inputs: Record<string, string>,
  node = process.execPath,
  extraEnv: Record<string, string> = {},
): Promise<Step> {
  const temp = join(scratch, `runner-temp-${++runs}`);
  mkdirSync(temp);
  const outputFile = join(temp, 'output');
  const summaryFile = join(temp, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: temp,
    ...extraEnv,
  };
  for (const [name, spec] of Object.entries(actionYml.inputs)) {
    const value = inputs[name] ?? spec.default;
    if (value !== undefined) env[`INPUT_${name.toUpperCase()}`] = value;
  }
  for (const name of Object.keys(inputs)) {
    if (!(name in actionYml.inputs)) throw new Error(`test bug: action.yml has no input ${name}`);
  }
  const child = spawn(node, [join(actionDir, actionYml.runs.main)], { cwd: workspace, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const lines = stdout.split('\n');
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    commands: (kind) =>
      lines.filter((line) => line.startsWith(`::${kind}::`) || line.startsWith(`::${kind} `)),
  };
}

// ---------------------------------------------------------------------------------------------
// A repository using the action
// ---------------------------------------------------------------------------------------------

const POLICY = `# Governance policy of the e2e service
version: 1.0.0
name: e2e
max_rejected_ratio: 0.5
contracts:
  - contract_id: status_v1
    endpoint_pattern: GET /api/v1/status
    max_latency_ms: 100
    rate_limit_rpm: 2
`;

const CONTRACTS = `# Contracts of the deployments API
- contract_id: deployments_create_v1
  endpoint_pattern: POST /api/v1/deployments
  max_latency_ms: 5000
  rate_limit_rpm: 10
`;

const T0 = 1_700_000_000;
const request = (method: string, path: string, status: number, latency: number, dt: number) =>
  JSON.stringify({
    url: `https://api.example.com${path}`,
    method,
    status_code: status,
    latency_ms: latency,
    timestamp: T0 + dt,
  });

/** status: 4 GETs at 2 rpm (THROTTLE); deployments: a DELETE (DROP); one unknown path (QUARANTINE); line 5 is invalid (status 999). */
const TRAFFIC = [
  request('GET', '/api/v1/status', 200, 20, 0),
  request('GET', '/api/v1/status', 200, 20, 1),
  request('GET', '/api/v1/status', 200, 20, 2),
  request('GET', '/api/v1/status', 200, 20, 3),
  request('GET', '/api/v1/status', 999, 20, 3), // rejected: no such status
  request('POST', '/api/v1/deployments', 201, 300, 4),
  request('DELETE', '/api/v1/deployments', 200, 30, 5),
  request('GET', '/api/v1/nowhere', 404, 5, 6),
].join('\n');

/** A workspace (a checked-out repository) with the policy, contracts and traffic. */
function workspace(name: string, policy = POLICY): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'governance'), { recursive: true });
  mkdirSync(join(dir, 'test-results'), { recursive: true });
  writeFileSync(join(dir, 'governance/policy.yml'), policy);
  writeFileSync(join(dir, 'governance/contracts.yml'), CONTRACTS);
  writeFileSync(join(dir, 'test-results/e2e.jsonl'), `${TRAFFIC}\n`);
  return dir;
}

const INPUTS = {
  policy: 'governance/policy.yml',
  contracts: 'governance/contracts.yml',
  traffic: 'test-results/*.jsonl',
};

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

// ---------------------------------------------------------------------------------------------

beforeAll(() => {
  mkdirSync(actionDir);
  cpSync(join(ROOT, 'action.yml'), join(actionDir, 'action.yml'));
  cpSync(join(ROOT, 'package.json'), join(actionDir, 'package.json'));
  cpSync(join(ROOT, 'dist/github'), join(actionDir, 'dist/github'), { recursive: true });
});

describe('the committed bundle', () => {
  it('is fresh: dist/github is what npm run bundle builds from src', async () => {
    const { stdout } = await promisify(execFile)('node', ['scripts/bundle.mjs', '--check', 'github'], {
      cwd: ROOT,
      timeout: 180_000,
    });
    expect(stdout).toContain('dist/github is fresh');
  }, 200_000);

  it('is what action.yml runs, on node24, with documented inputs and outputs', () => {
    expect(actionYml.runs).toEqual({ using: 'node24', main: 'dist/github/index.js' });
    const inputs = actionYml.inputs as Record<
      string,
      { description?: string; default?: string; required?: boolean }
    >;
    expect(Object.keys(inputs)).toEqual([
      'policy',
      'contracts',
      'traffic',
      'format',
      'output-dir',
      'summary',
      'annotations',
      'fail-on',
      'if-no-files-found',
      'pr-comment',
      'github-token',
      'gitlab-url',
      'gitlab-project',
      'gitlab-token',
      'signing-key',
      'signing-key-expires',
    ]);
    for (const [name, spec] of Object.entries(inputs)) {
      expect(spec.description?.length, name).toBeGreaterThan(20);
      expect(spec.required, name).toBe(name === 'policy' || name === 'traffic');
    }
    expect(inputs.format!.default).toBe('auto');
    expect(inputs['output-dir']!.default).toBe('traffic-governance');
    expect(inputs.summary!.default).toBe('true');
    expect(inputs.annotations!.default).toBe('true');
    expect(inputs['fail-on']!.default).toBe('none');
    expect(inputs['if-no-files-found']!.default).toBe('error');
    expect(inputs['pr-comment']!.default).toBe('false');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
    expect(inputs['github-token']!.default).toBe('${{ github.token }}');
    for (const spec of Object.values(actionYml.outputs))
      expect((spec as { description?: string }).description).toBeTruthy();
    expect(Object.keys(actionYml.outputs).sort()).toEqual(
      [
        'artifact-path',
        'ledger-head',
        'ledger-path',
        'output-dir',
        'policy-hash',
        'public-key',
        'records',
        'rejected',
        'report-path',
        'signed-by',
        'summary-path',
        'verdict',
      ].sort(),
    );
  });
});

/** The runner's variables that name the run's page. */
const RUN_PAGE = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo/shop',
  GITHUB_RUN_ID: '4242',
};

describe('a run with a DROP verdict', () => {
  const ws = workspace('ws-drop');
  let run: Step;
  beforeAll(async () => {
    run = await step(ws, { ...INPUTS, 'output-dir': 'out/node20' }, process.execPath, RUN_PAGE);
  });

  it('exits 0: the Action observes and never fails on a verdict', () => {
    expect(run.stderr).toBe('');
    expect(run.commands('error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.verdict).toBe('DROP');
  });

  it('sets every output, with paths under output-dir in the workspace', () => {
    const out = join(ws, 'out/node20');
    const policy = loadPolicy(join(ws, INPUTS.policy), [join(ws, INPUTS.contracts)]);
    expect(run.outputs).toEqual({
      'policy-hash': policy.policy_hash,
      'artifact-path': join(out, 'policy-artifact.json'),
      'ledger-path': join(out, 'ledger.jsonl'),
      'ledger-head': expect.stringMatching(/^[0-9a-f]{64}$/),
      records: expect.stringMatching(/^\d+$/),
      verdict: 'DROP',
      rejected: '1',
      'summary-path': join(out, 'summary.md'),
      'report-path': join(out, 'report.html'),
      'output-dir': out,
    });
    expect(readdirSync(out).sort()).toEqual(
      [
        'governance.env',
        'junit.xml',
        'ledger.checkpoint',
        'ledger.jsonl',
        'metrics.txt',
        'policy-artifact.json',
        'report.html',
        'result.json',
        'summary.md',
      ].sort(),
    );
  });

  it('writes a policy artifact whose recomputed hash is policy-hash', () => {
    const check = verifyPolicyArtifact(run.outputs['artifact-path']!, run.outputs['policy-hash']!);
    expect(check.reason).toBeUndefined();
    expect(check.valid).toBe(true);
    expect(check.policy!.contracts.map((c) => c.contract_id)).toEqual(['status_v1', 'deployments_create_v1']);
  });

  it('writes a ledger that verifies against ledger-head and records', () => {
    const records = Number(run.outputs.records);
    // genesis + 7 accepted requests + the verdict records
    expect(records).toBeGreaterThan(8);
    const check = verifyLedger(run.outputs['ledger-path']!, {
      head: run.outputs['ledger-head']!,
      count: records,
    });
    expect(check.reason).toBeUndefined();
    expect(check).toMatchObject({ valid: true, count: records, head_hash: run.outputs['ledger-head'] });
  });

  it('writes the shared renderer’s summary to the job summary', () => {
    const reportSummary = readFileSync(run.outputs['summary-path']!, 'utf8');
    expect(run.summary).toContain(reportSummary.trim());
    expect(run.summary).toContain('**Verdict: DROP** — OBSERVE_ONLY: reported, not enforced (exit code 0).');
    expect(run.summary).toContain(run.outputs['policy-hash']);
    expect(run.summary).toContain(run.outputs['ledger-head']);
    expect(run.summary).not.toContain('GitLab');
    // The run's page, linked under the verdict in the job summary and in summary.md alike.
    expect(reportSummary).toContain('[Open the run](https://github.com/octo/shop/actions/runs/4242).');
  });

  it('annotates the endpoints by severity, at their contract’s file and line, and the rejected line', () => {
    const warnings = run.commands('warning');
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toMatch(
      new RegExp(
        `^::warning title=Traffic Governance%3A DROP POST /api/v1/deployments,file=governance/contracts.yml,line=${lineOf(CONTRACTS, 'deployments_create_v1')}::DROP for `,
      ),
    );
    expect(warnings[0]).toContain('methods not allowed: DELETE ×1');
    expect(warnings[1]).toMatch(
      /^::warning title=Traffic Governance%3A QUARANTINE GET \/api\/v1\/nowhere::QUARANTINE for 100.00%25 of 1 requests; no contract matches/,
    );
    expect(warnings[2]).toMatch(
      new RegExp(
        `^::warning title=Traffic Governance%3A THROTTLE GET /api/v1/status,file=governance/policy.yml,line=${lineOf(POLICY, 'status_v1')}::THROTTLE for `,
      ),
    );
    expect(warnings[3]).toMatch(
      /^::warning title=Traffic Governance%3A rejected input line,file=test-results\/e2e.jsonl,line=5::/,
    );
    expect(run.commands('notice')).toEqual([]);
  });

  it('runs the same bundle under Node 24 with byte-identical results', async (context) => {
    const node24 = findNode24();
    if (!node24) {
      const message = `Node 24 not found: install it with \`${NODE24_INSTALL}\` (or set TG_NODE24 to a Node 24 binary)`;
      if (process.env.CI) throw new Error(message);
      console.warn(`\n!!!!!!!! SKIPPED: ${message} !!!!!!!!\n`);
      context.skip();
    }
    const run24 = await step(ws, { ...INPUTS, 'output-dir': 'out/node24' }, node24, RUN_PAGE);
    expect(run24.stderr).toBe('');
    expect(run24.code).toBe(0);
    const out24 = join(ws, 'out/node24');
    const same = (outputs: Record<string, string>) =>
      JSON.stringify(outputs).replaceAll('out/node20', 'out/node24');
    expect(JSON.stringify(run24.outputs)).toBe(same(run.outputs));
    const files = readdirSync(out24).sort();
    expect(files).toEqual(readdirSync(join(ws, 'out/node20')).sort());
    for (const file of files) {
      const [a, b] = [join(ws, 'out/node20', file), join(out24, file)].map((path) =>
        readFileSync(path, 'utf8'),
      );
      expect(b, file).toBe(a);
    }
    expect(run24.summary).toBe(run.summary);
    expect(run24.commands('warning')).toEqual(run.commands('warning'));
  });
});

describe('switches', () => {
  it('annotations: false writes no annotations; summary: false writes no job summary', async () => {
    const ws = workspace('ws-switches');
    const run = await step(ws, { ...INPUTS, annotations: 'false', summary: 'false' });
    expect(run.code).toBe(0);
    expect(run.commands('warning')).toEqual([]);
    expect(run.commands('notice')).toEqual([]);
    expect(run.summary).toBe('');
    expect(run.outputs.verdict).toBe('DROP');
    expect(run.outputs['output-dir']).toBe(join(ws, 'traffic-governance'));
  });

  it('writes the ledger of a long run on its worker thread (the bundle loaded again), which verifies', async () => {
    const ws = workspace('ws-long');
    // Over WORKER_INPUT_BYTES of traffic: the run seals and writes its ledger on a worker thread.
    const many = Array.from({ length: 40_000 }, (_, i) =>
      request('GET', '/api/v1/status', 200, 20 + (i % 50), i * 0.05),
    );
    writeFileSync(join(ws, 'test-results/e2e.jsonl'), `${many.join('\n')}\n`);
    expect(statSync(join(ws, 'test-results/e2e.jsonl')).size).toBeGreaterThan(WORKER_INPUT_BYTES);
    const run = await step(ws, INPUTS);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const records = Number(run.outputs.records);
    expect(records).toBeGreaterThan(40_000);
    const verified = verifyLedger(run.outputs['ledger-path']!, {
      head: run.outputs['ledger-head']!,
      count: records,
    });
    expect(verified.valid).toBe(true);
    // Byte for byte the ledger of the same run on one thread.
    const policy = loadPolicy(join(ws, INPUTS.policy), [join(ws, INPUTS.contracts)]);
    const local = join(scratch, 'ws-long-one-thread');
    await evaluate({
      policy,
      traffic: [join(ws, 'test-results/e2e.jsonl')],
      format: 'auto',
      tier: 'OBSERVE_ONLY',
      outDir: local,
      ledgerWorker: false,
    });
    expect(readFileSync(run.outputs['ledger-path']!).equals(readFileSync(join(local, 'ledger.jsonl')))).toBe(
      true,
    );
  });

  it('caps warnings at 10, most severe first, with one notice counting the rest', async () => {
    const ws = workspace('ws-many');
    const unknown = Array.from({ length: 12 }, (_, i) => request('GET', `/api/v1/u${i}`, 200, 5, 10 + i));
    writeFileSync(join(ws, 'test-results/e2e.jsonl'), `${TRAFFIC}\n${unknown.join('\n')}\n`);
    const run = await step(ws, INPUTS);
    expect(run.code).toBe(0);
    const warnings = run.commands('warning');
    expect(warnings).toHaveLength(10);
    expect(warnings[0]).toContain('DROP POST /api/v1/deployments');
    expect(warnings.slice(1).every((w) => w.includes('%3A QUARANTINE '))).toBe(true);
    // 1 DROP + 13 QUARANTINE + 1 THROTTLE + 1 rejected line = 16 findings, 10 shown
    expect(run.commands('notice')).toEqual([
      '::notice title=Traffic Governance%3A more findings::6 more warnings were left out (GitHub shows at most 10 per step): see the job summary and summary.md in the output directory',
    ]);
  });
});

describe('fail-on: the step fails at or above a verdict, after writing everything', () => {
  const EXAMPLES = {
    policy: 'examples/policy.yaml',
    contracts: 'examples/contracts.yaml',
    traffic: 'examples/traffic.jsonl\nexamples/traffic.har\nexamples/k6.json\nexamples/access.log',
  };
  const examples = join(scratch, 'ws-examples');
  beforeAll(() => cpSync(join(ROOT, 'examples'), join(examples, 'examples'), { recursive: true }));

  it('fail-on DROP fails on the examples with one ::error:: naming the DROP endpoint; none passes; same ledger', async () => {
    const passing = await step(examples, { ...EXAMPLES, 'output-dir': 'out/none' });
    expect(passing.code).toBe(0);
    expect(passing.commands('error')).toEqual([]);
    expect(passing.outputs.verdict).toBe('DROP');

    const run = await step(examples, { ...EXAMPLES, 'output-dir': 'out/drop', 'fail-on': 'DROP' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.commands('error')).toEqual([
      '::error::fail-on DROP: the run verdict is DROP: DROP POST /api/checkout (the job summary says why; the step failed after writing every output and report)',
    ]);
    // Everything was written first: every output, the output directory, the job summary.
    expect(JSON.stringify(run.outputs)).toBe(
      JSON.stringify(passing.outputs).replaceAll('out/none', 'out/drop'),
    );
    expect(readdirSync(join(examples, 'out/drop')).sort()).toEqual(
      readdirSync(join(examples, 'out/none')).sort(),
    );
    expect(run.summary).toContain(
      '**Verdict: DROP** — OBSERVE_ONLY with fail-on DROP: this step fails (exit code 1).',
    );
    expect(run.commands('warning')).toEqual(passing.commands('warning'));
    // The gate is about the step: the ledger is the observe-only run's, byte for byte.
    const ledger = readFileSync(run.outputs['ledger-path']!);
    expect(ledger.equals(readFileSync(passing.outputs['ledger-path']!))).toBe(true);
    expect(JSON.parse(ledger.toString('utf8').split('\n')[0]!).platform_tier).toBe('OBSERVE_ONLY');
  });

  it('QUARANTINE and THROTTLE name the endpoints at or above them, worst first, at most three', async () => {
    const ws = workspace('ws-fail-on');
    const quarantine = await step(ws, { ...INPUTS, 'fail-on': 'QUARANTINE' });
    expect(quarantine.code).toBe(1);
    expect(quarantine.commands('error')).toEqual([
      expect.stringMatching(
        /^::error::fail-on QUARANTINE: the run verdict is DROP: DROP POST \/api\/v1\/deployments, QUARANTINE GET \/api\/v1\/nowhere \(the job summary/,
      ),
    ]);
    const throttle = await step(ws, { ...INPUTS, 'fail-on': 'throttle' }); // any case
    expect(throttle.code).toBe(1);
    expect(throttle.commands('error')).toEqual([
      expect.stringMatching(
        /^::error::fail-on THROTTLE: the run verdict is DROP: DROP POST \/api\/v1\/deployments, QUARANTINE GET \/api\/v1\/nowhere, THROTTLE GET \/api\/v1\/status \(/,
      ),
    ]);

    // A THROTTLE run: QUARANTINE lets it pass (and the summary says the gate held), THROTTLE fails it.
    const mild = workspace('ws-fail-on-throttle');
    writeFileSync(join(mild, 'test-results/e2e.jsonl'), `${TRAFFIC.split('\n').slice(0, 4).join('\n')}\n`);
    const below = await step(mild, { ...INPUTS, 'fail-on': 'QUARANTINE' });
    expect([below.code, below.outputs.verdict, below.commands('error')]).toEqual([0, 'THROTTLE', []]);
    expect(below.summary).toContain(
      '**Verdict: THROTTLE** — OBSERVE_ONLY with fail-on QUARANTINE: this step passes (exit code 0).',
    );
    const at = await step(mild, { ...INPUTS, 'fail-on': 'THROTTLE' });
    expect(at.code).toBe(1);
    expect(at.commands('error')).toEqual([
      expect.stringMatching(
        /^::error::fail-on THROTTLE: the run verdict is THROTTLE: THROTTLE GET \/api\/v1\/status \(/,
      ),
    ]);
  });

  it('names three endpoints and counts the rest', async () => {
    const ws = workspace('ws-fail-on-many');
    const unknown = Array.from({ length: 5 }, (_, i) => request('GET', `/api/v1/u${i}`, 200, 5, 10 + i));
    writeFileSync(join(ws, 'test-results/e2e.jsonl'), `${TRAFFIC}\n${unknown.join('\n')}\n`);
    const run = await step(ws, { ...INPUTS, 'fail-on': 'QUARANTINE' });
    expect(run.commands('error')).toEqual([
      expect.stringContaining(
        ': DROP POST /api/v1/deployments, QUARANTINE GET /api/v1/nowhere, QUARANTINE GET /api/v1/u0 and 4 more (',
      ),
    ]);
  });

  it('an unknown value fails up front, naming the input and the values', async () => {
    const run = await step(workspace('ws-fail-on-bad'), { ...INPUTS, 'fail-on': 'high' });
    expect(run.code).toBe(1);
    expect(run.commands('error')).toEqual([
      "::error::input fail-on: 'high' is not a verdict to fail on: use none (the default: never fail on a verdict), THROTTLE, QUARANTINE or DROP",
    ]);
    expect(run.outputs).toEqual({});
  });
});

describe('if-no-files-found', () => {
  const none = { ...INPUTS, traffic: 'test-results/*.har' };

  it('error (the default) fails the step naming the pattern and the workspace', async () => {
    const ws = workspace('ws-nofiles-error');
    const run = await step(ws, none);
    expect(run.code).toBe(1);
    expect(run.commands('error')).toEqual([
      `::error::input traffic: test-results/*.har: matches no files: check the path (relative to the workspace, ${ws}) and the pattern`,
    ]);
  });

  for (const mode of ['warn', 'ignore'] as const) {
    it(`${mode}: no file at all passes with verdict NONE, no output-dir, and a summary saying no traffic was read`, async () => {
      const ws = workspace(`ws-nofiles-${mode}`);
      const run = await step(ws, { ...none, 'if-no-files-found': mode });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.commands('error')).toEqual([]);
      const policy = loadPolicy(join(ws, INPUTS.policy), [join(ws, INPUTS.contracts)]);
      expect(run.outputs).toEqual({
        'policy-hash': policy.policy_hash,
        verdict: 'NONE',
        records: '0',
        rejected: '0',
      });
      expect(existsSync(join(ws, 'traffic-governance'))).toBe(false);
      expect(run.summary).toMatch(
        /^## Traffic Governance: no traffic\n\n\*\*Verdict: NONE\*\* — no traffic file was found/,
      );
      expect(run.summary).toContain('```text\ntest-results/*.har\n```');
      const warning = `::warning::input traffic: no file matches 'test-results/*.har' (relative to the workspace, ${ws}): no traffic was read, verdict NONE (if-no-files-found: warn)`;
      expect(run.commands('warning')).toEqual(mode === 'warn' ? [warning] : []);
      if (mode === 'ignore') expect(run.stdout).toContain('(if-no-files-found: ignore)');
    });
  }

  it('warn: a line matching nothing is skipped, the others are read', async () => {
    const ws = workspace('ws-nofiles-partial');
    const run = await step(ws, {
      ...INPUTS,
      traffic: 'test-results/*.har\ntest-results/*.jsonl',
      'if-no-files-found': 'warn',
      annotations: 'false',
    });
    expect(run.code).toBe(0);
    expect(run.outputs.verdict).toBe('DROP');
    expect(run.commands('warning')).toEqual([
      expect.stringContaining("no file matches 'test-results/*.har' (relative to the workspace, "),
    ]);
    expect(run.commands('warning')[0]).toContain(
      'the files the other lines match are read (if-no-files-found: warn)',
    );
  });

  it('rejects an unknown value', async () => {
    const run = await step(workspace('ws-nofiles-bad'), { ...INPUTS, 'if-no-files-found': 'skip' });
    expect(run.code).toBe(1);
    expect(run.commands('error')).toEqual([
      "::error::input if-no-files-found: 'skip' is not one of error, warn, ignore (as in actions/upload-artifact)",
    ]);
  });
});

describe('debug log and groups', () => {
  it('RUNNER_DEBUG=1: settings, matches, formats and sizes, contracts, timings; no secret; phases in groups', async () => {
    const ws = workspace('ws-debug');
    const token = 'glpat-debug-Secret-1234';
    const key = generateKeyPairPem();
    const gitlab = await startFakeGitLab({
      projects: [{ id: 44, path: 'platform/debug' }],
      users: [{ token, kind: 'private', username: 'ci' }],
    });
    try {
      const run = await step(
        ws,
        {
          ...INPUTS,
          'gitlab-url': gitlab.url,
          'gitlab-project': 'platform/debug',
          'gitlab-token': token,
          'signing-key': key.private_pem,
          'github-token': 'ghs_debugTokenValue',
        },
        process.execPath,
        { RUNNER_DEBUG: '1' },
      );
      expect(run.code).toBe(0);
      const debug = run.commands('debug').join('\n');
      const size = statSync(join(ws, 'test-results/e2e.jsonl')).size;
      for (const line of [
        `::debug::setting workspace: ${ws}`,
        '::debug::setting policy: governance/policy.yml',
        '::debug::setting contracts: governance/contracts.yml',
        '::debug::setting fail-on: none, if-no-files-found: error',
        '::debug::setting pr-comment: false',
        `::debug::setting gitlab: ${gitlab.url} project platform/debug, gitlab-token set (masked)`,
        '::debug::setting signing-key: set (masked), expires never',
        '::debug::traffic test-results/*.jsonl: 1 file: test-results/e2e.jsonl',
        `::debug::traffic file test-results/e2e.jsonl: format jsonl, ${size} bytes`,
        '::debug::contracts: 2 (status_v1, deployments_create_v1)',
      ]) {
        expect(debug).toContain(line);
      }
      expect(debug).toMatch(/::debug::Evaluating the traffic \(ledger and reports\): \d+ ms/);
      expect(debug).toMatch(/::debug::Publishing the policy artifact to GitLab: \d+ ms/);
      const printed = run.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
      for (const secret of [
        token,
        'ghs_debugTokenValue',
        ...key.private_pem.split('\n').filter((l) => l !== '' && !l.startsWith('-----')),
      ]) {
        expect(printed).not.toContain(secret);
      }
      expect(run.stdout).toContain('::add-mask::ghs_debugTokenValue');
      const groups = run.stdout.split('\n').filter((l) => l.startsWith('::group::') || l === '::endgroup::');
      expect(groups).toEqual(
        [
          'Reading the policy',
          'Finding the traffic files',
          'Evaluating the traffic (ledger and reports)',
          'Publishing the policy artifact to GitLab',
          'Writing the job summary',
        ].flatMap((name) => [`::group::${name}`, '::endgroup::']),
      );
    } finally {
      await gitlab.close();
    }
  });
});

describe('pr-comment: the summary on the pull request', () => {
  const WRITE = 'ghs_write-Token-5151';
  const READ = 'ghs_fork-ReadOnly-6262';
  let github: FakeGitHub;
  let scratchEvents: string;
  beforeAll(async () => {
    github = await startFakeGitHub([
      { token: WRITE, login: 'github-actions[bot]', write: true },
      { token: READ, login: 'github-actions[bot]', write: false },
    ]);
    scratchEvents = mkdtempSync(join(scratch, 'events-'));
  });
  afterAll(() => github?.close());

  /** The runner's variables for a pull_request event on octo/shop #7. */
  function prEnv(job: string, event = 'pull_request', number = 7): Record<string, string> {
    const path = join(scratchEvents, `${event}-${number}.json`);
    writeFileSync(path, JSON.stringify({ action: 'synchronize', number, pull_request: { number } }));
    return {
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: path,
      GITHUB_REPOSITORY: 'octo/shop',
      GITHUB_API_URL: github.url,
      GITHUB_WORKFLOW: 'CI',
      GITHUB_JOB: job,
    };
  }
  const mine = (body: string) => body.startsWith('<!-- traffic-governance:');

  it('creates one comment, then updates it in place on the next run (found past the first page)', async () => {
    // 120 comments by others first: the marker search must page (per_page 100) to find its own.
    for (let i = 0; i < 120; i++) github.seed('octo', 'shop', 7, 'reviewer', `looks good ${i}`);
    const ws = workspace('ws-pr');
    const first = await step(
      ws,
      { ...INPUTS, 'pr-comment': 'true', 'github-token': WRITE },
      process.execPath,
      prEnv('e2e'),
    );
    expect(first.code).toBe(0);
    expect(first.commands('warning').filter((w) => w.includes('pull request'))).toEqual([]);
    let comments = github.comments('octo', 'shop', 7).filter((c) => mine(c.body));
    expect(comments).toHaveLength(1);
    const [created] = comments;
    expect(created!.body).toBe(
      `<!-- traffic-governance:workflow%3DCI%3Bjob%3De2e%3Boutput%2Ddir%3Dtraffic%2Dgovernance -->\n${first.summary.replace(/\n$/, '')}`, // the job summary gains a newline
    );
    expect(first.stdout).toContain(`Pull request comment created: ${created!.html_url}`);

    // A second run with other traffic: the same comment, new body; nothing added.
    writeFileSync(join(ws, 'test-results/e2e.jsonl'), `${TRAFFIC.split('\n').slice(0, 4).join('\n')}\n`);
    const second = await step(
      ws,
      { ...INPUTS, 'pr-comment': 'true', 'github-token': WRITE },
      process.execPath,
      prEnv('e2e'),
    );
    expect(second.code).toBe(0);
    comments = github.comments('octo', 'shop', 7).filter((c) => mine(c.body));
    expect(comments.map((c) => c.id)).toEqual([created!.id]);
    expect(comments[0]!.body).toContain('**Verdict: THROTTLE**');
    expect(comments[0]!.body).toContain(second.summary.replace(/\n$/, ''));
    expect(second.stdout).toContain('Pull request comment updated:');
    expect(github.comments('octo', 'shop', 7)).toHaveLength(121);
    const listed = github.requests.filter((r) => r.method === 'GET');
    expect(listed.some((r) => r.path.includes('page=2'))).toBe(true);
    expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);

    // Another job of the workflow has its own comment.
    const other = await step(
      ws,
      { ...INPUTS, 'pr-comment': 'true', 'github-token': WRITE },
      process.execPath,
      prEnv('load'),
    );
    expect(other.code).toBe(0);
    expect(github.comments('octo', 'shop', 7).filter((c) => mine(c.body))).toHaveLength(2);
  });

  it('a read-only token (a fork) is a warning, never a failure', async () => {
    const ws = workspace('ws-pr-fork');
    const run = await step(
      ws,
      { ...INPUTS, 'pr-comment': 'true', 'github-token': READ, annotations: 'false' },
      process.execPath,
      prEnv('e2e', 'pull_request', 8),
    );
    expect(run.code).toBe(0);
    expect(run.commands('error')).toEqual([]);
    expect(run.commands('warning')).toEqual([
      expect.stringMatching(
        /^::warning title=Traffic Governance%3A no pull request comment::could not comment on pull request #8 \(HTTP 403: Resource not accessible by integration.*\): the token may not write pull request comments: give the job `permissions: pull-requests: write`/,
      ),
    ]);
    expect(
      run.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
    ).not.toContain(READ);
    expect(github.comments('octo', 'shop', 8)).toEqual([]);
    expect(run.outputs.verdict).toBe('DROP');
  });

  it('posts nothing outside pull request events, and needs a token', async () => {
    const ws = workspace('ws-pr-push');
    const before = github.requests.length;
    const push = await step(
      ws,
      { ...INPUTS, 'pr-comment': 'true', 'github-token': WRITE },
      process.execPath,
      {
        ...prEnv('e2e'),
        GITHUB_EVENT_NAME: 'push',
      },
    );
    expect(push.code).toBe(0);
    expect(push.stdout).toContain('No pull request comment: the push event is not a pull request');
    expect(github.requests.length).toBe(before);

    const target = await step(
      ws,
      { ...INPUTS, 'pr-comment': 'true', 'github-token': WRITE },
      process.execPath,
      prEnv('e2e', 'pull_request_target', 9),
    );
    expect(target.code).toBe(0);
    expect(github.comments('octo', 'shop', 9)).toHaveLength(1);

    const empty = await step(
      ws,
      { ...INPUTS, 'pr-comment': 'true', 'github-token': '' },
      process.execPath,
      prEnv('e2e'),
    );
    expect(empty.code).toBe(1);
    expect(empty.commands('error')).toEqual([
      expect.stringMatching(/^::error::input pr-comment: true needs github-token/),
    ]);
  });
});

describe('bad configuration fails the step with one ::error:: line and still writes a summary', () => {
  const cases: Array<{ name: string; inputs: Record<string, string>; policy?: string; error: RegExp }> = [
    {
      name: 'missing policy file',
      inputs: { ...INPUTS, policy: 'governance/polcy.yml' },
      error:
        /^::error::input policy: file 'governance\/polcy.yml' not found \(looked for .+; paths are relative to the workspace, GITHUB_WORKSPACE\): fix the path/,
    },
    {
      name: 'policy with an unknown key',
      inputs: INPUTS,
      policy: `${POLICY}colour: blue\n`,
      // The files as the user named them (workspace-relative), not as the runner resolved them.
      error:
        /^::error::inputs policy\/contracts: governance\/policy.yml \+ governance\/contracts.yml: invalid policy:%0A[^/]*colour[^/]*$/,
    },
    {
      name: 'traffic glob matching nothing',
      inputs: { ...INPUTS, traffic: 'test-results/*.har' },
      // One place the path is relative to, named once: the workspace (not "the working directory").
      error:
        /^::error::input traffic: test-results\/\*.har: matches no files: check the path \(relative to the workspace, \/[^()]+\) and the pattern$/,
    },
    {
      name: 'output-dir whose outputs would replace the policy',
      inputs: { ...INPUTS, policy: 'governance/summary.md', 'output-dir': 'governance' },
      policy: POLICY,
      error:
        /^::error::input output-dir \/.+\/governance: its summary\.md would replace an input \(input policy \/.+\/governance\/summary\.md\): choose another input output-dir, or move that input out of it$/,
    },
    {
      name: 'gitlab inputs partly given',
      inputs: { ...INPUTS, 'gitlab-url': 'https://gitlab.example.com', 'gitlab-project': 'platform/traffic' },
      error:
        /^::error::publishing to GitLab needs gitlab-url, gitlab-project and gitlab-token: gitlab-url and gitlab-project are set but gitlab-token is empty/,
    },
  ];

  for (const { name, inputs, policy, error } of cases) {
    it(name, async () => {
      const ws = workspace(`ws-bad-${name.replaceAll(' ', '-')}`, policy);
      if (inputs.policy === 'governance/summary.md')
        cpSync(join(ws, 'governance/policy.yml'), join(ws, inputs.policy));
      const run = await step(ws, inputs);
      expect(run.code).toBe(1);
      const errors = run.commands('error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(error);
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
      expect(run.stderr).toBe('');
      expect(run.summary).toMatch(/^## Traffic Governance: stopped\n/);
      expect(run.summary).toContain('**Why it stopped:**');
      expect(run.summary).toContain('**Done before it stopped:**');
      expect(run.outputs).toEqual({});
    });
  }

  it('unreadable traffic stops the step after the run, with outputs and the run’s summary', async () => {
    const ws = workspace('ws-garbage');
    writeFileSync(join(ws, 'test-results/e2e.jsonl'), 'not json\nnor this\n{"url": 1}\n');
    const run = await step(ws, INPUTS);
    expect(run.code).toBe(1);
    const errors = run.commands('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^::error::traffic input: 3 of 3 input lines were rejected/);
    expect(run.outputs.rejected).toBe('3');
    expect(verifyLedger(run.outputs['ledger-path']!, { head: run.outputs['ledger-head']! }).valid).toBe(true);
    expect(run.summary).toContain('**Why it stopped:** 3 of 3 input lines were rejected');
    expect(run.summary).not.toContain('```');
    // The step exits 1, and its summary says so (not the CLI's exit code 2).
    expect(run.summary).toMatch(
      /\*\*Verdict: [A-Z]+\*\* — the run stopped on bad input: this step fails \(exit code 1\)\./,
    );
    expect(run.summary).not.toContain('exit code 2');
  });
});

describe('publishing the policy artifact to GitLab', () => {
  const TOKEN = 'glpat-e2e-Secret-4242';
  let gitlab: FakeGitLab;
  beforeAll(async () => {
    gitlab = await startFakeGitLab({
      projects: [{ id: 42, path: 'platform/traffic' }],
      users: [{ token: TOKEN, kind: 'private', username: 'ci' }],
    });
  });
  afterAll(() => gitlab?.close());

  const inputs = (token = TOKEN) => ({
    ...INPUTS,
    'gitlab-url': gitlab.url,
    'gitlab-project': 'platform/traffic',
    'gitlab-token': token,
  });
  const packageUrl = () =>
    `${gitlab.url}/api/v4/projects/platform%2Ftraffic/packages/generic/traffic-governance/1.0.0/policy-artifact.json`;

  /** The token is announced once, to be masked, and appears nowhere else. */
  function expectTokenHidden(run: Step, ws: string, token: string) {
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`::add-mask::${token}`);
    expect(lines.slice(1).join('\n')).not.toContain(token);
    expect(run.stderr).not.toContain(token);
    expect(run.summary).not.toContain(token);
    expect(JSON.stringify(run.outputs)).not.toContain(token);
    const out = join(ws, 'traffic-governance');
    for (const file of readdirSync(out))
      expect(readFileSync(join(out, file), 'utf8'), file).not.toContain(token);
  }

  let ws: string;
  let first: Step;
  it('publishes a new version and puts the package URL and the hash to pin in the summary', async () => {
    ws = workspace('ws-publish');
    first = await step(ws, inputs());
    expect(first.commands('error')).toEqual([]);
    expect(first.code).toBe(0);
    const artifact = readFileSync(first.outputs['artifact-path']!);
    expect(gitlab.packageFile(42, 'traffic-governance', '1.0.0', 'policy-artifact.json')).toEqual(artifact);
    expect(first.summary).toContain('### Policy artifact on GitLab');
    expect(first.summary).toContain(`Published policy version \`1.0.0\`: \`${packageUrl()}\``);
    expect(first.summary).toContain(
      `\`\`\`text\nexpected_policy_hash: ${first.outputs['policy-hash']}\n\`\`\``,
    );
    expectTokenHidden(first, ws, TOKEN);
  });

  it('is a no-op when the same version is already published with the same hash', async () => {
    const again = await step(ws, inputs());
    expect(again.code).toBe(0);
    expect(gitlab.packageFileCount(42, 'traffic-governance', '1.0.0', 'policy-artifact.json')).toBe(1);
    expect(again.summary).toContain(
      `Policy version \`1.0.0\` was already published with this hash (nothing uploaded): \`${packageUrl()}\``,
    );
    expect(again.summary).toContain(`expected_policy_hash: ${first.outputs['policy-hash']}`);
    expectTokenHidden(again, ws, TOKEN);
  });

  it('fails when the same version is published with a different hash (a policy version is immutable)', async () => {
    const changed = workspace('ws-publish-changed', POLICY.replace('rate_limit_rpm: 2', 'rate_limit_rpm: 3'));
    const run = await step(changed, inputs());
    expect(run.code).toBe(1);
    const errors = run.commands('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      `::error::policy version 1.0.0 is already published with hash ${first.outputs['policy-hash']}, not ${run.outputs['policy-hash']}; a policy version is immutable: bump version`,
    );
    expect(gitlab.packageFileCount(42, 'traffic-governance', '1.0.0', 'policy-artifact.json')).toBe(1);
    // The run itself happened: its summary, then why the step stopped.
    expect(run.summary).toContain('**Verdict: DROP**');
    expect(run.summary).toContain('### Stopped');
    expect(run.summary).toContain('bump version');
    expect(run.summary).not.toContain('### Policy artifact on GitLab');
    expectTokenHidden(run, changed, TOKEN);
  });

  it('fails with a clear error on a rejected token, and never prints it', async () => {
    const wrong = 'glpat-wrong-Token-9999';
    const other = workspace('ws-publish-401');
    const run = await step(other, inputs(wrong));
    expect(run.code).toBe(1);
    const errors = run.commands('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^::error::GitLab rejected the token \(401 Unauthorized\) for GET .+: the token is invalid or expired/,
    );
    expectTokenHidden(run, other, wrong);
    expect(gitlab.requests.filter((r) => r.status === 401).length).toBeGreaterThan(0);
  });
});

describe('signing the policy artifact (signing-key)', () => {
  const TOKEN = 'glpat-sign-Secret-7777';
  const owner = generateKeyPairPem();
  let gitlab: FakeGitLab;
  beforeAll(async () => {
    gitlab = await startFakeGitLab({
      projects: [{ id: 43, path: 'platform/signed' }],
      users: [{ token: TOKEN, kind: 'private', username: 'ci' }],
    });
  });
  afterAll(() => gitlab?.close());

  /** No line of the private key shows anywhere but in the ::add-mask:: commands. */
  function expectKeyHidden(run: Step, ws: string) {
    const secretLines = owner.private_pem.split('\n').filter((l) => l !== '' && !l.startsWith('-----'));
    const visible = run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    for (const line of secretLines) {
      expect(run.stdout).toContain(`::add-mask::${line}`);
      for (const text of [visible, run.stderr, run.summary, JSON.stringify(run.outputs)])
        expect(text).not.toContain(line);
      const out = join(ws, 'traffic-governance');
      for (const file of existsSync(out) ? readdirSync(out) : [])
        expect(readFileSync(join(out, file), 'utf8'), file).not.toContain(line);
    }
  }

  it('signs policy-artifact.json (90d expiry), publishes the signed artifact, and shows the key to trust', async () => {
    const ws = workspace('ws-sign');
    const before = Date.now();
    const run = await step(ws, {
      ...INPUTS,
      'signing-key': owner.private_pem,
      'signing-key-expires': '90d',
      'gitlab-url': gitlab.url,
      'gitlab-project': 'platform/signed',
      'gitlab-token': TOKEN,
    });
    expect(run.commands('error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs['signed-by']).toBe(owner.keyid);
    const text = readFileSync(run.outputs['artifact-path']!, 'utf8');
    const artifact = JSON.parse(text);
    expect(artifact.policy_hash).toBe(run.outputs['policy-hash']);
    const expires = Date.parse(artifact.expires);
    expect(expires - before).toBeGreaterThanOrEqual(90 * 86_400_000 - 1000);
    expect(expires - Date.now()).toBeLessThanOrEqual(90 * 86_400_000);
    const verified = verifySignedArtifactText(text, [loadPublicKey(run.outputs['public-key']!)], {
      threshold: 1,
      now: new Date(),
    });
    expect([verified.valid, verified.reason, verified.keyids_ok]).toEqual([true, undefined, [owner.keyid]]);
    expect(gitlab.packageFile(43, 'traffic-governance', '1.0.0', 'policy-artifact.json')?.toString()).toBe(
      text,
    );
    expect(run.summary).toContain(`policy_public_key: ${run.outputs['public-key']}`);
    expectKeyHidden(run, ws);
  });

  it('without signing-key the artifact stays unsigned; a bad key or expiry fails the step naming the input', async () => {
    const plain = await step(workspace('ws-sign-none'), INPUTS);
    expect(JSON.parse(readFileSync(plain.outputs['artifact-path']!, 'utf8')).signatures).toBeUndefined();
    expect(plain.outputs['signed-by']).toBeUndefined();

    const cases: Array<[Record<string, string>, string]> = [
      [{ 'signing-key': owner.public_pem }, 'input signing-key: expected a PEM PKCS#8 private key'],
      [
        { 'signing-key': owner.private_pem, 'signing-key-expires': 'soon' },
        "input signing-key-expires: 'soon' is neither",
      ],
      [{ 'signing-key': owner.private_pem, 'signing-key-expires': '2020-01-01T00:00:00Z' }, 'is in the past'],
      [{ 'signing-key-expires': '90d' }, 'input signing-key-expires needs signing-key'],
    ];
    for (const [i, [extra, message]] of cases.entries()) {
      const ws = workspace(`ws-sign-bad-${i}`);
      const run = await step(ws, { ...INPUTS, ...extra });
      expect(run.code).toBe(1);
      expect(run.commands('error')).toEqual([expect.stringContaining(message)]);
      if (extra['signing-key'] === owner.private_pem) expectKeyHidden(run, ws);
    }
  });
});
