/**
 * Builds the k6 fixture. k6 cannot be installed here, so instead of recording `k6 run --out
 * json=k6-output.json` this writes what that command writes, line for line, following:
 *  - the k6 docs, "Results output > Real-time > JSON": one `Metric` line the first time a metric is
 *    seen, then one `Point` line per sample, `time` as RFC 3339 with nanoseconds, `value` in ms for
 *    time metrics;
 *  - k6's internal/output/json (json.go, wrapper.go): Point envelopes are `{"metric","type","data"}`,
 *    Metric envelopes `{"type","data":{"name","type","contains","thresholds","submetrics"},"metric"}`,
 *    tags serialized as a JSON object with sorted keys, HTML not escaped;
 *  - lib/netext/httpext (transport.go, tracer.go): per request the samples http_reqs,
 *    http_req_duration, blocked, connecting, tls_handshaking, sending, waiting, receiving, then
 *    http_req_failed, all with the request's end time and the same tags (`status` "0" plus `error`
 *    and `error_code` when no response arrived; `error_code` 1000+status for >= 400; `name` = `url`,
 *    or the http.url template for both).
 *
 *   npx tsx scripts/record-fixtures/k6-from-schema.ts   → test/fixtures/traffic/k6-output.json
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('../../test/fixtures/traffic/k6-output.json', import.meta.url));
const BASE = 'http://127.0.0.1:8080';

type Tags = Record<string, string>;
const lines: string[] = [];
const seen = new Set<string>();
const METRIC_TYPES: Record<string, [type: string, contains: string]> = {
  vus: ['gauge', 'default'],
  vus_max: ['gauge', 'default'],
  http_reqs: ['counter', 'default'],
  http_req_duration: ['trend', 'time'],
  http_req_blocked: ['trend', 'time'],
  http_req_connecting: ['trend', 'time'],
  http_req_tls_handshaking: ['trend', 'time'],
  http_req_sending: ['trend', 'time'],
  http_req_waiting: ['trend', 'time'],
  http_req_receiving: ['trend', 'time'],
  http_req_failed: ['rate', 'default'],
  data_sent: ['counter', 'data'],
  data_received: ['counter', 'data'],
  iteration_duration: ['trend', 'time'],
  iterations: ['counter', 'default'],
};
const THRESHOLDS: Record<string, string[]> = {
  http_req_duration: ['p(95)<500'],
  http_req_failed: ['rate<0.01'],
};

const sortTags = (tags: Tags): Tags =>
  Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1)));

function point(metric: string, time: string, value: number, tags: Tags | null): void {
  if (!seen.has(metric)) {
    seen.add(metric);
    const [type, contains] = METRIC_TYPES[metric]!;
    const data = { name: metric, type, contains, thresholds: THRESHOLDS[metric] ?? [], submetrics: null };
    lines.push(JSON.stringify({ type: 'Metric', data, metric }));
  }
  lines.push(JSON.stringify({ metric, type: 'Point', data: { time, value, tags: tags && sortTags(tags) } }));
}

interface Request {
  method: string;
  url: string;
  /** The `name` tag when the script set it (http.url template), else the url. */
  name?: string;
  status: number;
  end: string;
  /** blocked, connecting, tls, sending, waiting, receiving (ms); duration = sending + waiting + receiving. */
  phases: [number, number, number, number, number, number];
  error?: [message: string, code: string];
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function request(r: Request): void {
  const failed = r.status === 0 || r.status >= 400;
  const tags: Tags = {
    expected_response: String(!failed),
    group: '',
    method: r.method,
    name: r.name ?? r.url,
    scenario: 'default',
    status: String(r.status),
    url: r.name ?? r.url,
  };
  if (r.status !== 0) tags.proto = 'HTTP/1.1';
  if (r.error) [tags.error, tags.error_code] = r.error;
  else if (r.status >= 400) tags.error_code = String(1000 + r.status);
  const [blocked, connecting, tls, sending, waiting, receiving] = r.phases;
  point('http_reqs', r.end, 1, tags);
  point('http_req_duration', r.end, round(sending + waiting + receiving), tags);
  point('http_req_blocked', r.end, blocked, tags);
  point('http_req_connecting', r.end, connecting, tags);
  point('http_req_tls_handshaking', r.end, tls, tags);
  point('http_req_sending', r.end, sending, tags);
  point('http_req_waiting', r.end, waiting, tags);
  point('http_req_receiving', r.end, receiving, tags);
  point('http_req_failed', r.end, failed ? 1 : 0, tags);
}

function iterationEnd(end: string, duration: number, sent: number, received: number): void {
  const tags = { group: '', scenario: 'default' };
  point('data_sent', end, sent, tags);
  point('data_received', end, received, tags);
  point('iteration_duration', end, duration, tags);
  point('iterations', end, 1, tags);
}

// A 1-VU run on a machine at UTC+02:00, two iterations.
point('vus', '2026-12-01T16:00:00.000184771+02:00', 1, null);
point('vus_max', '2026-12-01T16:00:00.000190212+02:00', 1, null);

request({
  method: 'GET',
  url: `${BASE}/api/users`,
  status: 200,
  end: '2026-12-01T16:00:00.052633911+02:00',
  phases: [0.412, 0.168, 0, 0.041, 48.302191, 0.131],
});
request({
  method: 'POST',
  url: `${BASE}/api/orders`,
  status: 201,
  end: '2026-12-01T16:00:00.180318403+02:00',
  phases: [0.011, 0, 0, 0.063, 121.74021, 0.084],
});
request({
  method: 'GET',
  url: `${BASE}/api/orders/17`,
  name: `${BASE}/api/orders/\${}`,
  status: 200,
  end: '2026-12-01T16:00:00.215947120+02:00',
  phases: [0.009, 0, 0, 0.022, 33.510442, 0.052],
});
request({
  method: 'GET',
  url: `${BASE}/api/broken`,
  status: 500,
  end: '2026-12-01T16:00:00.231200544+02:00',
  phases: [0.008, 0, 0, 0.019, 12.88409, 0.037],
});
request({
  method: 'GET',
  url: 'http://127.0.0.1:1/health',
  status: 0,
  end: '2026-12-01T16:00:00.232441873+02:00',
  phases: [0.617, 0.301, 0, 0, 0, 0],
  error: ['dial tcp 127.0.0.1:1: connect: connection refused', '1212'],
});
iterationEnd('2026-12-01T16:00:00.232702338+02:00', 232.517554, 512, 1934);

request({
  method: 'GET',
  url: `${BASE}/api/users`,
  status: 200,
  end: '2026-12-01T16:00:01.284109376+02:00',
  phases: [0.007, 0, 0, 0.03, 50.994803, 0.117],
});
request({
  method: 'DELETE',
  url: `${BASE}/api/orders/17`,
  status: 404,
  end: '2026-12-01T16:00:01.301477207+02:00',
  phases: [0.006, 0, 0, 0.021, 16.914118, 0.044],
});
iterationEnd('2026-12-01T16:00:01.301603562+02:00', 69.120431, 236, 702);

writeFileSync(OUT, `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length} lines to ${OUT}`);
