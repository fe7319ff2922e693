/**
 * One version everywhere: package.json (and its lock), the GitLab component's `engine_version`
 * default, the CHANGELOG's section and every versioned example in the docs (`@vX.Y.Z`, `@X.Y.Z`,
 * `ref: X.Y.Z`, the major tag `@vX`). `versionMismatches` lists what disagrees with package.json;
 * `setVersion` moves everything to a new version and opens its CHANGELOG section.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const TEMPLATE = 'gitlab/templates/traffic-governance.yml';
const SEMVER = String.raw`\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]*[0-9A-Za-z])?`;
export const SEMVER_PATTERN = new RegExp(`^${SEMVER}$`);
/** A pinned release in an example: the package, Action or component at X.Y.Z, or a ref/URL of it. */
const PINNED = new RegExp(
  `(traffic-governance@v?|\\bref: v?|/-/raw/v?|\x60@v?)(${SEMVER})(?![0-9A-Za-z.-]*[0-9A-Za-z])`,
  'g',
);
/** A moving major tag: the Action's `traffic-governance@v1`, or `@1` / `@v1` quoted in the text. */
const MAJOR = /(traffic-governance@v|`@v?)(\d+)(?![\d.])/g;
const ENGINE_DEFAULT = /(\n {4}engine_version:\n(?: {6}.*\n)*? {6}default: )(\S+)/;

/** The Markdown files whose examples carry the version. */
export function versionedDocs(root: string): string[] {
  const docs = existsSync(join(root, 'docs'))
    ? readdirSync(join(root, 'docs'), { recursive: true })
        .map(String)
        .filter((name) => name.endsWith('.md'))
        .map((name) => join('docs', name))
    : [];
  return ['README.md', 'gitlab/README.md', ...docs.sort()].filter((file) => existsSync(join(root, file)));
}

const read = (root: string, file: string) => readFileSync(join(root, file), 'utf8');

export function packageVersion(root: string): string {
  return (JSON.parse(read(root, 'package.json')) as { version: string }).version;
}

export function templateEngineVersion(root: string): string | undefined {
  return ENGINE_DEFAULT.exec(read(root, TEMPLATE))?.[2];
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Everything that disagrees with package.json's version, one message each (empty when consistent). */
export function versionMismatches(root: string): string[] {
  const version = packageVersion(root);
  const major = version.split('.')[0];
  const problems: string[] = [];
  const lock = JSON.parse(read(root, 'package-lock.json')) as {
    version?: string;
    packages?: Record<string, { version?: string }>;
  };
  for (const [where, found] of [
    ['package-lock.json: version', lock.version],
    ['package-lock.json: packages[""].version', lock.packages?.['']?.version],
    [`${TEMPLATE}: engine_version default`, templateEngineVersion(root)],
  ] as const) {
    if (found !== version) problems.push(`${where} is ${found ?? 'missing'}, package.json says ${version}`);
  }
  if (!new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\]`, 'm').test(read(root, 'CHANGELOG.md'))) {
    problems.push(`CHANGELOG.md has no "## [${version}]" section`);
  }
  for (const file of versionedDocs(root)) {
    const text = read(root, file);
    for (const match of text.matchAll(PINNED)) {
      if (match[2] !== version) {
        problems.push(
          `${file}:${lineOf(text, match.index)}: "${match[0]}" names ${match[2]}, package.json says ${version}`,
        );
      }
    }
    for (const match of text.matchAll(MAJOR)) {
      if (match[2] !== major) {
        problems.push(
          `${file}:${lineOf(text, match.index)}: "${match[0]}" is major v${match[2]}, package.json says v${major}`,
        );
      }
    }
  }
  return problems;
}

/**
 * Moves package.json, its lock, the template default and the docs to `version`, and opens
 * `## [version] - date` under `## [Unreleased]` in the CHANGELOG (what was unreleased is now in it).
 */
export function setVersion(root: string, version: string, date: string): string[] {
  if (!SEMVER_PATTERN.test(version)) throw new Error(`version ${version} is not X.Y.Z (semver, no "v")`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`date ${date} is not YYYY-MM-DD`);
  const old = packageVersion(root);
  const major = version.split('.')[0] as string;
  const changed: string[] = [];
  const update = (file: string, edit: (text: string) => string) => {
    const before = read(root, file);
    const after = edit(before);
    if (after !== before) {
      writeFileSync(join(root, file), after);
      changed.push(file);
    }
  };
  update('package.json', (text) => text.replace(`"version": "${old}"`, `"version": "${version}"`));
  update('package-lock.json', (text) => {
    const lock = JSON.parse(text) as { version: string; packages: Record<string, { version: string }> };
    lock.version = version;
    if (lock.packages[''] !== undefined) lock.packages[''].version = version;
    return `${JSON.stringify(lock, null, 2)}\n`;
  });
  update(TEMPLATE, (text) => text.replace(ENGINE_DEFAULT, `$1${version}`));
  for (const file of versionedDocs(root)) {
    update(file, (text) =>
      text.replace(PINNED, (_, prefix: string) => `${prefix}${version}`).replace(MAJOR, `$1${major}`),
    );
  }
  update('CHANGELOG.md', (text) => {
    if (new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\]`, 'm').test(text)) return text;
    if (!/^## \[Unreleased\]$/m.test(text)) throw new Error('CHANGELOG.md has no "## [Unreleased]" heading');
    return text.replace(/^## \[Unreleased\]$/m, `## [Unreleased]\n\n## [${version}] - ${date}`);
  });
  return changed.map((file) => relative(root, join(root, file)));
}

/** The body of `## [version]` in a Keep a Changelog file, without its heading. */
export function changelogSection(changelog: string, version: string): string {
  const lines = changelog.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`## [${version}]`));
  if (start < 0) throw new Error(`CHANGELOG.md has no "## [${version}]" section`);
  const end = lines.findIndex((line, i) => i > start && /^## |^\[[^\]]+\]: /.test(line));
  return `${lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim()}\n`;
}
