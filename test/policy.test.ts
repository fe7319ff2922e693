import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../src/canonical.js';
import {
  computePolicyHash,
  createPolicy,
  createPolicyArtifact,
  loadPolicy,
  PolicyError,
} from '../src/index.js';
import { serializeArtifact, verifyPolicyArtifactText } from '../src/policy/artifact.js';
import {
  publicKeyOf,
  serializeSignedArtifact,
  signArtifact,
  verifySignedArtifactText,
} from '../src/trust/index.js';

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
      /contracts\.yaml: invalid policy:\n.*contracts\.yaml: \$\[0\]\.colour: unknown key/,
    );
  });

  it('says which file is missing or malformed', () => {
    expect(() => loadPolicy(join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: cannot read \(no such file\)/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: [1\n');
    expect(() => loadPolicy(bad)).toThrow(/bad\.yaml: not valid YAML or JSON/);
  });

  it('a YAML error gives its line and column and ends with the problem, not a dangling ":"', () => {
    const cases: Array<[string, RegExp]> = [
      [
        'version: 1.0.0\nkey: value: other\n',
        /: not valid YAML or JSON \(line 2, column 6\): Nested mappings are not allowed in compact mappings$/,
      ],
      [
        'version: 1.0.0\nversion: 2.0.0\n',
        /: not valid YAML or JSON \(line 2, column 1\): Map keys must be unique$/,
      ],
      [
        `version: 1.0.0\nname: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
        /: not valid YAML or JSON \(line 2, column \d+\): nested too deeply to read \(policies and contracts are a few levels deep\)$/,
      ],
    ];
    const bad = join(dir, 'bad.yaml');
    for (const [text, problem] of cases) {
      writeFileSync(bad, text);
      expect(() => loadPolicy(bad)).toThrow(new RegExp(`^${bad}: `));
      expect(() => loadPolicy(bad)).toThrow(problem);
    }
  });

  it('names the contracts file and the path inside it for an error in one of its contracts', () => {
    const policyPath = join(dir, 'own.yaml');
    writeFileSync(
      policyPath,
      'version: 1.0.0\ncontracts:\n  - { contract_id: own, endpoint_pattern: GET /own }\n',
    );
    const listed = join(dir, 'listed.yaml');
    writeFileSync(
      listed,
      '- { contract_id: a, endpoint_pattern: GET /a }\n- { contract_id: b, endpoint_pattern: GET /b, max_latency_ms: -1 }\n',
    );
    expect(() => loadPolicy(policyPath, [listed])).toThrow(
      new RegExp(`\n${listed}: \\$\\[1\\]\\.max_latency_ms: Too small`),
    );
  });
});

describe('contracts that would shadow one another (one method on one path, two contracts)', () => {
  const contract = (id: string, endpoint_pattern: string, extra: Record<string, unknown> = {}) => ({
    contract_id: id,
    endpoint_pattern,
    ...extra,
  });
  const policyWith = (...contracts: object[]) => ({ version: '1.0.0', contracts });

  it('refuses two contracts with the same pattern, naming both JSON paths', () => {
    expect(() =>
      createPolicy(
        policyWith(contract('s', 'GET /s'), contract('a', 'GET /api/cart'), contract('b', 'GET /api/cart')),
      ),
    ).toThrow(
      new PolicyError(
        '$.contracts[2].endpoint_pattern: "GET /api/cart" (contract "b") governs GET on the same path as $.contracts[1] ("GET /api/cart", contract "a"), which always wins, so this contract would never apply to GET: remove one, or give them disjoint methods',
      ),
    );
  });

  it('refuses templates that differ only in parameter names, and overlapping allowed_methods', () => {
    expect(() =>
      createPolicy(policyWith(contract('a', 'GET /orders/{id}'), contract('b', 'GET /orders/{orderId}/'))),
    ).toThrow(
      /\$\.contracts\[1\]\.endpoint_pattern: "GET \/orders\/\{orderId\}\/" \(contract "b"\) governs GET on the same path as \$\.contracts\[0\]/,
    );
    expect(() =>
      createPolicy(policyWith(contract('a', 'GET /f/{name}.json'), contract('b', 'GET /f/{id}.json'))),
    ).toThrow(/governs GET on the same path as \$\.contracts\[0\]/);
    expect(() =>
      createPolicy(
        policyWith(contract('a', '/cart', { allowed_methods: ['GET', 'POST'] }), contract('b', 'POST /cart')),
      ),
    ).toThrow(
      /\$\.contracts\[1\]\.endpoint_pattern: "POST \/cart" \(contract "b"\) governs POST on the same path as \$\.contracts\[0\]/,
    );
  });

  it('accepts one path split by method, and a static path beside a template', () => {
    const p = createPolicy(
      policyWith(
        contract('read', 'GET /orders/{id}'),
        contract('delete', 'DELETE /orders/{orderId}'),
        contract('featured', 'GET /orders/featured'),
      ),
    );
    expect(p.contracts.map((c) => c.contract_id)).toEqual(['read', 'delete', 'featured']);
  });

  it('accepts a template beside the static path it becomes without its parameter', () => {
    const p = createPolicy(
      policyWith(contract('one', 'GET /f/{name}.json'), contract('bare', 'GET /f/.json')),
    );
    expect(p.contracts.map((c) => c.contract_id)).toEqual(['one', 'bare']);
  });

  it('names the files when the two contracts come from the policy and a contracts file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-shadow-'));
    const policyPath = join(dir, 'policy.yaml');
    const contractsPath = join(dir, 'contracts.yaml');
    writeFileSync(
      policyPath,
      'version: 1.0.0\ncontracts:\n  - { contract_id: cart, endpoint_pattern: GET /api/cart }\n',
    );
    writeFileSync(
      contractsPath,
      'contracts:\n  - { contract_id: cart-read, endpoint_pattern: "GET /api/cart" }\n',
    );
    expect(() => loadPolicy(policyPath, [contractsPath])).toThrow(
      `${contractsPath}: $.contracts[0].endpoint_pattern: "GET /api/cart" (contract "cart-read") governs GET on the same path as $.contracts[0] ("GET /api/cart", contract "cart")`,
    );
  });
});

describe('endpoint_pattern wildcards', () => {
  it('refuses "*" and ".*" instead of taking them as literal text that never matches', () => {
    for (const pattern of ['GET /api/*', 'GET /api/.*', 'GET /api/**/items', 'GET /files/*.json']) {
      expect(() =>
        createPolicy({ version: '1.0.0', contracts: [{ contract_id: 'w', endpoint_pattern: pattern }] }),
      ).toThrow(
        `$.contracts[0].endpoint_pattern: endpoint pattern ${JSON.stringify(pattern)}: "*" is not a wildcard (patterns are matched as text, segment by segment): write {name} for one segment, like /api/items/{id}`,
      );
    }
  });
});

describe('policy artifact: a "__proto__" key inside policy', () => {
  const policy = createPolicy(base);
  const text = serializeArtifact(createPolicyArtifact(policy, {}));
  // JSON.parse keeps "__proto__" as an own key; a copy built by assignment would drop it unseen.
  const tampered = text.replace('"policy":{', '"policy":{"__proto__":{"max_rejected_ratio":1},');
  const refusal = '$.policy.__proto__: unknown key (not part of the schema)';

  it('is refused by the hash-pinned verifier, as the policy loader refuses it', () => {
    expect(tampered).not.toBe(text);
    const r = verifyPolicyArtifactText(tampered, policy.policy_hash, 'a.json');
    expect([r.valid, r.reason]).toEqual([false, `a.json: not a policy artifact:\n${refusal}`]);
    expect(verifyPolicyArtifactText(text, policy.policy_hash).valid).toBe(true);
  });

  it('is refused by the signed verifier and by signing', () => {
    const key = generateKeyPairSync('ed25519').privateKey;
    const signed = serializeSignedArtifact(signArtifact(JSON.parse(text), key));
    const forged = signed.replace('"policy":{', '"policy":{"__proto__":{"x":1},');
    const options = { threshold: 1, now: new Date('2027-01-01T00:00:00Z') };
    expect(verifySignedArtifactText(signed, [publicKeyOf(key)], options).valid).toBe(true);
    const r = verifySignedArtifactText(forged, [publicKeyOf(key)], options);
    expect([r.valid, r.reason]).toEqual([false, `artifact: not a signed policy artifact:\n${refusal}`]);
    expect(() => signArtifact(JSON.parse(tampered), key)).toThrow(refusal);
  });
});
