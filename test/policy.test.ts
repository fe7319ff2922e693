import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../src/canonical.js';
import { computePolicyHash, createPolicy, loadPolicy, PolicyError } from '../src/index.js';

const base = { version: '1.0.0', contracts: [{ contract_id: 's', endpoint_pattern: 'GET /s' }] };

describe('createPolicy', () => {
  it('applies the defaults and hashes every field but the hash', () => {
    const p = createPolicy(base);
    expect(p.contracts[0]).toMatchObject({
      allowed_methods: ['GET'],
      max_latency_ms: 1000,
      circuit_threshold: 0.5,
    });
    expect(p.risk_thresholds).toEqual({ throttle: 0.3, quarantine: 0.55, drop: 0.8 });
    expect(p.autonomy_tiers.OBSERVE_ONLY).toEqual(['log']);
    const { policy_hash, ...rest } = p;
    expect(policy_hash).toBe(sha256Hex(canonicalJson(rest)));
    expect(computePolicyHash(p)).toBe(policy_hash);
  });

  it('changes the hash when a contract, a weight or an override changes', () => {
    const h = createPolicy(base).policy_hash;
    expect(
      createPolicy({ ...base, contracts: [{ ...base.contracts[0], max_latency_ms: 999 }] }).policy_hash,
    ).not.toBe(h);
    expect(createPolicy({ ...base, risk_weights: { retry_storm: 0.5 } }).policy_hash).not.toBe(h);
    expect(createPolicy({ ...base, critical_overrides: { unknown_endpoint: 'DROP' } }).policy_hash).not.toBe(
      h,
    );
  });

  it('ignores a declared policy_hash and gives the same hash for explicit defaults', () => {
    const h = createPolicy(base).policy_hash;
    expect(createPolicy({ ...base, policy_hash: 'f'.repeat(64) }).policy_hash).toBe(h);
    expect(createPolicy({ ...base, max_rejected_ratio: 0.01 }).policy_hash).toBe(h);
  });

  it('rejects unknown keys with their JSON path', () => {
    expect(() => createPolicy({ ...base, treshold: 1 })).toThrow(/\$\.treshold: unknown key/);
    expect(() => createPolicy({ ...base, contracts: [{ ...base.contracts[0], max_latncy_ms: 5 }] })).toThrow(
      /\$\.contracts\[0\]\.max_latncy_ms: unknown key/,
    );
  });

  it('rejects wrong types, bad versions, inconsistent methods and duplicate ids', () => {
    expect(() => createPolicy({ ...base, version: 'one' })).toThrow(/\$\.version: version must be semver/);
    expect(() =>
      createPolicy({
        ...base,
        contracts: [{ contract_id: 'x', endpoint_pattern: 'GET /x', allowed_methods: ['POST'] }],
      }),
    ).toThrow(/\$\.contracts\[0\]\.allowed_methods: does not include GET/);
    expect(() =>
      createPolicy({ ...base, contracts: [{ contract_id: 'x', endpoint_pattern: '/x' }] }),
    ).toThrow(/required when endpoint_pattern has no method/);
    expect(() => createPolicy({ ...base, contracts: [base.contracts[0], base.contracts[0]] })).toThrow(
      /already used by \$\.contracts\[0\]/,
    );
    expect(() =>
      createPolicy({ ...base, risk_thresholds: { throttle: 0.9, quarantine: 0.5, drop: 0.8 } }),
    ).toThrow(/throttle <= quarantine <= drop/);
    expect(() =>
      createPolicy({ ...base, contracts: [{ ...base.contracts[0], max_latency_ms: '100' }] }),
    ).toThrow(PolicyError);
  });
});

describe('loadPolicy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-policy-'));
  it('reads YAML and merges a contracts file, naming files in errors', () => {
    const policyPath = join(dir, 'policy.yaml');
    const contractsPath = join(dir, 'contracts.yaml');
    writeFileSync(policyPath, 'version: 2.0.0\n');
    writeFileSync(contractsPath, '- contract_id: a\n  endpoint_pattern: GET /a\n');
    const p = loadPolicy(policyPath, [contractsPath]);
    expect(p.contracts.map((c) => c.contract_id)).toEqual(['a']);
    writeFileSync(contractsPath, '- contract_id: a\n  endpoint_pattern: GET /a\n  colour: red\n');
    expect(() => loadPolicy(policyPath, [contractsPath])).toThrow(
      /contracts\.yaml: invalid policy:\n\$\.contracts\[0\]\.colour: unknown key/,
    );
  });

  it('says which file is missing or malformed', () => {
    expect(() => loadPolicy(join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: cannot read \(no such file\)/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: [1\n');
    expect(() => loadPolicy(bad)).toThrow(/bad\.yaml: not valid YAML or JSON/);
  });
});
