/** run/timeline.ts and run/latency-histogram.ts: the per-endpoint time buckets of result.json. */
import { describe, expect, it } from 'vitest';
import { createPolicy, TrafficGovernanceEngine } from '../src/index.js';
import type { RequestEventInput } from '../src/model.js';
import { renderResultJson } from '../src/report/result-json.js';
import { type EndpointResult, type RunResult, RunResultSchema } from '../src/result.js';
import { EndpointAggregator } from '../src/run/aggregate.js';
import { HISTOGRAM_RELATIVE_ERROR, LatencyHistogram, MAX_BINS } from '../src/run/latency-histogram.js';
import { MAX_BUCKETS, TIMELINE_ENDPOINTS } from '../src/run/timeline.js';
import { mulberry32 } from './support/generate-events.js';

const T0 = 1_790_000_000;
const DAY = 86_400;
const policy = createPolicy({
  version: '1.0.0',
  contracts: [
    {
      contract_id: 's',
      endpoint_pattern: 'GET /s',
      max_latency_ms: 100,
      rate_limit_rpm: 50,
      error_budget: 0.2,
    },
  ],
});

function run(requests: Iterable<RequestEventInput>) {
  const engine = new TrafficGovernanceEngine({ policy, platform_tier: 'CONTROL' });
  const aggregator = new EndpointAggregator();
  for (const r of requests) aggregator.add(engine.processRequest(r), engine.endpointStates);
  const endpoints = aggregator.results(engine.endpointStates, 0);
  return { endpoints, ...aggregator.timeline(endpoints) };
}

type TimedRequest = RequestEventInput & { timestamp: number };

const get = (url: string, timestamp: number, extra: Partial<RequestEventInput> = {}): TimedRequest => ({
  url,
  method: 'GET',
  status_code: 200,
  latency_ms: 10,
  timestamp,
  ...extra,
});

/** The exact value at the rank the histogram (and the engine's DDSketch) answers: sorted[floor(q × (n − 1))]. */
const exact = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!;

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Requests per bucket, whatever their decision. */
const requestsPerBucket = (
  s: Pick<NonNullable<EndpointResult['timeline']>, 'allow' | 'throttle' | 'quarantine' | 'drop'>,
) => s.allow.map((n, i) => n + s.throttle[i]! + s.quarantine[i]! + s.drop[i]!);

/** Seeded log-normal latencies around `median` ms. */
function latencies(seed: number, n: number, median: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.round(median * Math.exp(0.8 * normal) * 1000) / 1000;
  });
}

describe('LatencyHistogram', () => {
  it('gives p50 and p95 within its stated relative error of the exact values', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const values = latencies(seed, 1 + seed * 37, 5 * seed);
      const h = new LatencyHistogram();
      for (const v of values) h.add(v);
      // below 1/256 of the largest value, values fold into the lowest kept bin (the next test)
      const spread = exact(values, 1) / exact(values, 0);
      for (const q of spread < 128 ? [0, 0.5, 0.95, 1] : [0.5, 0.95, 1]) {
        const want = exact(values, q);
        expect(Math.abs(h.quantile(q)! - want)).toBeLessThanOrEqual(want * HISTOGRAM_RELATIVE_ERROR);
      }
    }
  });

  it('merges into the histogram of both sets of values (counts added bin by bin)', () => {
    const [a, b] = [latencies(7, 500, 3), latencies(8, 300, 900)];
    const left = new LatencyHistogram();
    const right = new LatencyHistogram();
    const both = new LatencyHistogram();
    for (const v of a) left.add(v);
    for (const v of b) right.add(v);
    for (const v of [...a, ...b]) both.add(v);
    left.merge(right);
    expect(left.count).toBe(800);
    for (let q = 0; q <= 1; q += 0.05) expect(left.quantile(q)).toBe(both.quantile(q));
  });

  it('counts 0 ms as 0, and is empty (null) with no value', () => {
    const h = new LatencyHistogram();
    expect(h.quantile(0.5)).toBeNull();
    for (const v of [0, 0, 0, 8]) h.add(v);
    expect([h.quantile(0.5), h.quantile(1)]).toEqual([0, 8.5]);
  });

  it('keeps at most MAX_BINS bins whatever the spread: smaller values fold into the lowest kept bin', () => {
    const h = new LatencyHistogram();
    for (let e = -20; e <= 26; e++) h.add(2 ** e); // 47 powers of two, 0.000001 ms to 18 hours
    expect(h.binCount).toBeLessThanOrEqual(MAX_BINS);
    expect(h.quantile(1)).toBeCloseTo(2 ** 26 * 1.0625);
    // 64 bins below the largest value's: 2^-20 … 2^18 fold into the lowest kept bin, [2^18 × 1.125, 2^18 × 1.25)
    expect(h.quantile(0)).toBe(2 ** 18 * 1.1875);
  });
});

describe('the run timeline', () => {
  it('puts each request in the bucket of its event time, on one grid from the first event', () => {
    const { endpoints, timeline } = run([get('/s', T0 + 0.5), get('/s', T0 + 2.9), get('/x', T0 + 3)]);
    expect(timeline).toEqual({ start: T0, bucket_s: 1, buckets: 4 });
    const [s, x] = endpoints as [EndpointResult, EndpointResult];
    expect(s.timeline!.allow).toEqual([1, 0, 1, 0]);
    expect(s.timeline!.p50_ms).toEqual([10.5, null, 10.5, null]);
    expect(x.endpoint_key).toBe('GET /x');
    expect(requestsPerBucket(x.timeline!)).toEqual([0, 0, 0, 1]);
  });

  it('bucket sums equal the decision counts and errors, and widths double up to 240 buckets over 10 days', () => {
    const random = mulberry32(3);
    const requests: TimedRequest[] = [];
    let seenBuckets = 0;
    for (let t = 0; t < 10 * DAY; t += 60 + Math.floor(random() * 600)) {
      const status = random() < 0.1 ? 503 : 200;
      const method = random() < 0.05 ? 'PUT' : 'GET';
      requests.push(get(random() < 0.8 ? '/s' : '/other', T0 + t, { status_code: status, method }));
    }
    const engine = new TrafficGovernanceEngine({ policy, platform_tier: 'CONTROL' });
    const aggregator = new EndpointAggregator();
    const widths = new Set<number>();
    for (const r of requests) {
      aggregator.add(engine.processRequest(r), engine.endpointStates);
      const grid = aggregator.timeline([]).timeline;
      expect(grid.buckets).toBeLessThanOrEqual(MAX_BUCKETS);
      expect(grid.buckets).toBeGreaterThanOrEqual(Math.min(seenBuckets, MAX_BUCKETS / 2));
      seenBuckets = grid.buckets;
      widths.add(grid.bucket_s);
    }
    // 1, 2, 4, … 4096 s: 240 buckets of 4096 s hold 10 days (864,000 s), 240 of 2048 s do not
    expect([...widths]).toEqual(Array.from({ length: 13 }, (_, k) => 2 ** k));
    const endpoints = aggregator.results(engine.endpointStates, 0);
    const { timeline } = aggregator.timeline(endpoints);
    expect(timeline).toMatchObject({ start: T0, bucket_s: 4096 });
    expect(timeline.buckets).toBe(Math.floor((requests.at(-1)!.timestamp - T0) / 4096) + 1);
    expect(endpoints.length).toBeGreaterThan(2);
    for (const e of endpoints) {
      const series = e.timeline!;
      expect(sum(series.allow)).toBe(e.decisions.ALLOW);
      expect(sum(series.throttle)).toBe(e.decisions.THROTTLE);
      expect(sum(series.quarantine)).toBe(e.decisions.QUARANTINE);
      expect(sum(series.drop)).toBe(e.decisions.DROP);
      expect(sum(series.errors)).toBe(e.errors);
      for (const values of Object.values(series)) expect(values).toHaveLength(timeline.buckets);
    }
    expect(sum(endpoints.map((e) => e.errors))).toBeGreaterThan(0);
  });

  it('gives each bucket p50 and p95 within the stated error of the exact values, after merging', () => {
    // 3 requests a second for 20 minutes: 1200 s, so 240 buckets of 8 s (merged three times)
    const random = mulberry32(11);
    const requests: TimedRequest[] = [];
    for (let t = 0; t < 1200; t += 1 / 3) {
      requests.push(get('/s', T0 + t, { latency_ms: Math.round((5 + random() * random() * 400) * 10) / 10 }));
    }
    const { endpoints, timeline } = run(requests);
    expect(timeline.bucket_s).toBe(8);
    const series = endpoints[0]!.timeline!;
    for (let i = 0; i < timeline.buckets; i++) {
      const inBucket = requests
        .filter((r) => Math.floor((r.timestamp - timeline.start) / timeline.bucket_s) === i)
        .map((r) => r.latency_ms);
      expect(inBucket.length).toBeGreaterThan(0);
      for (const [q, got] of [
        [0.5, series.p50_ms[i]],
        [0.95, series.p95_ms[i]],
      ] as const) {
        const want = exact(inBucket, q);
        expect(Math.abs(got! - want)).toBeLessThanOrEqual(want * HISTOGRAM_RELATIVE_ERROR + 0.001);
      }
    }
  });

  it('records the circuit state at each bucket end, carried through empty buckets, and the peak rpm', () => {
    // 10 failures open the circuit (20-call window, 5 minimum calls, threshold 0.5); 40 s later one success half-opens it
    const failures = Array.from({ length: 10 }, (_, i) => get('/s', T0 + i, { status_code: 503 }));
    const { endpoints, timeline } = run([...failures, get('/s', T0 + 50)]);
    expect(timeline).toMatchObject({ bucket_s: 1, buckets: 51 });
    const series = endpoints[0]!.timeline!;
    expect(series.circuit.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(series.circuit[9]).toBe(2);
    expect(series.circuit.slice(10, 50)).toEqual(new Array(40).fill(2)); // no request: still OPEN
    expect(series.circuit[50]).toBe(1);
    expect(series.peak_rpm.slice(0, 3)).toEqual([1, 2, 3]);
    expect(series.errors.slice(0, 10)).toEqual(new Array(10).fill(1));
    expect(series.p95_ms[20]).toBeNull();
    // merged into 2 s buckets: a pair ends in the state of its later half, or of its first where the later is empty
    const merged = run([...failures, get('/s', T0 + 50), get('/s', T0 + 300)]);
    expect(merged.timeline).toMatchObject({ bucket_s: 2, buckets: 151 });
    expect(merged.endpoints[0]!.timeline!.circuit.slice(0, 6)).toEqual([0, 0, 2, 2, 2, 2]);
    expect(merged.endpoints[0]!.timeline!.circuit[25]).toBe(1);
    expect(merged.endpoints[0]!.timeline!.peak_rpm.slice(0, 2)).toEqual([2, 4]);
  });

  it('counts an event older than the grid start (another endpoint began first) in bucket 0', () => {
    const { endpoints, timeline } = run([get('/s', T0 + 100), get('/s', T0 + 105), get('/late', T0 + 10)]);
    expect(timeline).toEqual({ start: T0 + 100, bucket_s: 1, buckets: 6 });
    const late = endpoints.find((e) => e.endpoint_key === 'GET /late')!;
    expect(requestsPerBucket(late.timeline!)).toEqual([1, 0, 0, 0, 0, 0]);
  });

  it(`gives the first ${TIMELINE_ENDPOINTS} endpoints worst first a timeline and sums the rest in timeline_others`, () => {
    // 70 unknown paths (DROP or QUARANTINE) and the contract endpoint (ALLOW), over 90 s
    const requests: TimedRequest[] = [];
    for (let t = 0; t < 90; t++) {
      requests.push(get('/s', T0 + t));
      requests.push(get(`/unknown/${String(t % 70).padStart(2, '0')}`, T0 + t + 0.5, { status_code: 500 }));
    }
    const { endpoints, timeline, timeline_others } = run(requests);
    expect(endpoints).toHaveLength(71);
    const withTimeline = endpoints.filter((e) => e.timeline);
    expect(withTimeline).toHaveLength(TIMELINE_ENDPOINTS);
    expect(endpoints.find((e) => e.endpoint_key === 'GET /s')!.timeline).toBeUndefined(); // ALLOW: least severe
    expect(withTimeline.map((e) => e.endpoint_key)).toEqual(
      endpoints
        .filter((e) => e.endpoint_key !== 'GET /s')
        .map((e) => e.endpoint_key)
        .slice(0, TIMELINE_ENDPOINTS),
    );
    expect(timeline_others.endpoints).toBe(21);
    // every bucket: the top 50 plus the others give every request of the run in that bucket
    for (let i = 0; i < timeline.buckets; i++) {
      const inBucket = requests.filter((r) => Math.floor(r.timestamp - timeline.start) === i).length;
      const top = sum(withTimeline.map((e) => requestsPerBucket(e.timeline!)[i]!));
      expect(top + requestsPerBucket(timeline_others)[i]!).toBe(inBucket);
    }
    const rest = endpoints.filter((e) => !e.timeline);
    expect(sum(timeline_others.allow)).toBe(sum(rest.map((e) => e.decisions.ALLOW)));
    expect(sum(timeline_others.errors)).toBe(sum(rest.map((e) => e.errors)));
  });

  it('is the same, byte for byte, from the same input twice', () => {
    const requests = latencies(5, 3000, 40).map((latency_ms, i) =>
      get(i % 3 ? '/s' : `/u/${i % 7}`, T0 + i * 0.7, { latency_ms, status_code: i % 11 ? 200 : 503 }),
    );
    const render = () => {
      const r = run(requests);
      return JSON.stringify({ endpoints: r.endpoints, timeline: r.timeline, others: r.timeline_others });
    };
    expect(render()).toBe(render());
  });
});

describe('result.json timeline', () => {
  const { endpoints, timeline, timeline_others } = run([get('/s', T0), get('/s', T0 + 3.5)]);
  const result = {
    result_format: 1,
    verdict: 'ALLOW',
    exit_code: 0,
    tier: 'CONTROL',
    policy: { version: '1.0.0', hash: 'h' },
    gate: { min_share: 0 },
    ledger: { file: 'ledger.jsonl', head_hash: 'h', records: 4 },
    input: {
      files: [],
      read: 2,
      accepted: 2,
      rejected: 0,
      rejected_ratio: 0,
      max_rejected_ratio: 0,
      rejected_samples: [],
    },
    decisions: { ALLOW: 2, THROTTLE: 0, QUARANTINE: 0, DROP: 0 },
    endpoints,
    timeline,
    timeline_others,
  } satisfies RunResult;

  it('writes each series on one line, after the endpoints', () => {
    const json = renderResultJson(result);
    expect(json).toContain('\n        "allow": [1,0,0,1],\n');
    expect(json).toContain('\n        "p95_ms": [10.5,null,null,10.5],\n');
    expect(json).toContain(
      '\n  "timeline": {\n    "start": 1790000000,\n    "bucket_s": 1,\n    "buckets": 4\n  },\n',
    );
    expect(JSON.parse(json)).toEqual(result);
  });

  it('refuses a series whose length is not timeline.buckets, naming it', () => {
    const bad = structuredClone(result);
    bad.endpoints[0]!.timeline!.p50_ms.pop();
    const parsed = RunResultSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({
      path: ['endpoints', 0, 'timeline', 'p50_ms'],
      message: 'has 3 entries, timeline.buckets is 4',
    });
  });
});
