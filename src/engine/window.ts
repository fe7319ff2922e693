/**
 * Per-endpoint statistics on event time: totals, a latency sketch, an exact sliding request
 * window and bucketed error windows for burn rates. The current event is recorded before any
 * figure is read, so it counts in its own window.
 */
import { LatencySketch } from './sketch.js';

/** DDSketch relative accuracy: every reported quantile is within 1% of the true value. */
export const SKETCH_RELATIVE_ACCURACY = 0.01;
/** The quantile the engine reads before every event (latency_regression): tracked, not scanned. */
export const TRACKED_QUANTILE = 0.95;
const BUCKETS_PER_WINDOW = 60;
/**
 * An event more than this many seconds older than its endpoint's latest event is counted as out of
 * order. Concurrent requests recorded as they finish interleave within their latency; beyond this,
 * the order of the input (not the traffic) starts to shape the windows.
 */
export const OUT_OF_ORDER_TOLERANCE_S = 5;

/** Exact count of events in (now - width, now], from a ring of millisecond timestamps. */
class SlidingCounter {
  private times = new Float64Array(64);
  private errors = new Uint8Array(64);
  private head = 0;
  private size = 0;
  private errorCount = 0;

  constructor(private readonly widthMs: number) {}

  add(nowMs: number, isError: boolean): void {
    this.evict(nowMs);
    if (this.size === this.times.length) this.grow();
    const i = (this.head + this.size) % this.times.length;
    this.times[i] = nowMs;
    this.errors[i] = isError ? 1 : 0;
    this.size++;
    if (isError) this.errorCount++;
  }

  get count(): number {
    return this.size;
  }

  get errorsInWindow(): number {
    return this.errorCount;
  }

  private evict(nowMs: number): void {
    const cutoff = nowMs - this.widthMs;
    while (this.size > 0 && this.times[this.head]! <= cutoff) {
      this.errorCount -= this.errors[this.head]!;
      this.head = (this.head + 1) % this.times.length;
      this.size--;
    }
  }

  /** Only a full ring grows: its events, oldest first, are [head, n) and then [0, head). */
  private grow(): void {
    this.times = unrolled(this.times, this.head, new Float64Array(this.times.length * 2));
    this.errors = unrolled(this.errors, this.head, new Uint8Array(this.errors.length * 2));
    this.head = 0;
  }
}

function unrolled<T extends Float64Array | Uint8Array>(ring: T, head: number, into: T): T {
  into.set(ring.subarray(head));
  into.set(ring.subarray(0, head), ring.length - head);
  return into;
}

/** Requests and errors over a window of fixed-width buckets (width = window / 60): bounded memory. */
class BucketedCounter {
  private readonly requests = new Float64Array(BUCKETS_PER_WINDOW);
  private readonly errors = new Float64Array(BUCKETS_PER_WINDOW);
  private readonly bucketMs: number;
  private lastBucket = 0;
  requestTotal = 0;
  errorTotal = 0;

  constructor(widthMs: number) {
    this.bucketMs = Math.max(1, Math.floor(widthMs / BUCKETS_PER_WINDOW));
  }

  add(nowMs: number, isError: boolean): void {
    const bucket = Math.floor(nowMs / this.bucketMs);
    this.advance(bucket);
    const slot = bucket % BUCKETS_PER_WINDOW;
    this.requests[slot]! += 1;
    this.requestTotal += 1;
    if (isError) {
      this.errors[slot]! += 1;
      this.errorTotal += 1;
    }
  }

  /**
   * Clears the buckets that fell out of the window since the last event (on the first event, the
   * empty ones). Event time never goes backwards (EndpointWindow.nowS), so `bucket >= lastBucket`.
   */
  private advance(bucket: number): void {
    const stale = Math.min(bucket - this.lastBucket, BUCKETS_PER_WINDOW);
    for (let k = 1; k <= stale; k++) {
      const slot = (this.lastBucket + k) % BUCKETS_PER_WINDOW;
      this.requestTotal -= this.requests[slot]!;
      this.errorTotal -= this.errors[slot]!;
      this.requests[slot] = 0;
      this.errors[slot] = 0;
    }
    this.lastBucket = bucket;
  }
}

export interface WindowConfig {
  rate_window_s: number;
  burn_short_s: number;
  burn_long_s: number;
}

export class EndpointWindow {
  requestCount = 0;
  errorCount = 0;
  firstSeenS = 0;
  /** Highest requests-per-minute seen in the sliding window. */
  peakRequestsPerMinute = 0;
  /** Event time as this endpoint sees it: never goes backwards (late events count as "now"). */
  nowS = 0;
  /** Events older than nowS by more than OUT_OF_ORDER_TOLERANCE_S when they arrived. */
  outOfOrder = 0;
  private readonly sketch = new LatencySketch(SKETCH_RELATIVE_ACCURACY, TRACKED_QUANTILE);
  private readonly rate: SlidingCounter;
  private readonly burnShort: BucketedCounter;
  private readonly burnLong: BucketedCounter;
  private readonly rateScale: number;

  constructor(config: WindowConfig) {
    this.rate = new SlidingCounter(config.rate_window_s * 1000);
    this.burnShort = new BucketedCounter(config.burn_short_s * 1000);
    this.burnLong = new BucketedCounter(config.burn_long_s * 1000);
    this.rateScale = 60 / config.rate_window_s;
  }

  /**
   * Latency quantile of the events recorded so far (0 when there are none), in whole microseconds:
   * the sketch's values come from Math.log/Math.pow, whose last bit may differ between Node versions,
   * and rounding keeps ledgers and reports byte-identical across runtimes.
   */
  quantile(q: number): number {
    return this.requestCount === 0 ? 0 : Math.round(this.sketch.quantile(q) * 1000) / 1000;
  }

  record(timestampS: number, latencyMs: number, isError: boolean): void {
    if (this.requestCount === 0) this.firstSeenS = timestampS;
    else if (timestampS < this.nowS - OUT_OF_ORDER_TOLERANCE_S) this.outOfOrder++;
    this.nowS = Math.max(this.nowS, timestampS); // event times are >= 0 (RequestEventSchema)
    const nowMs = Math.round(this.nowS * 1000);
    this.requestCount++;
    if (isError) this.errorCount++;
    this.sketch.accept(latencyMs);
    this.rate.add(nowMs, isError);
    this.burnShort.add(nowMs, isError);
    this.burnLong.add(nowMs, isError);
    this.peakRequestsPerMinute = Math.max(this.peakRequestsPerMinute, this.requestsPerMinute);
  }

  /** Requests per minute over the sliding rate window, this event included. */
  get requestsPerMinute(): number {
    return this.rate.count * this.rateScale;
  }

  /** Error share over the sliding rate window, this event included. */
  get windowErrorRate(): number {
    return this.rate.count === 0 ? 0 : this.rate.errorsInWindow / this.rate.count;
  }

  /** Mean requests per minute since the first event, over at least one rate window. */
  meanRequestsPerMinute(rateWindowS: number): number {
    const minutes = Math.max(this.nowS - this.firstSeenS, rateWindowS) / 60;
    return this.requestCount / minutes;
  }

  /** SRE definition: 1 − errors / (budget × requests), clamped to [0, 1]. */
  errorBudgetRemaining(errorBudget: number): number {
    if (this.requestCount === 0) return 1;
    return clamp01(1 - this.errorCount / (errorBudget * this.requestCount));
  }

  /** Error rate ÷ budget over the short and the long burn window. */
  burnRates(errorBudget: number): { short: number; long: number } {
    return { short: burnRate(this.burnShort, errorBudget), long: burnRate(this.burnLong, errorBudget) };
  }

  /** min(short, long) of burnRates, without the object. */
  minBurnRate(errorBudget: number): number {
    return Math.min(burnRate(this.burnShort, errorBudget), burnRate(this.burnLong, errorBudget));
  }
}

function burnRate(c: BucketedCounter, errorBudget: number): number {
  return c.requestTotal === 0 ? 0 : c.errorTotal / c.requestTotal / errorBudget;
}

export const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
