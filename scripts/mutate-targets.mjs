// @ts-check
/**
 * Mutation targets: the source files mutated together and the unit tests that exercise them.
 * Test files listed here must run in-process (no child process, no worker thread).
 *
 * @type {Record<string, { mutate: string[]; tests: string[] }>}
 */
export const MUTATE_TARGETS = {
  decide: {
    mutate: ['src/engine/decide.ts'],
    tests: ['test/decide-rules.test.ts', 'test/decide.test.ts', 'test/engine.test.ts'],
  },
  aggregate: { mutate: ['src/run/aggregate.ts'], tests: ['test/aggregate.test.ts'] },
  verdict: { mutate: ['src/run/verdict.ts'], tests: ['test/verdict.test.ts', 'test/aggregate.test.ts'] },
  window: {
    mutate: ['src/engine/window.ts'],
    tests: ['test/window.test.ts', 'test/engine.test.ts', 'test/out-of-order.test.ts'],
  },
  risk: {
    mutate: ['src/engine/risk.ts'],
    tests: ['test/risk.test.ts', 'test/decide.test.ts', 'test/engine.test.ts'],
  },
  matcher: {
    mutate: ['src/engine/matcher.ts', 'src/engine/url.ts'],
    tests: [
      'test/matcher.test.ts',
      'test/matcher.property.test.ts',
      'test/url.test.ts',
      'test/policy.test.ts',
    ],
  },
  circuit: { mutate: ['src/engine/circuit.ts'], tests: ['test/circuit.test.ts', 'test/decide.test.ts'] },
  sketch: { mutate: ['src/engine/sketch.ts'], tests: ['test/window-sketch.test.ts', 'test/window.test.ts'] },
  phases: {
    mutate: ['src/engine/phases.ts'],
    tests: ['test/phases.test.ts', 'test/engine-factors.test.ts', 'test/engine.test.ts'],
  },
  engine: {
    mutate: ['src/engine/engine.ts', 'src/engine/errors.ts'],
    tests: [
      'test/engine-factors.test.ts',
      'test/engine.test.ts',
      'test/decide.test.ts',
      'test/engine-memory.test.ts',
    ],
  },
  chain: {
    mutate: ['src/ledger/chain.ts'],
    tests: [
      'test/ledger-chain.test.ts',
      'test/ledger.test.ts',
      'test/ledger-seal.test.ts',
      'test/ledger.property.test.ts',
    ],
  },
  verify: {
    mutate: ['src/ledger/verify.ts', 'src/ledger/structure.ts'],
    tests: [
      'test/ledger-verify-links.test.ts',
      'test/verify-run-ledger.test.ts',
      'test/ledger-verify-read.test.ts',
      'test/ledger.test.ts',
      'test/ledger-verify-fast.test.ts',
      'test/ledger.property.test.ts',
      'test/tamper-matrix.test.ts',
    ],
  },
};
