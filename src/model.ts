/**
 * The wire format: zod schemas and the types inferred from them. Policy files, artifacts, ledger
 * lines and RequestEvents use these snake_case names on disk and in memory alike.
 */
import { z } from 'zod';
import { visible } from './report/text.js';

export const Decision = {
  ALLOW: 'ALLOW',
  THROTTLE: 'THROTTLE',
  QUARANTINE: 'QUARANTINE',
  DROP: 'DROP',
} as const;
export type Decision = (typeof Decision)[keyof typeof Decision];
/** Decisions from mildest to most severe; the index is the severity. */
export const DECISION_ORDER: readonly Decision[] = ['ALLOW', 'THROTTLE', 'QUARANTINE', 'DROP'];
export const severity = (d: Decision): number => DECISION_ORDER.indexOf(d);
export const worstDecision = (a: Decision, b: Decision): Decision => (severity(a) >= severity(b) ? a : b);

export const PlatformTier = {
  OBSERVE_ONLY: 'OBSERVE_ONLY',
  CONTROL: 'CONTROL',
  AUTONOMOUS: 'AUTONOMOUS',
} as const;
export type PlatformTier = (typeof PlatformTier)[keyof typeof PlatformTier];

export const CircuitState = {
  CLOSED: 'CLOSED',
  OPEN: 'OPEN',
  HALF_OPEN: 'HALF_OPEN',
} as const;
export type CircuitState = (typeof CircuitState)[keyof typeof CircuitState];

/** The seed's Ouroboros lifecycle phases, 0–9. */
export const OuroborosPhase = {
  PHASE_0_VOID: 0,
  PHASE_1_OBSERVATION: 1,
  PHASE_2_CONTRACT_PAIRING: 2,
  PHASE_3_RISK_ASSESSMENT: 3,
  PHASE_4_POLICY_BOUNDARIES: 4,
  PHASE_5_DECISION_EXECUTION: 5,
  PHASE_6_STABILITY_CONTROL: 6,
  PHASE_7_STRESS_TESTING: 7,
  PHASE_8_LEDGER_APPEND: 8,
  PHASE_9_POSTMORTEM_LEARNING: 9,
} as const;
export type OuroborosPhase = (typeof OuroborosPhase)[keyof typeof OuroborosPhase];

export const DecisionSchema = z.enum(['ALLOW', 'THROTTLE', 'QUARANTINE', 'DROP']);
export const PlatformTierSchema = z.enum(['OBSERVE_ONLY', 'CONTROL', 'AUTONOMOUS']);
export const CircuitStateSchema = z.enum(['CLOSED', 'OPEN', 'HALF_OPEN']);

export const HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'CONNECT',
] as const;
export const HttpMethodSchema = z.enum(HTTP_METHODS);
export type HttpMethod = z.infer<typeof HttpMethodSchema>;

/** One day: no recorded request takes longer; larger values are a unit mistake or garbage. */
export const MAX_LATENCY_MS = 86_400_000;
/** 2100-01-01: a later event timestamp (seconds) is garbage, not the future. */
export const MAX_TIMESTAMP_S = 4_102_444_800;

// ---------------------------------------------------------------------------------------------
// RequestEvent: one observed request, the unit every reader produces.
// ---------------------------------------------------------------------------------------------
/** `api.example.com`, `127.0.0.1`, `[::1]`, each with an optional `:port`. */
const HOST = String.raw`(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?`;
export const REQUEST_HOST = new RegExp(`^${HOST}$`);

export const RequestEventSchema = z.strictObject({
  url: z.string().min(1).max(8192),
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(HttpMethodSchema),
  /** 0 means the request never got a response (transport error). */
  status_code: z.number().int().min(0).max(599),
  latency_ms: z.number().min(0).max(MAX_LATENCY_MS),
  /** Seconds since the Unix epoch (fractions allowed). */
  timestamp: z.number().min(0).max(MAX_TIMESTAMP_S),
  error_count: z.number().int().min(0).max(1_000_000).default(0),
  retry_count: z.number().int().min(0).max(1_000_000).default(0),
  /** The host the request went to, when `url` is a path (an absolute url's own authority wins). */
  host: z
    .string()
    .max(300)
    .regex(REQUEST_HOST, { message: 'must be a host with an optional :port, like api.example.com:8443' })
    .optional(),
});
export type RequestEvent = z.infer<typeof RequestEventSchema>;
/** What callers may pass: timestamp, error_count and retry_count are optional. */
export type RequestEventInput =
  | z.input<typeof RequestEventSchema>
  | Omit<z.input<typeof RequestEventSchema>, 'timestamp'>;

// ---------------------------------------------------------------------------------------------
// ServiceContract and GovernancePolicy: user-authored, strict (unknown keys are errors).
// ---------------------------------------------------------------------------------------------
export const ServiceContractSchema = z.strictObject({
  contract_id: z.string().min(1).max(256),
  /** `METHOD /path/{param}` or `/path/{param}`. */
  endpoint_pattern: z.string().min(1).max(2048),
  allowed_methods: z.array(HttpMethodSchema).min(1).optional(),
  max_latency_ms: z.number().positive().max(MAX_LATENCY_MS).default(1000),
  /** Allowed error fraction (SLO 99.9% ⇒ 0.001). */
  error_budget: z.number().gt(0).max(1).default(0.01),
  rate_limit_rpm: z.number().positive().default(1000),
  /** Circuit opens when the failure rate in its window is >= this. */
  circuit_threshold: z.number().gt(0).max(1).default(0.5),
});
export type ServiceContract = z.output<typeof ServiceContractSchema> & { allowed_methods: HttpMethod[] };
export type ServiceContractInput = z.input<typeof ServiceContractSchema>;

export const RISK_FACTOR_NAMES = [
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
] as const;
export type RiskFactorName = (typeof RISK_FACTOR_NAMES)[number];

const weightsShape = Object.fromEntries(
  RISK_FACTOR_NAMES.map((n) => [n, z.number().min(0).max(100)]),
) as Record<RiskFactorName, z.ZodNumber>;

export const DEFAULT_RISK_WEIGHTS: Record<RiskFactorName, number> = {
  latency_score: 0.2,
  error_rate: 0.2,
  traffic_anomaly: 0.05,
  rate_limit_violation: 0.1,
  circuit_state: 0.1,
  error_budget_burn_rate: 0.1,
  latency_regression: 0.05,
  unknown_endpoint: 0.1,
  method_disallowed: 0.05,
  retry_storm: 0.05,
};

/**
 * The floor a condition forces on the decision regardless of score; the score is lifted to that
 * decision's threshold too, so score and decision always agree.
 */
export const DEFAULT_CRITICAL_OVERRIDES = {
  circuit_open: 'DROP',
  method_disallowed: 'DROP',
  unknown_endpoint: 'QUARANTINE',
  rate_limit_violation: 'THROTTLE',
  retry_storm: 'THROTTLE',
} as const satisfies Record<string, Decision>;

export const ACTIONS = [
  'log',
  'alert',
  'rate_limit',
  'throttle',
  'quarantine',
  'block',
  'open_circuit',
  'page_oncall',
] as const;
export const ActionSchema = z.enum(ACTIONS);
export type Action = z.infer<typeof ActionSchema>;

export const DEFAULT_AUTONOMY_TIERS: Record<PlatformTier, Action[]> = {
  OBSERVE_ONLY: ['log'],
  CONTROL: ['log', 'alert', 'rate_limit', 'throttle', 'quarantine', 'block'],
  AUTONOMOUS: [...ACTIONS],
};

export const INVARIANTS = [
  'contract_id_present',
  'risk_score_bounded',
  'policy_hash_verified',
  'actions_within_tier',
] as const;
export const InvariantSchema = z.enum(INVARIANTS);
export type Invariant = z.infer<typeof InvariantSchema>;

export const DEFAULT_PHASE_INVARIANTS: Record<string, Invariant[]> = {
  '2': ['contract_id_present'],
  '3': ['risk_score_bounded'],
  '4': ['policy_hash_verified'],
  '5': ['actions_within_tier'],
};

/** A status code, or a class written as `5xx`. */
const StatusMatcherSchema = z.union([z.number().int().min(0).max(599), z.string().regex(/^[1-5]xx$/)]);

const thresholdsSchema = z
  .strictObject({
    throttle: z.number().min(0).max(1).default(0.3),
    quarantine: z.number().min(0).max(1).default(0.55),
    drop: z.number().min(0).max(1).default(0.8),
  })
  .refine((t) => t.throttle <= t.quarantine && t.quarantine <= t.drop, {
    message: 'risk_thresholds must satisfy throttle <= quarantine <= drop',
  });

/**
 * The format of the hashed policy, the form `policy_hash` covers: the policy as written with every
 * format-1 default materialized. Format 1 carries no marker (the hashes pinned before the marker
 * existed stay valid); a later format writes `policy_format: N` into the hashed form.
 *
 * What this means for the schema below (pins survive upgrades, DESIGN.md):
 * - a field added after format 1 is `.optional()` with NO `.default()`: its default is applied where
 *   it is used, so a policy file that does not set it keeps its hash (test/policy-format.test.ts
 *   holds the frozen list of format-1 defaulted keys and fails when one is added);
 * - changing a format-1 default, or what is hashed, is a new policy format (CHANGELOG, golden tests).
 */
export const POLICY_FORMAT = 1;

/**
 * HAR `_resourceType` values: Playwright's and Chromium's (DevTools protocol ResourceType, lowercased),
 * and the spellings Chrome DevTools' own HAR export uses where they differ.
 */
export const HAR_RESOURCE_TYPES = [
  'document',
  'stylesheet',
  'image',
  'media',
  'font',
  'script',
  'texttrack',
  'xhr',
  'fetch',
  'prefetch',
  'eventsource',
  'websocket',
  'manifest',
  'signedexchange',
  'signed-exchange',
  'ping',
  'cspviolationreport',
  'csp-violation-report',
  'preflight',
  'wasm',
  'webbundle',
  'webtransport',
  'fedcm',
  'other',
] as const;

/** A host pattern: a host, or `*.` and a domain for any of its subdomains. */
const HOST_PATTERN = new RegExp(`^(?:\\*\\.)?${HOST}$`);
const hostPatternList = z
  .array(
    z.string().regex(HOST_PATTERN, {
      message:
        'must be a host, a *.domain wildcard or either with a :port (like api.example.com, *.example.com, localhost:8080), without scheme or path',
    }),
  )
  .min(1, { message: 'list at least one host, or leave the key out' });

export const TrafficFilterSchema = z.strictObject({
  /** Allow list: only requests to these hosts are governed. */
  hosts: hostPatternList.optional(),
  /** Deny list: requests to these hosts are not governed (it wins over `hosts`). */
  exclude_hosts: hostPatternList.optional(),
  /** HAR entries whose `_resourceType` is not listed are not governed (default: fetch and xhr); `all` keeps every type. */
  resource_types: z
    .union(
      [
        z
          // A refinement, not z.enum: a failed enum aborts the union, which would hide the element's path.
          .array(
            z
              .string()
              .refine((type) => (HAR_RESOURCE_TYPES as readonly string[]).includes(type.toLowerCase()), {
                message: `must be one of ${HAR_RESOURCE_TYPES.join(', ')}`,
              }),
          )
          .min(1, { message: 'list at least one resource type, or write "all"' }),
        z.literal('all'),
      ],
      { error: `must be "all" or a list of HAR resource types (${HAR_RESOURCE_TYPES.join(', ')})` },
    )
    .optional(),
  /** Requests for static files (by extension, a fixed list: .js .css .png .woff2 …) are not governed. */
  exclude_static_assets: z.boolean({ error: 'must be true or false' }).optional(),
  /** Requests whose normalized path matches one of these globs are not governed. */
  exclude_paths: z
    .array(
      z.string().regex(/^(?:\/|\*\*)/, {
        message: 'must be a glob over request paths, starting with "/" or "**" (like /static/** or **/*.map)',
      }),
    )
    .min(1, { message: 'list at least one glob, or leave the key out' })
    .optional(),
});
export type TrafficFilter = z.infer<typeof TrafficFilterSchema>;

export const GovernancePolicySchema = z.strictObject({
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, {
    message: 'version must be semver, like 1.0.0',
  }),
  name: z.string().max(256).optional(),
  contracts: z.array(ServiceContractSchema).default([]),
  risk_thresholds: thresholdsSchema.default({ throttle: 0.3, quarantine: 0.55, drop: 0.8 }),
  risk_weights: z.strictObject(weightsShape).partial().default({}),
  critical_overrides: z
    .strictObject({
      circuit_open: DecisionSchema.optional(),
      method_disallowed: DecisionSchema.optional(),
      unknown_endpoint: DecisionSchema.optional(),
      rate_limit_violation: DecisionSchema.optional(),
      retry_storm: DecisionSchema.optional(),
    })
    .default({}),
  autonomy_tiers: z
    .strictObject({
      OBSERVE_ONLY: z.array(ActionSchema).optional(),
      CONTROL: z.array(ActionSchema).optional(),
      AUTONOMOUS: z.array(ActionSchema).optional(),
    })
    .default({}),
  phase_invariants: z.record(z.string().regex(/^[0-9]$/), z.array(InvariantSchema)).optional(),
  /** Which responses count as errors (besides `error_count > 0`). */
  error_statuses: z.array(StatusMatcherSchema).min(1).default(['5xx']),
  windows: z
    .strictObject({
      /** Sliding window for requests per minute. */
      rate_window_s: z.number().positive().default(60),
      /** Burn-rate windows (SRE workbook: 5 m and 1 h). */
      burn_short_s: z.number().positive().default(300),
      burn_long_s: z.number().positive().default(3600),
    })
    .default({ rate_window_s: 60, burn_short_s: 300, burn_long_s: 3600 }),
  circuit_breaker: z
    .strictObject({
      sliding_window_size: z.number().int().min(1).max(10_000).default(20),
      minimum_calls: z.number().int().min(1).max(10_000).default(5),
      wait_duration_s: z.number().min(0).default(30),
      permitted_calls_in_half_open: z.number().int().min(1).max(1000).default(3),
    })
    .default({
      sliding_window_size: 20,
      minimum_calls: 5,
      wait_duration_s: 30,
      permitted_calls_in_half_open: 3,
    }),
  /** Retries on one request at or above this count are a retry storm. */
  retry_storm_threshold: z.number().int().min(1).default(3),
  /** Burn rate at which error_budget_burn_rate reaches 1 (SRE workbook fast burn: 14.4). */
  burn_rate_critical: z.number().positive().default(14.4),
  gate: z
    .strictObject({
      /** An endpoint's verdict is the worst decision reached by at least this share of its requests. */
      min_share: z.number().min(0).max(1).default(0),
    })
    .default({ min_share: 0 }),
  /**
   * Distinct unknown endpoints tracked one by one; further unknown paths are counted together as
   * `METHOD (other unknown paths)`, so memory stays bounded when a scanner sends random URLs.
   */
  max_unknown_endpoints: z.number().int().min(1).max(1_000_000).default(1000),
  /** More rejected input lines than this share of all lines read fails the run (exit 2). */
  max_rejected_ratio: z.number().min(0).max(1).default(0.01),
  /** Optional: only the format this engine hashes is accepted; format 1 is hashed without a marker. */
  policy_format: z
    .literal(POLICY_FORMAT, {
      error: `this engine reads policy format ${POLICY_FORMAT}; a policy of a later format needs a newer traffic-governance`,
    })
    .optional(),
  /**
   * More out-of-order events (older than their endpoint's latest by more than the tolerance) than this
   * share of accepted events fails the run (exit 2). Optional without a schema default, so a policy
   * that leaves it out keeps its policy_hash: DEFAULT_MAX_OUT_OF_ORDER_RATIO applies where it is read.
   */
  max_out_of_order_ratio: z.number().min(0).max(1).optional(),
  /**
   * Which recorded requests are governed: the rest are counted per rule and never reach the engine.
   * Optional without a schema default (a policy without it keeps its hash); src/traffic/filter.ts applies it.
   */
  traffic_filter: TrafficFilterSchema.optional(),
  /** Ignored on input: the hash is always recomputed from the content. */
  policy_hash: z.string().optional(),
});

export type GovernancePolicyInput = z.input<typeof GovernancePolicySchema>;
/** A loaded policy: every default applied, contracts included, and its hash. */
export type GovernancePolicy = Omit<
  z.output<typeof GovernancePolicySchema>,
  | 'policy_hash'
  | 'policy_format'
  | 'contracts'
  | 'risk_weights'
  | 'critical_overrides'
  | 'autonomy_tiers'
  | 'phase_invariants'
> & {
  contracts: ServiceContract[];
  risk_weights: Record<RiskFactorName, number>;
  critical_overrides: Record<keyof typeof DEFAULT_CRITICAL_OVERRIDES, Decision>;
  autonomy_tiers: Record<PlatformTier, Action[]>;
  phase_invariants: Record<string, Invariant[]>;
  policy_hash: string;
};

// ---------------------------------------------------------------------------------------------
// Engine output
// ---------------------------------------------------------------------------------------------
export const RiskFactorsSchema = z.strictObject({
  /** latency ÷ max_latency_ms, not capped. */
  latency_score: z.number(),
  /** Errors ÷ requests in the endpoint's rate window, this event included. */
  error_rate: z.number(),
  /** How far the current rpm is above the endpoint's mean rpm so far (0 = not above). */
  traffic_anomaly: z.number(),
  rate_limit_violation: z.boolean(),
  circuit_state: CircuitStateSchema,
  /** min(short, long window burn rate) ÷ burn_rate_critical: both windows must burn (SRE multiwindow). */
  error_budget_burn_rate: z.number(),
  /** latency ÷ the endpoint's p95 before this event, minus 1, floored at 0. */
  latency_regression: z.number(),
  unknown_endpoint: z.boolean(),
  method_disallowed: z.boolean(),
  retry_storm: z.boolean(),
});
export type RiskFactors = z.infer<typeof RiskFactorsSchema>;

/** Aggregate statistics of one endpoint, as of its last event. */
export const BaselineProfileSchema = z.strictObject({
  endpoint_key: z.string(),
  contract_id: z.string().nullable(),
  request_count: z.number().int(),
  error_count: z.number().int(),
  error_rate: z.number(),
  p50_latency_ms: z.number(),
  p95_latency_ms: z.number(),
  p99_latency_ms: z.number(),
  requests_per_minute: z.number(),
  error_budget_remaining: z.number(),
  burn_rate_short: z.number(),
  burn_rate_long: z.number(),
  first_seen: z.number(),
  last_seen: z.number(),
});
export type BaselineProfile = z.infer<typeof BaselineProfileSchema>;

export const InvariantCheckSchema = z.strictObject({
  phase: z.number().int().min(0).max(9),
  invariant: InvariantSchema,
  passed: z.boolean(),
});
export type InvariantCheck = z.infer<typeof InvariantCheckSchema>;

export const CircuitTransitionSchema = z.strictObject({ from: CircuitStateSchema, to: CircuitStateSchema });

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
export const GENESIS_PREVIOUS_HASH = '0'.repeat(64);

/** Fields the ledger fills when it appends: position and chain. */
export const ChainFieldsSchema = z.strictObject({
  sequence: z.number().int().min(0),
  previous_hash: hex64,
  record_hash: hex64,
});

export const DecisionRecordSchema = z.strictObject({
  record_type: z.literal('decision'),
  sequence: z.number().int().min(0),
  timestamp: z.number(),
  policy_version: z.string(),
  policy_hash: hex64,
  platform_tier: PlatformTierSchema,
  endpoint_key: z.string(),
  contract_id: z.string().nullable(),
  request: z.strictObject({
    method: z.string(),
    path: z.string(),
    status_code: z.number().int(),
    latency_ms: z.number(),
    error_count: z.number().int(),
    retry_count: z.number().int(),
  }),
  risk_score: z.number().min(0).max(1),
  risk_factors: RiskFactorsSchema,
  decision: DecisionSchema,
  reason_codes: z.array(z.string()),
  recommended_actions: z.array(ActionSchema),
  actions_taken: z.array(ActionSchema),
  circuit_state: CircuitStateSchema,
  circuit_transitions: z.array(CircuitTransitionSchema),
  phases: z.array(z.number().int().min(0).max(9)),
  invariant_checks: z.array(InvariantCheckSchema),
  previous_hash: hex64,
  record_hash: hex64,
});
export type DecisionRecord = z.infer<typeof DecisionRecordSchema>;

export const GenesisRecordSchema = z.strictObject({
  record_type: z.literal('genesis'),
  ledger_format: z.literal(1),
  sequence: z.literal(0),
  policy_version: z.string(),
  policy_hash: hex64,
  platform_tier: PlatformTierSchema,
  previous_hash: z.literal(GENESIS_PREVIOUS_HASH),
  record_hash: hex64,
});
export type GenesisRecord = z.infer<typeof GenesisRecordSchema>;

/** A ledger line before the ledger has chained it. */
export type Unchained<T> = Omit<T, 'sequence' | 'previous_hash' | 'record_hash'>;

/** Any ledger line: genesis, decision, or the run layer's verdict records. */
export interface LedgerRecord {
  record_type: string;
  sequence: number;
  previous_hash: string;
  record_hash: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Policy artifact
// ---------------------------------------------------------------------------------------------
export const ARTIFACT_FORMAT = 1;
export const KEYID_PATTERN = /^[0-9a-f]{16}$/;

/** One Ed25519 signature of an artifact (see src/trust/signature.ts for what it covers). */
export const ArtifactSignatureSchema = z.strictObject({
  /** First 16 hex digits of sha256(raw 32-byte Ed25519 public key). */
  keyid: z.string().regex(KEYID_PATTERN, { message: 'keyid must be 16 lowercase hex digits' }),
  /** base64 of the 64-byte Ed25519 signature. */
  sig: z
    .string()
    .regex(/^[A-Za-z0-9+/]{86}==$/, { message: 'sig must be the base64 of a 64-byte Ed25519 signature' }),
});
export type ArtifactSignature = z.infer<typeof ArtifactSignatureSchema>;

/**
 * `expires` and `signatures` sit outside `policy`, so neither changes policy_hash; `generated_at`
 * is informational (from SOURCE_DATE_EPOCH) and covered by neither the hash nor a signature.
 */
export const PolicyArtifactSchema = z.strictObject({
  artifact_format: z.literal(ARTIFACT_FORMAT),
  policy_hash: hex64,
  policy: z
    .unknown()
    // JSON.parse keeps an own "__proto__" key, but the record below is built by assignment and would
    // drop it unseen (from the hash and the signatures): refuse it, as the policy loader does.
    .superRefine((value, ctx) => {
      if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')) {
        ctx.addIssue({
          code: 'unrecognized_keys',
          keys: ['__proto__'],
          input: value as Record<string, unknown>,
        });
      }
    })
    .pipe(z.record(z.string(), z.unknown())),
  generated_at: z.string().optional(),
  /** RFC 3339 date-time after which verifiers refuse the artifact (TUF's freeze defence); signed. */
  expires: z.iso
    .datetime({
      offset: true,
      message: 'expires must be an RFC 3339 date-time with a zone, like 2027-01-31T00:00:00Z',
    })
    .optional(),
  /** Ed25519 signatures by key id, at most one per key. */
  signatures: z.array(ArtifactSignatureSchema).max(64).optional(),
});
export type PolicyArtifact = z.infer<typeof PolicyArtifactSchema>;

/** A JSON path like `$.contracts[0].max_latency_ms`. */
export function jsonPath(path: readonly PropertyKey[], root = '$'): string {
  let text = root;
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : `.${visible(String(key))}`;
  return text;
}

/** A zod error as `path: message` lines; `pathText` writes each path (JSON paths by default). */
export function formatZodError(
  error: z.ZodError,
  pathText: (path: readonly PropertyKey[]) => string = (path) => jsonPath(path),
): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys
          .map((k) => `${pathText([...issue.path, k])}: unknown key (not part of the schema)`)
          .join('\n');
      }
      return `${pathText(issue.path)}: ${visible(issue.message)}`;
    })
    .join('\n');
}
