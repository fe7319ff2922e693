/**
 * `traffic-governance gitlab job`: the GitLab template's job once the engine runs, configured by the
 * TG_* variables the template sets from its inputs (JOB_VARIABLES). In order:
 *   1. the inputs the job reads itself (tier, warn_exit_code, mr_note, report_prefix);
 *   2. the pin rule: CONTROL and AUTONOMOUS need expected_policy_hash or policy_public_key;
 *   3. policy_version: the artifact is fetched from the project's generic packages;
 *   4. OBSERVE_ONLY without a pin: the artifact's own recomputed hash, labelled UNPINNED;
 *   5. evaluate, the artifact verified first;
 *   6. verify-ledger against the checkpoint the run wrote, and against expected_checkpoint (exit 4);
 *   7. mr_note (a failed note turns a pass into exit 2, never hides a verdict);
 *   8. the exit: QUARANTINE's 3 becomes warn_exit_code.
 * The commands run in this process (no shell, no quoting), so the template's one line serves every
 * runner shell. Whatever the exit, <output_dir>/governance.env and junit.xml tell later jobs and the
 * MR widget: a run's own reports stay when the job exits with the run's code; otherwise they say
 * <PREFIX>_VERDICT=ERROR, the exit code, and the reason in one junit <error>.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { evaluateCommand } from '../cli/evaluate.js';
import { type CliIo, PROGRAM } from '../cli/io.js';
import { readArtifact } from '../cli/policy-source.js';
import { runCommand } from '../cli/run-command.js';
import { verifyLedgerCommand } from '../cli/verify-ledger.js';
import { PlatformTierSchema } from '../model.js';
import { verifyPolicyArtifactText } from '../policy/artifact.js';
import {
  DEFAULT_REPORT_PREFIX,
  REPORT_FILES,
  REPORT_PREFIX_PATTERN,
  renderDotenv,
  renderJunit,
  renderStoppedDotenv,
  renderStoppedJunit,
} from '../report/index.js';
import { quoted, visible } from '../report/text.js';
import type { RunResult } from '../result.js';
import { OUT_FILES } from '../run/files.js';
import { EXIT } from '../run/verdict.js';
import { fetchArtifactCommand, mrNoteCommand } from './cli-commands.js';
import { JOB_VARIABLES } from './job-variables.js';

type JobVariable = keyof typeof JOB_VARIABLES;

/** A variable's value (surrounding blanks dropped), or its default when unset or blank. */
const variable = (env: NodeJS.ProcessEnv, name: JobVariable): string =>
  env[name]?.trim() || JOB_VARIABLES[name].default;

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** Why the job's exit is not a run's: its exit code, the step that failed (the junit test case) and the reason. */
interface Stop {
  code: number;
  step: string;
  reason: string;
  /** The failing command printed the reason already. */
  printed?: boolean;
  /** The run finished first: its result.json is there. */
  afterRun?: boolean;
}

class JobStop extends Error {
  constructor(readonly stop: Stop) {
    super(stop.reason);
  }
}

const stop = (code: number, step: string, reason: string, printed = false): JobStop =>
  new JobStop({ code, step, reason, printed });

interface JobSettings {
  traffic: string[];
  format: string;
  artifact: string;
  policyVersion: string;
  pin: string;
  publicKeys: string[];
  threshold: string;
  minPolicyVersion: string;
  expectedCheckpoint: string;
  tier: string;
  warnExitCode: number;
  mrNote: boolean;
  outputDir: string;
  reportPrefix: string;
}

/** Exit codes the job gives other meanings: pass, DROP, configuration error, verification failure. */
const RESERVED_EXIT_CODES: readonly number[] = [EXIT.PASS, EXIT.GATE_FAILED, EXIT.USAGE, EXIT.VERIFICATION];

function warnExitCode(text: string): number {
  const code = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (code <= 255 && !RESERVED_EXIT_CODES.includes(code)) return code;
  // Exit 2 is the configuration error, unless 2 is the allowed failure: then 1, so the job fails.
  throw stop(
    code === EXIT.USAGE ? EXIT.GATE_FAILED : EXIT.USAGE,
    'inputs',
    `${PROGRAM}: error: inputs: warn_exit_code ${visible(text)} cannot mark a QUARANTINE warning: use 3 (the default) or 5..255 (0, 1, 2 and 4 mean pass, DROP, configuration error and verification failure)`,
  );
}

function settingsFrom(env: NodeJS.ProcessEnv): JobSettings {
  const get = (name: JobVariable) => variable(env, name);
  const invalid = (input: string, value: string, rule: string) =>
    stop(EXIT.USAGE, 'inputs', `${PROGRAM}: error: inputs: ${input} ${quoted(value)}: ${rule}`);
  const tier = get('TG_TIER');
  if (!(PlatformTierSchema.options as readonly string[]).includes(tier))
    throw invalid('tier', tier, `use one of ${PlatformTierSchema.options.join(', ')}`);
  const mrNote = get('TG_MR_NOTE');
  if (mrNote !== 'true' && mrNote !== 'false') throw invalid('mr_note', mrNote, 'use true or false');
  const reportPrefix = get('TG_REPORT_PREFIX');
  if (!REPORT_PREFIX_PATTERN.test(reportPrefix))
    throw invalid('report_prefix', reportPrefix, 'use capital letters, digits and _, starting with a letter');
  const traffic = words(get('TG_TRAFFIC'));
  if (traffic.length === 0)
    throw invalid('traffic', '', 'give the traffic files or globs the job reads, e.g. test-results/**/*.har');
  return {
    traffic,
    format: get('TG_FORMAT'),
    artifact: get('TG_POLICY_ARTIFACT'),
    policyVersion: get('TG_POLICY_VERSION'),
    pin: get('TG_EXPECTED_POLICY_HASH'),
    publicKeys: words(get('TG_POLICY_PUBLIC_KEY')),
    threshold: get('TG_POLICY_THRESHOLD'),
    minPolicyVersion: get('TG_MIN_POLICY_VERSION'),
    expectedCheckpoint: get('TG_EXPECTED_CHECKPOINT'),
    tier,
    warnExitCode: warnExitCode(get('TG_WARN_EXIT_CODE')),
    mrNote: mrNote === 'true',
    outputDir: get('TG_OUTPUT_DIR'),
    reportPrefix,
  };
}

/** A gate on a policy nobody pinned proves nothing: CONTROL and AUTONOMOUS refuse to start. */
function checkPinned(s: JobSettings): void {
  if (s.pin !== '' || s.publicKeys.length > 0 || s.tier === 'OBSERVE_ONLY') return;
  throw stop(
    EXIT.USAGE,
    'inputs',
    [
      `${PROGRAM}: error: tier ${s.tier} enforces the policy, so the artifact must be pinned (a hash checked only against itself proves nothing). Fix:`,
      '  set inputs: expected_policy_hash: <the policy-hash printed by the GitHub step>',
      "  or inputs: policy_public_key: <the policy owners' Ed25519 public key(s)> (a signed artifact)",
    ].join('\n'),
  );
}

/** Lines a step prints on stderr, passed through and kept for the reason of a failure. */
function capturing(io: CliIo): { io: CliIo; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    io: {
      ...io,
      err: (line) => {
        lines.push(line);
        io.err(line);
      },
    },
  };
}

/** A GitLab helper command (fetch-artifact, mr-note); a failure stops the job with what it printed. */
async function gitlabStep(
  io: CliIo,
  command: typeof fetchArtifactCommand,
  argv: readonly string[],
): Promise<{ code: number; reason: string }> {
  const step = capturing(io);
  const code = await command(argv, { env: io.env, stdout: io.out, stderr: step.io.err });
  return { code, reason: step.lines.join('\n') };
}

const ZERO_HASH = '0'.repeat(64);

/** OBSERVE_ONLY without a pin: the hash the artifact's content has, recomputed (never the declared one). */
function recomputedHash(file: string, io: CliIo): string {
  let text: string;
  try {
    text = readArtifact(file, io.cwd);
  } catch (error) {
    throw stop(EXIT.USAGE, 'artifact', `${PROGRAM}: error: ${(error as Error).message}`);
  }
  const { found_hash: found, reason } = verifyPolicyArtifactText(text, ZERO_HASH, file);
  if (found === undefined)
    throw stop(EXIT.VERIFICATION, 'artifact', `${PROGRAM}: artifact verification failed: ${reason}`);
  io.out(
    `${PROGRAM}: WARNING: UNPINNED: expected_policy_hash is empty, so OBSERVE_ONLY runs against the artifact's own recomputed hash ${found}; nothing shows this is the policy you reviewed. Pin the policy-hash printed by the GitHub step.`,
  );
  return found;
}

function evaluateArgs(s: JobSettings, pin: string): string[] {
  return [
    ...['--artifact', s.artifact, '--format', s.format, '--tier', s.tier, '--out', s.outputDir],
    ...(pin === '' ? [] : ['--expect-hash', pin]),
    ...s.publicKeys.flatMap((key) => ['--public-key', key]),
    ...(s.publicKeys.length > 0 ? ['--threshold', s.threshold] : []),
    ...(s.minPolicyVersion === '' ? [] : ['--min-policy-version', s.minPolicyVersion]),
    ...['--report-prefix', s.reportPrefix],
    // Last: the engine expands the globs, the shell never sees them.
    '--traffic',
    ...s.traffic,
  ];
}

/** The ledger against its own checkpoint and the expected one: the first failure, or undefined. */
async function verifyLedger(s: JobSettings, io: CliIo): Promise<Stop | undefined> {
  const checkpoints = [join(s.outputDir, OUT_FILES.checkpoint), ...words(s.expectedCheckpoint)];
  let failed: Stop | undefined;
  for (const checkpoint of checkpoints) {
    const step = capturing(io);
    const outcome = await runCommand(
      verifyLedgerCommand,
      [join(s.outputDir, OUT_FILES.ledger), '--checkpoint', checkpoint],
      step.io,
    );
    if (outcome.code !== 0) {
      failed ??= {
        code: EXIT.VERIFICATION,
        step: 'verify-ledger',
        reason: step.lines.join('\n'),
        printed: true,
        afterRun: true,
      };
    }
  }
  return failed;
}

interface JobOutcome {
  code: number;
  /** Set when the job's exit is not the run's: the reports must say why. */
  stop?: Stop;
}

async function runSteps(io: CliIo): Promise<JobOutcome> {
  const s = settingsFrom(io.env);
  checkPinned(s);
  if (s.policyVersion !== '') {
    const fetched = await gitlabStep(io, fetchArtifactCommand, [
      '--version',
      s.policyVersion,
      '--out',
      resolve(io.cwd, s.artifact),
    ]);
    if (fetched.code !== 0) throw stop(fetched.code, 'fetch-artifact', fetched.reason, true);
  }
  const pin = s.pin === '' && s.publicKeys.length === 0 ? recomputedHash(s.artifact, io) : s.pin;

  const run = await runCommand(evaluateCommand, evaluateArgs(s, pin), io);
  if (run.error !== undefined) throw stop(run.code, 'evaluate', run.error, true);
  let code = run.code;
  let failed = await verifyLedger(s, io);
  if (failed) code = failed.code;

  const summary = resolve(io.cwd, s.outputDir, REPORT_FILES.summary);
  if (s.mrNote && existsSync(summary)) {
    const note = await gitlabStep(io, mrNoteCommand, ['--summary', summary]);
    if (note.code !== 0) {
      const hint = `${PROGRAM}: error: inputs: mr_note is true but the note was not posted (see above): add a masked GITLAB_TOKEN CI/CD variable (project access token, api scope; CI_JOB_TOKEN cannot post notes) or set mr_note: false`;
      io.err(hint);
      if (code === EXIT.PASS) {
        code = EXIT.USAGE;
        failed = { code, step: 'mr-note', reason: `${note.reason}\n${hint}`, printed: true, afterRun: true };
      }
    }
  }

  if (code === EXIT.GATE_WARNING) {
    io.out(
      `${PROGRAM}: QUARANTINE verdict: exit ${s.warnExitCode} (allowed failure: the job shows as a warning)`,
    );
    return { code: s.warnExitCode };
  }
  return failed ? { code, stop: failed } : { code };
}

/**
 * governance.env and junit.xml of a job whose exit is not its run's: from the run's result.json when
 * the run finished (its variables and test cases kept, plus the error), else the stopped forms.
 */
function writeStopReports(io: CliIo, stopped: Stop): void {
  const outputDir = resolve(io.cwd, variable(io.env, 'TG_OUTPUT_DIR'));
  const given = variable(io.env, 'TG_REPORT_PREFIX');
  const prefix = REPORT_PREFIX_PATTERN.test(given) ? given : DEFAULT_REPORT_PREFIX;
  const resultPath = join(outputDir, REPORT_FILES.result);
  try {
    let dotenv: string;
    let junit: string;
    if (stopped.afterRun) {
      const ran = JSON.parse(readFileSync(resultPath, 'utf8')) as RunResult;
      const failed: RunResult = { ...ran, exit_code: stopped.code, error: stopped.reason };
      dotenv = renderDotenv(failed, { prefix });
      junit = renderJunit(failed);
    } else {
      dotenv = renderStoppedDotenv(stopped.code, { prefix });
      junit = renderStoppedJunit(stopped.step, stopped.reason);
    }
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(join(outputDir, REPORT_FILES.dotenv), dotenv);
    writeFileSync(join(outputDir, REPORT_FILES.junit), junit);
  } catch (error) {
    io.err(
      `${PROGRAM}: warning: could not write ${REPORT_FILES.dotenv} and ${REPORT_FILES.junit} into ${visible(outputDir)}: ${visible((error as Error).message)}`,
    );
  }
}

/** The whole job; returns its exit code. */
export async function gitlabJob(io: CliIo): Promise<number> {
  let outcome: JobOutcome;
  try {
    outcome = await runSteps(io);
  } catch (error) {
    if (!(error instanceof JobStop)) throw error;
    if (!error.stop.printed) io.err(error.stop.reason);
    outcome = { code: error.stop.code, stop: error.stop };
  }
  if (outcome.stop) writeStopReports(io, outcome.stop);
  return outcome.code;
}
