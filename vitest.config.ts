import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The JSON report lets .ci/run print a one-line total at its very end.
    reporters: ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]],
  },
});
