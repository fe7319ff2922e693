/**
 * HAR 1.2 as Chromium/Playwright (`recordHar`) and browser dev tools write it. The document is
 * scanned incrementally and each `log.entries[i]` is parsed on its own, so memory is bounded by the
 * largest entry, not the file.
 *
 * Per entry: `startedDateTime` (the request start), `request.method`, `request.url`,
 * `response.status`, `time` (total ms). A transport error (status 0 or -1, `_error`, or Playwright's
 * `response._failureText`) becomes status_code 0 with error_count 1. Entries whose URL is not a
 * network request (`data:`, `blob:`, `about:`, extension pages) are skipped: they are not traffic.
 * An entry's `_resourceType` (fetch, xhr, document, script, …) travels beside its event for the
 * policy's traffic_filter.
 */
import { type FieldLabels, toItem } from './event.js';
import { mustBe, parseJsonObject } from './json.js';
import { JsonArrayScanner, type ScanEnd, type ScanEvent } from './json-scanner.js';
import type { TrafficSource } from './source.js';
import { parseIsoTime } from './time.js';
import { type ReaderLimits, rejected, TrafficInputError, type TrafficItem } from './types.js';
import { decodeUtf8 } from './utf8.js';

const ENTRIES_PATH = ['log', 'entries'] as const;
const NETWORK_SCHEMES = /^(?:https?|wss?):/i;

const LABELS: FieldLabels = {
  url: 'request.url',
  method: 'request.method',
  status_code: 'response.status',
  latency_ms: 'time',
  timestamp: 'startedDateTime',
  error_count: '_error',
  retry_count: 'retry_count',
  host: 'request.url',
};

const objectOr = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** The candidate event, `'skip'` for non-network entries, or a reason. */
function entryCandidate(entry: Record<string, unknown>): Record<string, unknown> | 'skip' | string {
  const request = objectOr(entry.request);
  const response = objectOr(entry.response);
  if (
    typeof request.url === 'string' &&
    /^[a-z][a-z0-9+.-]*:/i.test(request.url) &&
    !NETWORK_SCHEMES.test(request.url)
  ) {
    return 'skip';
  }
  const started = entry.startedDateTime;
  const timestamp = typeof started === 'string' ? parseIsoTime(started) : undefined;
  if (timestamp === undefined) return mustBe('startedDateTime', 'an ISO 8601 date-time', started);
  const status = response.status;
  const transportError =
    present(entry._error) ||
    present(response._error) ||
    present(response._failureText) ||
    (typeof status === 'number' && status <= 0);
  return {
    url: request.url,
    method: request.method,
    status_code: transportError ? 0 : status,
    latency_ms: entry.time,
    timestamp,
    error_count: transportError ? 1 : 0,
  };
}

function* toItems(file: string, event: ScanEvent, limits: ReaderLimits): Generator<TrafficItem> {
  const pointer = event.index === undefined ? '$' : `$.log.entries[${event.index}]`;
  const source = { file, line: event.line, pointer };
  switch (event.kind) {
    case 'oversize':
      yield rejected(
        source,
        `entry is ${event.bytes} bytes, more than the limit of ${limits.maxEntryBytes} bytes: skipped`,
      );
      return;
    case 'error':
      if (!event.found)
        throw new TrafficInputError(file, `is not a valid HAR file: line ${event.line}: ${event.message}`);
      // The scan cannot go on: the rest of the recording would be lost, whatever the rejected ratio.
      throw new TrafficInputError(
        file,
        `is not valid JSON at line ${event.line} (${pointer}): ${event.message}; ${event.index === undefined ? 'every entry was read, but' : `the ${event.index} entries before it were read, but`} the rest of the file cannot be: export the HAR again`,
      );
    case 'element': {
      const decoded = decodeUtf8(event.bytes);
      const parsed = 'reason' in decoded ? decoded : parseJsonObject(decoded.text, pointer);
      if ('reason' in parsed) {
        yield rejected(source, parsed.reason);
        return;
      }
      const candidate = entryCandidate(parsed.value);
      if (candidate === 'skip') return;
      if (typeof candidate === 'string') {
        yield rejected(source, candidate);
        return;
      }
      const item = toItem(candidate, source, LABELS);
      const resourceType = parsed.value._resourceType;
      if (item.ok && typeof resourceType === 'string') item.resourceType = resourceType;
      yield item;
    }
  }
}

/** Throws unless the document ended complete, with its entries array. */
function checkEnd(source: TrafficSource, end: ScanEnd): void {
  const { file } = source;
  if (!end.found) {
    const why = end.kind === 'truncated' ? `ends (line ${end.line}) before its` : 'has no';
    throw new TrafficInputError(
      file,
      `${why} $.log.entries array: it is not a complete HAR 1.2 file; export the HAR again`,
    );
  }
  if (end.kind === 'complete') return;
  const where =
    end.index === undefined
      ? 'after its entries, before the document is complete'
      : `inside $.log.entries[${end.index}] (which starts on line ${end.line}); the ${end.index} entries before it were read`;
  throw new TrafficInputError(
    file,
    `ends at byte ${source.contentBytes}, ${where}: the HAR is truncated, so the rest of the recording is missing; export the HAR again (close the browser context before copying the file)`,
  );
}

export async function* readHar(source: TrafficSource, limits: ReaderLimits): AsyncGenerator<TrafficItem> {
  const scanner = new JsonArrayScanner(ENTRIES_PATH, limits.maxEntryBytes);
  for await (const chunk of source.chunks()) {
    for (const event of scanner.push(chunk)) yield* toItems(source.file, event, limits);
  }
  checkEnd(source, scanner.end());
}
