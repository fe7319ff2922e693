/**
 * What may change a policy_hash between releases (POLICY_FORMAT in src/model.ts).
 *
 * Users pin policy hashes (the GitLab template's `expected_policy_hash`, the CLI's `--expect-hash`);
 * the literal hashes are in test/golden.test.ts. Changing what is hashed is a new policy format,
 * named in the CHANGELOG, never a side effect of a refactor or of a new optional field.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { GovernancePolicySchema, POLICY_FORMAT } from '../src/model.js';
import { createPolicy, normalizePolicy, PolicyError } from '../src/policy/policy.js';

/**
 * Format 1: every key the hashed form materializes when the policy file leaves it out. Frozen: a
 * field added after format 1 is `.optional()` with its default applied where it is used, so an
 * unchanged policy file keeps its hash. Adding a key here is a policy format change.
 */
const FORMAT_1_DEFAULTED = [
  'contracts',
  'contracts[].max_latency_ms',
  'contracts[].error_budget',
  'contracts[].rate_limit_rpm',
  'contracts[].circuit_threshold',
  'risk_thresholds',
  'risk_thresholds.throttle',
  'risk_thresholds.quarantine',
  'risk_thresholds.drop',
  'risk_weights',
  'critical_overrides',
  'autonomy_tiers',
  'error_statuses',
  'windows',
  'windows.rate_window_s',
  'windows.burn_short_s',
  'windows.burn_long_s',
  'circuit_breaker',
  'circuit_breaker.sliding_window_size',
  'circuit_breaker.minimum_calls',
  'circuit_breaker.wait_duration_s',
  'circuit_breaker.permitted_calls_in_half_open',
  'retry_storm_threshold',
  'burn_rate_critical',
  'gate',
  'gate.min_share',
  'max_unknown_endpoints',
  'max_rejected_ratio',
];

/** Format 1: the key paths of the hashed form of a policy that sets only `version` and one contract. */
const FORMAT_1_HASHED_KEYS = [
  ...['version', 'contracts', 'contracts[].contract_id', 'contracts[].endpoint_pattern'],
  'contracts[].max_latency_ms',
  'contracts[].error_budget',
  'contracts[].rate_limit_rpm',
  'contracts[].circuit_threshold',
  'contracts[].allowed_methods',
  ...['risk_thresholds', 'risk_thresholds.throttle', 'risk_thresholds.quarantine', 'risk_thresholds.drop'],
  'risk_weights',
  ...[
    'latency_score',
    'error_rate',
    'traffic_anomaly',
    'rate_limit_violation',
    'circuit_state',
    'error_budget_burn_rate',
    'latency_regression',
    'unknown_endpoint',
    'method_disallowed',
    'retry_storm',
  ].map((k) => `risk_weights.${k}`),
  'critical_overrides',
  ...['circuit_open', 'method_disallowed', 'unknown_endpoint', 'rate_limit_violation', 'retry_storm'].map(
    (k) => `critical_overrides.${k}`,
  ),
  ...['autonomy_tiers', 'autonomy_tiers.OBSERVE_ONLY', 'autonomy_tiers.CONTROL', 'autonomy_tiers.AUTONOMOUS'],
  'error_statuses',
  ...['windows', 'windows.rate_window_s', 'windows.burn_short_s', 'windows.burn_long_s'],
  'circuit_breaker',
  'circuit_breaker.sliding_window_size',
  'circuit_breaker.minimum_calls',
  'circuit_breaker.wait_duration_s',
  'circuit_breaker.permitted_calls_in_half_open',
  ...['retry_storm_threshold', 'burn_rate_critical', 'gate', 'gate.min_share'],
  ...['max_unknown_endpoints', 'max_rejected_ratio'],
  ...[
    'phase_invariants',
    'phase_invariants.2',
    'phase_invariants.3',
    'phase_invariants.4',
    'phase_invariants.5',
  ],
];

const LEAVES = new Set(['string', 'number', 'boolean', 'enum', 'literal', 'unknown']);

/** Every key path of `schema` that holds a zod default (`[]` an array element, `{}` a record value). */
function defaultedPaths(schema: z.ZodType, path = '', out: string[] = []): string[] {
  const def = schema.def as unknown as Record<string, z.ZodType> & { type: string };
  const at = (key: string) => (path ? `${path}.${key}` : key);
  switch (def.type) {
    case 'default':
      out.push(path);
      return defaultedPaths(def.innerType!, path, out);
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'prefault':
    case 'catch':
      return defaultedPaths(def.innerType!, path, out);
    case 'object':
      for (const [key, child] of Object.entries((schema as z.ZodObject).shape)) {
        defaultedPaths(child as z.ZodType, at(key), out);
      }
      return out;
    case 'array':
      return defaultedPaths(def.element!, `${path}[]`, out);
    case 'record':
      return defaultedPaths(def.valueType!, `${path}{}`, out);
    case 'pipe':
      defaultedPaths(def.in!, path, out);
      return defaultedPaths(def.out!, path, out);
    case 'union':
      for (const option of def.options as unknown as z.ZodType[]) defaultedPaths(option, path, out);
      return out;
    default:
      // A new kind of container must be walked too, or a default inside it would go unseen.
      if (!LEAVES.has(def.type)) throw new Error(`${path}: teach defaultedPaths the zod type "${def.type}"`);
      return out;
  }
}

/** The key paths of a plain value, `[]` for array elements, each once, in first-seen order. */
function keyPaths(value: unknown, path = '', out = new Set<string>()): string[] {
  if (Array.isArray(value)) for (const item of value) keyPaths(item, `${path}[]`, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      out.add(at);
      keyPaths(child, at, out);
    }
  }
  return [...out];
}

describe('policy format 1: what a policy_hash covers', () => {
  it('no field added after format 1 has a zod default (new fields are optional, defaulted where used)', () => {
    expect(POLICY_FORMAT).toBe(1);
    expect(defaultedPaths(GovernancePolicySchema)).toEqual(FORMAT_1_DEFAULTED);
  });

  it('the hashed form of a minimal policy holds exactly the format-1 keys (no new materialized default)', () => {
    const minimal = { version: '1.0.0', contracts: [{ contract_id: 'a', endpoint_pattern: 'GET /a' }] };
    expect(keyPaths(normalizePolicy(minimal)).sort()).toEqual([...FORMAT_1_HASHED_KEYS].sort());
  });

  it('format 1 is hashed without a marker: writing policy_format: 1 changes nothing', () => {
    const plain = createPolicy({ version: '1.0.0' });
    const marked = createPolicy({ version: '1.0.0', policy_format: 1 });
    expect(marked).toEqual(plain);
    expect('policy_format' in marked).toBe(false);
  });

  it('a later policy format is refused with what to do, never hashed as format 1', () => {
    expect(() => createPolicy({ version: '1.0.0', policy_format: 2 })).toThrow(
      new PolicyError(
        '$.policy_format: this engine reads policy format 1; a policy of a later format needs a newer traffic-governance',
      ),
    );
  });
});
