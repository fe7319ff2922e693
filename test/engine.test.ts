import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CircuitState,
  createPolicy,
  Decision,
  PlatformTier,
  PolicyArtifactVerifier,
  TrafficGovernanceEngine,
} from '../src/index.js';
import { seedPolicy } from './support/seed-policy.js';

const T0 = 1_790_000_000;
const tmp = () => mkdtempSync(join(tmpdir(), 'tg-engine-'));
const engineFor = (tier: PlatformTier = PlatformTier.CONTROL, ledger_path?: string) =>
  new TrafficGovernanceEngine({ policy: seedPolicy(), platform_tier: tier, ledger_path });
const ok = (url: string, extra: Record<string, unknown> = {}) => ({
  url,
  method: 'GET',
  status_code: 200,
  latency_ms: 50,
  timestamp: T0,
  ...extra,
});

describe('the original suite, done right', () => {
  it('matches an exact contract', () => {
    const r = engineFor().processRequest(ok('https://api.example.com/api/v1/status'));
    expect(r.contract_id).toBe('status_v1');
    expect(r.endpoint_key).toBe('GET /api/v1/status');
    expect(r.risk_factors.unknown_endpoint).toBe(false);
  });

  it('matches a template contract', () => {
    const r = engineFor().processRequest(ok('https://api.example.com/api/v1/deployments/abc123?x=1'));
    expect(r.contract_id).toBe('deployment_get_v1');
    expect(r.endpoint_key).toBe('GET /api/v1/deployments/{id}');
    expect(r.request.path).toBe('/api/v1/deployments/abc123');
  });

  it('flags an unknown endpoint with risk above 0.5 and at least QUARANTINE', () => {
    const r = engineFor().processRequest(ok('https://api.example.com/api/v1/unknown'));
    expect(r.contract_id).toBeNull();
    expect(r.risk_factors.unknown_endpoint).toBe(true);
    expect(r.risk_score).toBeGreaterThan(0.5);
    expect(['QUARANTINE', 'DROP']).toContain(r.decision);
    expect(r.endpoint_key).toBe('GET /api/v1/unknown');
    expect(r.reason_codes).toContain('INVARIANT_VIOLATED_CONTRACT_ID_PRESENT');
  });

  it('drops a disallowed method against its contract (not unknown)', () => {
    const r = engineFor().processRequest({ ...ok('/api/v1/status'), method: 'POST' });
    expect(r.risk_factors.method_disallowed).toBe(true);
    expect(r.risk_factors.unknown_endpoint).toBe(false);
    expect(r.contract_id).toBe('status_v1');
    expect(r.decision).toBe(Decision.DROP);
  });

  it('OBSERVE_ONLY takes only log while recommending more; CONTROL enforces', () => {
    const event = { ...ok('/api/v1/status'), status_code: 500, latency_ms: 5000 };
    const observe = engineFor(PlatformTier.OBSERVE_ONLY).processRequest(event);
    const control = engineFor(PlatformTier.CONTROL).processRequest(event);
    expect(observe.actions_taken).toEqual(['log']);
    expect(observe.recommended_actions.length).toBeGreaterThan(1);
    expect(
      control.actions_taken.some((a) => ['throttle', 'rate_limit', 'quarantine', 'block'].includes(a)),
    ).toBe(true);
    expect(control.decision).toBe(observe.decision);
    expect(control.risk_score).toBe(observe.risk_score);
  });

  it('counts the first 5xx in its own window', () => {
    const r = engineFor().processRequest({ ...ok('/api/v1/status'), status_code: 503 });
    expect(r.risk_factors.error_rate).toBe(1);
    expect(r.decision).not.toBe(Decision.ALLOW);
  });

  it('does not cap the latency score', () => {
    const r = engineFor().processRequest({ ...ok('/api/v1/status'), latency_ms: 500 });
    expect(r.risk_factors.latency_score).toBe(5);
  });

  it('chains five records', () => {
    const dir = tmp();
    const engine = engineFor(PlatformTier.CONTROL, join(dir, 'ledger.jsonl'));
    const records = [1, 2, 3, 4, 5].map((i) =>
      engine.processRequest(ok('/api/v1/status', { timestamp: T0 + i })),
    );
    for (let i = 1; i < records.length; i++)
      expect(records[i]!.previous_hash).toBe(records[i - 1]!.record_hash);
    expect(engine.verifyLedgerIntegrity()).toEqual({ valid: true, failed_index: null });
    const lines = readFileSync(join(dir, 'ledger.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[0]!).record_type).toBe('genesis');
  });

  it('detects a tampered record through verifyLedgerIntegrity', () => {
    const path = join(tmp(), 'ledger.jsonl');
    const engine = engineFor(PlatformTier.CONTROL, path);
    for (let i = 0; i < 3; i++) engine.processRequest(ok('/api/v1/status', { timestamp: T0 + i }));
    writeFileSync(path, readFileSync(path, 'utf8').replace('"decision":"ALLOW"', '"decision":"DROP"'));
    const result = engine.verifyLedgerIntegrity();
    expect(result.valid).toBe(false);
    expect(result.failed_index).toBe(1);
  });

  it('keeps an in-memory chain without a ledger path', () => {
    const engine = engineFor();
    const a = engine.processRequest(ok('/api/v1/status'));
    const b = engine.processRequest(ok('/api/v1/status'));
    expect(b.previous_hash).toBe(a.record_hash);
    expect(engine.verifyLedgerIntegrity().valid).toBe(true);
  });

  it('allows a fresh fast GET', () => {
    const r = engineFor().processRequest(ok('/api/v1/status'));
    expect(r.decision).toBe(Decision.ALLOW);
    expect(r.actions_taken).toEqual(['log']);
  });

  it('throttles a retry storm', () => {
    const r = engineFor().processRequest({ ...ok('/api/v1/status'), latency_ms: 150, retry_count: 4 });
    expect(r.risk_factors.retry_storm).toBe(true);
    expect(['THROTTLE', 'QUARANTINE', 'DROP']).toContain(r.decision);
  });

  it('verifies an artifact and fails after its version is edited', () => {
    const policy = seedPolicy();
    const path = join(tmp(), 'policy-artifact.json');
    PolicyArtifactVerifier.generatePolicyArtifact(policy, path);
    expect(PolicyArtifactVerifier.verifyPolicyArtifact(path, policy.policy_hash)).toMatchObject({
      valid: true,
    });
    writeFileSync(path, readFileSync(path, 'utf8').replace('"version":"1.0.0"', '"version":"1.0.1"'));
    const tampered = PolicyArtifactVerifier.verifyPolicyArtifact(path, policy.policy_hash);
    expect(tampered.valid).toBe(false);
    expect(tampered.reason).toContain(policy.policy_hash);
  });

  it('gives two tiers the same version, hash, score and decision, and different actions', () => {
    const event = { ...ok('/api/v1/status'), status_code: 500, latency_ms: 5000 };
    const a = engineFor(PlatformTier.OBSERVE_ONLY).processRequest(event);
    const b = engineFor(PlatformTier.CONTROL).processRequest(event);
    expect(a.policy_version).toBe(b.policy_version);
    expect(a.policy_hash).toBe(b.policy_hash);
    expect(a.risk_score).toBe(b.risk_score);
    expect(a.decision).toBe(b.decision);
    expect(a.actions_taken).not.toEqual(b.actions_taken);
  });
});

describe('engine state', () => {
  it('keeps baselines and circuits keyed by endpoint_key', () => {
    const engine = engineFor();
    engine.processRequest(ok('/api/v1/status'));
    engine.processRequest({ ...ok('/api/v1/status'), status_code: 500, timestamp: T0 + 1 });
    const baseline = engine.baselines.get('GET /api/v1/status');
    expect(baseline?.request_count).toBe(2);
    expect(baseline?.error_count).toBe(1);
    expect(engine.circuits.get('GET /api/v1/status')?.state).toBe(CircuitState.CLOSED);
  });

  it('opens the circuit and drops while it is open, then recovers through HALF_OPEN', () => {
    const engine = engineFor();
    const records = [];
    for (let i = 0; i < 5; i++)
      records.push(engine.processRequest({ ...ok('/api/v1/status'), status_code: 500, timestamp: T0 + i }));
    const opening = records[4]!;
    expect(opening.circuit_transitions).toEqual([{ from: 'CLOSED', to: 'OPEN' }]);
    expect(opening.circuit_state).toBe('OPEN');
    const blocked = engine.processRequest(ok('/api/v1/status', { timestamp: T0 + 10 }));
    expect(blocked.risk_factors.circuit_state).toBe('OPEN');
    expect(blocked.decision).toBe(Decision.DROP);
    // wait_duration_s (30) later: HALF_OPEN admits 3 calls; 3 successes close it
    const probes = [40, 41, 42].map((dt) =>
      engine.processRequest(ok('/api/v1/status', { timestamp: T0 + dt })),
    );
    expect(probes[0]!.circuit_transitions).toEqual([{ from: 'OPEN', to: 'HALF_OPEN' }]);
    expect(probes[2]!.circuit_transitions).toEqual([{ from: 'HALF_OPEN', to: 'CLOSED' }]);
    expect(engine.circuits.get('GET /api/v1/status')?.state).toBe('CLOSED');
  });

  it('rejects an invalid event with the field path', () => {
    expect(() => engineFor().processRequest({ ...ok('/x'), latency_ms: -1 })).toThrow(/latency_ms/);
  });

  it('gets the same decisions whatever the tier (tier only filters actions)', () => {
    const tiers = [PlatformTier.OBSERVE_ONLY, PlatformTier.CONTROL, PlatformTier.AUTONOMOUS];
    const engines = tiers.map((t) => engineFor(t));
    for (let i = 0; i < 200; i++) {
      const event = {
        ...ok(i % 7 === 0 ? '/api/v1/nope' : '/api/v1/status'),
        status_code: i % 5 === 0 ? 502 : 200,
        latency_ms: (i * 37) % 400,
        timestamp: T0 + i / 10,
      };
      const [a, b, c] = engines.map((e) => e.processRequest(event));
      expect(b!.decision).toBe(a!.decision);
      expect(c!.risk_score).toBe(a!.risk_score);
      expect(c!.risk_factors).toEqual(a!.risk_factors);
    }
  });

  it('marks a policy whose hash no longer matches its content', () => {
    const policy = { ...seedPolicy(), version: '9.9.9' };
    const r = new TrafficGovernanceEngine({ policy, platform_tier: 'CONTROL' }).processRequest(
      ok('/api/v1/status'),
    );
    expect(r.reason_codes).toContain('INVARIANT_VIOLATED_POLICY_HASH_VERIFIED');
    expect(r.invariant_checks.find((c) => c.invariant === 'policy_hash_verified')?.passed).toBe(false);
  });
});

describe('unknown endpoints', () => {
  it('tracks at most max_unknown_endpoints distinct unknown paths, then counts the rest together', () => {
    const policy = createPolicy({ version: '1.0.0', max_unknown_endpoints: 3 });
    const engine = new TrafficGovernanceEngine({ policy, platform_tier: 'CONTROL' });
    const records = [0, 1, 2, 3, 4, 5].map((i) =>
      engine.processRequest(ok(`/scan/${i}`, { timestamp: T0 + i })),
    );
    expect(records.map((r) => r.endpoint_key)).toEqual([
      'GET /scan/0',
      'GET /scan/1',
      'GET /scan/2',
      'GET (other unknown paths)',
      'GET (other unknown paths)',
      'GET (other unknown paths)',
    ]);
    expect(records[5]!.request.path).toBe('/scan/5');
    expect(engine.baselines.get('GET (other unknown paths)')?.request_count).toBe(3);
    expect(engine.baselines.size).toBe(4);
    // A path already tracked keeps its own endpoint.
    expect(engine.processRequest(ok('/scan/1', { timestamp: T0 + 9 })).endpoint_key).toBe('GET /scan/1');
  });
});
