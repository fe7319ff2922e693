/**
 * The GitHub Action: inputs → evaluate (OBSERVE_ONLY) → outputs, annotations, optional GitLab
 * publishing, job summary. A verdict never fails the step; bad configuration, unreadable input and a
 * failed publish do, with one `::error::` line that says what to fix. The job summary is written in
 * every case: the run's summary when there is one, else what was done and why it stopped.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { GitLabError } from '../gitlab/api.js';
import type { GovernancePolicy } from '../model.js';
import { loadPolicy } from '../policy/load.js';
import { PolicyError } from '../policy/policy.js';
import { renderSummary } from '../report/index.js';
import { fenced, plainLines } from '../report/markdown.js';
import { logSafe, visible } from '../report/text.js';
import type { RunResult } from '../result.js';
import { OUT_FILES } from '../run/files.js';
import { evaluate, OutDirError } from '../run.js';
import { TrafficInputError } from '../traffic/index.js';
import { keyId, rawPublicKey, serializeSignedArtifact, signArtifact } from '../trust/index.js';
import { planAnnotations, readContractFiles, writeAnnotations } from './annotations.js';
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
  if (error instanceof TrafficInputError && settings) {
    return `input traffic: ${error.message} (paths and globs are relative to the workspace, ${visible(settings.workspace)})`;
  }
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

async function writeJobSummary(render: () => string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    info('GITHUB_STEP_SUMMARY is not set: no job summary written');
    return;
  }
  try {
    await core.summary.addRaw(render(), true).write();
  } catch (error) {
    core.warning(`could not write the job summary: ${visible((error as Error).message)}`);
  }
}

export async function run(): Promise<void> {
  let settings: Settings | undefined;
  let result: RunResult | undefined;
  const done: string[] = [];
  const sections: string[] = [];
  let failure: string | undefined;
  try {
    settings = getSettings();
    done.push('validated the inputs');
    const policy: GovernancePolicy = loadPolicy(settings.policy, settings.contracts);
    done.push(`loaded policy ${policy.version} (${policy.policy_hash})`);
    info(`Policy ${policy.version}: ${policy.contracts.length} contracts, policy_hash ${policy.policy_hash}`);
    prepareOutputDir(settings);

    result = await evaluate({
      policy,
      traffic: settings.traffic,
      format: settings.format,
      tier: TIER,
      outDir: settings.outputDir,
      outDirName: 'input output-dir',
      inputs: [
        { option: 'input policy', path: settings.policy },
        ...settings.contracts.map((path) => ({ option: 'input contracts', path })),
      ],
      cwd: settings.workspace,
    });
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
    info(`Verdict: ${result.verdict} (observe only: a verdict never fails this step)`);
    if (settings.annotations) {
      const files = readContractFiles(settings.workspace, [settings.policy, ...settings.contracts]);
      writeAnnotations(planAnnotations(result, settings.workspace, files));
    }
    if (result.error !== undefined) {
      failure = `traffic input: ${result.error}`;
    } else if (settings.gitlab) {
      const publication = await publishArtifact(settings.gitlab, settings.outputDir, result);
      info(`Policy artifact ${publication.status}: ${publication.url}`);
      sections.push(publicationSection(publication));
    }
  } catch (error) {
    failure = reason(error, settings);
    if (result) sections.push(`### Stopped\n\n${stoppedBlock(failure)}`);
  }

  if (failure !== undefined) core.setFailed(logSafe(failure));
  if (settings?.summary === false) return;
  await writeJobSummary(() =>
    result ? renderSummary(result, { extraSections: sections }) : stoppedSummary(failure ?? '', done),
  );
}
