/** The vitest config Stryker uses: only the current target's unit tests (see stryker.config.mjs). */
import { defineConfig } from 'vitest/config';
import { MUTATE_TARGETS } from './scripts/mutate-targets.mjs';

const target = MUTATE_TARGETS[process.env.TG_MUTATE_TARGET ?? ''];
if (!target) throw new Error('TG_MUTATE_TARGET names no mutation target: run npm run mutate');

export default defineConfig({
  test: { include: target.tests, testTimeout: 60_000, hookTimeout: 120_000 },
});
