/**
 * k6 JSON output (`k6 run --out json=FILE`): one `{"type":"Metric"|"Point","metric":…,"data":…}`
 * object per line. Each `http_req_duration` Point is one request. k6 emits all samples of one
 * request together, with the same time and tags, and `http_req_failed` last (lib/netext/httpext
 * transport.go), so a failed Point marks the duration Point held just before it if time, method, url,
 * name and status match. Other metrics are skipped.
 */
import { type FieldLabels, toItem } from './event.js';
import { describe, mustBe, parseJsonObject } from './json.js';
import { cutShort, readLineBatches } from './lines.js';
import type { TrafficSource } from './source.js';
import { parseIsoTime } from './time.js';
import { type ReaderLimits, rejected, type SourceRef, type TrafficItem } from './types.js';

const LABELS: FieldLabels = {
  url: 'data.tags.url',
  method: 'data.tags.method',
  status_code: 'data.tags.status',
  latency_ms: 'data.value',
  timestamp: 'data.time',
  error_count: 'http_req_failed',
  retry_count: 'retry_count',
  host: 'data.tags.url',
};

interface Pending {
  candidate: Record<string, unknown>;
  source: SourceRef;
  point: Point;
}

type Point = { metric: string; time: unknown; value: unknown; tags: Record<string, unknown> };

/** The request identity shared by all samples of one request. */
const requestKey = (p: Point): string =>
  JSON.stringify([p.time, p.tags.method, p.tags.url, p.tags.name, p.tags.status]);

/** requestKey(a) === requestKey(b), without building the keys when every part is a string (k6 writes strings). */
function sameRequest(a: Point, b: Point): boolean {
  const pairs = [
    a.time,
    b.time,
    a.tags.method,
    b.tags.method,
    a.tags.url,
    b.tags.url,
    a.tags.name,
    b.tags.name,
    a.tags.status,
    b.tags.status,
  ];
  let strings = true;
  for (let i = 0; i < pairs.length; i += 2) {
    const x = pairs[i];
    const y = pairs[i + 1];
    if (typeof x === 'string' && typeof y === 'string') {
      if (x !== y) return false;
    } else strings = false;
  }
  return strings || requestKey(a) === requestKey(b);
}

function toPoint(record: Record<string, unknown>): Point | 'skip' | string {
  if (record.type === 'Metric') return 'skip';
  if (record.type !== 'Point') return mustBe('$.type', '"Metric" or "Point"', record.type);
  if (typeof record.metric !== 'string') return mustBe('$.metric', 'a string', record.metric);
  if (record.metric !== 'http_req_duration' && record.metric !== 'http_req_failed') return 'skip';
  const data = record.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return mustBe('$.data', 'an object', data);
  }
  const { time, value, tags } = data as Record<string, unknown>;
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    return mustBe('$.data.tags', 'an object with method, url and status', tags);
  }
  return { metric: record.metric, time, value, tags: tags as Record<string, unknown> };
}

function durationCandidate(point: Point): Record<string, unknown> | string {
  const timestamp = typeof point.time === 'string' ? parseIsoTime(point.time) : undefined;
  if (timestamp === undefined) return mustBe('data.time', 'an RFC 3339 date-time', point.time);
  const { status } = point.tags;
  const statusCode = typeof status === 'string' && /^\d{1,3}$/.test(status) ? Number(status) : status;
  return {
    url: point.tags.url ?? point.tags.name,
    method: point.tags.method,
    status_code: statusCode,
    latency_ms: point.value,
    timestamp,
    // status 0: k6 got no response (connection refused, timeout, ...).
    error_count: statusCode === 0 ? 1 : 0,
  };
}

/**
 * Items come out in line order: a held duration point is released before anything a later line
 * produces, unless that line is its own http_req_failed point.
 */
export async function* readK6(source: TrafficSource, limits: ReaderLimits): AsyncGenerator<TrafficItem> {
  const { file } = source;
  let pending: Pending | undefined;
  function* release(): Generator<TrafficItem> {
    if (pending) yield toItem(pending.candidate, pending.source, LABELS);
    pending = undefined;
  }

  for await (const batch of readLineBatches(source, limits.maxLineBytes)) {
    for (const line of batch) {
      const at = { file, line: line.line };
      const parsed = 'reason' in line ? line : parseJsonObject(line.text);
      if ('reason' in parsed && 'unterminated' in line) {
        throw cutShort(source, line.line, 'an incomplete JSON record');
      }
      const point = 'reason' in parsed ? parsed.reason : toPoint(parsed.value);
      if (point === 'skip') continue;
      if (
        typeof point !== 'string' &&
        point.metric === 'http_req_failed' &&
        pending !== undefined &&
        sameRequest(pending.point, point)
      ) {
        if (point.value === 1) pending.candidate.error_count = 1;
        yield* release();
        continue;
      }
      yield* release();
      if (typeof point === 'string') {
        yield rejected(at, point);
      } else if (point.metric === 'http_req_duration') {
        const candidate = durationCandidate(point);
        if (typeof candidate === 'string') yield rejected(at, candidate);
        else pending = { candidate, source: at, point };
      } else if (point.value !== 0) {
        yield rejected(
          at,
          `http_req_failed point (value ${describe(point.value)}) does not follow an http_req_duration point with the same time, method, url and status: cannot tell which request failed`,
        );
      }
    }
  }
  yield* release();
}
