/**
 * createPolicy: validates a user-authored policy (unknown keys are errors with their JSON path),
 * applies every default, normalizes its contracts and computes policy_hash over all of it.
 */
import { hashWithout } from '../canonical.js';
import { parseEndpointPattern } from '../engine/matcher.js';
import {
  DEFAULT_AUTONOMY_TIERS,
  DEFAULT_CRITICAL_OVERRIDES,
  DEFAULT_PHASE_INVARIANTS,
  DEFAULT_RISK_WEIGHTS,
  formatZodError,
  type GovernancePolicy,
  type GovernancePolicyInput,
  GovernancePolicySchema,
  type HttpMethod,
  type ServiceContract,
} from '../model.js';
import { quoted, visible } from '../report/text.js';

export class PolicyError extends Error {
  override name = 'PolicyError';
}

function normalizeContract(
  contract: Omit<ServiceContract, 'allowed_methods'> & { allowed_methods?: HttpMethod[] },
  index: number,
): ServiceContract {
  const where = `$.contracts[${index}]`;
  let pattern: ReturnType<typeof parseEndpointPattern>;
  try {
    pattern = parseEndpointPattern(contract.endpoint_pattern);
  } catch (error) {
    throw new PolicyError(`${where}.endpoint_pattern: ${visible((error as Error).message)}`);
  }
  const method = pattern.method as HttpMethod | null;
  let allowed = contract.allowed_methods;
  if (!allowed) {
    if (!method) {
      throw new PolicyError(
        `${where}.allowed_methods: required when endpoint_pattern has no method (write "GET ${visible(contract.endpoint_pattern)}" or list allowed_methods)`,
      );
    }
    allowed = [method];
  } else if (method && !allowed.includes(method)) {
    throw new PolicyError(
      `${where}.allowed_methods: does not include ${method}, the method of endpoint_pattern`,
    );
  }
  return { ...contract, allowed_methods: [...new Set(allowed)] };
}

/** Everything a policy holds, defaults applied, without its hash. */
export function normalizePolicy(input: unknown): Omit<GovernancePolicy, 'policy_hash'> {
  const parsed = GovernancePolicySchema.safeParse(input);
  if (!parsed.success) throw new PolicyError(formatZodError(parsed.error));
  const { policy_hash: _ignored, ...p } = parsed.data;
  const contracts = p.contracts.map(normalizeContract);
  const seen = new Map<string, number>();
  contracts.forEach((c, i) => {
    const first = seen.get(c.contract_id);
    if (first !== undefined) {
      throw new PolicyError(
        `$.contracts[${i}].contract_id: ${quoted(c.contract_id)} is already used by $.contracts[${first}]`,
      );
    }
    seen.set(c.contract_id, i);
  });
  return {
    ...p,
    contracts,
    risk_weights: { ...DEFAULT_RISK_WEIGHTS, ...p.risk_weights },
    critical_overrides: { ...DEFAULT_CRITICAL_OVERRIDES, ...p.critical_overrides },
    autonomy_tiers: { ...DEFAULT_AUTONOMY_TIERS, ...p.autonomy_tiers },
    phase_invariants: p.phase_invariants ?? DEFAULT_PHASE_INVARIANTS,
  };
}

export function computePolicyHash(policy: Omit<GovernancePolicy, 'policy_hash'> | GovernancePolicy): string {
  return hashWithout(policy as Record<string, unknown>, 'policy_hash');
}

/** A loaded policy with its hash: sha256(JCS(policy without policy_hash)). */
export function createPolicy(input: GovernancePolicyInput | unknown): GovernancePolicy {
  const policy = normalizePolicy(input);
  return { ...policy, policy_hash: computePolicyHash(policy) };
}
