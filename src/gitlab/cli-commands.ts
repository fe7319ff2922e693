/**
 * The two GitLab-job subcommands the main CLI mounts:
 *
 *   fetch-artifact --version V [--out FILE] [--file NAME] [--project P] [--url U]
 *   mr-note --summary FILE [--mr IID] [--marker-key KEY] [--project P] [--url U]
 *
 * Defaults come from GitLab's predefined variables (CI_API_V4_URL, CI_PROJECT_ID,
 * CI_MERGE_REQUEST_IID, CI_PIPELINE_ID, CI_JOB_NAME). Tokens come only from the environment, never
 * from argv (argv shows up in process lists and job logs): fetch-artifact uses GITLAB_TOKEN when set,
 * else CI_JOB_TOKEN; mr-note needs GITLAB_TOKEN. Exit codes: 0 ok, 2 configuration or GitLab error.
 */
import { readFile } from 'node:fs/promises';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { logSafe, visible } from '../report/text.js';
import { type GitLabTarget, redact } from './client.js';
import { upsertMergeRequestNote } from './notes.js';
import { ARTIFACT_FILE, fetchPolicyArtifact, PACKAGE_NAME } from './packages.js';

export interface CommandContext {
  env: NodeJS.ProcessEnv;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const defaultContext: CommandContext = {
  env: process.env,
  stdout: (line) => process.stdout.write(`${logSafe(line)}\n`),
  stderr: (line) => process.stderr.write(`${logSafe(line)}\n`),
};

const targetFlags = { project: { type: 'string' }, url: { type: 'string' } } as const;

export const FETCH_ARTIFACT_OPTIONS = {
  ...targetFlags,
  version: { type: 'string' },
  out: { type: 'string', default: ARTIFACT_FILE },
  file: { type: 'string', default: ARTIFACT_FILE },
} as const;

export const MR_NOTE_OPTIONS = {
  ...targetFlags,
  summary: { type: 'string' },
  mr: { type: 'string' },
  'marker-key': { type: 'string' },
} as const;

function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, strict: true as const, allowPositionals: false as const })
      .values;
  } catch (error) {
    throw new Error(visible((error as Error).message));
  }
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new Error(`${what} is required`);
  return value;
}

function target(
  values: { project?: string | undefined; url?: string | undefined },
  env: NodeJS.ProcessEnv,
  token: Pick<GitLabTarget, 'token' | 'tokenKind'>,
): GitLabTarget {
  return {
    url: required(values.url ?? env.CI_API_V4_URL, '--url or CI_API_V4_URL'),
    project: required(values.project ?? env.CI_PROJECT_ID, '--project or CI_PROJECT_ID'),
    ...token,
  };
}

/** Runs a command body; any failure becomes one line on stderr (tokens redacted, no stack) and exit code 2. */
async function run(ctx: CommandContext, name: string, body: () => Promise<string>): Promise<number> {
  const secrets = [ctx.env.GITLAB_TOKEN, ctx.env.CI_JOB_TOKEN].filter((s): s is string => Boolean(s));
  const clean = (text: string) => secrets.reduce((out, secret) => redact(out, secret), text);
  try {
    ctx.stdout(clean(await body()));
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.stderr(clean(`${name}: ${message}`));
    return 2;
  }
}

/** `fetch-artifact`: downloads the policy artifact of a version from the project's generic package registry. */
export function fetchArtifactCommand(
  argv: readonly string[],
  ctx: CommandContext = defaultContext,
): Promise<number> {
  return run(ctx, 'fetch-artifact', async () => {
    const values = parse(argv, FETCH_ARTIFACT_OPTIONS);
    const version = required(values.version, '--version (the policy version to fetch)');
    const token = ctx.env.GITLAB_TOKEN
      ? { token: ctx.env.GITLAB_TOKEN, tokenKind: 'private' as const }
      : { token: required(ctx.env.CI_JOB_TOKEN, 'GITLAB_TOKEN or CI_JOB_TOKEN'), tokenKind: 'job' as const };
    const where = target(values, ctx.env, token);
    await fetchPolicyArtifact(where, version, values.out, values.file);
    return `fetched ${PACKAGE_NAME}/${version}/${values.file} from project ${visible(where.project)} into ${visible(values.out)}`;
  });
}

/** `mr-note`: posts or updates this pipeline's summary note on the merge request. */
export function mrNoteCommand(
  argv: readonly string[],
  ctx: CommandContext = defaultContext,
): Promise<number> {
  return run(ctx, 'mr-note', async () => {
    const values = parse(argv, MR_NOTE_OPTIONS);
    const summaryPath = required(values.summary, '--summary (the summary.md to post)');
    const mr = values.mr ?? ctx.env.CI_MERGE_REQUEST_IID;
    if (!mr) return 'not a merge request pipeline (CI_MERGE_REQUEST_IID is not set): no note posted';
    if (!/^[1-9]\d*$/.test(mr))
      throw new Error(`merge request IID '${visible(mr)}' is not a positive integer`);
    if (!ctx.env.GITLAB_TOKEN) {
      throw new Error(
        'posting a merge request note needs GITLAB_TOKEN: a project access token with api scope (Reporter role or higher) as a masked CI/CD variable; CI_JOB_TOKEN cannot post notes',
      );
    }
    const markerKey = values['marker-key'] ?? defaultMarkerKey(ctx.env);
    const markdown = await readFile(summaryPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        `cannot read --summary ${visible(summaryPath)}: ${error.code ?? visible(error.message)}`,
      );
    });
    const where = target(values, ctx.env, { token: ctx.env.GITLAB_TOKEN, tokenKind: 'private' });
    const result = await upsertMergeRequestNote(where, Number(mr), markerKey, markdown);
    return `${result.action} note ${result.noteId} on merge request !${mr}`;
  });
}

/**
 * One note per pipeline and job: `pipeline=<CI_PIPELINE_ID>;job=<CI_JOB_NAME>`. The job name keeps two
 * includes of the template in one pipeline from overwriting each other's note; a retried job updates its own.
 */
function defaultMarkerKey(env: NodeJS.ProcessEnv): string {
  const pipeline = required(env.CI_PIPELINE_ID, '--marker-key or CI_PIPELINE_ID');
  return env.CI_JOB_NAME ? `pipeline=${pipeline};job=${env.CI_JOB_NAME}` : `pipeline=${pipeline}`;
}
