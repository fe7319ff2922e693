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

const BucketCounts = z.array(z.number().int().min(0));

/** The run's one time grid (event time): bucket i covers [start + i × bucket_s, start + (i + 1) × bucket_s). */
export const TimelineSchema = z.strictObject({
  /** Unix seconds, the start of bucket 0. */
  start: z.number().min(0),
  /** Bucket width in seconds: 1, doubled as the run grows. */
  bucket_s: z.number().int().min(1),
  /** Buckets in every series (at most 240). */
  buckets: z.number().int().min(0).max(240),
});
export type Timeline = z.infer<typeof TimelineSchema>;

/** One endpoint's series on the run's grid, each `timeline.buckets` long. */
export const EndpointTimelineSchema = z.strictObject({
  allow: BucketCounts,
  throttle: BucketCounts,
  quarantine: BucketCounts,
  drop: BucketCounts,
  errors: BucketCounts,
  /** Latency percentiles of the bucket's requests (within 6.25 %), null where it has none. */
  p50_ms: z.array(z.number().min(0).nullable()),
  p95_ms: z.array(z.number().min(0).nullable()),
  /** Circuit state at the bucket's end: 0 CLOSED, 1 HALF_OPEN, 2 OPEN. */
  circuit: z.array(z.union([z.literal(0), z.literal(1), z.literal(2)])),
  /** Highest requests per minute the rate window saw inside the bucket. */
  peak_rpm: z.array(z.number().min(0)),
});
export type EndpointTimeline = z.infer<typeof EndpointTimelineSchema>;

/** The decision and error series summed over the endpoints without a timeline of their own. */
export const OthersTimelineSchema = z.strictObject({
  endpoints: z.number().int().min(0),
  allow: BucketCounts,
  throttle: BucketCounts,
  quarantine: BucketCounts,
  drop: BucketCounts,
  errors: BucketCounts,
});
export type OthersTimeline = z.infer<typeof OthersTimelineSchema>;

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
  /** Its series on the run's timeline grid (the first 50 endpoints, worst first, only). */
  timeline: EndpointTimelineSchema.optional(),
});
export type EndpointResult = z.infer<typeof EndpointResultSchema>;

export const RunResultSchema = z
  .strictObject({
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
    /** The time grid of the endpoints' timelines (absent in results written before timelines). */
    timeline: TimelineSchema.optional(),
    /** The endpoints without a timeline, summed on the same grid. */
    timeline_others: OthersTimelineSchema.optional(),
    /** Why the run stopped early, when it did (exit 2 or 4); the rest describes what was done. */
    error: z.string().optional(),
  })
  .superRefine((run, ctx) => {
    // Every series is on the one grid: exactly `timeline.buckets` entries.
    const buckets = run.timeline?.buckets;
    const check = (series: Record<string, unknown[] | number>, path: (string | number)[]) => {
      for (const [name, values] of Object.entries(series)) {
        if (Array.isArray(values) && values.length !== buckets) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, name],
            message: `has ${values.length} entries, timeline.buckets is ${buckets ?? 'absent'}`,
          });
        }
      }
    };
    run.endpoints.forEach((e, i) => {
      if (e.timeline) check(e.timeline, ['endpoints', i, 'timeline']);
    });
    if (run.timeline_others) check(run.timeline_others, ['timeline_others']);
  });
export type RunResult = z.infer<typeof RunResultSchema>;
