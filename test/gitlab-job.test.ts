/**
 * `traffic-governance gitlab job` (src/gitlab/job.ts) in this process, the way the GitLab template runs
 * it: TG_* variables in the environment, a checkout in a temp folder (the test/fixtures/gitlab traffic,
 * a policy artifact made by the CLI), a fake GitLab for policy_version and mr_note. Every branch: the
 * exit code, what the log says, and the governance.env and junit.xml a later job and the MR widget read.
 */
import { createPublicKey } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { JOB_VARIABLES } from '../src/gitlab/job-variables.js';
import { generateKeyPairPem } from '../src/trust/index.js';
import { type Captured, cliIn } from './support/cli.js';
import { type FakeGitLab, startFakeGitLab } from './support/fake-gitlab.js';

const PROJECT_ID = 42;
const MR_IID = 7;
const JOB_TOKEN = 'job-token-5e1b';
const NOTE_TOKEN = 'glpat-note-9c4d';

let dir: string;
let fake: FakeGitLab;
let hash: string;
let cli: ReturnType<typeof cliIn>;
let runs = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tg-gitlab-job-'));
  cpSync(join(import.meta.dirname, 'fixtures/gitlab'), join(dir, 'traffic'), { recursive: true });
  mkdirSync(join(dir, 'traffic-governance'));
  cli = cliIn(dir);
  const created = await cli([
    'artifact',
    'create',
    '--policy',
    'traffic/policy.yaml',
    '--out',
    'traffic-governance/policy-artifact.json',
  ]);
  hash = /^policy_hash ([0-9a-f]{64})$/m.exec(created.out)?.[1] as string;
  expect(hash, created.err).toMatch(/^[0-9a-f]{64}$/);
  fake = await startFakeGitLab({
    users: [
      { token: JOB_TOKEN, kind: 'job', username: 'ci-job' },
      { token: NOTE_TOKEN, kind: 'private', username: 'governance-bot', role: 'reporter' },
    ],
  });
  fake.addMergeRequest(PROJECT_ID, MR_IID);
  fake.seedPackageFile(
    PROJECT_ID,
    'traffic-governance',
    '1.0.0',
    'policy-artifact.json',
    readFileSync(join(dir, 'traffic-governance/policy-artifact.json'), 'utf8'),
  );
});

afterAll(async () => {
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface JobRun extends Captured {
  /** The output folder, relative to the checkout. */
  outputDir: string;
  env: Record<string, string>;
  junit: string;
  /** governance.env as key → value. */
  dotenv: Map<string, string>;
}

/** Runs the job with the template's variables (each test its own output_dir); `vars` override them. */
async function job(vars: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<JobRun> {
  const outputDir = `out-${++runs}`;
  const env = {
    TG_TRAFFIC: 'traffic/clean.jsonl',
    TG_EXPECTED_POLICY_HASH: hash,
    TG_OUTPUT_DIR: outputDir,
    CI_API_V4_URL: fake.apiUrl,
    CI_PROJECT_ID: String(PROJECT_ID),
    CI_JOB_TOKEN: JOB_TOKEN,
    CI_PIPELINE_ID: '900',
    ...vars,
    ...extraEnv,
  };
  const ran = await cli(['gitlab', 'job'], { env });
  const read = (name: string) =>
    existsSync(join(dir, outputDir, name)) ? readFileSync(join(dir, outputDir, name), 'utf8') : '';
  const dotenv = new Map(
    read('governance.env')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('=', 2) as [string, string]),
  );
  return { ...ran, outputDir, env, junit: read('junit.xml'), dotenv };
}

const unescapeXml = (text: string) =>
  text.replace(
    /&(quot|apos|lt|gt|amp);/g,
    (_, name: string) => ({ quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' })[name] as string,
  );

/** What a stopped job leaves: ERROR and its exit code in governance.env, one junit <error> for the step. */
function expectStopReports(
  run: JobRun,
  step: string,
  code: number,
  message: string | RegExp,
  prefix = 'GOVERNANCE',
) {
  expect([...run.dotenv]).toEqual([
    [`${prefix}_VERDICT`, 'ERROR'],
    [`${prefix}_EXIT_CODE`, String(code)],
  ]);
  expect(run.junit).toContain('tests="1" failures="0" errors="1"');
  expect(run.junit).toContain(`<testcase classname="traffic-governance" name="${step}" time="0">`);
  const attribute = unescapeXml(/<error message="([^"]*)">/.exec(run.junit)?.[1] ?? '');
  if (typeof message === 'string') expect(attribute).toContain(message);
  else expect(attribute).toMatch(message);
}

describe('gitlab job: a run that completes', () => {
  it('clean traffic: exit 0, the ledger verified against its own checkpoint, the run reports kept', async () => {
    const run = await job({});
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('verdict: ALLOW (tier CONTROL) → exit 0');
    expect(run.out).toMatch(
      new RegExp(
        `checkpoint OK: ${run.outputDir}/ledger\\.checkpoint: \\d+ records, root [0-9a-f]{64}, unsigned`,
      ),
    );
    expect(run.dotenv.get('GOVERNANCE_VERDICT')).toBe('ALLOW');
    expect(run.dotenv.get('GOVERNANCE_POLICY_HASH')).toBe(hash);
    expect(run.junit).not.toContain('<error');
  });

  it('QUARANTINE exits warn_exit_code and says so; the dotenv keeps the run exit 3', async () => {
    const run = await job({ TG_TRAFFIC: 'traffic/quarantine.jsonl', TG_WARN_EXIT_CODE: '42' });
    expect(run.code, run.err).toBe(42);
    expect(run.out).toContain('verdict: QUARANTINE (tier CONTROL) → exit 3');
    expect(run.out).toContain(
      'traffic-governance: QUARANTINE verdict: exit 42 (allowed failure: the job shows as a warning)',
    );
    expect(run.dotenv.get('GOVERNANCE_VERDICT')).toBe('QUARANTINE');
    expect(run.dotenv.get('GOVERNANCE_EXIT_CODE')).toBe('3');
  });

  it('QUARANTINE with the default warn_exit_code exits 3', async () => {
    expect((await job({ TG_TRAFFIC: 'traffic/quarantine.jsonl' })).code).toBe(3);
  });

  it('DROP exits 1 and keeps the run reports', async () => {
    const run = await job({ TG_TRAFFIC: 'traffic/drop.jsonl' });
    expect(run.code, run.err).toBe(1);
    expect(run.dotenv.get('GOVERNANCE_VERDICT')).toBe('DROP');
    expect(run.dotenv.get('GOVERNANCE_EXIT_CODE')).toBe('1');
  });

  it('report_prefix names the dotenv variables and the metrics', async () => {
    const run = await job({ TG_REPORT_PREFIX: 'CHECKOUT' });
    expect(run.code, run.err).toBe(0);
    expect(run.dotenv.get('CHECKOUT_VERDICT')).toBe('ALLOW');
    expect(run.dotenv.get('CHECKOUT_POLICY_HASH')).toBe(hash);
    expect([...run.dotenv.keys()].filter((k) => !k.startsWith('CHECKOUT_'))).toEqual([]);
    const metrics = readFileSync(join(dir, run.outputDir, 'metrics.txt'), 'utf8');
    expect(metrics).toContain('traffic_governance_checkout_run_verdict 0');
    expect(metrics).not.toMatch(/^traffic_governance_run_verdict/m);
  });

  it('an input error found while reading traffic stays the run report (exit 2, VERDICT ERROR by evaluate)', async () => {
    writeFileSync(join(dir, 'traffic/garbled.jsonl'), 'not json\nnot json either\n');
    const run = await job({ TG_TRAFFIC: 'traffic/garbled.jsonl', TG_FORMAT: 'jsonl' });
    expect(run.code).toBe(2);
    expect(run.dotenv.get('GOVERNANCE_VERDICT')).toBe('ERROR');
    expect(run.dotenv.get('GOVERNANCE_POLICY_HASH'), 'the run wrote it, with all its variables').toBe(hash);
    expect(run.junit).toContain('name="input"');
  });
});

describe('gitlab job: configuration it checks itself (nothing is run)', () => {
  it.each([
    ['2', 1],
    ['0', 2],
    ['1', 2],
    ['4', 2],
    ['256', 2],
    ['x', 2],
  ])('warn_exit_code %s is refused with exit %i', async (value, code) => {
    const run = await job({ TG_WARN_EXIT_CODE: value });
    expect(run.code).toBe(code);
    expect(run.err).toContain(
      `traffic-governance: error: inputs: warn_exit_code ${value} cannot mark a QUARANTINE warning: use 3 (the default) or 5..255`,
    );
    expect(run.out).not.toContain('verdict:');
    expectStopReports(run, 'inputs', code, `warn_exit_code ${value} cannot mark`);
  });

  it.each(['CONTROL', 'AUTONOMOUS'])('%s without a pin exits 2 with the lines that fix it', async (tier) => {
    const run = await job({ TG_TIER: tier, TG_EXPECTED_POLICY_HASH: '' });
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      `traffic-governance: error: tier ${tier} enforces the policy, so the artifact must be pinned`,
    );
    expect(run.err).toContain(
      '  set inputs: expected_policy_hash: <the policy-hash printed by the GitHub step>',
    );
    expect(run.err).toContain("  or inputs: policy_public_key: <the policy owners' Ed25519 public key(s)>");
    expect(existsSync(join(dir, run.outputDir, 'ledger.jsonl'))).toBe(false);
    expectStopReports(run, 'inputs', 2, `tier ${tier} enforces the policy`);
    expect(run.junit, 'the whole reason in the text').toContain('set inputs: expected_policy_hash');
  });

  it.each([
    ['TG_TIER', 'STRICT', 'inputs: tier "STRICT": use one of'],
    ['TG_MR_NOTE', 'yes', 'inputs: mr_note "yes": use true or false'],
    ['TG_REPORT_PREFIX', 'my-prefix', 'inputs: report_prefix "my-prefix": use capital letters'],
    ['TG_TRAFFIC', ' ', 'inputs: traffic "": give the traffic files'],
  ])('%s=%j is refused with exit 2', async (name, value, message) => {
    const run = await job({ [name]: value });
    expect(run.code).toBe(2);
    expect(run.err).toContain(message);
    expectStopReports(run, 'inputs', 2, message);
  });

  it('takes no arguments, and its help lists every variable with its input', async () => {
    const bad = await cli(['gitlab', 'job', '--traffic', 'x'], { env: {} });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('gitlab job takes no arguments (got "--traffic")');
    const help = await cli(['gitlab', 'job', '--help']);
    for (const [name, v] of Object.entries(JOB_VARIABLES))
      expect(help.out).toContain(`${name}`.padEnd(25) + `inputs.${v.input}`);
  });
});

describe('gitlab job: a step that fails leaves ERROR reports with its reason', () => {
  it('a wrong pin: exit 4 before any traffic is read, both hashes in the log and the junit text', async () => {
    const wrong = 'f'.repeat(64);
    const run = await job({ TG_EXPECTED_POLICY_HASH: wrong });
    expect(run.code).toBe(4);
    expect(run.err).toMatch(/found: +[0-9a-f]{64}/);
    expect(run.err).toContain(`expected: ${wrong}`);
    expect(run.out).not.toContain('verdict:');
    expectStopReports(run, 'evaluate', 4, 'traffic-governance: artifact verification failed:');
    expect(run.junit).toContain(`expected: ${wrong}`);
  });

  it('missing traffic: exit 2 naming the glob', async () => {
    const run = await job({ TG_TRAFFIC: 'test-results/**/*.har' });
    expect(run.code).toBe(2);
    expectStopReports(run, 'evaluate', 2, /test-results\/\*\*\/\*\.har.*matches no files/);
  });

  it('a missing artifact: exit 2 naming it', async () => {
    const run = await job({ TG_POLICY_ARTIFACT: 'nowhere/policy-artifact.json' });
    expect(run.code).toBe(2);
    expectStopReports(
      run,
      'evaluate',
      2,
      'nowhere/policy-artifact.json: cannot read the policy artifact (no such file)',
    );
  });

  it('policy_version fetches the artifact with CI_JOB_TOKEN, then verifies it against the pin', async () => {
    const run = await job({ TG_POLICY_VERSION: '1.0.0', TG_POLICY_ARTIFACT: 'fetched/policy-artifact.json' });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('fetched traffic-governance/1.0.0/policy-artifact.json');
    expect(run.out).toContain('verdict: ALLOW');
  });

  it('a failed fetch: exit 2 with what GitLab said, nothing evaluated', async () => {
    const run = await job({
      TG_POLICY_VERSION: '9.9.9',
      TG_POLICY_ARTIFACT: 'fetched-9/policy-artifact.json',
    });
    expect(run.code).toBe(2);
    expect(run.out).not.toContain('verdict:');
    expectStopReports(run, 'fetch-artifact', 2, /^fetch-artifact: .*9\.9\.9/);
    expect(run.err).not.toContain(JOB_TOKEN);
  });

  it('a ledger that differs from expected_checkpoint: exit 4; the reports keep the run and add the error', async () => {
    const earlier = await job({});
    const other = await job({ TG_TRAFFIC: 'traffic/quarantine.jsonl' });
    expect(earlier.code).toBe(0);
    const run = await job({ TG_EXPECTED_CHECKPOINT: `${other.outputDir}/ledger.checkpoint` });
    expect(run.code).toBe(4);
    expect(run.out).toContain('verdict: ALLOW (tier CONTROL) → exit 0');
    expect(run.err).toContain(`traffic-governance: verification failed:`);
    expect(run.dotenv.get('GOVERNANCE_VERDICT')).toBe('ERROR');
    expect(run.dotenv.get('GOVERNANCE_EXIT_CODE')).toBe('4');
    expect(run.dotenv.get('GOVERNANCE_POLICY_HASH'), 'the run variables stay').toBe(hash);
    expect(run.junit).toContain('name="verification"');
    expect(run.junit).toMatch(/<error message="The run stopped: traffic-governance: verification failed: /);
    expect(run.junit, 'the endpoint test cases stay').toContain('<testcase classname="');
    // The replay of the same traffic passes against the earlier run's checkpoint.
    const replay = await job({ TG_EXPECTED_CHECKPOINT: `${earlier.outputDir}/ledger.checkpoint` });
    expect(replay.code, replay.err).toBe(0);
    expect(replay.out).toContain(`checkpoint OK: ${earlier.outputDir}/ledger.checkpoint`);
  });
});

describe('gitlab job: signed artifacts', () => {
  it('policy_public_key accepts a signed artifact without a hash pin; min_policy_version above it exits 4', async () => {
    const owner = generateKeyPairPem();
    mkdirSync(join(dir, 'signed'));
    const signed = await cli(
      [
        'artifact',
        'sign',
        'traffic-governance/policy-artifact.json',
        '--signing-key-env',
        'OWNER_KEY',
        '--out',
        'signed/policy-artifact.json',
      ],
      { env: { OWNER_KEY: owner.private_pem } },
    );
    expect(signed.code, signed.err).toBe(0);
    const key = createPublicKey(owner.public_pem)
      .export({ format: 'der', type: 'spki' })
      .subarray(-32)
      .toString('base64');
    const trusted = {
      TG_EXPECTED_POLICY_HASH: '',
      TG_POLICY_ARTIFACT: 'signed/policy-artifact.json',
      TG_POLICY_PUBLIC_KEY: `  ${key}  `,
      TG_POLICY_THRESHOLD: '1',
    };
    const accepted = await job({ ...trusted, TG_MIN_POLICY_VERSION: '1.0.0' });
    expect(accepted.code, accepted.err).toBe(0);
    expect(accepted.out).not.toContain('UNPINNED');
    expect(accepted.dotenv.get('GOVERNANCE_POLICY_SIGNED_BY')).toBe(owner.keyid);
    const rollback = await job({ ...trusted, TG_MIN_POLICY_VERSION: '2.0.0' });
    expect(rollback.code).toBe(4);
    expectStopReports(rollback, 'evaluate', 4, 'policy version 1.0.0 is older than min_policy_version 2.0.0');
    const two = await job({ ...trusted, TG_POLICY_THRESHOLD: '2' });
    expect(two.code, 'the threshold reaches evaluate').toBe(2);
    expectStopReports(two, 'evaluate', 2, 'threshold 2 exceeds the 1 distinct public key(s) given');
  });
});

describe('gitlab job: OBSERVE_ONLY without a pin', () => {
  it('runs against the recomputed hash, labelled UNPINNED; a DROP does not fail it', async () => {
    const run = await job({
      TG_TIER: 'OBSERVE_ONLY',
      TG_EXPECTED_POLICY_HASH: '',
      TG_TRAFFIC: 'traffic/drop.jsonl',
    });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain(
      `UNPINNED: expected_policy_hash is empty, so OBSERVE_ONLY runs against the artifact's own recomputed hash ${hash}`,
    );
    expect(run.out).toContain('verdict: DROP (tier OBSERVE_ONLY) → exit 0');
  });

  it('a missing artifact exits 2, one that is not an artifact 4', async () => {
    const missing = await job({
      TG_TIER: 'OBSERVE_ONLY',
      TG_EXPECTED_POLICY_HASH: '',
      TG_POLICY_ARTIFACT: 'none.json',
    });
    expect(missing.code).toBe(2);
    expectStopReports(missing, 'artifact', 2, 'none.json: cannot read the policy artifact (no such file)');
    writeFileSync(join(dir, 'garbage.json'), '{"policy": 1}');
    const garbage = await job({
      TG_TIER: 'OBSERVE_ONLY',
      TG_EXPECTED_POLICY_HASH: '',
      TG_POLICY_ARTIFACT: 'garbage.json',
    });
    expect(garbage.code).toBe(4);
    expectStopReports(
      garbage,
      'artifact',
      4,
      'traffic-governance: artifact verification failed: garbage.json: not a policy artifact',
    );
  });
});

describe('gitlab job: mr_note', () => {
  it('posts the summary on the merge request, even for a DROP', async () => {
    const run = await job(
      { TG_TRAFFIC: 'traffic/drop.jsonl', TG_MR_NOTE: 'true' },
      { GITLAB_TOKEN: NOTE_TOKEN, CI_MERGE_REQUEST_IID: String(MR_IID), CI_JOB_NAME: 'governance-drop' },
    );
    expect(run.code, run.err).toBe(1);
    expect(run.out).toMatch(new RegExp(`created note \\d+ on merge request !${MR_IID}`));
    expect(fake.notes(PROJECT_ID, MR_IID).at(-1)?.body).toContain('DROP');
  });

  it('a note that cannot be posted turns a pass into exit 2 with ERROR reports', async () => {
    const run = await job({ TG_MR_NOTE: 'true' }, { CI_MERGE_REQUEST_IID: String(MR_IID) });
    expect(run.code).toBe(2);
    expect(run.err).toContain('mr-note: posting a merge request note needs GITLAB_TOKEN');
    expect(run.err).toContain(
      'traffic-governance: error: inputs: mr_note is true but the note was not posted',
    );
    expect(run.dotenv.get('GOVERNANCE_VERDICT')).toBe('ERROR');
    expect(run.dotenv.get('GOVERNANCE_EXIT_CODE')).toBe('2');
    expect(run.junit).toMatch(
      /<error message="The run stopped: mr-note: posting a merge request note needs GITLAB_TOKEN/,
    );
  });

  it('never hides a DROP: the job exits 1 and the run reports stay', async () => {
    const run = await job(
      { TG_MR_NOTE: 'true', TG_TRAFFIC: 'traffic/drop.jsonl' },
      { CI_MERGE_REQUEST_IID: String(MR_IID) },
    );
    expect(run.code).toBe(1);
    expect(run.dotenv.get('GOVERNANCE_VERDICT')).toBe('DROP');
  });

  it('an output_dir it cannot write into: the exit stays, a warning says why, the file in the way is untouched', async () => {
    const before = readFileSync(join(dir, 'traffic/clean.jsonl'));
    const run = await job({ TG_EXPECTED_POLICY_HASH: '', TG_OUTPUT_DIR: 'traffic/clean.jsonl' });
    expect(run.code).toBe(2);
    expect(run.err).toMatch(
      /traffic-governance: warning: could not write governance\.env and junit\.xml into .*traffic\/clean\.jsonl: /,
    );
    expect(readFileSync(join(dir, 'traffic/clean.jsonl'))).toEqual(before);
  });

  it('the early reports use report_prefix', async () => {
    const run = await job({ TG_REPORT_PREFIX: 'CHECKOUT', TG_EXPECTED_POLICY_HASH: '' });
    expect(run.code).toBe(2);
    expectStopReports(run, 'inputs', 2, 'enforces the policy', 'CHECKOUT');
  });
});

describe('gitlab job variables and the template', () => {
  it('every variable the template sets is one the job reads, with the input default', () => {
    const text = readFileSync(
      join(import.meta.dirname, '../gitlab/templates/traffic-governance.yml'),
      'utf8',
    );
    const [header, body] = text.split(/^---$/m) as [string, string];
    const inputs = (parseYaml(header) as { spec: { inputs: Record<string, { default?: unknown }> } }).spec
      .inputs;
    const job = Object.values(parseYaml(body) as Record<string, { variables: Record<string, string> }>)[0]!;
    const set = Object.keys(job.variables).filter(
      (k) => k.startsWith('TG_') && k !== 'TG_ENGINE' && k !== 'TG_ENGINE_VERSION',
    );
    expect(set.sort()).toEqual(Object.keys(JOB_VARIABLES).sort());
    for (const [name, v] of Object.entries(JOB_VARIABLES)) {
      expect(job.variables[name], name).toContain(`$[[ inputs.${v.input} ]]`);
      expect(String(inputs[v.input]?.default ?? ''), `${name}: the default of inputs.${v.input}`).toBe(
        v.default,
      );
    }
  });
});
