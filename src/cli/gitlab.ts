/** `traffic-governance gitlab job|fetch-artifact|mr-note`: the GitLab job (src/gitlab/job.ts) and its helpers (src/gitlab/cli-commands.ts). */

import { JOB_VARIABLES } from '../gitlab/job-variables.js';
import { quoted } from '../report/text.js';
import { parse } from './args.js';
import type { Command } from './command.js';
import { type CliIo, PROGRAM, UsageError } from './io.js';

/** The job's variables, one per line: name, input, default. */
function jobVariables(): string {
  return Object.entries(JOB_VARIABLES)
    .map(
      ([name, v]) =>
        `                   ${name.padEnd(24)} inputs.${v.input}${v.default ? ` (default ${v.default})` : ''}`,
    )
    .join('\n');
}

const usage = `usage: ${PROGRAM} gitlab job
       ${PROGRAM} gitlab fetch-artifact --version V [--out FILE] [--file NAME] [--project P] [--url U]
       ${PROGRAM} gitlab mr-note --summary FILE [--mr IID] [--marker-key KEY] [--project P] [--url U]

job              the GitLab template's job: pin rules, fetch, evaluate, verify-ledger, MR note and
                 the exit code, configured by these variables (the template sets them from its inputs):
${jobVariables()}
                 On every exit, <output_dir>/governance.env and junit.xml say what happened.
fetch-artifact   downloads a policy artifact version from the project's generic package registry
                 (token: GITLAB_TOKEN, else CI_JOB_TOKEN)
mr-note          posts or updates this pipeline's summary note on the merge request (GITLAB_TOKEN)

Defaults come from GitLab's predefined variables (CI_API_V4_URL, CI_PROJECT_ID,
CI_MERGE_REQUEST_IID, CI_PIPELINE_ID, CI_JOB_NAME). Tokens are read from the environment only.

exit: 0 ok · 2 configuration or GitLab error (job: the exit codes of evaluate, QUARANTINE's 3 as
      TG_WARN_EXIT_CODE; 4 when the ledger fails verification)`;

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    if (sub === undefined) throw new UsageError('gitlab needs a subcommand: job, fetch-artifact or mr-note');
    io.out(usage);
    return 0;
  }
  if (sub !== 'job' && sub !== 'fetch-artifact' && sub !== 'mr-note')
    throw new UsageError(`unknown gitlab subcommand ${quoted(sub)}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(usage);
    return 0;
  }
  if (sub === 'job') {
    if (rest.length > 0)
      throw new UsageError(
        `gitlab job takes no arguments (got ${quoted(rest[0] as string)}): it reads the TG_* variables`,
      );
    return (await import('../gitlab/job.js')).gitlabJob(io);
  }
  // Loaded on use: the GitLab client is not needed by any other command.
  const commands = await import('../gitlab/cli-commands.js');
  // The same strict rules as every command (no repeated or empty option), checked before any request.
  parse(rest, sub === 'fetch-artifact' ? commands.FETCH_ARTIFACT_OPTIONS : commands.MR_NOTE_OPTIONS);
  const ctx = { env: io.env, stdout: io.out, stderr: io.err };
  return sub === 'fetch-artifact'
    ? commands.fetchArtifactCommand(rest, ctx)
    : commands.mrNoteCommand(rest, ctx);
}

export const gitlabCommand: Command = {
  name: 'gitlab',
  summary: 'the GitLab job and its helpers: job, fetch-artifact, mr-note',
  usage,
  run,
};
