/**
 * createPolicy: validates a user-authored policy (unknown keys are errors with their JSON path),
 * applies every format-1 default, normalizes its contracts and computes policy_hash over all of it.
 */
import { hashWithout } from '../canonical.js';
import { parseEndpointPattern, templateShape } from '../engine/matcher.js';
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
  jsonPath,
  type ServiceContract,
  type TrafficFilter,
} from '../model.js';
import { quoted, visible } from '../report/text.js';
import { globProblem } from '../traffic/filter.js';

export class PolicyError extends Error {
  override name = 'PolicyError';
}

/** Where contract `index` of the policy was written: a JSON path, or a file and a path in it. */
export type ContractLocator = (index: number) => string;

const OWN_CONTRACT: ContractLocator = (index) => `$.contracts[${index}]`;

function normalizeContract(
  contract: Omit<ServiceContract, 'allowed_methods'> & { allowed_methods?: HttpMethod[] },
  where: string,
): ServiceContract {
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

/** contract_id is unique. */
function checkUniqueIds(contracts: readonly ServiceContract[], contractAt: ContractLocator): void {
  const seen = new Map<string, number>();
  contracts.forEach((c, i) => {
    const first = seen.get(c.contract_id);
    if (first !== undefined) {
      throw new PolicyError(
        `${contractAt(i)}.contract_id: ${quoted(c.contract_id)} is already used by ${contractAt(first)}`,
      );
    }
    seen.set(c.contract_id, i);
  });
}

/**
 * No two contracts govern one method on one path: the matcher takes templates that differ only in
 * parameter names as one path and the first contract there wins, so the second would never apply.
 */
function checkNoShadowing(contracts: readonly ServiceContract[], contractAt: ContractLocator): void {
  const owner = new Map<string, number>();
  contracts.forEach((c, i) => {
    const shape = templateShape(parseEndpointPattern(c.endpoint_pattern).path);
    for (const method of c.allowed_methods) {
      const key = `${method} ${shape}`;
      const first = owner.get(key);
      if (first === undefined) {
        owner.set(key, i);
        continue;
      }
      const other = contracts[first]!;
      throw new PolicyError(
        `${contractAt(i)}.endpoint_pattern: ${JSON.stringify(c.endpoint_pattern)} (contract "${c.contract_id}") governs ${method} ` +
          `on the same path as ${contractAt(first)} (${JSON.stringify(other.endpoint_pattern)}, contract "${other.contract_id}"), ` +
          `which always wins, so this contract would never apply to ${method}: remove one, or give them disjoint methods`,
      );
    }
  });
}

/** Every exclude_paths glob compiles (picomatch would silently never match a broken one). */
function checkPathGlobs(filter: TrafficFilter | undefined): void {
  filter?.exclude_paths?.forEach((glob, i) => {
    const problem = globProblem(glob);
    if (problem !== undefined) {
      throw new PolicyError(
        `$.traffic_filter.exclude_paths[${i}]: ${quoted(glob)} is not a valid glob (${visible(problem)}): check its brackets, braces and parentheses`,
      );
    }
  });
}

/** The zod path of an issue, with a contract's place written by `contractAt`. */
function issuePath(contractAt: ContractLocator): (path: readonly PropertyKey[]) => string {
  return (path) =>
    path[0] === 'contracts' && typeof path[1] === 'number'
      ? jsonPath(path.slice(2), contractAt(path[1]))
      : jsonPath(path);
}

/**
 * Everything a policy holds, format-1 defaults applied, without its hash. `contractAt` names where
 * each contract was written in errors (the loader passes the contracts files' own paths).
 */
export function normalizePolicy(
  input: unknown,
  contractAt: ContractLocator = OWN_CONTRACT,
): Omit<GovernancePolicy, 'policy_hash'> {
  const parsed = GovernancePolicySchema.safeParse(input);
  if (!parsed.success) throw new PolicyError(formatZodError(parsed.error, issuePath(contractAt)));
  // Format 1 is hashed without a marker (see POLICY_FORMAT).
  const { policy_hash: _ignored, policy_format: _format1, ...p } = parsed.data;
  const contracts = p.contracts.map((c, i) => normalizeContract(c, contractAt(i)));
  checkUniqueIds(contracts, contractAt);
  checkNoShadowing(contracts, contractAt);
  checkPathGlobs(p.traffic_filter);
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
export function createPolicy(
  input: GovernancePolicyInput | unknown,
  contractAt: ContractLocator = OWN_CONTRACT,
): GovernancePolicy {
  const policy = normalizePolicy(input, contractAt);
  return { ...policy, policy_hash: computePolicyHash(policy) };
}
