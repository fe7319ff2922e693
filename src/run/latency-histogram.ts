/**
 * A small, mergeable latency histogram for one time bucket of one endpoint (run/timeline.ts).
 *
 * Bins are log-linear, HdrHistogram style: 8 bins per power of two, read straight from the bits of
 * the float (exponent and the top 3 mantissa bits), so no Math.log can differ between Node versions.
 * A bin is at most 1/8 of its lower bound wide, and a quantile is reported as its bin's midpoint:
 * within HISTOGRAM_RELATIVE_ERROR (1/16, 6.25 %) of the exact value. At most MAX_BINS (64) bins are
 * kept, 8 powers of two below the largest latency: smaller latencies are counted in the lowest kept
 * bin, so a quantile under 1/256 of the bucket's largest latency is reported too high (p95 never is
 * in practice). Memory: at most 64 × 4 bytes of counts. Merging adds counts, bin by bin.
 */

const SUB_BITS = 3;
const SUBS = 1 << SUB_BITS;
/** A quantile is within this share of the exact value (while under 256× below the bucket's largest latency). */
export const HISTOGRAM_RELATIVE_ERROR = 1 / (2 * SUBS);
export const MAX_BINS = 8 * SUBS;
/** Smaller values (subnormal floats, and 0) count as 0. */
const MIN_NORMAL = 2 ** -1022;

const float = new DataView(new ArrayBuffer(8));

/** Bin key of a value >= MIN_NORMAL: 8 × its binary exponent + its top 3 mantissa bits. */
function keyOf(value: number): number {
  float.setFloat64(0, value);
  const high = float.getUint32(0);
  return ((high >>> 20) - 1023) * SUBS + ((high >>> (20 - SUB_BITS)) & (SUBS - 1));
}

/** The midpoint of a bin: its exponent and mantissa bits, then a 1 bit (exact, no rounding). */
function midpointOf(key: number): number {
  const exponent = Math.floor(key / SUBS);
  const sub = key - exponent * SUBS;
  float.setUint32(0, (((exponent + 1023) << 20) | (sub << (20 - SUB_BITS)) | (1 << (19 - SUB_BITS))) >>> 0);
  float.setUint32(4, 0);
  return float.getFloat64(0);
}

export class LatencyHistogram {
  count = 0;
  private zeros = 0;
  private bins = new Uint32Array(0);
  /** Key of bins[0]. */
  private offset = 0;

  add(latencyMs: number): void {
    this.addCount(latencyMs < MIN_NORMAL ? null : keyOf(latencyMs), 1);
  }

  /** Adds every count of `other` (the histogram of the union of both buckets). */
  merge(other: LatencyHistogram): void {
    this.addCount(null, other.zeros);
    for (let i = 0; i < other.bins.length; i++) {
      if (other.bins[i]! > 0) this.addCount(other.offset + i, other.bins[i]!);
    }
  }

  /** Bins held (memory: 4 bytes each). */
  get binCount(): number {
    return this.bins.length;
  }

  /** The value at rank q × (count − 1), as the engine's DDSketch ranks (null when empty). */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = q * (this.count - 1);
    let running = this.zeros;
    if (running > rank) return 0;
    for (let i = 0; i < this.bins.length; i++) {
      running += this.bins[i]!;
      if (running > rank) return midpointOf(this.offset + i);
    }
    // Stryker disable next-line all: unreachable, the counts sum to count
    return midpointOf(this.offset + this.bins.length - 1);
  }

  private addCount(key: number | null, n: number): void {
    if (n === 0) return;
    this.count += n;
    if (key === null) {
      this.zeros += n;
      return;
    }
    if (this.bins.length === 0) {
      this.offset = key;
      this.bins = new Uint32Array(4);
    } else if (key < this.offset || key >= this.offset + this.bins.length) {
      this.cover(key);
    }
    this.bins[Math.max(key, this.offset) - this.offset]! += n;
  }

  /** Grows the bins to reach `key`, keeping at most MAX_BINS below the highest key (lower ones fold into the lowest). */
  private cover(key: number): void {
    let last = this.offset + this.bins.length - 1;
    while (last > this.offset && this.bins[last - this.offset] === 0) last--;
    const high = Math.max(key, last);
    const low = Math.max(Math.min(key, this.offset), high - MAX_BINS + 1);
    let length = this.bins.length;
    while (length < high - low + 1) length *= 2;
    const bins = new Uint32Array(Math.min(length, MAX_BINS));
    this.bins.forEach((n, i) => {
      if (n > 0) bins[Math.max(this.offset + i, low) - low]! += n;
    });
    this.bins = bins;
    this.offset = low;
  }
}
