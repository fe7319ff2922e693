import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The package by its name: what a library user imports (the committed dist/lib bundle).
describe("import 'traffic-governance'", () => {
  it('exposes the public API of the engine, policy, artifact and run layers', async () => {
    const tg = await import('traffic-governance');
    const policy = tg.createPolicy({
      version: '1.0.0',
      contracts: [{ contract_id: 'status_v1', endpoint_pattern: 'GET /api/v1/status', max_latency_ms: 100 }],
    });
    const ledger_path = join(mkdtempSync(join(tmpdir(), 'tg-package-')), 'ledger.jsonl');
    const engine = new tg.TrafficGovernanceEngine({
      policy,
      platform_tier: tg.PlatformTier.CONTROL,
      ledger_path,
    });
    const record = engine.processRequest({
      url: '/api/v1/status',
      method: 'GET',
      status_code: 200,
      latency_ms: 20,
      timestamp: 1,
    });
    expect(record.decision).toBe(tg.Decision.ALLOW);
    expect(engine.verifyLedgerIntegrity()).toEqual({ valid: true, failed_index: null });
    expect(engine.baselines.get('GET /api/v1/status')?.request_count).toBe(1);
    expect(typeof tg.evaluate).toBe('function');
    expect(tg.RunResultSchema.safeParse({}).success).toBe(false);
  });
});
