// @ts-check
/**
 * Mutation testing (`npm run mutate`, see docs/testing.md): one Stryker run per target, each with
 * only the unit tests that exercise it. Tests that spawn a process or a worker thread are left out:
 * a mutant is active in this process only. The target comes from TG_MUTATE_TARGET
 * (scripts/mutate.mjs sets it); vitest.mutate.config.ts reads the same table.
 */
import { MUTATE_TARGETS } from './scripts/mutate-targets.mjs';

const name = process.env.TG_MUTATE_TARGET ?? '';
const target = MUTATE_TARGETS[name];
if (!target) {
  throw new Error(
    `TG_MUTATE_TARGET must be one of ${Object.keys(MUTATE_TARGETS).join(', ')} (got "${name}"); run npm run mutate`,
  );
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: target.mutate,
  coverageAnalysis: 'perTest',
  concurrency: 2,
  incremental: true,
  incrementalFile: `.tmp/mutation/${name}.incremental.json`,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `.tmp/mutation/${name}.json` },
  htmlReporter: { fileName: `.tmp/mutation/${name}.html` },
  thresholds: { high: 95, low: 90, break: 90 },
  tempDirName: '.tmp/stryker',
  ignorePatterns: ['dist', 'bench', 'gitlab', 'docs', '.tmp', '.gitlab-ci-local', 'out'],
  timeoutMS: 20_000,
  cleanTempDir: true,
};
