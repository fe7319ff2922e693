/**
 * result.json: everything a run decided, machine-readable. Every report (summary.md, junit.xml,
 * metrics.txt, governance.env) is rendered from this one object.
 */
import { z } from 'zod';
import { DecisionSchema, PlatformTierSchema } from './model.js';

export const RESULT_FORMAT = 1;

const DecisionCountsSchema = z.strictObject({
  ALLOW: z.number().int().min(0),
  THROTTLE: z.number().int().min(0),
  QUARANTINE: z.number().int().min(0),
  DROP: z.number().int().min(0),
});
export type DecisionCounts = z.infer<typeof DecisionCountsSchema>;

export const RejectedLineSchema = z.strictObject({
  file: z.string(),
  line: z.number().int().min(0),
  pointer: z.string().optional(),
  reason: z.string(),
});
export type RejectedLine = z.infer<typeof RejectedLineSchema>;

export const InputFileSchema = z.strictObject({
  file: z.string(),
  format: z.enum(['jsonl', 'har', 'k6', 'nginx']),
  read: z.number().int().min(0),
  accepted: z.number().int().min(0),
  rejected: z.number().int().min(0),
  /** Requests the policy's traffic_filter removed (only when the policy has one). */
  filtered: z.number().int().min(0).optional(),
});

/** What the policy's traffic_filter removed before the engine: not rejected, never evaluated. */
export const FilteredSchema = z.strictObject({
  total: z.number().int().min(0),
  /** Per rule the filter switches on, in the order requests meet them: each request under the first that removed it. */
  by_rule: z.record(z.string(), z.number().int().min(0)),
});
export type Filtered = z.infer<typeof FilteredSchema>;

/** `hosts 2, resource_types 3`: the counts per rule, for messages. */
export const describeFiltered = (f: Filtered): string =>
  Object.entries(f.by_rule)
    .map(([rule, count]) => `${rule} ${count}`)
    .join(', ');

export const OutOfOrderSchema = z.strictObject({
  events: z.number().int().min(0),
  /** events ÷ accepted events. */
  ratio: z.number().min(0).max(1),
  /** The policy's max_out_of_order_ratio (or its default): over it, the run is an input error (exit 2). */
  max_ratio: z.number().min(0).max(1),
  tolerance_s: z.number().min(0),
  /** Out-of-order events per endpoint_key, only endpoints that had any, sorted by key. */
  endpoints: z.record(z.string(), z.number().int().min(1)),
});
export type OutOfOrder = z.infer<typeof OutOfOrderSchema>;

/** The endpoint with the most out-of-order events (the first by key on a tie), and its count. */
export function mostOutOfOrder(o: OutOfOrder): [string, number] {
  return Object.entries(o.endpoints).reduce((most, entry) => (entry[1] > most[1] ? entry : most), ['', 0]);
}

const count = z.number().int().min(0);
const counts = z.array(count);

/**
 * Per-bucket series on the run's time grid (event time; issue 16, contracts §1), each `buckets`
 * long; report.html draws them.
 */
export const DecisionSeriesSchema = z.strictObject({
  allow: counts,
  throttle: counts,
  quarantine: counts,
  drop: counts,
  errors: counts,
});

export const EndpointTimelineSchema = DecisionSeriesSchema.extend({
  /** null where the bucket has no request. */
  p50_ms: z.array(z.number().nullable()),
  p95_ms: z.array(z.number().nullable()),
  /** 0 CLOSED, 1 HALF_OPEN, 2 OPEN, at the end of the bucket. */
  circuit: z.array(z.union([z.literal(0), z.literal(1), z.literal(2)])),
  /** The highest requests per minute the engine's window saw inside the bucket. */
  peak_rpm: z.array(z.number().min(0)),
});

/** The run's one grid: bucket i covers [start + i·bucket_s, start + (i+1)·bucket_s). */
export const TimelineGridSchema = z.strictObject({
  start: z.number(),
  bucket_s: z.number().gt(0),
  buckets: z.number().int().min(0).max(240),
});

export const EndpointResultSchema = z.strictObject({
  endpoint_key: z.string(),
  contract_id: z.string().nullable(),
  /** 'contract' for a matched contract, 'unknown' for a path no contract matches. */
  kind: z.enum(['contract', 'unknown']),
  requests: z.number().int().min(0),
  errors: z.number().int().min(0),
  error_rate: z.number().min(0).max(1),
  /** The contract's error budget (absent in results written before it was recorded). */
  error_budget: z.number().gt(0).max(1).optional(),
  latency_ms: z.strictObject({ p50: z.number(), p95: z.number(), p99: z.number(), slo: z.number() }),
  rpm: z.strictObject({ peak: z.number(), limit: z.number() }),
  error_budget_remaining: z.number(),
  decisions: DecisionCountsSchema,
  /**
   * Why the requests that were not ALLOW were not: for each reason code (DecisionRecord.reason_codes),
   * how many of them gave it, keys sorted (absent in results written before it was counted).
   */
  reasons: z.record(z.string(), z.number().int().min(1)).optional(),
  /** Requests with a method the contract does not allow, by method. */
  disallowed_methods: z.record(z.string(), z.number().int().min(1)),
  /** The first transitions (at most 100 per endpoint, so a flapping circuit cannot grow memory). */
  circuit_transitions: z.array(z.strictObject({ from: z.string(), to: z.string(), timestamp: z.number() })),
  /** Every transition, including those left out of circuit_transitions. */
  circuit_transition_count: z.number().int().min(0),
  circuit_state: z.enum(['CLOSED', 'OPEN', 'HALF_OPEN']),
  verdict: DecisionSchema,
  /** Why this verdict: the decision and the share of requests that reached it. */
  verdict_share: z.number().min(0).max(1),
  /** Event-time series, for the most severe endpoints only (RunResult.timeline is their grid). */
  timeline: EndpointTimelineSchema.optional(),
});
export type EndpointResult = z.infer<typeof EndpointResultSchema>;

export const RunResultSchema = z.strictObject({
  result_format: z.literal(RESULT_FORMAT),
  verdict: DecisionSchema,
  exit_code: z.number().int().min(0).max(4),
  tier: PlatformTierSchema,
  policy: z.strictObject({
    version: z.string(),
    hash: z.string(),
    name: z.string().optional(),
    /** Trusted key ids whose valid signatures accepted the policy (only when signatures were checked). */
    signed_by: z.array(z.string()).optional(),
  }),
  gate: z.strictObject({ min_share: z.number() }),
  ledger: z.strictObject({
    file: z.string(),
    head_hash: z.string(),
    records: z.number().int().min(0),
    /** The C2SP checkpoint of the ledger, beside it (absent in results written before checkpoints). */
    checkpoint: z.string().optional(),
  }),
  input: z.strictObject({
    files: z.array(InputFileSchema),
    read: z.number().int().min(0),
    accepted: z.number().int().min(0),
    rejected: z.number().int().min(0),
    /** Requests the policy's traffic_filter removed (only when the policy has one); counted in `read`, not in `rejected`. */
    filtered: FilteredSchema.optional(),
    rejected_ratio: z.number().min(0).max(1),
    max_rejected_ratio: z.number(),
    /** The first rejected lines (at most 100), in input order. */
    rejected_samples: z.array(RejectedLineSchema),
    /** Accepted events older than their endpoint's latest event by more than `tolerance_s` (absent in results written before it was counted). */
    out_of_order: OutOfOrderSchema.optional(),
  }),
  decisions: DecisionCountsSchema,
  endpoints: z.array(EndpointResultSchema),
  /** The time grid of every endpoint's timeline. */
  timeline: TimelineGridSchema.optional(),
  /** The endpoints without a timeline of their own, their series summed. */
  timeline_others: DecisionSeriesSchema.extend({ endpoints: count }).optional(),
  /** Why the run stopped early, when it did (exit 2 or 4); the rest describes what was done. */
  error: z.string().optional(),
});
export type RunResult = z.infer<typeof RunResultSchema>;
