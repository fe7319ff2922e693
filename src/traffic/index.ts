/**
 * Traffic readers: detect a file's format by content and stream it as validated RequestEvents,
 * one TrafficItem per input record (accepted or rejected with file, line/pointer and reason).
 */
import { checkSource, detectSourceFormat } from './detect.js';
import { readHar } from './har.js';
import { readJsonl } from './jsonl.js';
import { readK6 } from './k6.js';
import { readNginx } from './nginx.js';
import { TrafficSource } from './source.js';
import {
  DEFAULT_LIMITS,
  type ReaderLimits,
  TRAFFIC_FORMATS,
  type TrafficFormat,
  TrafficInputError,
  type TrafficItem,
} from './types.js';

export { detectFormat, detectSourceFormat } from './detect.js';
export { FILTER_RULES, type FilterRule, type RequestFilter, requestFilter } from './filter.js';
export { BLANK_LINE_ALLOWANCE } from './lines.js';
export { TIMED_LOG_FORMAT } from './nginx.js';
export { TrafficSource } from './source.js';
export {
  DEFAULT_LIMITS,
  type ReaderLimits,
  type SourceRef,
  TRAFFIC_FORMATS,
  type TrafficFormat,
  TrafficInputError,
  type TrafficItem,
} from './types.js';

const READERS: Record<
  TrafficFormat,
  (source: TrafficSource, limits: ReaderLimits) => AsyncGenerator<TrafficItem>
> = {
  jsonl: readJsonl,
  har: readHar,
  k6: readK6,
  nginx: readNginx,
};

/**
 * Streams the file's records (transparently gunzipped), opening it once: a pipe or FIFO works, and so
 * does a source already opened (TrafficSource.open). Throws TrafficInputError when the whole file
 * cannot be read: missing, empty, binary, not UTF-8, unknown format, a ledger, corrupt or truncated
 * gzip, a truncated document, a HAR without entries, an access log without request times.
 */
export function readTraffic(
  file: string | TrafficSource,
  format: TrafficFormat | 'auto' = 'auto',
  limits: Partial<ReaderLimits> = {},
): AsyncGenerator<TrafficItem> {
  return new OpenedLazily(async () => {
    const name = typeof file === 'string' ? file : file.file;
    if (format !== 'auto' && !(TRAFFIC_FORMATS as readonly string[]).includes(format)) {
      throw new TrafficInputError(
        name,
        `unknown format "${format}": use auto, ${TRAFFIC_FORMATS.join(', ')}`,
      );
    }
    const source = typeof file === 'string' ? await TrafficSource.open(file) : file;
    try {
      if (format === 'auto') format = detectSourceFormat(source);
      else checkSource(source);
    } catch (error) {
      source.close();
      throw error;
    }
    return { reader: READERS[format](source, { ...DEFAULT_LIMITS, ...limits }), source };
  });
}

type Reader = AsyncGenerator<TrafficItem>;
const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * An async generator that checks the file on the first next() and then hands every call straight to
 * the format's reader: the same behaviour as `async function* { await checks; yield* reader }`
 * without a second promise per item (yield* in an async generator awaits each inner result).
 * Returning early also closes the source (a reader that never started cannot close it).
 */
class OpenedLazily implements Reader {
  private inner: Reader | undefined;
  private source: TrafficSource | undefined;
  private opening: Promise<Reader> | undefined;
  private closed = false;
  private failureReported = false;

  constructor(private readonly open: () => Promise<{ reader: Reader; source: TrafficSource }>) {}

  next(): Promise<IteratorResult<TrafficItem>> {
    if (this.inner) return this.inner.next();
    if (this.closed) return Promise.resolve(DONE);
    return this.opened().then(
      (inner) => inner.next(),
      (error) => this.failed(error),
    );
  }

  return(value?: unknown): Promise<IteratorResult<TrafficItem>> {
    if (this.inner) return this.inner.return(value as undefined).finally(() => this.source?.close());
    if (this.opening) {
      return this.opening.then(
        (inner) => inner.return(value as undefined).finally(() => this.source?.close()),
        () => DONE,
      );
    }
    this.closed = true;
    return Promise.resolve({ done: true, value: value as undefined });
  }

  throw(error?: unknown): Promise<IteratorResult<TrafficItem>> {
    if (this.inner) return this.inner.throw(error);
    if (this.opening) {
      return this.opening.then(
        (inner) => inner.throw(error),
        () => Promise.reject(error),
      );
    }
    this.closed = true;
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): Reader {
    return this;
  }

  private opened(): Promise<Reader> {
    this.opening ??= this.open().then(({ reader, source }) => {
      this.inner = reader;
      this.source = source;
      return reader;
    });
    return this.opening;
  }

  /** Like a generator whose body threw: the first pending call rejects, later ones are done. */
  private failed(error: unknown): IteratorResult<TrafficItem> {
    this.closed = true;
    if (this.failureReported) return DONE;
    this.failureReported = true;
    throw error;
  }
}
