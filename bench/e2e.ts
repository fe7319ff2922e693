/**
 * End to end: `evaluate()` (read → validate → engine → ledger → reports, exactly what the CLI runs)
 * on generated traffic files, each beside its floor (bench/floors.ts) on the same file; then ledger
 * verification beside reading and hashing its lines; then peak RSS. Every measurement runs in its
 * own fresh process (bench/child.ts), ours and the floor alternating.
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TrafficFormat } from '../src/traffic/index.js';
import { browserVerifyRow } from './browser-verify.js';
import { inChild, paired } from './children.js';
import { writeTrafficFile } from './formats.js';
import { fmt, type Row } from './measure.js';

export interface EndToEndOptions {
  /** Scratch folder for traffic files (kept for the next run) and ledgers (removed). */
  dir: string;
  /** Events in the native JSONL file (the headline figure). */
  jsonlEvents: number;
  /** Events in each of the HAR, k6 and nginx files. */
  formatEvents: number;
  formats: readonly TrafficFormat[];
  /** Ours/floor rounds per format (median). */
  rounds: number;
  /** Ours/floor rounds of ledger verification, in one process. */
  verifyRounds: number;
  /** Extra evaluate runs whose peak RSS is reported (e.g. 2,000,000 and 10,000,000 events). */
  memoryEvents: number[];
  /** Two sizes of a streaming run and the bound on the ratio of their peak RSS (see GROWTH). */
  growth: Growth;
  log: (line: string) => void;
}

const TARGETS: Partial<Record<TrafficFormat, number>> = { jsonl: 0.75, nginx: 0.5, k6: 0.5 };
const LABEL: Record<TrafficFormat, string> = {
  jsonl: 'native JSONL',
  har: 'HAR',
  k6: 'k6 JSON',
  nginx: 'nginx log',
};

export interface Growth {
  events: readonly [number, number];
  bound: number;
}

/**
 * Memory is bounded by the number of endpoints, never by the number of events: five times the events
 * may raise peak RSS by at most 30 % (200,000 → 1,000,000 events: 1.10 measured on 2 busy cores;
 * keeping 200 bytes per event would pass 1.5). The quick run (CI) stays small, where V8 is
 * still sizing its heap (60,000 → 300,000: 1.11 to 1.26 measured), so its bound is looser: it still
 * fails a run that keeps anything like a record per event (a ledger line is about 1.3 KB). Both sizes
 * are over 4 MiB of input, so both write the ledger on the worker thread.
 */
export const GROWTH = {
  full: { events: [200_000, 1_000_000], bound: 1.3 },
  quick: { events: [60_000, 300_000], bound: 1.5 },
} as const satisfies Record<string, Growth>;

const mb = (bytes: number) => `${fmt(bytes / 1e6)} MB`;
const ratioTarget = (target: number | undefined) => (target === undefined ? '' : `≥ ${target.toFixed(2)}`);

export async function endToEndBenchmarks(o: EndToEndOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const file = (format: TrafficFormat, events: number) => join(o.dir, `traffic-${events}.${format}`);
  const outDir = join(o.dir, 'out');
  const floorOut = join(o.dir, 'floor.jsonl');
  const cleanup = () => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(floorOut, { force: true });
  };

  let rss1M: { events: number; mb: number } | undefined;
  for (const format of o.formats) {
    const events = format === 'jsonl' ? o.jsonlEvents : o.formatEvents;
    const input = file(format, events);
    o.log(`generating ${LABEL[format]} traffic (${fmt(events)} events)`);
    await writeTrafficFile(format, input, events);
    // A format without a target (HAR) is shown for information: one round.
    const rounds = TARGETS[format] === undefined ? 1 : o.rounds;
    o.log(`end to end, ${LABEL[format]} (${mb(statSync(input).size)}), ${rounds} round(s)`);
    const result = await paired(
      { task: 'evaluate', format, input, outDir },
      { task: 'floor', format, input, output: floorOut },
      rounds,
      cleanup,
    );
    const ours = result.ours.events / result.oursSeconds;
    const floor = result.reference.events / result.referenceSeconds;
    if (result.ours.events !== result.reference.events) {
      throw new Error(
        `${format}: ours read ${result.ours.events} events, the floor ${result.reference.events}`,
      );
    }
    const target = TARGETS[format];
    rows.push({
      name: `end to end, ${LABEL[format]}, ${fmt(events)} events`,
      ours: `${fmt(ours)} events/s`,
      reference: `${fmt(floor)} events/s (floor)`,
      ratio: ours / floor,
      target: ratioTarget(target),
      met: target === undefined ? null : ours / floor >= target,
    });
    if (format === 'har') rows.push(await filterRow(o, input, events, outDir, cleanup));
    if (format === 'jsonl') {
      rss1M = { events, mb: result.oursMaxRssMB };
      rows.push({
        name: `peak RSS, evaluate ${fmt(events)} JSONL events`,
        ours: `${fmt(result.oursMaxRssMB)} MB`,
        reference: `${fmt(result.reference.maxRssMB)} MB (floor)`,
        ratio: result.oursMaxRssMB / result.reference.maxRssMB,
        target: '',
        met: null,
      });
      // The last round of ours left its ledger: verify it.
      rows.push(...(await verifyRows(outDir, o)));
    }
    cleanup();
  }

  rows.push(await growthRow(o, file, outDir, cleanup, rss1M));

  for (const events of o.memoryEvents) {
    const input = file('jsonl', events);
    o.log(`generating native JSONL traffic (${fmt(events)} events) for peak RSS`);
    await writeTrafficFile('jsonl', input, events);
    o.log(`peak RSS, evaluate ${fmt(events)} events`);
    const run = await inChild({ task: 'evaluate', format: 'jsonl', input, outDir });
    cleanup();
    if (events >= 10 * o.jsonlEvents && rss1M) {
      const ratio = run.maxRssMB / rss1M.mb;
      rows.push({
        name: `peak RSS, evaluate ${fmt(events)} JSONL events`,
        ours: `${fmt(run.maxRssMB)} MB`,
        reference: `${fmt(rss1M.mb)} MB (${fmt(rss1M.events)} events)`,
        ratio,
        target: '≤ 1.20',
        met: ratio <= 1.2,
        gate: true,
      });
    } else {
      rows.push({
        name: `peak RSS, evaluate ${fmt(events)} JSONL events`,
        ours: `${fmt(run.maxRssMB)} MB`,
        reference: rss1M ? `${fmt(rss1M.mb)} MB (${fmt(rss1M.events)} events)` : '',
        ratio: rss1M ? run.maxRssMB / rss1M.mb : Number.NaN,
        target: '< 300 MB',
        met: run.maxRssMB < 300,
      });
    }
  }
  return rows;
}

/**
 * The policy's traffic_filter is on the per-request path: HAR (absolute URLs, resource types, so every
 * rule runs) with a filter that keeps every request, beside the same run without one.
 */
async function filterRow(
  o: EndToEndOptions,
  input: string,
  events: number,
  outDir: string,
  cleanup: () => void,
): Promise<Row> {
  o.log(`end to end, HAR with a traffic_filter, ${o.rounds} round(s)`);
  const result = await paired(
    { task: 'evaluate', format: 'har', input, outDir, filter: true },
    { task: 'evaluate', format: 'har', input, outDir },
    o.rounds,
    cleanup,
  );
  const ours = result.ours.events / result.oursSeconds;
  const plain = result.reference.events / result.referenceSeconds;
  return {
    name: `end to end, HAR, ${fmt(events)} events, every traffic_filter rule (keeps all)`,
    ours: `${fmt(ours)} events/s`,
    reference: `${fmt(plain)} events/s (no filter)`,
    ratio: ours / plain,
    target: '',
    met: null,
  };
}

/** Peak RSS of a streaming run at two sizes, each in a fresh process: the larger ÷ the smaller, gated. */
async function growthRow(
  o: EndToEndOptions,
  file: (format: TrafficFormat, events: number) => string,
  outDir: string,
  cleanup: () => void,
  measured: { events: number; mb: number } | undefined,
): Promise<Row> {
  const [small, large] = o.growth.events;
  const peak = async (events: number): Promise<number> => {
    // The headline JSONL run already measured this size (its highest round): not run again.
    if (measured?.events === events) return measured.mb;
    const input = file('jsonl', events);
    o.log(`generating native JSONL traffic (${fmt(events)} events) for peak RSS growth`);
    await writeTrafficFile('jsonl', input, events);
    o.log(`peak RSS, evaluate ${fmt(events)} events`);
    cleanup();
    const run = await inChild({ task: 'evaluate', format: 'jsonl', input, outDir });
    cleanup();
    return run.maxRssMB;
  };
  const smallMB = await peak(small);
  const largeMB = await peak(large);
  const ratio = largeMB / smallMB;
  return {
    name: `peak RSS growth, evaluate ${fmt(small)} → ${fmt(large)} JSONL events`,
    ours: `${fmt(largeMB)} MB`,
    reference: `${fmt(smallMB)} MB (${fmt(small)} events)`,
    ratio,
    target: `≤ ${o.growth.bound.toFixed(2)}`,
    met: ratio <= o.growth.bound,
    gate: true,
  };
}

async function verifyRows(outDir: string, o: EndToEndOptions): Promise<Row[]> {
  const ledger = join(outDir, 'ledger.jsonl');
  const size = statSync(ledger).size;
  o.log(`ledger verification (${mb(size)}), ${o.verifyRounds} round(s)`);
  const v = await inChild({ task: 'verify', ledger, rounds: o.verifyRounds });
  const floor = v.events / v.floorSeconds!;
  const row = (mode: string, seconds: number, target: boolean): Row => ({
    name: `verify ledger${mode}, ${fmt(v.events)} records (${mb(size)})`,
    ours: `${fmt(v.events / seconds)} records/s`,
    reference: `${fmt(floor)} records/s (floor)`,
    ratio: v.events / seconds / floor,
    target: target ? '≥ 0.90' : '',
    met: target ? v.events / seconds / floor >= 0.9 : null,
  });
  return [
    row(', strict', v.seconds, true),
    row(' --fast', v.fastSeconds!, true),
    row(' --fast, one thread', v.fastOneThreadSeconds!, false),
    await browserVerifyRow(outDir, v.events, v.events / v.fastSeconds!, mb(size)),
  ];
}
