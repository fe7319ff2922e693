/**
 * `npm run bench [-- --quick] [-- --memory-10m] [-- --only matcher,engine,e2e] [-- --dir DIR]`
 *
 * Prints one table: every figure beside a reference measured in the same run, and the ratio
 * (ours ÷ reference for throughputs, ours ÷ reference for times and sizes; the target says which way
 * is good). See docs/performance.md. Rows marked "(gate)" are bounds the product promises:
 * the bench exits 1 when one is not met (peak RSS growth for five times the events, always measured
 * with the end-to-end section: 200,000 → 1,000,000 events, or 60,000 → 300,000 with --quick).
 *  --quick       small N, one round: shows that everything still runs (CI), figures are rough
 *  --memory-10m  also evaluate 2,000,000 events (peak RSS under 300 MB) and 10,000,000 events (peak
 *                RSS ratio to 1,000,000): about 1.7 GB of input and 16 GB of ledgers written to --dir,
 *                ten minutes or more
 *  --only LIST   sections to run: matcher, engine, e2e (end to end, verify, memory)
 *  --dir DIR     scratch folder (default .tmp/bench): generated traffic is kept there and reused
 *  --events N, --rounds R, --formats jsonl,nginx,k6,har   override the sizes (JSONL and the other
 *                formats alike), rounds and formats of the end-to-end section (for profiling)
 *  --source      end to end: measure src/ through tsx instead of the committed bundle dist/lib
 */
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { TrafficFormat } from '../src/traffic/index.js';
import { endToEndBenchmarks, GROWTH } from './e2e.js';
import { engineBenchmarks } from './engine.js';
import { matcherBenchmarks } from './matcher.js';
import { printTable, type Row } from './measure.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'memory-10m': { type: 'boolean', default: false },
    only: { type: 'string', default: 'matcher,engine,e2e' },
    dir: { type: 'string', default: '.tmp/bench' },
    events: { type: 'string' },
    rounds: { type: 'string' },
    formats: { type: 'string', default: 'jsonl,nginx,k6,har' },
    source: { type: 'boolean', default: false },
  },
});
// Read by bench/child.ts in every measuring process.
if (values.source) process.env.TG_BENCH_SOURCE = '1';
const events = values.events === undefined ? undefined : Number(values.events);
const rounds = values.rounds === undefined ? undefined : Number(values.rounds);
const quick = values.quick!;
const sections = new Set(values.only!.split(','));
const dir = resolve(values.dir!);
mkdirSync(dir, { recursive: true });

const started = Date.now();
const log = (line: string) =>
  console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform}/${process.arch}`;
log(
  `traffic-governance bench (${quick ? 'quick' : 'full'}, end to end from ${values.source ? 'src/ via tsx' : 'dist/lib'}) on ${machine}; load average ${load()}`,
);

const rows: Row[] = [];
if (sections.has('matcher')) {
  log('matcher');
  rows.push(...(await matcherBenchmarks(quick)));
}
if (sections.has('engine')) {
  log('engine in memory');
  rows.push(...(await engineBenchmarks({ dir, events: quick ? 20_000 : 100_000, rounds: quick ? 1 : 3 })));
}
if (sections.has('e2e')) {
  rows.push(
    ...(await endToEndBenchmarks({
      dir,
      jsonlEvents: events ?? (quick ? 20_000 : 1_000_000),
      formatEvents: events ?? (quick ? 10_000 : 100_000),
      formats: values.formats!.split(',') as TrafficFormat[],
      // Runs of seconds to half a minute each, on a noisy machine: the median of three rounds of each
      // side (the floor first, then ours), one round in quick mode.
      rounds: rounds ?? (quick ? 1 : 3),
      verifyRounds: rounds ?? (quick ? 1 : 3),
      memoryEvents: values['memory-10m'] ? [2_000_000, 10_000_000] : [],
      growth: quick ? GROWTH.quick : GROWTH.full,
      log,
    })),
  );
}
log(`done; load average ${load()}`);
console.log(
  `\n${machine}; ${((Date.now() - started) / 1000).toFixed(0)} s; load average at the end ${load()}\n`,
);
printTable(rows);
const broken = rows.filter((r) => r.gate && r.met === false);
if (broken.length > 0) {
  console.error(
    `\nbench failed: ${broken.map((r) => `${r.name} (${r.ratio.toFixed(2)}, ${r.target})`).join('; ')}`,
  );
  process.exitCode = 1;
}
