/**
 * The page of the CI run that produced a report, from the runner's predefined variables: GitHub
 * Actions' `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID`, or GitLab's
 * `CI_JOB_URL`. Undefined outside CI (a local run links nothing).
 */
export function ciRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (server && repository && runId) return `${server}/${repository}/actions/runs/${runId}`;
  return env.CI_JOB_URL || undefined;
}
