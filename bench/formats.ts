/**
 * Benchmark traffic files: the same generated events (test/support/generate-events.ts, the "shop"
 * API of examples/) written in each format the readers take, shaped like the fixtures in
 * test/fixtures/traffic/: native JSONL, a Playwright/Chromium HAR, k6 `--out json` output and an
 * nginx access log with $request_time. Files are streamed out, never held in memory.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync } from 'node:fs';
import type { RequestEvent } from '../src/model.js';
import type { TrafficFormat } from '../src/traffic/index.js';
import { generateEvents } from '../test/support/generate-events.js';

export const SEED = 7;
const ORIGIN = 'http://127.0.0.1:8080';
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** nginx `$time_local` (UTC) of an event time in seconds. */
function clfTime(seconds: number): string {
  const d = new Date(Math.floor(seconds) * 1000);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** k6 writes nanosecond RFC 3339 times with the local offset. */
const k6Time = (seconds: number) => new Date(seconds * 1000).toISOString().replace('Z', '123456+00:00');

function nginxLine(e: RequestEvent, i: number): string {
  const bytes = e.status_code === 200 ? 512 + (i % 4096) : 153;
  return `10.0.${(i >> 8) & 255}.${i & 255} - - [${clfTime(e.timestamp)}] "${e.method} ${e.url} HTTP/1.1" ${e.status_code} ${bytes} "-" "${USER_AGENT}" ${(e.latency_ms / 1000).toFixed(3)}\n`;
}

const K6_TREND_METRICS = [
  'http_req_blocked',
  'http_req_connecting',
  'http_req_tls_handshaking',
  'http_req_sending',
  'http_req_waiting',
  'http_req_receiving',
] as const;

/** One request as k6 writes it: http_reqs, http_req_duration, six timing trends, http_req_failed. */
function k6Lines(e: RequestEvent, seen: Set<string>): string {
  const time = k6Time(e.timestamp);
  const failed = e.status_code >= 400 ? 1 : 0;
  const tags = JSON.stringify({
    expected_response: failed ? 'false' : 'true',
    group: '',
    method: e.method,
    name: `${ORIGIN}${e.url}`,
    proto: 'HTTP/1.1',
    scenario: 'default',
    status: String(e.status_code),
    url: `${ORIGIN}${e.url}`,
  });
  let out = '';
  const point = (metric: string, type: string, value: number) => {
    if (!seen.has(metric)) {
      seen.add(metric);
      out += `{"type":"Metric","data":{"name":"${metric}","type":"${type}","contains":"${type === 'trend' ? 'time' : 'default'}","thresholds":[],"submetrics":null},"metric":"${metric}"}\n`;
    }
    out += `{"metric":"${metric}","type":"Point","data":{"time":"${time}","value":${value},"tags":${tags}}}\n`;
  };
  point('http_reqs', 'counter', 1);
  point('http_req_duration', 'trend', e.latency_ms);
  for (const metric of K6_TREND_METRICS)
    point(metric, 'trend', metric === 'http_req_waiting' ? e.latency_ms : 0.05);
  point('http_req_failed', 'rate', failed);
  return out;
}

const header = (name: string, value: string) => ({ name, value });

/** A Playwright `recordHar` entry (fewer headers than a browser page load, same structure). */
function harEntry(e: RequestEvent): string {
  return JSON.stringify({
    pageref: 'page@2a09ff5da37dd13c65341492693e6bce',
    startedDateTime: new Date(e.timestamp * 1000).toISOString(),
    time: e.latency_ms,
    request: {
      method: e.method,
      url: `${ORIGIN}${e.url}`,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [
        header('Accept', 'application/json'),
        header('Accept-Encoding', 'gzip, deflate, br, zstd'),
        header('Accept-Language', 'en-US,en;q=0.9'),
        header('Connection', 'keep-alive'),
        header('Host', '127.0.0.1:8080'),
        header('User-Agent', USER_AGENT),
      ],
      queryString: [],
      headersSize: 412,
      bodySize: 0,
    },
    response: {
      status: e.status_code,
      statusText: e.status_code === 200 ? 'OK' : 'Error',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [header('Content-Type', 'application/json'), header('Date', 'Tue, 10 Mar 2026 09:00:00 GMT')],
      content: { size: 2, mimeType: 'application/json', compression: 0, text: '{}' },
      headersSize: 120,
      bodySize: 2,
      redirectURL: '',
      _transferSize: 122,
    },
    cache: {},
    timings: { dns: -1, connect: -1, ssl: -1, send: 0, wait: e.latency_ms, receive: 0 },
    _resourceType: 'fetch',
    serverIPAddress: '127.0.0.1',
    _serverPort: 8080,
  });
}

const HAR_HEAD =
  '{"log":{"version":"1.2","creator":{"name":"Playwright","version":"1.65.1"},"browser":{"name":"chromium","version":"156.0.8078.114"},' +
  '"pages":[{"startedDateTime":"2026-03-10T09:00:00.000Z","id":"page@2a09ff5da37dd13c65341492693e6bce","title":"shop","pageTimings":{"onContentLoad":-1,"onLoad":-1}}],' +
  '"entries":[\n';

/**
 * Writes `count` events as `format` to `path` (to a temporary name first, so an interrupted run
 * never leaves a truncated file that a later run would reuse). Existing files are reused.
 * The HAR has one entry per line (valid JSON; the reader does not care about layout, the floor does).
 */
export async function writeTrafficFile(format: TrafficFormat, path: string, count: number): Promise<void> {
  if (existsSync(path)) return;
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  let chunk = format === 'har' ? HAR_HEAD : '';
  const seen = new Set<string>();
  let i = 0;
  for (const event of generateEvents({ count, seed: SEED })) {
    if (format === 'jsonl') chunk += `${JSON.stringify(event)}\n`;
    else if (format === 'nginx') chunk += nginxLine(event, i);
    else if (format === 'k6') chunk += k6Lines(event, seen);
    else chunk += `${i > 0 ? ',\n' : ''}${harEntry(event)}`;
    i++;
    if (chunk.length >= 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  if (format === 'har') chunk += '\n]}}\n';
  out.end(chunk);
  await once(out, 'finish');
  renameSync(partial, path);
}
