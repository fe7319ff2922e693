/**
 * Releases (issue 13): one version everywhere (package.json, its lock, the GitLab component's
 * engine_version default, the CHANGELOG and every versioned example in the docs), the release
 * workflow's scripts run here as the workflow runs them (tag check, notes, the GitLab snapshot), the
 * workflow's shape, the Marketplace files, and a README that stays short and reaches every doc page.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { gitlabSnapshot } from '../scripts/release/gitlab-snapshot.js';
import {
  changelogSection,
  packageVersion,
  setVersion,
  TEMPLATE,
  templateEngineVersion,
  versionMismatches,
} from '../scripts/release/versions.js';

const ROOT = join(import.meta.dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const VERSION = packageVersion(ROOT);
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** The files the version lives in, copied to a temp folder that tests may change. */
function versionedCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tg-release-'));
  temps.push(dir);
  for (const path of ['package.json', 'package-lock.json', 'CHANGELOG.md', 'README.md', 'docs', 'gitlab']) {
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }
  return dir;
}

function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const before = readFileSync(join(dir, file), 'utf8');
  const after = before.replace(from, to);
  if (after === before) throw new Error(`test bug: ${from} not found in ${file}`);
  writeFileSync(join(dir, file), after);
}

const releaseCli = (args: string[], cwd = ROOT) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/release/cli.ts'), ...args], {
    cwd,
    encoding: 'utf8',
  });

describe('one version everywhere', () => {
  it('package.json, its lock, the template default, the CHANGELOG and every doc example agree now', () => {
    expect(versionMismatches(ROOT)).toEqual([]);
    expect(templateEngineVersion(ROOT)).toBe(VERSION);
    // The examples the check reads are really there (a check of nothing would pass too).
    expect(read('README.md')).toContain(`traffic-governance@v${VERSION}`);
    expect(read('README.md')).toContain(`traffic-governance/traffic-governance@${VERSION}`);
    expect(read('gitlab/README.md')).toContain(`traffic-governance@${VERSION}`);
  });

  it.each([
    [
      TEMPLATE,
      /(engine_version:\n(?: {6}.*\n)*? {6}default: )\S+/,
      '$19.9.9',
      'engine_version default is 9.9.9',
    ],
    ['README.md', `traffic-governance@v${VERSION}`, 'traffic-governance@v9.9.9', 'README.md:'],
    [
      'README.md',
      `traffic-governance@${VERSION} evaluate`,
      'traffic-governance@9.9.9 evaluate',
      'names 9.9.9',
    ],
    ['docs/gitlab.md', `ref: ${VERSION}`, 'ref: v9.9.9', 'docs/gitlab.md:'],
    ['gitlab/README.md', `traffic-governance@${VERSION}`, 'traffic-governance@9.9.9', 'gitlab/README.md:'],
    [
      'README.md',
      'traffic-governance@v0 (its major tag)',
      'traffic-governance@v7 (its major tag)',
      'is major v7',
    ],
    ['docs/gitlab.md', '`@0` follows', '`@3` follows', 'is major v3'],
    ['package-lock.json', `"version": "${VERSION}"`, '"version": "9.9.9"', 'package-lock.json: version'],
    ['CHANGELOG.md', `## [${VERSION}]`, '## [9.9.9]', `CHANGELOG.md has no "## [${VERSION}]" section`],
  ])('fails when %s disagrees (%s)', (file, from, to, message) => {
    const dir = versionedCopy();
    expect(versionMismatches(dir)).toEqual([]);
    edit(dir, file, from, to);
    const problems = versionMismatches(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('npm run release:version moves every place to the new version and opens its CHANGELOG section', () => {
    const dir = versionedCopy();
    const changed = setVersion(dir, '1.2.0', '2027-01-31');
    expect(changed.sort()).toEqual(
      expect.arrayContaining(['CHANGELOG.md', 'README.md', 'package-lock.json', 'package.json', TEMPLATE]),
    );
    expect(versionMismatches(dir)).toEqual([]);
    expect(packageVersion(dir)).toBe('1.2.0');
    expect(templateEngineVersion(dir)).toBe('1.2.0');
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('traffic-governance@v1.2.0');
    expect(readme).toContain('traffic-governance@v1 (its major tag)');
    expect(readFileSync(join(dir, 'docs/gitlab.md'), 'utf8')).toContain('`@1.2.0` pins an exact release');
    expect(readme).not.toContain(`@${VERSION}`);
    // The new version's section opens right under Unreleased and takes what was unreleased.
    const unreleased = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8').split(/^## \[Unreleased\]\n/m)[1]!;
    const entries = unreleased.slice(0, unreleased.indexOf(`## [${VERSION}]`));
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toContain(
      `## [Unreleased]\n\n## [1.2.0] - 2027-01-31\n\n${entries.replace(/^\n/, '')}## [${VERSION}]`,
    );
    expect(() => setVersion(dir, 'v1.3.0', '2027-01-31')).toThrow('is not X.Y.Z');
  });

  it("release:check exits 1 on a tag that is not package.json's version, and 0 on the right one", () => {
    const wrong = releaseCli(['check', '--tag', 'v9.9.9']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`tag v9.9.9 is not v${VERSION} (package.json)`);
    const right = releaseCli(['check', '--tag', `v${VERSION}`]);
    expect(right.stderr).toBe('');
    expect(right.status).toBe(0);
  });

  it('release:notes prints the CHANGELOG section of the version, without its heading', () => {
    const notes = releaseCli(['notes', VERSION]);
    expect(notes.status).toBe(0);
    expect(notes.stdout).toBe(changelogSection(read('CHANGELOG.md'), VERSION));
    expect(notes.stdout).toMatch(/^### Added\n/);
    expect(notes.stdout).not.toContain('## [');
    expect(() => changelogSection(read('CHANGELOG.md'), '9.9.9')).toThrow('no "## [9.9.9]" section');
  });
});

describe('the GitLab snapshot (release:gitlab-snapshot)', () => {
  const git = (dir: string, ...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

  it('lays out the component project and tags it X.Y.Z (no "v") on main', () => {
    const out = mkdtempSync(join(tmpdir(), 'tg-snapshot-'));
    temps.push(out);
    const snapshot = gitlabSnapshot(ROOT, out);
    const top = readdirSync(out)
      .filter((name) => name !== '.git')
      .sort();
    expect(top).toEqual([
      '.gitlab-ci.yml',
      'LICENSE',
      'README.md',
      'dist',
      'fixtures',
      'release-notes.md',
      'templates',
    ]);
    expect(readdirSync(join(out, 'templates'))).toEqual(['traffic-governance.yml']);
    expect(readFileSync(join(out, 'templates/traffic-governance.yml'), 'utf8')).toBe(read(TEMPLATE));
    expect(readdirSync(join(out, 'dist'))).toEqual(['cli']);
    expect(readFileSync(join(out, 'dist/cli/index.js'))).toEqual(
      readFileSync(join(ROOT, 'dist/cli/index.js')),
    );
    expect(readFileSync(join(out, 'release-notes.md'), 'utf8')).toBe(
      changelogSection(read('CHANGELOG.md'), VERSION),
    );
    expect(snapshot.tag).toBe(VERSION);
    expect(git(out, 'tag', '--list')).toBe(VERSION);
    expect(git(out, 'rev-parse', `${VERSION}^{commit}`)).toBe(snapshot.commit);
    expect(git(out, 'rev-parse', 'refs/heads/main')).toBe(snapshot.commit);
    expect(git(out, 'cat-file', '-t', VERSION)).toBe('tag'); // annotated
    expect(git(out, 'status', '--porcelain')).toBe('');
  });

  it('goes on top of an existing clone of the component project: history kept, stale files gone', () => {
    const base = mkdtempSync(join(tmpdir(), 'tg-snapshot-base-'));
    temps.push(base);
    const g = (...args: string[]) =>
      git(base, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args);
    g('init', '-q', '-b', 'main');
    writeFileSync(join(base, 'stale.yml'), 'from an older release\n');
    g('add', '-A');
    g('commit', '-q', '-m', 'an older release');
    const previous = g('rev-parse', 'HEAD');
    const snapshot = gitlabSnapshot(ROOT, base);
    expect(git(base, 'rev-parse', `${snapshot.commit}^`)).toBe(previous);
    expect(existsSync(join(base, 'stale.yml'))).toBe(false);
    expect(git(base, 'ls-files')).not.toContain('stale.yml');
  });

  it('refuses to snapshot when the versions disagree', () => {
    const dir = versionedCopy();
    edit(dir, TEMPLATE, /(engine_version:\n(?: {6}.*\n)*? {6}default: )\S+/, '$19.9.9');
    expect(() => gitlabSnapshot(dir, join(dir, 'out'))).toThrow('engine_version default is 9.9.9');
  });
});

describe('.github/workflows/release.yml', () => {
  interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
  }
  interface Job {
    needs?: string | string[];
    permissions?: Record<string, string>;
    steps: Step[];
  }
  const workflow = parseYaml(read('.github/workflows/release.yml')) as {
    on: { push: { tags: string[] } };
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };
  const runs = (job: string) => (workflow.jobs[job]?.steps ?? []).map((step) => step.run ?? '').join('\n');

  it('runs on a pushed vX.Y.Z tag with no default permissions, each job asking only for its own', () => {
    expect(workflow.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
    expect(workflow.permissions).toEqual({});
    expect(
      Object.fromEntries(Object.entries(workflow.jobs).map(([name, job]) => [name, job.permissions])),
    ).toEqual({
      verify: { contents: 'read' },
      npm: { contents: 'read', 'id-token': 'write' },
      'github-release': { contents: 'write' },
      'gitlab-component': { contents: 'read' },
    });
  });

  it('checks the tag and runs the tests and the dist check before anything is published', () => {
    expect(runs('verify')).toContain('npm run -s release:check -- --tag "$GITHUB_REF_NAME"');
    expect(runs('verify')).toContain('npm test'); // lint, build, check-dist, vitest
    expect(read('package.json')).toMatch(/"test": "[^"]*npm run check-dist/);
    for (const job of ['npm', 'github-release', 'gitlab-component']) {
      expect([workflow.jobs[job]?.needs].flat()).toContain('verify');
    }
  });

  it('publishes with provenance, releases the tarball and SHA256SUMS, moves the major tag, pushes the snapshot atomically', () => {
    expect(runs('npm')).toContain('npm publish "traffic-governance-$VERSION.tgz" --provenance');
    expect(runs('verify')).toContain('sha256sum "traffic-governance-$VERSION.tgz" > SHA256SUMS');
    expect(runs('github-release')).toContain('--notes-file release/notes.md');
    expect(runs('github-release')).toContain('"release/traffic-governance-$VERSION.tgz" release/SHA256SUMS');
    expect(runs('github-release')).toContain('git push -f origin "refs/tags/$major"');
    expect(runs('gitlab-component')).toContain('npm run -s release:gitlab-snapshot -- --out component');
    expect(runs('gitlab-component')).toContain('push --atomic origin main "refs/tags/$VERSION"');
  });
});

describe('Marketplace and package files', () => {
  it('action.yml has a description the Marketplace accepts (under 125 characters)', () => {
    const action = parseYaml(read('action.yml')) as { description: string };
    expect(action.description.length).toBeLessThan(125);
  });

  it('LICENSE is the MIT license package.json names; CHANGELOG and SECURITY are there', () => {
    expect(JSON.parse(read('package.json')).license).toBe('MIT');
    expect(read('LICENSE')).toMatch(/^MIT License\n/);
    expect(read('CHANGELOG.md')).toContain('[Keep a Changelog](https://keepachangelog.com/');
    expect(read('SECURITY.md')).toMatch(/## Supported versions[\s\S]*## Reporting a vulnerability/);
  });

  it('README examples use the current majors of checkout and upload-artifact', () => {
    const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((name) => `docs/${name}`)];
    const uses = docs.flatMap((file) => [
      ...read(file).matchAll(/actions\/(checkout|upload-artifact)@(v\d+)/g),
    ]);
    expect(uses.length).toBeGreaterThan(0);
    expect(new Set(uses.map((match) => `${match[1]}@${match[2]}`))).toEqual(
      new Set(['checkout@v6', 'upload-artifact@v7']),
    );
  });
});

describe('README.md and docs/', () => {
  const readme = read('README.md');

  it('stays under 15 KB', () => {
    expect(Buffer.byteLength(readme)).toBeLessThan(15 * 1024);
  });

  it('keeps the two quick-start commands', () => {
    expect(readme).toContain(
      "```sh\nnpm ci && node dist/cli/index.js evaluate --policy examples/policy.yaml --contracts examples/contracts.yaml --traffic 'examples/traffic.*' examples/k6.json examples/access.log --out out\n```",
    );
    expect(readme).toContain('```sh\nnpm test\n```');
  });

  it('links every docs/ page, and every relative link of the README and docs/ resolves', () => {
    const pages = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md'));
    expect(pages.length).toBeGreaterThanOrEqual(10);
    for (const page of pages) expect(readme, `README.md links docs/${page}`).toContain(`](docs/${page})`);
    const broken: string[] = [];
    for (const file of [
      'README.md',
      'gitlab/README.md',
      'SECURITY.md',
      ...pages.map((page) => `docs/${page}`),
    ]) {
      for (const [, target] of read(file).matchAll(/\]\((?!https?:|mailto:|#)([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (!existsSync(resolve(ROOT, dirname(file), target as string))) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
