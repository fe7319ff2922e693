/**
 * Runs pipelines under gitlab-ci-local (the devDependency) the way the GitLab template tests need:
 * a throw-away git repository in the OS temp folder (shell isolation copies only tracked files, so
 * everything a job runs must be committed there), the shell executor with isolation, and parsers
 * for what gitlab-ci-local prints: the final job states (PASS / WARN / FAIL / …) and each job's log.
 * gitlab-ci-local exits 0 even when a job fails, so tests assert on states and log lines instead.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GITLAB_CI_LOCAL = join(PROJECT_ROOT, 'node_modules/.bin/gitlab-ci-local');

/** gitlab-ci-local's --shell-isolation copies the checkout with rsync. */
export function hasRsync(): boolean {
  return spawnSync('rsync', ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface PipelineRepo {
  dir: string;
  /** Writes a file (parents created), relative to the repository. */
  write(path: string, content: string | Buffer): void;
  /** Copies a file or folder (relative to the project, or absolute) into the repository. */
  copy(fromProject: string, to: string): void;
  /** Commits everything (gitlab-ci-local only sees tracked files). */
  commit(): void;
  remove(): void;
}

export function createPipelineRepo(prefix = 'tg-gitlab-'): PipelineRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
      cwd: dir,
      stdio: 'pipe',
    });
  git('init', '-q', '-b', 'main');
  // A remote gives gitlab-ci-local its CI_PROJECT_* values instead of a warning on every run.
  git('remote', 'add', 'origin', 'https://gitlab.example.com/platform/traffic.git');
  return {
    dir,
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    copy(fromProject, to) {
      cpSync(resolve(PROJECT_ROOT, fromProject), join(dir, to), { recursive: true });
    },
    commit() {
      git('add', '-A');
      git('commit', '-q', '-m', 'pipeline under test');
      // origin/HEAD → main, so gitlab-ci-local finds the default branch without a warning.
      git('update-ref', 'refs/remotes/origin/main', 'HEAD');
      git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface GclRun {
  /** stdout and stderr, interleaved as they arrived, without colours. */
  output: string;
  exitCode: number | null;
  durationMs: number;
}

export interface GclOptions {
  /** `--file` (default .gitlab-ci.yml). */
  file?: string;
  /** `--variable KEY=value` for every job (CI_JOB_TOKEN, CI_MERGE_REQUEST_IID, … must come this way). */
  variables?: Record<string, string>;
  /** Extra flags, e.g. ['--preview']. */
  args?: string[];
  timeoutMs?: number;
}

/**
 * Runs gitlab-ci-local in `dir` with the shell executor and isolation. Asynchronous on purpose: a test
 * may serve HTTP (a fake GitLab) to the jobs while they run.
 */
export function runGitlabCiLocal(dir: string, options: GclOptions = {}): Promise<GclRun> {
  const home = join(dir, '.gcl-home'); // no user-level variables.yml leaks in
  mkdirSync(home, { recursive: true });
  const args = [
    '--force-shell-executor',
    '--shell-isolation',
    '--no-artifacts-to-source',
    '--no-color',
    '--home',
    home,
    '--file',
    options.file ?? '.gitlab-ci.yml',
    ...Object.entries(options.variables ?? {}).flatMap(([k, v]) => ['--variable', `${k}=${v}`]),
    ...(options.args ?? []),
  ];
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(GITLAB_CI_LOCAL, args, {
      cwd: dir,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolvePromise({ output, exitCode, durationMs: performance.now() - started });
    });
  });
}

export interface JobResult {
  /** As gitlab-ci-local's summary shows it: PASS, WARN (allowed failure) or FAIL. */
  state: string;
  /** The script's exit code (0 for PASS). */
  exitCode: number;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every job that started, with its final state (gitlab-ci-local's summary: ` PASS  job`,
 * ` WARN  job  pre_script`, ` FAIL  job`) and exit code (`job  finished in 1 s  FAIL 4`). A job that
 * never started (skipped) is absent.
 */
export function jobResults(output: string): Record<string, JobResult> {
  const lines = output.split('\n');
  const started = new Set(lines.flatMap((line) => /^(\S+)\s+starting /.exec(line)?.[1] ?? []));
  const results: Record<string, JobResult> = {};
  for (const job of started) {
    const state = lines
      .map((line) => new RegExp(`^ (PASS|WARN|FAIL) +${escapeRegExp(job)}(?: |$)`).exec(line)?.[1])
      .find(Boolean);
    const finished = lines
      .map((line) =>
        new RegExp(`^${escapeRegExp(job)}\\s+finished in .*?(?:(?:WARN|FAIL) (\\d+))?\\s*$`).exec(line),
      )
      .find(Boolean);
    results[job] = { state: state ?? 'UNKNOWN', exitCode: Number(finished?.[1] ?? 0) };
  }
  return results;
}

/** What one job printed (`job > line` and `job $ command`), in order, without the job prefix. */
export function jobLog(output: string, job: string): string[] {
  const prefix = new RegExp(`^${escapeRegExp(job)}\\s+([>$]) ?(.*)$`);
  const lines: string[] = [];
  for (const line of output.split('\n')) {
    const match = prefix.exec(line);
    if (match) lines.push(match[1] === '$' ? `$ ${match[2]}` : (match[2] as string));
  }
  return lines;
}
