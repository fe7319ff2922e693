/**
 * Streaming: the generator is deterministic and valid; with TG_LONG=1, 2,000,000 generated events
 * are evaluated and peak RSS is printed. Memory is asserted by `npm run bench` (CI runs its quick
 * form), as a ratio that does not depend on the machine: the peak RSS of five times the events over
 * that of the smaller run, each in a fresh process (bench/e2e.ts, GROWTH).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/ledger/index.js';
import { RequestEventSchema } from '../src/model.js';
import { loadPolicy } from '../src/policy/load.js';
import { evaluate } from '../src/run.js';
import { generateEvents, generateJsonl, writeEventsFile } from './support/generate-events.js';

const EXAMPLES = join(import.meta.dirname, '..', 'examples');
const root = mkdtempSync(join(tmpdir(), 'tg-stream-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('generate-events', () => {
  it('gives the same bytes for the same seed, other bytes for another seed', () => {
    const text = (seed: number) => [...generateJsonl({ count: 2000, seed })].join('');
    expect(text(7)).toBe(text(7));
    expect(text(7)).not.toBe(text(8));
    expect(text(7).split('\n')).toHaveLength(2001);
  });

  it('produces valid events in time order with a realistic mix', () => {
    const events = [...generateEvents({ count: 20_000, seed: 1, unknownShare: 0.02 })];
    for (const e of events) expect(RequestEventSchema.safeParse(e).success).toBe(true);
    expect(events.every((e, i) => i === 0 || e.timestamp > events[i - 1]!.timestamp)).toBe(true);
    const share = (p: (e: (typeof events)[number]) => boolean) => events.filter(p).length / events.length;
    expect(share((e) => e.status_code === 200)).toBeGreaterThan(0.9);
    expect(share((e) => e.status_code >= 500)).toBeGreaterThan(0);
    expect(
      share(
        (e) => !e.url.startsWith('/api/') || e.url.startsWith('/api/v0') || e.url.startsWith('/api/produtcs'),
      ),
    ).toBeCloseTo(0.02, 2);
    expect(
      new Set(events.map((e) => `${e.method} ${e.url.split('/').slice(0, 3).join('/')}`)).size,
    ).toBeGreaterThan(5);
  });
});

describe.skipIf(process.env.TG_LONG !== '1')('2,000,000 events (TG_LONG=1)', () => {
  it('streams through evaluate with memory bounded by endpoints', { timeout: 3_600_000 }, async () => {
    const count = 2_000_000;
    const traffic = join(root, 'events.jsonl');
    await writeEventsFile(traffic, { count, seed: 2026, ratePerSecond: 40 });
    const policy = loadPolicy(join(EXAMPLES, 'policy.yaml'), [join(EXAMPLES, 'contracts.yaml')]);
    const rssBefore = process.resourceUsage().maxRSS;
    const started = performance.now();
    const result = await evaluate({
      policy,
      traffic: [traffic],
      format: 'auto',
      tier: 'CONTROL',
      outDir: join(root, 'out'),
      env: {},
    });
    const seconds = (performance.now() - started) / 1000;
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    const ledgerBytes = statSync(join(root, 'out', 'ledger.jsonl')).size;
    console.log(
      `streaming: ${count} events in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} events/s); ` +
        `peak RSS ${maxRssMb.toFixed(0)} MB (before the run ${(rssBefore / 1024).toFixed(0)} MB); ` +
        `traffic ${(statSync(traffic).size / 2 ** 20).toFixed(0)} MiB, ledger ${(ledgerBytes / 2 ** 20).toFixed(0)} MiB; ` +
        `${result.endpoints.length} endpoints, verdict ${result.verdict}`,
    );
    expect(result.input).toMatchObject({ read: count, accepted: count, rejected: 0 });
    expect(result.ledger.records).toBe(1 + count + result.endpoints.length + 1);
    expect(
      verifyLedger(join(root, 'out', 'ledger.jsonl'), {
        head: result.ledger.head_hash,
        count: result.ledger.records,
      }).valid,
    ).toBe(true);
  });
});
