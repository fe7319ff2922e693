/**
 * Issue 12 item 14: the library engine without `ledger_path` chains its records without keeping them,
 * so its memory is bounded by endpoints, not events. Only the head stays, and verification covers it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { TrafficGovernanceEngine } from '../src/engine/engine.js';
import { type DecisionRecord, PlatformTier } from '../src/model.js';
import { createPolicy } from '../src/policy/policy.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const engine = () =>
  new TrafficGovernanceEngine({
    policy: createPolicy({ version: '1.0.0' }),
    platform_tier: PlatformTier.CONTROL,
  });
const request = (i: number) => ({
  url: `/api/items/${i % 10}`,
  method: 'GET',
  status_code: 200,
  latency_ms: 5,
  timestamp: 1_800_000_000 + i,
});

describe('the engine without a ledger file', () => {
  it('keeps none of the records it returned but the head: the caller drops them, they are collected', async () => {
    const e = engine();
    const N = 2000;
    const refs: WeakRef<DecisionRecord>[] = [];
    for (let i = 0; i < N; i++) refs.push(new WeakRef(e.processRequest(request(i))));
    // WeakRef targets stay alive until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    const alive = refs.filter((ref) => ref.deref() !== undefined).length;
    expect(alive).toBeLessThanOrEqual(1); // the head, held for verifyLedgerIntegrity
    expect(refs[N - 1]!.deref()).toBeDefined();
  });

  it('still chains: each record links to the one before, sequences count up from the genesis', () => {
    const e = engine();
    const records = [0, 1, 2].map((i) => e.processRequest(request(i)));
    expect(records.map((r) => r.sequence)).toEqual([1, 2, 3]);
    expect(records[1]!.previous_hash).toBe(records[0]!.record_hash);
    expect(records[2]!.previous_hash).toBe(records[1]!.record_hash);
    expect(e.verifyLedgerIntegrity()).toEqual({ valid: true, failed_index: null });
  });

  it('verifyLedgerIntegrity fails when the head record it holds is changed', () => {
    const e = engine();
    e.processRequest(request(0));
    const head = e.processRequest(request(1));
    (head as { decision: string }).decision = 'DROP';
    expect(e.verifyLedgerIntegrity()).toEqual({
      valid: false,
      failed_index: 2,
      reason: 'record 2 (the head) no longer has the content it was sealed with',
    });
  });

  it("verifyLedgerIntegrity fails when only the head record's record_hash is changed", () => {
    const e = engine();
    const head = e.processRequest(request(0));
    (head as { record_hash: string }).record_hash = 'ab'.repeat(32);
    expect(e.verifyLedgerIntegrity()).toEqual({
      valid: false,
      failed_index: 1,
      reason: 'record 1 (the head) no longer has the content it was sealed with',
    });
  });
});
