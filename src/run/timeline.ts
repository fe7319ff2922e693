/**
 * Per-endpoint time buckets on event time (what report.html charts): one grid for the whole run,
 * `bucket_s` wide from `start`, at most MAX_BUCKETS buckets. The width starts at 1 s and doubles
 * (adjacent pairs merged, in every endpoint's series) whenever an event falls past the last bucket,
 * so any run length fits. Event time is the endpoint's own (EndpointWindow.nowS: what its windows
 * and circuit saw); an event older than `start` (another endpoint's traffic began later in the
 * input) counts in bucket 0.
 *
 * Memory per endpoint-bucket: 5 × 4 bytes of counts, 8 of peak rpm, 1 of circuit state and a slot,
 * plus, in a bucket with requests, a LatencyHistogram of at most 64 × 4 bytes: bounded by
 * endpoints × MAX_BUCKETS, never by events.
 */
import type { CircuitState, Decision } from '../model.js';
import type { EndpointTimeline, OthersTimeline, Timeline } from '../result.js';
import { LatencyHistogram } from './latency-histogram.js';

export const MAX_BUCKETS = 240;
/** Endpoints (worst first) whose series result.json carries; the rest are summed in timeline_others. */
export const TIMELINE_ENDPOINTS = 50;

const CIRCUIT_CODE: Record<CircuitState, 0 | 1 | 2> = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 };

/** What one record adds to its endpoint's bucket. */
export interface TimelineSample {
  /** Event time (s) as the endpoint's windows saw it. */
  time: number;
  decision: Decision;
  error: boolean;
  latencyMs: number;
  /** The circuit's state after the record. */
  circuit: CircuitState;
  /** The sliding window's requests per minute, this record included. */
  rpm: number;
}

export class EndpointSeries {
  private readonly decisions: Record<Decision, Uint32Array> = {
    ALLOW: new Uint32Array(MAX_BUCKETS),
    THROTTLE: new Uint32Array(MAX_BUCKETS),
    QUARANTINE: new Uint32Array(MAX_BUCKETS),
    DROP: new Uint32Array(MAX_BUCKETS),
  };
  private readonly errors = new Uint32Array(MAX_BUCKETS);
  private readonly peakRpm = new Float64Array(MAX_BUCKETS);
  /** The state after the bucket's last record (meaningful where the bucket has requests). */
  private readonly circuit = new Uint8Array(MAX_BUCKETS);
  private readonly latency: (LatencyHistogram | undefined)[] = new Array(MAX_BUCKETS);

  add(i: number, s: TimelineSample): void {
    this.decisions[s.decision][i]!++;
    if (s.error) this.errors[i]!++;
    this.peakRpm[i] = Math.max(this.peakRpm[i]!, s.rpm);
    this.circuit[i] = CIRCUIT_CODE[s.circuit];
    const histogram = this.latency[i] ?? new LatencyHistogram();
    this.latency[i] = histogram;
    histogram.add(s.latencyMs);
  }

  /** Buckets 2j and 2j + 1 become bucket j, for the first `buckets`. */
  mergePairs(buckets: number): void {
    for (let j = 0; 2 * j < buckets; j++) {
      const [a, b] = [2 * j, 2 * j + 1];
      const laterHasRequests = b < buckets && this.requests(b) > 0;
      for (const counts of [...Object.values(this.decisions), this.errors])
        counts[j] = counts[a]! + counts[b]!;
      this.peakRpm[j] = Math.max(this.peakRpm[a]!, this.peakRpm[b]!);
      this.circuit[j] = this.circuit[laterHasRequests ? b : a]!;
      const [first, second] = [this.latency[a], this.latency[b]];
      if (first && second) first.merge(second);
      this.latency[j] = first ?? second;
    }
    for (let i = Math.ceil(buckets / 2); i < buckets; i++) {
      for (const counts of [...Object.values(this.decisions), this.errors]) counts[i] = 0;
      this.peakRpm[i] = 0;
      this.circuit[i] = 0;
      this.latency[i] = undefined;
    }
  }

  /** The first `buckets` of each series; an empty bucket's circuit is the state before it (CLOSED before any request). */
  toJson(buckets: number): EndpointTimeline {
    const circuit: (0 | 1 | 2)[] = [];
    let state: 0 | 1 | 2 = 0;
    for (let i = 0; i < buckets; i++) {
      if (this.requests(i) > 0) state = this.circuit[i] as 0 | 1 | 2;
      circuit.push(state);
    }
    const quantile = (q: number) =>
      this.first(buckets, this.latency).map((h) => {
        const value = h?.quantile(q) ?? null;
        return value === null ? null : Math.round(value * 1000) / 1000;
      });
    return {
      ...this.counts(buckets),
      p50_ms: quantile(0.5),
      p95_ms: quantile(0.95),
      circuit,
      peak_rpm: this.first(buckets, this.peakRpm),
    };
  }

  counts(buckets: number): Pick<EndpointTimeline, 'allow' | 'throttle' | 'quarantine' | 'drop' | 'errors'> {
    return {
      allow: this.first(buckets, this.decisions.ALLOW),
      throttle: this.first(buckets, this.decisions.THROTTLE),
      quarantine: this.first(buckets, this.decisions.QUARANTINE),
      drop: this.first(buckets, this.decisions.DROP),
      errors: this.first(buckets, this.errors),
    };
  }

  private requests(i: number): number {
    const d = this.decisions;
    return d.ALLOW[i]! + d.THROTTLE[i]! + d.QUARANTINE[i]! + d.DROP[i]!;
  }

  private first<T>(buckets: number, values: ArrayLike<T>): T[] {
    return Array.from({ length: buckets }, (_, i) => values[i]!);
  }
}

/** The run's grid and every endpoint's series on it. */
export class TimelineGrid {
  private start: number | undefined;
  private bucketS = 1;
  private buckets = 0;
  private readonly series: EndpointSeries[] = [];

  newSeries(): EndpointSeries {
    const series = new EndpointSeries();
    this.series.push(series);
    return series;
  }

  add(series: EndpointSeries, sample: TimelineSample): void {
    series.add(this.bucketOf(sample.time), sample);
  }

  get grid(): Timeline {
    return { start: this.start ?? 0, bucket_s: this.bucketS, buckets: this.buckets };
  }

  /** The bucket of event time `time`, widening the grid until it fits. */
  private bucketOf(time: number): number {
    this.start ??= Math.floor(time);
    let i = Math.max(0, Math.floor((time - this.start) / this.bucketS));
    while (i >= MAX_BUCKETS) {
      for (const series of this.series) series.mergePairs(this.buckets);
      this.buckets = Math.ceil(this.buckets / 2);
      this.bucketS *= 2;
      i = Math.floor((time - this.start) / this.bucketS);
    }
    this.buckets = Math.max(this.buckets, i + 1);
    return i;
  }
}

/** The decision and error series of `series`, summed bucket by bucket. */
export function summed(series: readonly EndpointSeries[], buckets: number): OthersTimeline {
  const zeros = () => new Array<number>(buckets).fill(0);
  const sum: OthersTimeline = {
    endpoints: series.length,
    allow: zeros(),
    throttle: zeros(),
    quarantine: zeros(),
    drop: zeros(),
    errors: zeros(),
  };
  for (const s of series) {
    const counts = s.counts(buckets);
    for (const name of ['allow', 'throttle', 'quarantine', 'drop', 'errors'] as const) {
      counts[name].forEach((n, i) => {
        sum[name][i]! += n;
      });
    }
  }
  return sum;
}
