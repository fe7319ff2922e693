/**
 * The engine: one request event in, one decision record out, through the seed's phases:
 * observation → contract pairing → risk assessment → policy boundaries → decision execution →
 * stability control → ledger append. Pure apart from the optional ledger file.
 */
import { hashWithout } from '../canonical.js';
import { chainRecord, genesisRecord, Ledger, verifyLedger } from '../ledger/index.js';
import {
  type Action,
  type BaselineProfile,
  type DecisionRecord,
  formatZodError,
  type GovernancePolicy,
  type InvariantCheck,
  type LedgerRecord,
  OuroborosPhase,
  type PlatformTier,
  PlatformTierSchema,
  type RequestEvent,
  type RequestEventInput,
  RequestEventSchema,
  type ServiceContract,
  ServiceContractSchema,
  type Unchained,
} from '../model.js';
import { CircuitBreaker } from './circuit.js';
import { decide, tierFilter } from './decide.js';
import { isErrorResponse } from './errors.js';
import { ContractMatcher, type MatchResult } from './matcher.js';
import { type InvariantContext, planInvariants } from './phases.js';
import { RiskAssessor } from './risk.js';
import { EndpointWindow } from './window.js';

export interface EngineOptions {
  policy: GovernancePolicy;
  platform_tier: PlatformTier;
  /**
   * Append every record to this JSONL ledger. Without it the records are chained but not kept (only
   * the head is, so memory stays bounded): keep the returned records yourself to verify them later.
   */
  ledger_path?: string;
  /** Seconds since the epoch for events without a timestamp (library use; traffic files carry their own). */
  clock?: () => number;
}

export interface LedgerIntegrity {
  valid: boolean;
  failed_index: number | null;
  reason?: string;
}

/** SLOs applied to requests that match no contract. */
const UNKNOWN_ENDPOINT_SLO: ServiceContract = {
  ...ServiceContractSchema.parse({ contract_id: '(unknown)', endpoint_pattern: '/' }),
  allowed_methods: [],
};

const PHASES_PASSED = [
  OuroborosPhase.PHASE_1_OBSERVATION,
  OuroborosPhase.PHASE_2_CONTRACT_PAIRING,
  OuroborosPhase.PHASE_3_RISK_ASSESSMENT,
  OuroborosPhase.PHASE_4_POLICY_BOUNDARIES,
  OuroborosPhase.PHASE_5_DECISION_EXECUTION,
  OuroborosPhase.PHASE_6_STABILITY_CONTROL,
  OuroborosPhase.PHASE_8_LEDGER_APPEND,
];

export class EngineInputError extends Error {
  override name = 'EngineInputError';
}

/** What the engine keeps per endpoint: bounded, whatever the number of events. */
export class EndpointState {
  readonly window: EndpointWindow;
  readonly circuit: CircuitBreaker;

  constructor(
    readonly endpoint_key: string,
    readonly contract: ServiceContract | null,
    policy: GovernancePolicy,
  ) {
    const slo = contract ?? UNKNOWN_ENDPOINT_SLO;
    this.window = new EndpointWindow(policy.windows);
    this.circuit = new CircuitBreaker(policy.circuit_breaker, slo.circuit_threshold);
  }

  get slo(): ServiceContract {
    return this.contract ?? UNKNOWN_ENDPOINT_SLO;
  }

  profile(): BaselineProfile {
    const w = this.window;
    const burn = w.burnRates(this.slo.error_budget);
    return {
      endpoint_key: this.endpoint_key,
      contract_id: this.contract?.contract_id ?? null,
      request_count: w.requestCount,
      error_count: w.errorCount,
      error_rate: w.requestCount === 0 ? 0 : w.errorCount / w.requestCount,
      p50_latency_ms: w.quantile(0.5),
      p95_latency_ms: w.quantile(0.95),
      p99_latency_ms: w.quantile(0.99),
      requests_per_minute: w.requestsPerMinute,
      error_budget_remaining: w.errorBudgetRemaining(this.slo.error_budget),
      burn_rate_short: burn.short,
      burn_rate_long: burn.long,
      first_seen: w.firstSeenS,
      last_seen: w.nowS,
    };
  }
}

/** Where unknown paths beyond policy.max_unknown_endpoints are counted, per method. */
export const OTHER_UNKNOWN_PATHS = '(other unknown paths)';

/** Fewer samples than this and latency_regression stays 0: a baseline needs some history. */
const REGRESSION_MIN_SAMPLES = 10;

export class TrafficGovernanceEngine {
  readonly policy: GovernancePolicy;
  readonly platform_tier: PlatformTier;
  readonly ledger_path: string | null;
  private readonly matcher: ContractMatcher;
  private readonly endpoints = new Map<string, EndpointState>();
  private unknownEndpoints = 0;
  private readonly policyHashVerified: boolean;
  private readonly ledger: Ledger | null;
  /** Without a ledger file: the last record chained (the head) and the hash it was sealed with. */
  private memoryHead: { record: LedgerRecord; hash: string } | undefined;
  private readonly clock: () => number;
  private readonly risk: RiskAssessor;
  private readonly actionsForTier: (recommended: readonly Action[]) => Action[];
  private readonly checkInvariants: (context: InvariantContext) => InvariantCheck[];

  constructor(options: EngineOptions) {
    const tier = PlatformTierSchema.safeParse(options.platform_tier);
    if (!tier.success)
      throw new EngineInputError(`platform_tier must be one of ${PlatformTierSchema.options.join(', ')}`);
    this.policy = options.policy;
    this.platform_tier = tier.data;
    this.policyHashVerified =
      hashWithout(this.policy as unknown as Record<string, unknown>, 'policy_hash') ===
      this.policy.policy_hash;
    this.matcher = new ContractMatcher(this.policy.contracts);
    this.risk = new RiskAssessor(this.policy);
    this.actionsForTier = tierFilter(this.policy, this.platform_tier);
    this.checkInvariants = planInvariants(this.policy.phase_invariants);
    this.clock = options.clock ?? (() => Date.now() / 1000);
    this.ledger_path = options.ledger_path ?? null;
    const genesis = {
      policy_hash: this.policy.policy_hash,
      policy_version: this.policy.version,
      platform_tier: this.platform_tier,
    };
    this.ledger = this.ledger_path ? new Ledger(this.ledger_path, genesis) : null;
    if (!this.ledger) {
      const record = genesisRecord(genesis) as unknown as LedgerRecord;
      this.memoryHead = { record, hash: record.record_hash };
    }
  }

  /** Live statistics per endpoint_key (a snapshot built on each access). */
  get baselines(): Map<string, BaselineProfile> {
    return new Map([...this.endpoints].map(([key, state]) => [key, state.profile()]));
  }

  /** Circuit breakers per endpoint_key. */
  get circuits(): Map<string, CircuitBreaker> {
    return new Map([...this.endpoints].map(([key, state]) => [key, state.circuit]));
  }

  /** Endpoint states in first-seen order (for reports). */
  get endpointStates(): ReadonlyMap<string, EndpointState> {
    return this.endpoints;
  }

  /** Decides one validated event without touching any ledger: the record is not chained yet. */
  evaluate(event: RequestEvent): Unchained<DecisionRecord> {
    const policy = this.policy;
    // Phase 2: contract pairing
    const match = this.matcher.match(event.method, event.url);
    const state = this.stateFor(match, event.method);
    const slo = state.slo;
    // Phase 1 + 6 inputs: window statistics, the current event included
    const failed = isErrorResponse(event, policy.error_statuses);
    const w = state.window;
    const p95Before = w.requestCount >= REGRESSION_MIN_SAMPLES ? w.quantile(0.95) : 0;
    const meanRpmBefore = w.requestCount > 0 ? w.meanRequestsPerMinute(policy.windows.rate_window_s) : 0;
    w.record(event.timestamp, event.latency_ms, failed);
    const circuit = state.circuit.call(w.nowS, failed);
    const rpm = w.requestsPerMinute;
    // Phase 3: risk
    // Keys in sorted order, like every object of the record: it serializes canonically as it is.
    const risk = this.risk.assess({
      circuit_state: circuit.admittedIn,
      error_budget_burn_rate: w.minBurnRate(slo.error_budget) / policy.burn_rate_critical,
      error_rate: w.windowErrorRate,
      latency_regression: p95Before > 0 ? Math.max(0, event.latency_ms / p95Before - 1) : 0,
      latency_score: event.latency_ms / slo.max_latency_ms,
      method_disallowed: match.kind === 'method_disallowed',
      rate_limit_violation: rpm > slo.rate_limit_rpm,
      retry_storm: event.retry_count >= policy.retry_storm_threshold,
      traffic_anomaly:
        meanRpmBefore > 0 && w.requestCount > 2 * REGRESSION_MIN_SAMPLES
          ? Math.max(0, rpm / meanRpmBefore - 1)
          : 0,
      unknown_endpoint: match.kind === 'unknown',
    });
    // Phases 4–5: decision and tier boundaries
    const outcome = decide(risk, policy);
    const actions_taken = this.actionsForTier(outcome.recommended_actions);
    const invariant_checks = this.checkInvariants({
      contract_id: match.contract?.contract_id ?? null,
      risk_score: risk.score,
      policy_hash_verified: this.policyHashVerified,
      actions_taken,
      tier_actions: policy.autonomy_tiers[this.platform_tier],
    });
    const reason_codes = outcome.reason_codes;
    for (const check of invariant_checks) {
      if (!check.passed) reason_codes.push(`INVARIANT_VIOLATED_${check.invariant.toUpperCase()}`);
    }
    // Keys in sorted order: the record is already in canonical key order.
    return {
      actions_taken,
      circuit_state: state.circuit.state,
      circuit_transitions: circuit.transitions,
      contract_id: match.contract?.contract_id ?? null,
      decision: outcome.decision,
      endpoint_key: state.endpoint_key,
      invariant_checks,
      phases: PHASES_PASSED,
      platform_tier: this.platform_tier,
      policy_hash: policy.policy_hash,
      policy_version: policy.version,
      reason_codes,
      recommended_actions: outcome.recommended_actions,
      record_type: 'decision',
      request: {
        error_count: event.error_count,
        latency_ms: event.latency_ms,
        method: event.method,
        path: match.path,
        retry_count: event.retry_count,
        status_code: event.status_code,
      },
      risk_factors: risk.factors,
      risk_score: risk.score,
      timestamp: event.timestamp,
    };
  }

  /** Validates, decides and appends one event; returns the chained record. */
  processRequest(input: RequestEventInput): DecisionRecord {
    const withTime =
      'timestamp' in input && input.timestamp !== undefined ? input : { ...input, timestamp: this.clock() };
    const parsed = RequestEventSchema.safeParse(withTime);
    if (!parsed.success)
      throw new EngineInputError(`invalid request event:\n${formatZodError(parsed.error)}`);
    const body = this.evaluate(parsed.data);
    if (this.ledger) return this.ledger.appendSync([body])[0] as DecisionRecord;
    const head = this.memoryHead!;
    const record = chainRecord(body, head.hash, head.record.sequence + 1) as DecisionRecord;
    this.memoryHead = { record: record as unknown as LedgerRecord, hash: record.record_hash };
    return record;
  }

  /**
   * With a ledger file, recomputes every hash in it. Without one, only the head is kept: its hash is
   * recomputed and compared with the hash it was sealed with (a changed head record fails).
   */
  verifyLedgerIntegrity(): LedgerIntegrity {
    if (this.ledger_path) {
      const result = verifyLedger(this.ledger_path);
      return result.valid
        ? { valid: true, failed_index: null }
        : { valid: false, failed_index: result.failed_index, reason: result.reason };
    }
    const { record, hash } = this.memoryHead!;
    let recomputed: string | undefined;
    try {
      recomputed = hashWithout(record as unknown as Record<string, unknown>, 'record_hash');
    } catch {
      // changed into something that cannot be hashed
    }
    if (recomputed === hash && record.record_hash === hash) return { valid: true, failed_index: null };
    return {
      valid: false,
      failed_index: record.sequence,
      reason: `record ${record.sequence} (the head) no longer has the content it was sealed with`,
    };
  }

  private stateFor(match: MatchResult, method: string): EndpointState {
    let key = match.endpoint_key;
    let state = this.endpoints.get(key);
    if (state) return state;
    if (match.kind === 'unknown') {
      // Scanners and ids in unmatched paths would otherwise grow memory with every distinct URL.
      if (this.unknownEndpoints >= this.policy.max_unknown_endpoints) {
        key = `${method} ${OTHER_UNKNOWN_PATHS}`;
        state = this.endpoints.get(key);
        if (state) return state;
      } else {
        this.unknownEndpoints++;
      }
    }
    state = new EndpointState(key, match.contract, this.policy);
    this.endpoints.set(key, state);
    return state;
  }
}
