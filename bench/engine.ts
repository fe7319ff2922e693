/**
 * Engine throughput on events already in memory (issue 2's figures), with and without the ledger,
 * each beside the floor's ledger side (bench/floors.ts: a record of the same shape and size,
 * JSON.stringify, sha256, and with the ledger a write per 1,000 lines). Rounds alternate in this
 * process; medians.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TrafficGovernanceEngine } from '../src/engine/engine.js';
import { Ledger } from '../src/ledger/index.js';
import type { DecisionRecord, GovernancePolicy, RequestEvent, Unchained } from '../src/model.js';
import { loadPolicy } from '../src/policy/load.js';
import { LEDGER_BATCH } from '../src/run.js';
import { generateEvents } from '../test/support/generate-events.js';
import { FloorLedger } from './floors.js';
import { SEED } from './formats.js';
import { fmt, interleave, type Row } from './measure.js';

export const examplePolicy = (): GovernancePolicy =>
  loadPolicy('examples/policy.yaml', ['examples/contracts.yaml']);

function floor(events: readonly RequestEvent[], file: string | null): void {
  const ledger = new FloorLedger(file);
  for (const e of events) ledger.add(e);
  ledger.close();
}

function engineRun(policy: GovernancePolicy, events: readonly RequestEvent[], file: string | null): void {
  const engine = new TrafficGovernanceEngine({ policy, platform_tier: 'CONTROL' });
  if (!file) {
    for (const e of events) engine.evaluate(e);
    return;
  }
  rmSync(file, { force: true });
  const ledger = new Ledger(file, {
    policy_hash: policy.policy_hash,
    policy_version: policy.version,
    platform_tier: 'CONTROL',
  });
  const batch: Unchained<DecisionRecord>[] = [];
  for (const e of events) {
    batch.push(engine.evaluate(e));
    if (batch.length === LEDGER_BATCH) {
      ledger.writeSync(batch);
      batch.length = 0;
    }
  }
  ledger.writeSync(batch);
}

export async function engineBenchmarks(o: { dir: string; events: number; rounds: number }): Promise<Row[]> {
  const events = [...generateEvents({ count: o.events, seed: SEED })];
  const policy = examplePolicy();
  const dir = join(o.dir, 'engine');
  mkdirSync(dir, { recursive: true });
  const rows: Row[] = [];
  for (const withLedger of [false, true]) {
    const ours = withLedger ? join(dir, 'ours.jsonl') : null;
    const ref = withLedger ? join(dir, 'floor.jsonl') : null;
    const t = await interleave(
      o.rounds,
      () => engineRun(policy, events, ours),
      () => floor(events, ref),
    );
    rows.push({
      name: `engine in memory, ${fmt(o.events)} events, ${withLedger ? 'with ledger' : 'no ledger (floor: no write)'}`,
      ours: `${fmt(o.events / t.a)} events/s`,
      reference: `${fmt(o.events / t.b)} events/s (floor)`,
      ratio: t.b / t.a,
      target: '',
      met: null,
    });
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}
