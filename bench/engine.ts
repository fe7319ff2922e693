/**
 * Engine throughput with and without the ledger, each beside a floor that does the least any
 * ledger-writing tool must: serialize a record, hash it and (with the ledger) write it.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrafficGovernanceEngine } from '../src/engine/engine.js';
import { Ledger } from '../src/ledger/index.js';
import type { GovernancePolicy, RequestEvent } from '../src/model.js';
import { loadPolicy } from '../src/policy/load.js';
import { generateEvents } from '../test/support/generate-events.js';
import { fmt, interleave, type Row } from './measure.js';

const BATCH = 1000;

export const examplePolicy = (): GovernancePolicy => loadPolicy('examples/policy.yaml', ['examples/contracts.yaml']);

function floor(events: readonly RequestEvent[], file: string | null): void {
  const fd = file ? openSync(file, 'w') : -1;
  let buffer = '';
  let previous = '';
  for (let i = 0; i < events.length; i++) {
    const line = JSON.stringify({ ...events[i], previous_hash: previous });
    previous = createHash('sha256').update(line).digest('hex');
    if (fd >= 0) {
      buffer += `${line}\n`;
      if ((i + 1) % BATCH === 0) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
  }
  if (fd >= 0) {
    writeSync(fd, buffer);
    closeSync(fd);
  }
}

function engineRun(policy: GovernancePolicy, events: readonly RequestEvent[], file: string | null): void {
  const engine = new TrafficGovernanceEngine({ policy, platform_tier: 'CONTROL' });
  if (!file) {
    for (const e of events) engine.evaluate(e);
    return;
  }
  rmSync(file, { force: true });
  const ledger = new Ledger(file, { policy_hash: policy.policy_hash, policy_version: policy.version, platform_tier: 'CONTROL' });
  let batch = [];
  for (const e of events) {
    batch.push(engine.evaluate(e));
    if (batch.length === BATCH) {
      ledger.appendSync(batch);
      batch = [];
    }
  }
  ledger.appendSync(batch);
}

export async function engineBenchmarks(quick: boolean): Promise<Row[]> {
  const n = quick ? 20_000 : 200_000;
  const events = [...generateEvents({ count: n, seed: 7 })];
  const policy = examplePolicy();
  const dir = mkdtempSync(join(tmpdir(), 'tg-bench-'));
  const rows: Row[] = [];
  for (const withLedger of [false, true]) {
    const ours = withLedger ? join(dir, 'ours.jsonl') : null;
    const ref = withLedger ? join(dir, 'floor.jsonl') : null;
    const t = await interleave(
      quick ? 1 : 3,
      () => engineRun(policy, events, ours),
      () => floor(events, ref),
    );
    rows.push({
      name: `engine, ${fmt(n)} events in memory, ${withLedger ? 'with' : 'without'} ledger`,
      ours: `${fmt(n / t.a)} events/s`,
      reference: `${fmt(n / t.b)} events/s (floor: stringify + sha256${withLedger ? ' + write' : ''})`,
      ratio: t.b / t.a,
      target: '',
      met: null,
    });
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}
