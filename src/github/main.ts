/**
 * The GitHub Action: inputs → evaluate (OBSERVE_ONLY) → outputs, annotations, optional GitLab
 * publishing, job summary, optional pull request comment. A verdict fails the step only at or above
 * `fail-on`, after everything is written; bad configuration, unreadable input and a failed publish
 * fail it too. Either way with exactly one `::error::` line that says what to fix. The job summary is
 * written in every case: the run's summary when there is one, else what was done and why it stopped
 * (or that no traffic was found). `core.debug` tells how it went (RUNNER_DEBUG=1), secrets never.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { GitLabError } from '../gitlab/api.js';
import type { GovernancePolicy } from '../model.js';
import { loadPolicy } from '../policy/load.js';
import { PolicyError } from '../policy/policy.js';
import { renderSummary } from '../report/index.js';
import { code, fenced, plainLines } from '../report/markdown.js';
import { ciRunUrl } from '../report/run-url.js';
import { logSafe, shownPath, visible } from '../report/text.js';
import type { RunResult } from '../result.js';
import { OUT_FILES } from '../run/files.js';
import { evaluate, matchTraffic, OutDirError } from '../run.js';
import { TrafficInputError } from '../traffic/index.js';
import { keyId, rawPublicKey, serializeSignedArtifact, signArtifact } from '../trust/index.js';
import { planAnnotations, readContractFiles, writeAnnotations } from './annotations.js';
import { COMMENT_LIMIT, commentKey, upsertPullRequestComment } from './comment.js';
import { gateFailure } from './gate.js';
import { ConfigError, displayPath, getSettings, type Settings, type SigningSettings } from './inputs.js';
import { setOutputs } from './outputs.js';
import { publicationSection, publishArtifact } from './publish.js';

/** The Action always observes: it never enforces, so a verdict cannot fail a build. */
export const TIER = 'OBSERVE_ONLY';

/** A log line: user text in it can neither redraw the log nor pose as a workflow command. */
const info = (line: string): void => core.info(logSafe(line));

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Why the step stops: the one line of the `::error::` annotation. */
function reason(error: unknown, settings: Settings | undefined): string {
  const workspace = settings?.workspace;
  const relativize = (text: string, paths: string[]) =>
    workspace ? paths.reduce((t, p) => t.split(p).join(displayPath(workspace, p)), text) : text;
  if (error instanceof ConfigError || error instanceof GitLabError || error instanceof OutDirError)
    return error.message;
  if (error instanceof PolicyError && settings) {
    const names = settings.contracts.length > 0 ? 'inputs policy/contracts' : 'input policy';
    return `${names}: ${relativize(error.message, [settings.policy, ...settings.contracts])}`;
  }
  if (error instanceof TrafficInputError) return `input traffic: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.stack) core.debug(logSafe(error.stack));
  return `unexpected error: ${message}. This is a bug in Traffic Governance: please report it with the step's debug log (re-run with debug logging enabled)`;
}

function prepareOutputDir(settings: Settings): void {
  const shown = displayPath(settings.workspace, settings.outputDir);
  try {
    mkdirSync(settings.outputDir, { recursive: true });
  } catch (error) {
    throw new ConfigError(
      `input output-dir: cannot create '${visible(shown)}' (${(error as NodeJS.ErrnoException).code ?? error}): choose another directory`,
    );
  }
  if (!statSync(settings.outputDir).isDirectory()) {
    throw new ConfigError(`input output-dir: '${visible(shown)}' is a file: choose a directory`);
  }
}

/** How messages name the folder every path input is relative to. */
const workspaceName = (settings: Settings) => `the workspace, ${visible(shownPath(settings.workspace))}`;

/** The traffic patterns that match files; each pattern's matches go to the debug log. */
async function findTraffic(settings: Settings): Promise<{ found: string[]; missing: string[] }> {
  const found: string[] = [];
  const missing: string[] = [];
  for (const pattern of settings.traffic) {
    const files = await matchTraffic(pattern, settings.workspace);
    core.debug(
      logSafe(
        `traffic ${visible(pattern)}: ${plural(files.length, 'file')}${files.length > 0 ? `: ${files.map((f) => visible(f)).join(', ')}` : ''}`,
      ),
    );
    (files.length > 0 ? found : missing).push(pattern);
  }
  return { found, missing };
}

/** The summary when no traffic file was found (if-no-files-found: warn or ignore). */
function noTrafficSummary(settings: Settings, policy: GovernancePolicy): string {
  return [
    '## Traffic Governance: no traffic',
    '',
    `**Verdict: NONE** — no traffic file was found, so no request was evaluated and nothing was written to ${code(displayPath(settings.workspace, settings.outputDir))}.`,
    '',
    `The traffic input (relative to the workspace) matched no file:`,
    '',
    fenced(settings.traffic),
    '',
    `Policy version ${code(policy.version)}, hash ${code(policy.policy_hash)}. If the step that records traffic ran, check these paths; \`if-no-files-found: error\` (the default) fails the step instead.`,
    '',
  ].join('\n');
}

/** Debug lines for the settings: every input as resolved, secrets only as "set". */
function debugSettings(settings: Settings): void {
  const secret = (value: unknown) => (value === undefined ? 'not set' : 'set (masked)');
  const lines = [
    `workspace: ${shownPath(settings.workspace)}`,
    `policy: ${displayPath(settings.workspace, settings.policy)}`,
    `contracts: ${settings.contracts.map((c) => displayPath(settings.workspace, c)).join(', ') || 'none'}`,
    `traffic: ${settings.traffic.join(' | ')}`,
    `format: ${settings.format}`,
    `output-dir: ${shownPath(settings.outputDir)}`,
    `summary: ${settings.summary}, annotations: ${settings.annotations}`,
    `fail-on: ${settings.failOn ?? 'none'}, if-no-files-found: ${settings.ifNoFilesFound}`,
    `pr-comment: ${settings.prComment ? 'true, github-token set (masked)' : 'false'}`,
    `gitlab: ${settings.gitlab ? `${settings.gitlab.url} project ${settings.gitlab.project}, gitlab-token set (masked)` : 'not publishing'}`,
    `signing-key: ${secret(settings.signing)}${settings.signing ? `, expires ${settings.signing.expires ?? 'never'}` : ''}`,
  ];
  for (const line of lines) core.debug(logSafe(`setting ${visible(line)}`));
}

/** Runs `phase` in a collapsed log group and logs its duration at debug level. */
async function phase<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await core.group(name, async () => work());
  } finally {
    core.debug(`${name}: ${Math.round(performance.now() - started)} ms`);
  }
}

/** The reason the step stopped, as a summary block (plain text that wraps; user text stays inert). */
function stoppedBlock(why: string): string {
  return `**Why it stopped:** ${plainLines(why)}\n`;
}

/** What the summary says when the step stops before a run result exists. */
function stoppedSummary(why: string, done: readonly string[]): string {
  return [
    '## Traffic Governance: stopped',
    '',
    stoppedBlock(why),
    `**Done before it stopped:** ${done.length > 0 ? done.join('; ') : 'nothing'}.`,
    '',
    'No verdict was reached: fix the cause above and re-run the job.',
    '',
  ].join('\n');
}

/** Signs `<outputDir>/policy-artifact.json` in place; returns the key id and the public key to trust. */
function signWrittenArtifact(
  signing: SigningSettings,
  outputDir: string,
): { keyid: string; publicKey: string } {
  const path = join(outputDir, OUT_FILES.artifact);
  const signed = signArtifact(
    JSON.parse(readFileSync(path, 'utf8')),
    signing.key,
    signing.expires === undefined ? {} : { expires: signing.expires },
  );
  writeFileSync(path, serializeSignedArtifact(signed));
  return { keyid: keyId(signing.key), publicKey: rawPublicKey(signing.key).toString('base64') };
}

async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    info('GITHUB_STEP_SUMMARY is not set: no job summary written');
    return;
  }
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (error) {
    core.warning(`could not write the job summary: ${visible((error as Error).message)}`);
  }
}

/** Posts (or updates) the pull request comment; a refusal is a warning, never a failure. */
async function commentOnPullRequest(settings: Settings, markdown: string): Promise<void> {
  if (!settings.prComment) return;
  const key = commentKey(process.env, displayPath(settings.workspace, settings.outputDir));
  const outcome = await upsertPullRequestComment(settings.prComment.token, key, markdown);
  if (outcome.status === 'refused')
    core.warning(logSafe(outcome.why), { title: 'Traffic Governance: no pull request comment' });
  else if (outcome.status === 'skipped') info(`No pull request comment: ${outcome.why}`);
  else info(`Pull request comment ${outcome.status}: ${outcome.url}`);
}

export async function run(): Promise<void> {
  let settings: Settings | undefined;
  let policy: GovernancePolicy | undefined;
  let result: RunResult | undefined;
  let noTraffic = false;
  const done: string[] = [];
  const sections: string[] = [];
  let failure: string | undefined;
  const runUrl = ciRunUrl(process.env);
  try {
    settings = getSettings();
    const given = settings;
    debugSettings(given);
    done.push('validated the inputs');
    policy = await phase('Reading the policy', () => loadPolicy(given.policy, given.contracts));
    const loaded = policy;
    done.push(`loaded policy ${loaded.version} (${loaded.policy_hash})`);
    info(`Policy ${loaded.version}: ${loaded.contracts.length} contracts, policy_hash ${loaded.policy_hash}`);
    core.debug(
      `contracts: ${loaded.contracts.length} (${loaded.contracts.map((c) => visible(c.contract_id)).join(', ')})`,
    );

    const { found, missing } = await phase('Finding the traffic files', () => findTraffic(given));
    if (missing.length > 0 && given.ifNoFilesFound !== 'error') {
      const what = `input traffic: no file matches ${missing.map((p) => `'${visible(p)}'`).join(', ')} (relative to ${workspaceName(given)})`;
      const then =
        found.length === 0 ? 'no traffic was read, verdict NONE' : 'the files the other lines match are read';
      if (given.ifNoFilesFound === 'warn')
        core.warning(logSafe(`${what}: ${then} (if-no-files-found: warn)`));
      else info(`${what}: ${then} (if-no-files-found: ignore)`);
    }
    if (found.length === 0 && given.ifNoFilesFound !== 'error') {
      noTraffic = true;
      core.setOutput('policy-hash', loaded.policy_hash);
      core.setOutput('verdict', 'NONE');
      core.setOutput('records', '0');
      core.setOutput('rejected', '0');
    } else {
      prepareOutputDir(given);
      result = await phase('Evaluating the traffic (ledger and reports)', () =>
        evaluate({
          policy: loaded,
          // With if-no-files-found error every line goes on, and one matching nothing stops the run naming it.
          traffic: given.ifNoFilesFound === 'error' ? given.traffic : found,
          format: given.format,
          tier: TIER,
          outDir: given.outputDir,
          outDirName: 'input output-dir',
          inputs: [
            { option: 'input policy', path: given.policy },
            ...given.contracts.map((path) => ({ option: 'input contracts', path })),
          ],
          cwd: given.workspace,
          cwdName: workspaceName(given),
          onDebug: (line) => core.debug(logSafe(line)),
          ...(runUrl === undefined ? {} : { runUrl }),
        }),
      );
      failure = await afterRun(given, result, sections, done);
    }
  } catch (error) {
    failure = reason(error, settings);
    if (result) sections.push(`### Stopped\n\n${stoppedBlock(failure)}`);
  }

  const gate = failure === undefined && result ? gateFailure(result, settings?.failOn) : undefined;
  const stops = failure ?? gate;
  const markdown = (maxBytes?: number) => {
    if (noTraffic && settings && policy) return noTrafficSummary(settings, policy);
    if (!result) return stoppedSummary(failure ?? '', done);
    return renderSummary(result, {
      extraSections: sections,
      ...(runUrl === undefined ? {} : { runUrl }),
      ...(maxBytes === undefined ? {} : { maxBytes }),
      outcome: outcome(result, settings?.failOn, stops !== undefined, failure !== undefined),
    });
  };
  if (settings?.summary !== false) await phase('Writing the job summary', () => writeJobSummary(markdown()));
  if (settings?.prComment) {
    const given = settings;
    // Rendered to fit the comment, so rows are left out with the renderer's own note rather than cut mid-table.
    await phase('Commenting on the pull request', () =>
      commentOnPullRequest(given, markdown(COMMENT_LIMIT - 200)),
    );
  }
  if (stops !== undefined) core.setFailed(logSafe(stops));
}

/**
 * Outputs, signature, annotations and publishing: everything after a run that wrote its output-dir.
 * Resolves to why the step fails when the run stopped on its input (the summary shows that cause).
 */
async function afterRun(
  settings: Settings,
  result: RunResult,
  sections: string[],
  done: string[],
): Promise<string | undefined> {
  setOutputs(result, settings.outputDir);
  if (settings.signing) {
    const { keyid, publicKey } = signWrittenArtifact(settings.signing, settings.outputDir);
    core.setOutput('signed-by', keyid);
    core.setOutput('public-key', publicKey);
    done.push(`signed the policy artifact with key ${keyid}`);
    info(
      `Signed policy-artifact.json with key ${keyid} (public key ${publicKey}), expires ${settings.signing.expires ?? 'never'}`,
    );
    sections.push(
      [
        '### Policy artifact signature',
        '',
        `Signed with key \`${keyid}\`, expires ${settings.signing.expires ? `\`${settings.signing.expires}\`` : 'never'}. Trust it in the GitLab template inputs:`,
        '',
        fenced([`policy_public_key: ${publicKey}`]),
        '',
      ].join('\n'),
    );
  }
  const { input } = result;
  info(
    `Read ${plural(input.read, 'line')} from ${plural(input.files.length, 'file')} (${input.accepted} accepted, ${input.rejected} rejected); ` +
      `${result.ledger.records} ledger records, head ${result.ledger.head_hash}`,
  );
  info(
    `Verdict: ${result.verdict} (${settings.failOn ? `fail-on ${settings.failOn}` : 'observe only: a verdict never fails this step; see fail-on'})`,
  );
  if (settings.annotations) {
    const files = readContractFiles(settings.workspace, [settings.policy, ...settings.contracts]);
    writeAnnotations(planAnnotations(result, settings.workspace, files));
  }
  if (result.error !== undefined) return `traffic input: ${result.error}`;
  if (settings.gitlab) {
    const gitlab = settings.gitlab;
    const publication = await phase('Publishing the policy artifact to GitLab', () =>
      publishArtifact(gitlab, settings.outputDir, result),
    );
    info(`Policy artifact ${publication.status}: ${publication.url}`);
    sections.push(publicationSection(publication));
  }
  return undefined;
}

/** The step's exit and what it means, for the summary's headline (the run's own exit code is the CLI's). */
function outcome(
  result: RunResult,
  failOn: Settings['failOn'],
  fails: boolean,
  stopped: boolean,
): { meaning: string } {
  if (result.error !== undefined)
    return { meaning: 'the run stopped on bad input: this step fails (exit code 1)' };
  if (stopped) return { meaning: 'the step stopped after the run (see Stopped): it fails (exit code 1)' };
  const gate = failOn === undefined ? 'OBSERVE_ONLY' : `OBSERVE_ONLY with fail-on ${failOn}`;
  if (fails) return { meaning: `${gate}: this step fails (exit code 1)` };
  return {
    meaning:
      failOn === undefined
        ? `${gate}: reported, not enforced (exit code 0)`
        : `${gate}: this step passes (exit code 0)`,
  };
}
