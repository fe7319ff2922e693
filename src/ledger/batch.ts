/**
 * Batches of record bodies made ready for a Ledger before any lock is taken: canonicalized and
 * staged as bytes (prepareBatch, or BatchBuilder body by body), and packed into one message that
 * can move to another thread (PackedBatch, unpackBatch).
 */
import {
  LineBuffer,
  type PreparedBody,
  prepareBody,
  stageDecisionInto,
  stagedDecision,
  stageTemplate,
} from './chain.js';
import type { StagedOffsets } from './decision-text.js';
import { LedgerError } from './errors.js';

export interface PreparedBatch<T> {
  prepared: Array<PreparedBody<T>>;
  /** The batch's templates as bytes (one buffer per call: concurrent async appends never share it). */
  staging: LineBuffer | undefined;
}

/** Canonicalizes a batch of bodies, ready for any Ledger to seal and write (no file is touched). */
export function prepareBatch<T extends { record_type: string }>(bodies: readonly T[]): PreparedBatch<T> {
  if (!Array.isArray(bodies)) throw new LedgerError('append expects an array of record bodies');
  // An engine record's template is about 1.4 kB; the buffer grows if that is short.
  const staging = new LineBuffer(Math.max(4096, bodies.length * 1600));
  const prepared = bodies.map(
    (body, index) => stagedDecision(body, staging) ?? prepareStaged(body, index, staging),
  );
  return { prepared, staging };
}

/** The generic paths (any body but an engine decision): canonicalized, its template staged if it can be. */
function prepareStaged<T extends { record_type: string }>(
  body: T,
  index: number,
  staging: LineBuffer,
): PreparedBody<T> {
  const prepared = prepareBody(body, `body ${index}`);
  stageTemplate(prepared, staging);
  return prepared;
}

/** A prepared batch as one message for another thread: the staged bytes and each body's offsets. */
export interface PackedBatch {
  bytes: Uint8Array;
  /** Per body: stagedAt, stagedLength, previousAt, recordHashAt, sequenceAt (NaN stagedAt: see `others`). */
  offsets: Float64Array;
  /** Bodies that are not staged (rare: non-ASCII text, unsorted keys), by index, without `body`. */
  others: Record<number, Omit<PreparedBody<unknown>, 'body'>>;
}

const PACKED = 5;

/**
 * Builds a PackedBatch body by body: each is canonicalized and staged the moment it is added, so a
 * batch waiting to be written holds bytes and numbers, not thousands of objects for the garbage
 * collector to carry. `take` hands the batch over (to a Ledger here, or to another thread).
 */
export class BatchBuilder {
  private staging: LineBuffer;
  private offsets: Float64Array;
  private others: PackedBatch['others'] = {};
  private readonly at: StagedOffsets = {
    stagedAt: 0,
    stagedLength: 0,
    previousAt: 0,
    recordHashAt: 0,
    sequenceAt: 0,
  };
  /** Bodies added since the last take. */
  size = 0;

  constructor(expected = 1024) {
    this.staging = new LineBuffer(expected * 1600);
    this.offsets = new Float64Array(PACKED * expected);
  }

  /** Canonicalizes and stages one body; a body that is not valid JSON data throws here, naming it. */
  add(body: { record_type: string }): void {
    const i = this.size;
    if (PACKED * (i + 1) > this.offsets.length) {
      const grown = new Float64Array(2 * this.offsets.length);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    const o = PACKED * i;
    let at: StagedOffsets | PreparedBody<unknown> = this.at;
    if (!stageDecisionInto(body, this.staging, this.at)) {
      at = prepareStaged(body, i, this.staging);
      if (at.stagedAt === undefined) {
        const { body: _body, ...rest } = at;
        this.others[i] = rest;
        this.offsets[o] = Number.NaN;
        this.size++;
        return;
      }
    }
    this.offsets[o] = at.stagedAt!;
    this.offsets[o + 1] = at.stagedLength!;
    this.offsets[o + 2] = at.previousAt!;
    this.offsets[o + 3] = at.recordHashAt!;
    this.offsets[o + 4] = at.sequenceAt!;
    this.size++;
  }

  /**
   * The batch so far, and the buffers that may move to another thread with it; the builder starts
   * over, in `reuse` (a buffer a batch moved away in, given back) when there is one.
   */
  take(reuse?: ArrayBuffer): { packed: PackedBatch; transfer: ArrayBuffer[] } {
    const all = this.staging.bytes;
    // The staging bytes move with the batch when they own their memory; a slice of a pool is copied.
    const owned = all.byteOffset === 0 && all.buffer.byteLength === all.length;
    const bytes = owned
      ? new Uint8Array(all.buffer, 0, this.staging.length)
      : new Uint8Array(all.subarray(0, this.staging.length));
    const packed: PackedBatch = {
      bytes,
      offsets: this.offsets.slice(0, PACKED * this.size),
      others: this.others,
    };
    this.staging = new LineBuffer(0);
    this.staging.bytes = reuse ? Buffer.from(reuse) : Buffer.allocUnsafeSlow(Math.max(all.length, 4096));
    this.others = {};
    this.size = 0;
    return { packed, transfer: [bytes.buffer as ArrayBuffer, packed.offsets.buffer as ArrayBuffer] };
  }
}

export function unpackBatch({ bytes, offsets, others }: PackedBatch): PreparedBatch<unknown> {
  const staging = new LineBuffer(0);
  staging.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  staging.length = bytes.byteLength;
  const prepared: Array<PreparedBody<unknown>> = [];
  for (let i = 0; i < offsets.length / PACKED; i++) {
    const o = PACKED * i;
    if (Number.isNaN(offsets[o])) {
      prepared.push({ body: null, ...others[i]! });
      continue;
    }
    prepared.push({
      body: null,
      before: '',
      between: '',
      afterHash: '',
      after: '',
      stagedAt: offsets[o]!,
      stagedLength: offsets[o + 1]!,
      previousAt: offsets[o + 2]!,
      recordHashAt: offsets[o + 3]!,
      sequenceAt: offsets[o + 4]!,
    });
  }
  return { prepared, staging };
}
