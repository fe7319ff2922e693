/**
 * fast-check settings shared by every property test (test/*property*, test/fuzz-*): one fixed seed,
 * so CI runs the same cases every time and a failure reruns as it was. The seed is printed;
 * `TG_FUZZ_SEED=<integer>` runs other cases (`TG_FUZZ_SEED=random` draws a seed and prints it), and
 * `TG_LONG=1` runs the long case count. Time limits are the test's own timeout, never a speed check.
 */

/** The seed CI runs. */
export const DEFAULT_FUZZ_SEED = 20_240_601;

/** The seed from TG_FUZZ_SEED: unset → the default, `random` → a fresh one, else a 32-bit integer. */
export function fuzzSeed(value: string | undefined = process.env.TG_FUZZ_SEED): number {
  if (value === undefined || value.trim() === '') return DEFAULT_FUZZ_SEED;
  if (value.trim() === 'random') return Math.floor(Math.random() * 0x7fffffff);
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < -0x80000000 || seed > 0x7fffffff) {
    throw new Error(`TG_FUZZ_SEED must be a 32-bit integer or "random", got ${JSON.stringify(value)}`);
  }
  return seed;
}

export const FUZZ_SEED = fuzzSeed();
export const LONG_FUZZ = process.env.TG_LONG === '1';

console.log(
  `fast-check seed ${FUZZ_SEED}: TG_FUZZ_SEED=${FUZZ_SEED} reruns these cases${LONG_FUZZ ? ' (TG_LONG=1)' : ''}`,
);

/** fc.assert parameters: `runs` cases (`longRuns` with TG_LONG=1), from the run's seed. */
export function fuzzOptions(runs: number, longRuns: number): { numRuns: number; seed: number } {
  return { numRuns: LONG_FUZZ ? longRuns : runs, seed: FUZZ_SEED };
}
