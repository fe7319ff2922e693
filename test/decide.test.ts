import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../src/engine/circuit.js';
import {
  createPolicy,
  PolicyArtifactVerifier,
  TrafficGovernanceEngine,
  verifyPolicyArtifact,
} from '../src/index.js';
import { writePolicyArtifact } from '../src/policy/artifact.js';

const T0 = 1_790_000_000;
const contract = { contract_id: 's', endpoint_pattern: 'GET /s', max_latency_ms: 100, rate_limit_rpm: 3 };
const engine = (extra: Record<string, unknown> = {}) =>
  new TrafficGovernanceEngine({
    policy: createPolicy({ version: '1.0.0', contracts: [contract], ...extra }),
    platform_tier: 'CONTROL',
  });
const get = (url: string, t = T0, extra: Record<string, unknown> = {}) => ({
  url,
  method: 'GET',
  status_code: 200,
  latency_ms: 10,
  timestamp: t,
  ...extra,
});

describe('decisions and the policy', () => {
  it('throttles once the sliding window exceeds rate_limit_rpm, and says so', () => {
    const e = engine();
    const records = [0, 1, 2, 3].map((i) => e.processRequest(get('/s', T0 + i)));
    expect(records.slice(0, 3).every((r) => !r.risk_factors.rate_limit_violation)).toBe(true);
    const fourth = records[3]!;
    expect(fourth.risk_factors.rate_limit_violation).toBe(true);
    expect(fourth.decision).toBe('THROTTLE');
    expect(fourth.reason_codes).toContain('RATE_LIMIT_VIOLATION');
    expect(fourth.reason_codes).toContain('OVERRIDE_RATE_LIMIT_VIOLATION');
    expect(fourth.recommended_actions).toContain('rate_limit');
    // 61 s later the window has emptied
    expect(e.processRequest(get('/s', T0 + 64)).risk_factors.rate_limit_violation).toBe(false);
  });

  it('takes the override floors from the policy: they can be lowered and raised', () => {
    const lenient = engine({
      critical_overrides: { method_disallowed: 'ALLOW', unknown_endpoint: 'THROTTLE' },
    });
    const disallowed = lenient.processRequest({ ...get('/s'), method: 'POST' });
    expect(disallowed.decision).toBe('ALLOW');
    expect(disallowed.reason_codes).toContain('METHOD_DISALLOWED');
    const unknown = lenient.processRequest(get('/nowhere'));
    expect(unknown.decision).toBe('THROTTLE');
    expect(unknown.risk_score).toBeLessThan(0.55);

    const strict = engine({ critical_overrides: { unknown_endpoint: 'DROP' } });
    const dropped = strict.processRequest(get('/nowhere'));
    expect(dropped.decision).toBe('DROP');
    expect(dropped.risk_score).toBeGreaterThanOrEqual(0.8);
    expect(dropped.reason_codes).toContain('OVERRIDE_UNKNOWN_ENDPOINT');
  });

  it('lifts the score to the threshold of the override decision, so score and decision agree', () => {
    const r = engine({ risk_thresholds: { throttle: 0.2, quarantine: 0.4, drop: 0.7 } }).processRequest(
      get('/nowhere'),
    );
    expect(r.decision).toBe('QUARANTINE');
    expect(r.risk_score).toBeGreaterThanOrEqual(0.4);
    expect(r.risk_score).toBeLessThan(0.7);
  });

  it('names a critical condition even when its weight is zero', () => {
    const r = engine({ risk_weights: { method_disallowed: 0 } }).processRequest({
      ...get('/s'),
      method: 'DELETE',
    });
    expect(r.decision).toBe('DROP');
    expect(r.reason_codes).toContain('METHOD_DISALLOWED');
  });

  it('lists only factors that contributed', () => {
    const r = engine().processRequest(get('/s'));
    expect(r.reason_codes).toEqual(['LATENCY_SCORE']);
  });
});

describe('circuit breaker configuration', () => {
  it('evaluates a window smaller than minimum_calls once it is full (resilience4j)', () => {
    const cb = new CircuitBreaker(
      { sliding_window_size: 4, minimum_calls: 10, wait_duration_s: 30, permitted_calls_in_half_open: 2 },
      0.5,
    );
    for (let i = 0; i < 3; i++) cb.call(i, true);
    expect(cb.state).toBe('CLOSED');
    cb.call(3, true);
    expect(cb.state).toBe('OPEN');
  });
});

describe('policy artifact', () => {
  const policy = createPolicy({ version: '1.2.3', contracts: [contract] });
  const dir = mkdtempSync(join(tmpdir(), 'tg-artifact-'));

  it('takes generated_at from SOURCE_DATE_EPOCH, outside the hash', () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writePolicyArtifact(policy, a, { SOURCE_DATE_EPOCH: '1700000000' });
    writePolicyArtifact(policy, b, {});
    const withDate = JSON.parse(readFileSync(a, 'utf8'));
    expect(withDate.generated_at).toBe('2023-11-14T22:13:20.000Z');
    expect(JSON.parse(readFileSync(b, 'utf8')).generated_at).toBeUndefined();
    expect(verifyPolicyArtifact(a, policy.policy_hash).valid).toBe(true);
    expect(verifyPolicyArtifact(b, policy.policy_hash).valid).toBe(true);
    expect(() => writePolicyArtifact(policy, a, { SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(
      /SOURCE_DATE_EPOCH/,
    );
  });

  it('refuses an artifact that declares a hash its content does not have', () => {
    const path = join(dir, 'c.json');
    PolicyArtifactVerifier.generatePolicyArtifact(policy, path);
    const other = createPolicy({ version: '9.9.9' });
    const text = readFileSync(path, 'utf8').replace(policy.policy_hash, other.policy_hash);
    writeFileSync(path, text);
    const r = verifyPolicyArtifact(path, policy.policy_hash);
    expect(r.valid).toBe(false);
    expect(r.reason).toMatch(/declares policy_hash/);
  });
});
