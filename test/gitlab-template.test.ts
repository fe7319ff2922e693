/**
 * The GitLab CI template (gitlab/templates/traffic-governance.yml) end to end under gitlab-ci-local: a temp git
 * repository holds the template, this checkout's committed CLI bundle (dist/cli, run through the
 * template's `engine` input, since the shell executor ignores `image:`), the fixtures and a
 * .gitlab-ci.yml that includes the template once per scenario with `include: local` + `inputs:`.
 * One pipeline runs every scenario side by side; a fake GitLab (test/support/fake-gitlab.ts) serves
 * the generic package and the merge request notes. Bad inputs are fed to gitlab-ci-local's own input
 * validation (`--preview`), which must refuse them before any job exists.
 */
import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  generateKeyPairPem,
  loadPrivateKey,
  serializeSignedArtifact,
  signArtifact,
} from '../src/trust/index.js';
import { type FakeGitLab, startFakeGitLab } from './support/fake-gitlab.js';
import {
  createPipelineRepo,
  type GclRun,
  hasRsync,
  type JobResult,
  jobLog,
  jobResults,
  type PipelineRepo,
  PROJECT_ROOT,
  runGitlabCiLocal,
} from './support/gitlab-ci-local.js';

const TEMPLATE = 'gitlab/templates/traffic-governance.yml';
/** The report prefixes of the jobs that stop early (each its own, so one later job reads them all). */
const FAILING = ['UNPINNED', 'TAMPERED', 'NOTRAFFIC', 'NOARTIFACT', 'NOFETCH'] as const;
const BUNDLE = 'dist/cli';
const FIXTURES = 'test/fixtures/gitlab';
const PROJECT_ID = 42;
const MR_IID = 7;
const JOB_TOKEN = 'job-token-3f9c1a7e5b';
const NOTE_TOKEN = 'glpat-note-token-8d2e6b4a';

const skip = !hasRsync() && !process.env.CI;
if (skip) {
  console.warn(
    '\n*** SKIPPED test/gitlab-template.test.ts: rsync is missing (gitlab-ci-local --shell-isolation needs it).\n' +
      '*** Install it (apt-get install -y rsync) or run .ci/run; with CI set this is a failure, not a skip.\n',
  );
}

interface TemplateSpec {
  spec: { inputs: Record<string, { type?: string; default?: unknown; options?: unknown[]; regex?: string }> };
}

function templateSpec(): TemplateSpec {
  const [header] = readFileSync(join(PROJECT_ROOT, TEMPLATE), 'utf8').split(/^---$/m);
  return parseYaml(header as string) as TemplateSpec;
}

describe('gitlab/templates/traffic-governance.yml spec:inputs', () => {
  const inputs = templateSpec().spec.inputs;

  it('constrains every string input with options or an anchored regex', () => {
    const loose = Object.entries(inputs)
      .filter(([, input]) => (input.type ?? 'string') === 'string')
      .filter(([, input]) => !input.options && !(input.regex?.startsWith('^') && input.regex.endsWith('$')))
      .map(([name]) => name);
    expect(loose, 'add `options:` or an anchored `regex:` to these inputs').toEqual([]);
  });

  it('defaults engine_version to this package version, pinned', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(inputs.engine_version?.default, 'bump engine_version in the template with package.json').toBe(
      pkg.version,
    );
    expect(new RegExp(inputs.engine_version?.regex as string).test('latest')).toBe(false);
  });

  it('defaults to CONTROL, warn code 3, no MR note, an unpinned hash that the job refuses in CONTROL', () => {
    expect(inputs.tier?.default).toBe('CONTROL');
    expect(inputs.warn_exit_code).toMatchObject({ type: 'number', default: 3 });
    expect(inputs.mr_note).toMatchObject({ type: 'boolean', default: false });
    expect(inputs.expected_policy_hash).toMatchObject({ default: '', regex: '^([0-9a-f]{64})?$' });
    expect(inputs.policy_public_key).toMatchObject({ default: '' });
    expect(inputs.policy_threshold).toMatchObject({ type: 'number', default: 1 });
    expect(inputs.min_policy_version).toMatchObject({ default: '' });
  });
});

describe.skipIf(skip)('gitlab/templates/traffic-governance.yml under gitlab-ci-local', () => {
  let repo: PipelineRepo;
  let fake: FakeGitLab;
  let hash: string;
  const owner = generateKeyPairPem();
  /** The base64 of the raw 32-byte public key: what policy_public_key takes inline. */
  const ownerKey = createPublicKey(owner.public_pem)
    .export({ format: 'der', type: 'spki' })
    .subarray(-32)
    .toString('base64');
  let pipeline: GclRun;
  let jobs: Record<string, JobResult>;

  /** A job that stops early: its own report_prefix and output_dir, read by after-failures. */
  const failing = (prefix: string) => ({
    report_prefix: prefix,
    output_dir: `reports/${prefix.toLowerCase()}`,
  });

  /** One `include:` entry of the template (inputs may override job_name and engine); `engine` runs the committed bundle. */
  function include(jobName: string, inputs: Record<string, string | number | boolean>): string {
    const lines = Object.entries({ job_name: jobName, engine: `${BUNDLE}/index.js`, ...inputs }).map(
      ([key, value]) => `      ${key}: ${typeof value === 'string' ? JSON.stringify(value) : value}`,
    );
    return [`  - local: ${TEMPLATE}`, '    inputs:', ...lines].join('\n');
  }

  beforeAll(async () => {
    if (!hasRsync())
      throw new Error(
        'rsync is missing: gitlab-ci-local --shell-isolation needs it (apt-get install -y rsync)',
      );
    if (!existsSync(join(PROJECT_ROOT, BUNDLE, 'index.js'))) {
      throw new Error(
        `${BUNDLE}/index.js is missing: run npm run bundle (the template test runs the committed CLI bundle)`,
      );
    }
    fake = await startFakeGitLab({
      users: [
        { token: JOB_TOKEN, kind: 'job', username: 'ci-job' },
        { token: NOTE_TOKEN, kind: 'private', username: 'governance-bot', role: 'reporter' },
      ],
    });
    fake.addMergeRequest(PROJECT_ID, MR_IID);

    repo = createPipelineRepo();
    repo.copy(TEMPLATE, TEMPLATE);
    repo.copy(BUNDLE, BUNDLE); // with its package.json ("type": "module")
    repo.copy(FIXTURES, 'traffic');

    // The artifact the GitHub step would publish, built by the same CLI; its printed hash is the pin.
    mkdirSync(join(repo.dir, 'traffic-governance'));
    const created = execFileSync(
      process.execPath,
      [
        `${BUNDLE}/index.js`,
        'artifact',
        'create',
        '--policy',
        'traffic/policy.yaml',
        '--out',
        'traffic-governance/policy-artifact.json',
      ],
      { cwd: repo.dir, encoding: 'utf8' },
    );
    hash = /^policy_hash ([0-9a-f]{64})$/m.exec(created)?.[1] as string;
    expect(hash, `artifact create printed no policy_hash line:\n${created}`).toMatch(/^[0-9a-f]{64}$/);
    const artifactText = readFileSync(join(repo.dir, 'traffic-governance/policy-artifact.json'), 'utf8');
    fake.seedPackageFile(PROJECT_ID, 'traffic-governance', '1.0.0', 'policy-artifact.json', artifactText);

    // Tampered: a DELETE is let through, the declared policy_hash left as it was.
    const tampered = JSON.parse(artifactText) as { policy: { critical_overrides: Record<string, string> } };
    tampered.policy.critical_overrides.method_disallowed = 'ALLOW';
    repo.write('tampered/policy-artifact.json', JSON.stringify(tampered));

    // Signed by the policy owner (the private key only ever in an environment variable): one valid
    // for centuries, one expired.
    const cli = (args: string[]) =>
      execFileSync(process.execPath, [`${BUNDLE}/index.js`, ...args], {
        cwd: repo.dir,
        encoding: 'utf8',
        env: { ...process.env, POLICY_SIGNING_KEY: owner.private_pem },
      });
    mkdirSync(join(repo.dir, 'signed'));
    cli([
      'artifact',
      'sign',
      'traffic-governance/policy-artifact.json',
      '--signing-key-env',
      'POLICY_SIGNING_KEY',
      '--expires',
      '2999-01-01T00:00:00Z',
      '--out',
      'signed/policy-artifact.json',
    ]);
    // Signed back when it was valid: the CLI refuses an expiry that is already past, the library
    // (given no `now`) does not.
    const stale = signArtifact(
      JSON.parse(artifactText),
      loadPrivateKey({ env: 'KEY' }, { KEY: owner.private_pem }),
      {
        expires: '2020-01-01T00:00:00Z',
      },
    );
    repo.write('expired/policy-artifact.json', serializeSignedArtifact(stale));
    // Checkpoints of earlier runs, for the replay audit (expected_checkpoint): one of exactly this
    // traffic, one of a run that saw one more request in traffic/clean.jsonl than the job will.
    const evaluateClean = (out: string) => {
      try {
        cli([
          'evaluate',
          '--artifact',
          'traffic-governance/policy-artifact.json',
          '--expect-hash',
          hash,
          '--tier',
          'CONTROL',
          '--out',
          out,
          '--traffic',
          'traffic/clean.jsonl',
        ]);
      } catch (error) {
        throw new Error(`evaluate for ${out} failed: ${(error as { stderr?: string }).stderr}`);
      }
    };
    evaluateClean('earlier');
    const clean = readFileSync(join(repo.dir, 'traffic/clean.jsonl'), 'utf8');
    writeFileSync(join(repo.dir, 'traffic/clean.jsonl'), `${clean}${clean.split('\n')[0]}\n`);
    evaluateClean('earlier-edited');
    writeFileSync(join(repo.dir, 'traffic/clean.jsonl'), clean);

    repo.write(
      '.gitlab-ci.yml',
      [
        'stages: [record, test, deploy]',
        'include:',
        include('governance-clean', { traffic: 'traffic/clean.jsonl', expected_policy_hash: hash }),
        include('governance-quarantine', { traffic: 'traffic/quarantine.jsonl', expected_policy_hash: hash }),
        include('governance-drop', { traffic: 'traffic/drop.jsonl', expected_policy_hash: hash }),
        include('governance-tampered', {
          traffic: 'traffic/drop.jsonl',
          policy_artifact: 'tampered/policy-artifact.json',
          expected_policy_hash: hash,
          ...failing('TAMPERED'),
        }),
        include('governance-unpinned', { traffic: 'traffic/clean.jsonl', ...failing('UNPINNED') }),
        include('governance-notraffic', {
          traffic: 'test-results/**/*.har',
          expected_policy_hash: hash,
          ...failing('NOTRAFFIC'),
        }),
        include('governance-noartifact', {
          traffic: 'traffic/clean.jsonl',
          policy_artifact: 'nowhere/policy-artifact.json',
          expected_policy_hash: hash,
          ...failing('NOARTIFACT'),
        }),
        include('governance-nofetch', {
          traffic: 'traffic/clean.jsonl',
          policy_version: '9.9.9',
          policy_artifact: 'fetched-9/policy-artifact.json',
          expected_policy_hash: hash,
          ...failing('NOFETCH'),
        }),
        // Two includes, two prefixes: one later job reads both verdicts.
        include('governance-checkout', {
          traffic: 'traffic/quarantine.jsonl',
          expected_policy_hash: hash,
          report_prefix: 'CHECKOUT',
          output_dir: 'reports/checkout',
        }),
        // The traffic a job of the pipeline records: in the same stage with needs (extending the
        // included job by its name), and in an earlier stage without (the README's form).
        include('governance-needs', {
          traffic: 'test-results/**/*.jsonl',
          expected_policy_hash: hash,
          report_prefix: 'NEEDS',
          output_dir: 'reports/needs',
        }),
        include('governance-later', {
          traffic: 'recorded/**/*.jsonl',
          expected_policy_hash: hash,
          report_prefix: 'LATER',
          output_dir: 'reports/later',
        }),
        include('governance-observe', { traffic: 'traffic/drop.jsonl', tier: 'OBSERVE_ONLY' }),
        include('governance-fetched', {
          traffic: 'traffic/quarantine.jsonl traffic/clean*.jsonl',
          policy_version: '1.0.0',
          policy_artifact: 'fetched/policy-artifact.json',
          expected_policy_hash: hash,
          warn_exit_code: 42,
        }),
        include('governance-note', {
          traffic: 'traffic/drop.jsonl',
          expected_policy_hash: hash,
          mr_note: true,
        }),
        include('governance-badwarn', {
          traffic: 'traffic/quarantine.jsonl',
          expected_policy_hash: hash,
          warn_exit_code: 2,
        }),
        include('governance-signed', {
          traffic: 'traffic/clean.jsonl',
          policy_artifact: 'signed/policy-artifact.json',
          policy_public_key: ownerKey,
          min_policy_version: '1.0.0',
        }),
        include('governance-expired', {
          traffic: 'traffic/clean.jsonl',
          policy_artifact: 'expired/policy-artifact.json',
          policy_public_key: ownerKey,
        }),
        include('governance-rollback', {
          traffic: 'traffic/clean.jsonl',
          policy_artifact: 'signed/policy-artifact.json',
          policy_public_key: ownerKey,
          min_policy_version: '1.1.0',
        }),
        include('governance-replay', {
          traffic: 'traffic/clean.jsonl',
          expected_policy_hash: hash,
          expected_checkpoint: 'earlier/ledger.checkpoint',
        }),
        include('governance-replay-mismatch', {
          traffic: 'traffic/clean.jsonl',
          expected_policy_hash: hash,
          expected_checkpoint: 'earlier-edited/ledger.checkpoint',
        }),
        // The default engine (the npm package at engine_version) from a registry that cannot be reached.
        include('governance-noengine', {
          traffic: 'traffic/clean.jsonl',
          expected_policy_hash: hash,
          engine: '',
        }),
        '',
        'recorder:',
        '  stage: test',
        "  script: ['sleep 2', 'mkdir -p test-results/e2e', 'cp traffic/clean.jsonl test-results/e2e/checkout.jsonl']",
        '  artifacts: { paths: [test-results/] }',
        'governance-needs:',
        '  needs: [recorder]',
        'recorder-early:',
        '  stage: record',
        "  script: ['mkdir -p recorded', 'cp traffic/clean.jsonl recorded/e2e.jsonl']",
        '  artifacts: { paths: [recorded/] }',
        'governance-later:',
        '  stage: deploy',
        'after-both:',
        '  stage: deploy',
        '  needs: [governance-clean, governance-checkout]',
        '  script: [\'echo "next job sees GOVERNANCE_VERDICT=$GOVERNANCE_VERDICT CHECKOUT_VERDICT=$CHECKOUT_VERDICT"\']',
        'after-failures:',
        '  stage: deploy',
        '  when: always',
        '  needs: [governance-unpinned, governance-tampered, governance-notraffic, governance-noartifact, governance-nofetch]',
        '  script:',
        ...FAILING.map(
          (prefix) =>
            `    - 'echo "next job sees ${prefix}_VERDICT=$${prefix}_VERDICT ${prefix}_EXIT_CODE=$${prefix}_EXIT_CODE"; grep -o "<error message=[^>]*>" reports/${prefix.toLowerCase()}/junit.xml'`,
        ),
        '',
        'governance-noengine:',
        '  variables:',
        '    NPM_CONFIG_REGISTRY: http://127.0.0.1:9/',
        '    NPM_CONFIG_FETCH_RETRIES: "0"',
        'after-noengine:',
        '  stage: deploy',
        '  needs: [governance-noengine]',
        '  when: always',
        "  script: ['echo \"next job sees GOVERNANCE_VERDICT=$GOVERNANCE_VERDICT GOVERNANCE_EXIT_CODE=$GOVERNANCE_EXIT_CODE\"', 'cat traffic-governance-report/junit.xml']",
        '',
        // Only this job gets the note token (a masked project variable in real life).
        'governance-note:',
        '  variables:',
        '    GITLAB_TOKEN: $NOTE_TOKEN',
        '',
        // The deploy job of docs/gitlab.md: dotenv variables only reach scripts (never rules:), so it
        // checks the verdict itself; GitLab skips it after a DROP, and a QUARANTINE (an allowed
        // failure) would otherwise let it run.
        '.deploy:',
        '  stage: deploy',
        '  script:',
        '    - |',
        '      case "$GOVERNANCE_VERDICT" in',
        '        ALLOW|THROTTLE) echo "deploying: GOVERNANCE_VERDICT=$GOVERNANCE_VERDICT GOVERNANCE_POLICY_HASH=$GOVERNANCE_POLICY_HASH" ;;',
        '        *) echo "not deploying: GOVERNANCE_VERDICT=$GOVERNANCE_VERDICT"; exit 1 ;;',
        '      esac',
        'deploy-clean: { extends: .deploy, needs: [governance-clean] }',
        'deploy-drop: { extends: .deploy, needs: [governance-drop] }',
        'after-signed:',
        '  stage: deploy',
        '  needs: [governance-signed]',
        '  script: [\'echo "accepted GOVERNANCE_POLICY_VERSION=$GOVERNANCE_POLICY_VERSION GOVERNANCE_POLICY_SIGNED_BY=$GOVERNANCE_POLICY_SIGNED_BY"\']',
        'after-quarantine:',
        '  stage: deploy',
        '  needs: [governance-quarantine]',
        '  script: [\'echo "next job sees GOVERNANCE_VERDICT=$GOVERNANCE_VERDICT"\', \'grep -o "failures=[^ ]*\\|<skipped" traffic-governance-report/junit.xml\']',
        '',
      ].join('\n'),
    );
    repo.commit();

    pipeline = await runGitlabCiLocal(repo.dir, {
      variables: {
        CI_API_V4_URL: fake.apiUrl,
        CI_PROJECT_ID: String(PROJECT_ID),
        CI_JOB_TOKEN: JOB_TOKEN,
        CI_MERGE_REQUEST_IID: String(MR_IID),
        NOTE_TOKEN,
      },
    });
    jobs = jobResults(pipeline.output);
    console.info(`gitlab-ci-local pipeline: ${(pipeline.durationMs / 1000).toFixed(1)} s`);
  }, 300_000);

  afterAll(async () => {
    await fake?.close();
    repo?.remove();
  });

  /** The job's log, with the whole pipeline output attached when an assertion fails. */
  function log(job: string): string {
    const lines = jobLog(pipeline.output, job);
    expect(
      lines.length,
      `no log lines for ${job}; gitlab-ci-local printed:\n${pipeline.output}`,
    ).toBeGreaterThan(0);
    return lines.join('\n');
  }

  it('runs every scenario job', () => {
    expect(Object.keys(jobs).sort(), pipeline.output).toEqual(
      expect.arrayContaining([
        'after-quarantine',
        'deploy-clean',
        'governance-clean',
        'governance-drop',
        'governance-fetched',
        'governance-note',
        'governance-observe',
        'governance-quarantine',
        'governance-tampered',
        'governance-unpinned',
        'governance-badwarn',
        'governance-signed',
        'governance-expired',
        'governance-rollback',
        'governance-replay',
        'governance-replay-mismatch',
        'after-signed',
        'governance-noengine',
        'after-noengine',
        'governance-notraffic',
        'governance-noartifact',
        'governance-nofetch',
        'governance-checkout',
        'after-both',
        'recorder',
        'governance-needs',
        'recorder-early',
        'governance-later',
        'after-failures',
      ]),
    );
  });

  it('an engine that cannot be installed fails the job with exit 2 (not a verdict), one line naming both fixes, and early reports', () => {
    const version = (
      JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
    ).version;
    expect(jobs['governance-noengine']).toEqual({ state: 'FAIL', exitCode: 2 });
    const text = log('governance-noengine');
    expect(text).toContain(
      `traffic-governance: error: engine: cannot install or start traffic-governance@${version} from the npm registry http://127.0.0.1:9/: set a NPM_CONFIG_REGISTRY CI/CD variable to a registry or mirror that has it, or set inputs: engine: to a vendored dist/cli/index.js`,
    );
    expect(text).not.toContain('verdict:');
    expect(jobs['after-noengine']).toEqual({ state: 'PASS', exitCode: 0 });
    const after = log('after-noengine');
    expect(after).toContain('next job sees GOVERNANCE_VERDICT=ERROR GOVERNANCE_EXIT_CODE=2');
    expect(after).toMatch(
      /<testcase classname="traffic-governance" name="engine" time="0">\s*<error message="traffic-governance: error: engine: cannot install or start traffic-governance@/,
    );
  });

  it('clean traffic: the job passes and its dotenv reaches the deploy job', () => {
    expect(jobs['governance-clean']).toEqual({ state: 'PASS', exitCode: 0 });
    expect(log('governance-clean')).toContain('verdict: ALLOW (tier CONTROL) → exit 0');
    expect(jobs['deploy-clean']).toEqual({ state: 'PASS', exitCode: 0 });
    expect(log('deploy-clean')).toContain(
      `deploying: GOVERNANCE_VERDICT=ALLOW GOVERNANCE_POLICY_HASH=${hash}`,
    );
  });

  it('every run verifies its ledger against the checkpoint it wrote', () => {
    expect(log('governance-clean')).toMatch(
      /checkpoint OK: traffic-governance-report\/ledger\.checkpoint: \d+ records, root [0-9a-f]{64}, unsigned/,
    );
  });

  it('a signed artifact is accepted by public key with no hash pin; the dotenv carries version and signer', () => {
    expect(jobs['governance-signed']).toEqual({ state: 'PASS', exitCode: 0 });
    expect(log('governance-signed')).toContain(`signed by ${owner.keyid}`);
    expect(log('governance-signed')).toContain('verdict: ALLOW (tier CONTROL) → exit 0');
    expect(jobs['after-signed']).toEqual({ state: 'PASS', exitCode: 0 });
    expect(log('after-signed')).toContain(
      `accepted GOVERNANCE_POLICY_VERSION=1.0.0 GOVERNANCE_POLICY_SIGNED_BY=${owner.keyid}`,
    );
  });

  it('an expired signed artifact fails with exit 4 before any traffic is read', () => {
    expect(jobs['governance-expired']).toEqual({ state: 'FAIL', exitCode: 4 });
    const text = log('governance-expired');
    expect(text).toContain('expired at 2020-01-01T00:00:00Z');
    expect(text).not.toContain('verdict:');
  });

  it('a rollback below min_policy_version fails with exit 4', () => {
    expect(jobs['governance-rollback']).toEqual({ state: 'FAIL', exitCode: 4 });
    const text = log('governance-rollback');
    expect(text).toContain('policy version 1.0.0 is older than min_policy_version 1.1.0');
    expect(text).not.toContain('verdict:');
  });

  it('a replay audit passes against the checkpoint of the same run, and exits 4 when the ledger differs', () => {
    expect(jobs['governance-replay']).toEqual({ state: 'PASS', exitCode: 0 });
    expect(log('governance-replay')).toContain('checkpoint OK: earlier/ledger.checkpoint');
    expect(jobs['governance-replay-mismatch']).toEqual({ state: 'FAIL', exitCode: 4 });
    const text = log('governance-replay-mismatch');
    expect(text).toContain('verdict: ALLOW (tier CONTROL) → exit 0');
    expect(text).toMatch(/verification failed: earlier-edited\/ledger\.checkpoint: (TRUNCATED|REWRITTEN)/);
  });

  it('QUARANTINE: exit 3 is an allowed failure (WARN) and the pipeline continues', () => {
    expect(jobs['governance-quarantine']).toEqual({ state: 'WARN', exitCode: 3 });
    expect(log('governance-quarantine')).toContain('verdict: QUARANTINE (tier CONTROL) → exit 3');
    expect(jobs['after-quarantine']).toEqual({ state: 'PASS', exitCode: 0 });
    expect(log('after-quarantine')).toContain('next job sees GOVERNANCE_VERDICT=QUARANTINE');
    // The MR widget: a QUARANTINE endpoint is skipped (an allowed-failure warning), never a failure.
    const junit = log('after-quarantine').split('\n').slice(1);
    expect(junit).toContain('<skipped');
    expect(junit.filter((line) => line.startsWith('failures='))).toEqual(['failures="0"', 'failures="0"']);
  });

  it('DROP: the job fails with exit 1 and nothing is deployed', () => {
    expect(jobs['governance-drop']).toEqual({ state: 'FAIL', exitCode: 1 });
    expect(log('governance-drop')).toContain('verdict: DROP (tier CONTROL) → exit 1');
    // After the endpoint lines: why, in words.
    expect(log('governance-drop')).toContain(
      'why:\n  GET /api/v1/status: DROP — method DELETE not allowed ×1',
    );
    // GitLab skips deploy-drop (its need failed). gitlab-ci-local 4.73.0 starts it anyway because it
    // treats any `allow_failure: exit_codes` job as allowed to fail (Job.isPastFailed), so here the
    // deploy job's own verdict check is what stops it. Either way it must never pass.
    const deploy = jobs['deploy-drop'];
    if (deploy) {
      expect(deploy).toEqual({ state: 'FAIL', exitCode: 1 });
      expect(log('deploy-drop')).toContain('not deploying: GOVERNANCE_VERDICT=DROP');
    }
  });

  it('a tampered artifact fails with exit 4 and both hashes, before any traffic is read', () => {
    expect(jobs['governance-tampered']).toEqual({ state: 'FAIL', exitCode: 4 });
    const text = log('governance-tampered');
    expect(text).toMatch(/found: +[0-9a-f]{64}/);
    expect(text).toMatch(new RegExp(`expected: +${hash}`));
    expect(text).not.toMatch(new RegExp(`found: +${hash}`));
    expect(text).not.toContain('verdict:');
  });

  it('CONTROL without expected_policy_hash fails with exit 2 and the line that fixes it, running nothing', () => {
    expect(jobs['governance-unpinned']).toEqual({ state: 'FAIL', exitCode: 2 });
    const text = log('governance-unpinned');
    expect(text).toContain('set inputs: expected_policy_hash: <the policy-hash printed by the GitHub step>');
    expect(text).toContain('or inputs: policy_public_key:');
    expect(text).not.toContain('traffic-governance: tier');
  });

  it('a warn_exit_code that would hide a failure is refused, and the refusal is not itself allowed', () => {
    expect(jobs['governance-badwarn']).toEqual({ state: 'FAIL', exitCode: 1 });
    const text = log('governance-badwarn');
    expect(text).toContain(
      'warn_exit_code 2 cannot mark a QUARANTINE warning: use 3 (the default) or 5..255',
    );
    expect(text).not.toContain('traffic-governance: tier');
  });

  it('OBSERVE_ONLY may run unpinned: labelled UNPINNED with the recomputed hash, and a DROP does not fail it', () => {
    expect(jobs['governance-observe']).toEqual({ state: 'PASS', exitCode: 0 });
    const text = log('governance-observe');
    expect(text).toContain(
      `UNPINNED: expected_policy_hash is empty, so OBSERVE_ONLY runs against the artifact's own recomputed hash ${hash}`,
    );
    expect(text).toContain('verdict: DROP (tier OBSERVE_ONLY) → exit 0');
  });

  it('policy_version fetches the artifact with CI_JOB_TOKEN, and QUARANTINE exits warn_exit_code', () => {
    expect(jobs['governance-fetched']).toEqual({ state: 'WARN', exitCode: 42 });
    const text = log('governance-fetched');
    expect(text).toContain('fetched traffic-governance/1.0.0/policy-artifact.json');
    expect(text).toContain('input: 2 file(s)');
    expect(text).toContain('verdict: QUARANTINE (tier CONTROL) → exit 3');
    const download = fake.requests.filter(
      (r) => r.method === 'GET' && r.path.includes('/packages/generic/traffic-governance/1.0.0/'),
    );
    expect(download.map((r) => [r.auth, r.status])).toEqual([['job', 200]]);
  });

  it('mr_note posts the summary on the merge request even when the verdict is DROP', () => {
    expect(jobs['governance-note']).toEqual({ state: 'FAIL', exitCode: 1 });
    expect(log('governance-note')).toMatch(new RegExp(`created note \\d+ on merge request !${MR_IID}`));
    const notes = fake.notes(PROJECT_ID, MR_IID);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.author).toBe('governance-bot');
    expect(notes[0]?.body).toContain('DROP');
  });

  it('a recorder job in the same stage and needs: [recorder] (extending the included job): governance runs on its artifacts', () => {
    expect(jobs.recorder).toEqual({ state: 'PASS', exitCode: 0 });
    expect(jobs['governance-needs'], log('governance-needs')).toEqual({ state: 'PASS', exitCode: 0 });
    const text = log('governance-needs');
    expect(text).toContain('input: 1 file(s)');
    expect(text).toContain('verdict: ALLOW (tier CONTROL) → exit 0');
  });

  it("the README's form: the recorder in an earlier stage, no needs", () => {
    expect(jobs['recorder-early']).toEqual({ state: 'PASS', exitCode: 0 });
    expect(jobs['governance-later'], log('governance-later')).toEqual({ state: 'PASS', exitCode: 0 });
    expect(log('governance-later')).toContain('verdict: ALLOW (tier CONTROL) → exit 0');
  });

  it('two includes with different report_prefix: one later job sees both verdicts', () => {
    expect(jobs['governance-checkout']).toEqual({ state: 'WARN', exitCode: 3 });
    expect(jobs['after-both']).toEqual({ state: 'PASS', exitCode: 0 });
    expect(log('after-both')).toContain('next job sees GOVERNANCE_VERDICT=ALLOW CHECKOUT_VERDICT=QUARANTINE');
  });

  it('every early failure leaves governance.env with ERROR and a junit <error> naming the reason, seen by a later job', () => {
    const expected: Record<(typeof FAILING)[number], [job: string, code: number, message: RegExp]> = {
      UNPINNED: [
        'governance-unpinned',
        2,
        /tier CONTROL enforces the policy, so the artifact must be pinned/,
      ],
      TAMPERED: [
        'governance-tampered',
        4,
        /artifact verification failed: tampered\/policy-artifact\.json: policy hash mismatch/,
      ],
      NOTRAFFIC: ['governance-notraffic', 2, /test-results\/\*\*\/\*\.har.*matches no files/],
      NOARTIFACT: [
        'governance-noartifact',
        2,
        /nowhere\/policy-artifact\.json: cannot read the policy artifact \(no such file\)/,
      ],
      NOFETCH: ['governance-nofetch', 2, /fetch-artifact: .*9\.9\.9/],
    };
    expect(jobs['after-failures']).toEqual({ state: 'PASS', exitCode: 0 });
    const after = log('after-failures').split('\n');
    for (const prefix of FAILING) {
      const [job, code, message] = expected[prefix];
      expect(jobs[job]).toEqual({ state: 'FAIL', exitCode: code });
      const seen = after.indexOf(`next job sees ${prefix}_VERDICT=ERROR ${prefix}_EXIT_CODE=${code}`);
      expect(seen, `${prefix} in:\n${after.join('\n')}`).toBeGreaterThanOrEqual(0);
      expect(after[seen + 1]).toMatch(/^<error message="/);
      expect(after[seen + 1]).toMatch(message);
    }
  });

  it('never prints a token', () => {
    expect(pipeline.output).not.toContain(JOB_TOKEN);
    expect(pipeline.output).not.toContain(NOTE_TOKEN);
  });

  describe('inputs that would reach a shell or an image are refused by input validation', () => {
    const refused: Array<[input: string, value: string | number]> = [
      ['traffic', 'x; rm -rf /'],
      ['traffic', '$(id).jsonl'],
      ['traffic', '`id`.jsonl'],
      ['traffic', 'a.jsonl --tier OBSERVE_ONLY'],
      ['traffic', 'a.jsonl\nid'],
      ['policy_artifact', 'a.json && curl evil.example'],
      ['policy_version', '1.0.0;id'],
      ['expected_policy_hash', '$(id)'],
      ['engine', '$(id).js'],
      ['engine_version', 'latest'],
      ['image', 'node:24-alpine; id'],
      ['image', 'x; rm -rf /'],
      ['image', '$(id)/node:24'],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a variable that is not GitLab's CI_ ones
      ['image', '${HOME}/node:24'],
      ['artifacts_expire_in', '30 days; id'],
      ['artifacts_expire_in', 'forever'],
      ['report_prefix', 'governance'],
      ['report_prefix', 'A$(id)'],
      ['output_dir', 'out|tee x'],
      ['job_name', 'x$(id)'],
      ['stage', 'test`id`'],
      ['tier', 'CONTROL; id'],
      ['format', 'auto$(id)'],
      ['warn_exit_code', '3; id'],
      ['mr_note', 'true; id'],
      ['policy_public_key', 'key.pub; id'],
      ['policy_public_key', '-key.pub'],
      ['policy_threshold', '1; id'],
      ['min_policy_version', '1.0.0 --x'],
      ['expected_checkpoint', 'a|b'],
    ];

    let results: GclRun[];
    let accepted: GclRun;
    let variants: GclRun;
    let disabled: GclRun;
    let enabled: GclRun;
    beforeAll(async () => {
      // One pipeline file per bad value (validation stops at the first error), checked in parallel.
      const valid = { traffic: 'traffic/clean.jsonl', expected_policy_hash: hash };
      const file = (inputs: Record<string, string | number>) =>
        `include:\n${include('governance', inputs)}\n`;
      refused.forEach(([input, value], i) => {
        repo.write(`refused-${i}.yml`, file({ ...valid, [input]: value }));
      });
      repo.write('accepted.yml', file(valid));
      repo.write(
        'variants.yml',
        [
          'include:',
          include('governance-proxy', {
            ...valid,
            // biome-ignore lint/suspicious/noTemplateCurlyInString: GitLab's own variable syntax, expanded by GitLab
            image: '${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/node:24-alpine',
          }),
          include('governance-registry', { ...valid, image: '$CI_REGISTRY/platform/node:24.11-alpine3.22' }),
          include('governance-never', {
            ...valid,
            artifacts_expire_in: 'never',
            report_prefix: 'CHECKOUT_2',
          }),
          include('governance-defaults', valid),
          '',
        ].join('\n'),
      );
      repo.commit();
      const preview = (name: string) =>
        runGitlabCiLocal(repo.dir, { file: name, args: ['--preview', '--no-json-schema-validation'] });
      const started = performance.now();
      [accepted, variants, disabled, enabled, ...results] = await Promise.all([
        preview('accepted.yml'),
        preview('variants.yml'),
        runGitlabCiLocal(repo.dir, {
          file: 'accepted.yml',
          args: ['--list'],
          variables: { TRAFFIC_GOVERNANCE_DISABLED: '1' },
        }),
        runGitlabCiLocal(repo.dir, { file: 'accepted.yml', args: ['--list'] }),
        ...refused.map((_, i) => preview(`refused-${i}.yml`)),
      ]);
      console.info(
        `gitlab-ci-local input validation, ${refused.length + 1} files in parallel: ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }, 120_000);

    it('accepts the same file with valid inputs (the refusals below are about the values)', () => {
      expect(accepted.exitCode, accepted.output).toBe(0);
      expect(accepted.output).toContain('TG_TRAFFIC: traffic/clean.jsonl');
    });

    it('accepts an image behind a GitLab variable (Dependency Proxy, $CI_REGISTRY), expiry never and a report prefix; the defaults', () => {
      expect(variants.exitCode, variants.output).toBe(0);
      const jobsYaml = parseYaml(variants.output.slice(variants.output.indexOf('---\n') + 4)) as Record<
        string,
        {
          image?: { name: string };
          interruptible?: boolean;
          artifacts?: { expire_in?: string };
          variables?: Record<string, string>;
        }
      >;
      expect(jobsYaml['governance-proxy']?.image?.name).toBe(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: GitLab's own variable syntax
        '${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/node:24-alpine',
      );
      expect(jobsYaml['governance-registry']?.image?.name).toBe(
        '$CI_REGISTRY/platform/node:24.11-alpine3.22',
      );
      expect(jobsYaml['governance-never']?.artifacts?.expire_in).toBe('never');
      expect(jobsYaml['governance-never']?.variables?.TG_REPORT_PREFIX).toBe('CHECKOUT_2');
      const defaults = jobsYaml['governance-defaults'];
      expect(defaults?.image?.name).toBe('node:24.11-alpine3.22');
      expect(defaults?.interruptible).toBe(true);
      expect(defaults?.artifacts?.expire_in).toBe('30 days');
      expect(defaults?.variables?.TG_REPORT_PREFIX).toBe('GOVERNANCE');
    });

    it('TRAFFIC_GOVERNANCE_DISABLED set: the job is not in the pipeline', () => {
      const listed = (run: GclRun) => run.output.split('\n').some((line) => line.startsWith('governance '));
      expect(listed(enabled), enabled.output).toBe(true);
      expect(listed(disabled), disabled.output).toBe(false);
    });

    it.each(refused.map((entry, i) => [...entry, i] as const))('%s: %j', (input, _value, i) => {
      const run = results[i] as GclRun;
      expect(run.exitCode, run.output).not.toBe(0);
      expect(run.output).toContain('This GitLab CI configuration is invalid');
      expect(run.output, 'no job may be rendered from a refused input').not.toContain('TG_TRAFFIC');
      expect(run.output).toMatch(
        new RegExp(
          `\`${input}\` input: .*(does not match required regex|not in the list of allowed options|provided value is not a)`,
          's',
        ),
      );
    });
  });
});
