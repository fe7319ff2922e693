/**
 * A ledger writer for the crash and concurrency tests, using the real Ledger:
 *   node --import tsx test/support/crash-writer.ts LEDGER WRITER_ID [options]
 *     --count N        append N records, then exit 0 (default: append until killed)
 *     --batch B        records per append call (default 1); with --batch-max, a random size in [B, max]
 *     --batch-max M
 *     --seed S         PRNG seed for batch sizes (default 1)
 *     --pad BYTES      filler bytes per record, to make writes larger (default 0)
 * Prints "ready" after its first append (so a kill lands in the steady append loop). Each record is
 * { record_type: 'probe', writer, n, pad? } with n counting from 0 per writer.
 */
import { parseArgs } from 'node:util';
import { Ledger } from '../../src/ledger/index.js';
import { mulberry32 } from './generate-events.js';

export const CRASH_GENESIS = {
  policy_hash: 'ab'.repeat(32),
  policy_version: '1.0.0',
  platform_tier: 'CONTROL',
} as const;

/** A seeded PRNG (mulberry32), so runs are reproducible. */
export const prng = mulberry32;

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      count: { type: 'string' },
      batch: { type: 'string', default: '1' },
      'batch-max': { type: 'string' },
      seed: { type: 'string', default: '1' },
      pad: { type: 'string', default: '0' },
    },
  });
  const [path, writer] = positionals;
  if (!path || !writer) {
    process.stderr.write(
      'usage: crash-writer.ts LEDGER WRITER_ID [--count N] [--batch B] [--batch-max M] [--seed S] [--pad BYTES]\n',
    );
    process.exit(2);
  }
  const count = values.count === undefined ? Number.POSITIVE_INFINITY : Number(values.count);
  const min = Number(values.batch);
  const max = values['batch-max'] === undefined ? min : Number(values['batch-max']);
  const random = prng(Number(values.seed));
  const pad = 'x'.repeat(Number(values.pad));
  const ledger = new Ledger(path, CRASH_GENESIS);
  for (let n = 0; n < count; ) {
    const size = Math.min(count - n, min + Math.floor(random() * (max - min + 1)));
    const bodies = Array.from({ length: size }, (_, i) =>
      pad ? { record_type: 'probe', writer, n: n + i, pad } : { record_type: 'probe', writer, n: n + i },
    );
    ledger.appendSync(bodies);
    if (n === 0) process.stdout.write('ready\n');
    n += size;
  }
}

if (process.argv[1]?.endsWith('crash-writer.ts')) main();
