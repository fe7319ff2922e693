/**
 * The GitLab component project of one release: `gitlab/` (templates/, README.md, .gitlab-ci.yml,
 * fixtures/) plus the CLI bundle its self-test runs (dist/cli/), LICENSE and release-notes.md (the
 * CHANGELOG section its create-release job publishes), committed on `main` and tagged `X.Y.Z` (no
 * "v": the Catalog wants plain semver). Into an existing clone of the GitLab project the commit goes
 * on top of its history, so the release workflow pushes `main` and the tag in one atomic push.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { changelogSection, packageVersion, versionMismatches } from './versions.js';

/** What the snapshot holds besides gitlab/'s own files: [from the repository, to the snapshot]. */
const EXTRA: Array<[string, string]> = [
  ['dist/cli', 'dist/cli'],
  ['LICENSE', 'LICENSE'],
];

export interface Snapshot {
  dir: string;
  version: string;
  tag: string;
  commit: string;
}

export function gitlabSnapshot(root: string, out: string): Snapshot {
  const problems = versionMismatches(root);
  if (problems.length > 0) throw new Error(`versions disagree:\n  ${problems.join('\n  ')}`);
  const version = packageVersion(root);
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      [
        '-c',
        'user.name=traffic-governance release',
        '-c',
        'user.email=release@traffic-governance.invalid',
        ...args,
      ],
      { cwd: out, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    ).trim();

  mkdirSync(out, { recursive: true });
  if (existsSync(join(out, '.git'))) {
    // A clone of the component project: its files are replaced, its history kept.
    for (const name of readdirSync(out)) {
      if (name !== '.git') rmSync(join(out, name), { recursive: true, force: true });
    }
  } else {
    git('init', '-q', '-b', 'main');
  }
  cpSync(join(root, 'gitlab'), out, { recursive: true });
  for (const [from, to] of EXTRA) cpSync(join(root, from), join(out, to), { recursive: true });
  writeFileSync(
    join(out, 'release-notes.md'),
    changelogSection(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'), version),
  );
  let hasHistory = true;
  try {
    git('rev-parse', '--verify', '-q', 'HEAD');
  } catch {
    hasHistory = false; // a new repository, or a clone of an empty project
  }
  if (hasHistory) git('checkout', '-q', '-B', 'main');
  else git('symbolic-ref', 'HEAD', 'refs/heads/main');
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', `traffic-governance ${version}`);
  git('tag', '-a', version, '-m', `traffic-governance ${version}`);
  return { dir: out, version, tag: version, commit: git('rev-parse', 'HEAD') };
}
