/** The files a run reads and writes: traffic patterns expanded to files, and the names of its outputs. */
import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { visible } from '../report/text.js';
import { TrafficInputError } from '../traffic/index.js';

export const OUT_FILES = {
  ledger: 'ledger.jsonl',
  checkpoint: 'ledger.checkpoint',
  artifact: 'policy-artifact.json',
} as const;

/**
 * Files and globs to a sorted, de-duplicated list of files (as written, or relative to `cwd` for
 * glob matches). A literal path must be a file; a glob must match at least one file.
 */
export async function expandTraffic(
  patterns: readonly string[],
  cwd: string = process.cwd(),
): Promise<string[]> {
  if (patterns.length === 0) throw new TrafficInputError('--traffic', 'no traffic files given');
  const byResolved = new Map<string, string>();
  for (const pattern of patterns) {
    for (const file of await expandOne(pattern, cwd)) {
      const key = resolve(cwd, file);
      if (!byResolved.has(key)) byResolved.set(key, file);
    }
  }
  return [...byResolved.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function expandOne(pattern: string, cwd: string): Promise<string[]> {
  if (pattern.trim() === '') throw new TrafficInputError('--traffic', 'an empty file name or glob was given');
  if (!isDynamicPattern(pattern)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(resolve(cwd, pattern)).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new TrafficInputError(
        pattern,
        code === 'ENOENT' ? 'does not exist: check the path (or the glob)' : `cannot be read (${code})`,
      );
    }
    if (isDirectory) {
      throw new TrafficInputError(
        pattern,
        `is a directory: pass its files or a glob such as "${visible(join(pattern, '*.jsonl'))}"`,
      );
    }
    return [pattern];
  }
  const matches = await glob(pattern, {
    cwd,
    absolute: isAbsolute(pattern),
    onlyFiles: true,
    expandDirectories: false,
  });
  if (matches.length === 0)
    throw new TrafficInputError(
      pattern,
      'matches no files: check the path (relative to the working directory) and the pattern',
    );
  return matches;
}

/**
 * The path to open for `file` relative to `cwd`: as written when it means the same file from the
 * process's own working folder (so messages show what the user typed), else resolved.
 */
export function pathFrom(cwd: string, file: string): string {
  const resolved = resolve(cwd, file);
  return resolved === resolve(file) ? file : resolved;
}
