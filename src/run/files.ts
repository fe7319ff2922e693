/** The files a run reads and writes: traffic patterns expanded to files, and the names of its outputs. */
import { statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { shownPath, visible } from '../report/text.js';
import { TrafficInputError } from '../traffic/index.js';

export const OUT_FILES = {
  ledger: 'ledger.jsonl',
  checkpoint: 'ledger.checkpoint',
  artifact: 'policy-artifact.json',
} as const;

/** How messages name the folder patterns are relative to (the Action: the workspace and its path). */
export const WORKING_DIRECTORY = 'the working directory';

/**
 * Files and globs to a sorted, de-duplicated list of files (as written, or relative to `cwd` for
 * glob matches). A literal path must be a file; a glob must match at least one file.
 */
export async function expandTraffic(
  patterns: readonly string[],
  cwd: string = process.cwd(),
  cwdName: string = WORKING_DIRECTORY,
): Promise<string[]> {
  if (patterns.length === 0) throw new TrafficInputError('--traffic', 'no traffic files given');
  const byResolved = new Map<string, string>();
  for (const pattern of patterns) {
    const files = await matchTraffic(pattern, cwd);
    if (files.length === 0) {
      throw new TrafficInputError(
        pattern,
        isDynamicPattern(globPattern(pattern))
          ? `matches no files: check the path (relative to ${cwdName}) and the pattern`
          : `does not exist: check the path (relative to ${cwdName}) or the glob`,
      );
    }
    for (const file of files) {
      const key = resolve(cwd, file);
      if (!byResolved.has(key)) byResolved.set(key, file);
    }
  }
  return [...byResolved.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The files one pattern names: a literal path that exists, or a glob's matches; none when the path
 * does not exist or the glob matches nothing. A directory or an unreadable path is an error.
 */
export async function matchTraffic(pattern: string, cwd: string): Promise<string[]> {
  if (pattern.trim() === '') throw new TrafficInputError('--traffic', 'an empty file name or glob was given');
  const globbed = globPattern(pattern);
  if (!isDynamicPattern(globbed)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(resolve(cwd, pattern)).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return [];
      throw new TrafficInputError(pattern, `cannot be read (${code})`);
    }
    if (isDirectory) {
      throw new TrafficInputError(
        pattern,
        `is a directory: pass its files or a glob such as "${visible(join(pattern, '*.jsonl'))}"`,
      );
    }
    return [pattern];
  }
  return glob(globbed, {
    cwd,
    absolute: isAbsolute(pattern),
    onlyFiles: true,
    expandDirectories: false,
  });
}

/**
 * A pattern as the glob reads it: where the separator is a backslash (Windows) its backslashes are
 * separators (`test-results\**\*.har`, `D:\a\x.har`), while the glob reads a backslash as an
 * escape. Elsewhere a backslash stays an escape, as written.
 */
export const globPattern = (pattern: string, separator: string = sep): string =>
  shownPath(pattern, separator);

/**
 * The path to open for `file` relative to `cwd`: as written when it means the same file from the
 * process's own working folder (so messages show what the user typed), else resolved.
 */
export function pathFrom(cwd: string, file: string): string {
  const resolved = resolve(cwd, file);
  return resolved === resolve(file) ? file : resolved;
}
