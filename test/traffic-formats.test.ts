/**
 * Each reader on files written by the real tools (see scripts/record-fixtures/): nginx 1.22 hit by
 * siege, headless Chromium recording a HAR through playwright-core. k6 cannot be installed here: its
 * fixture is built by scripts/record-fixtures/k6-from-schema.ts exactly from k6's documented JSON
 * output schema and the k6 source that emits HTTP samples.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, TRAFFIC_FORMATS } from '../src/traffic/index.js';
import {
  collect,
  events,
  expectInputError,
  fixture,
  rejections,
  tempDir,
  writeTemp,
} from './support/traffic.js';

const dir = tempDir();

describe('HAR recorded by Chromium (Playwright recordHar)', () => {
  const file = fixture('chromium.har');
  const har = JSON.parse(readFileSync(file, 'utf8')) as {
    log: {
      entries: Array<{
        startedDateTime: string;
        time: number;
        request: { method: string; url: string };
        response: { status: number; _failureText?: string };
      }>;
    };
  };

  it('yields one event per entry, in order, mapped field by field', async () => {
    const items = await collect(file);
    expect(rejections(items)).toEqual([]);
    const expected = har.log.entries.map((e) => {
      const failed = e.response.status <= 0;
      return {
        url: e.request.url,
        method: e.request.method,
        status_code: failed ? 0 : e.response.status,
        latency_ms: e.time,
        timestamp: Date.parse(e.startedDateTime) / 1000,
        error_count: failed ? 1 : 0,
        retry_count: 0,
      };
    });
    expect(events(items)).toEqual(expected);
    expect(items.map((i) => i.source.pointer)).toEqual(har.log.entries.map((_, i) => `$.log.entries[${i}]`));
  });

  it('turns the refused connection into a transport error and keeps HTTP errors as statuses', async () => {
    const byPath = new Map(events(await collect(file)).map((e) => [new URL(e.url).pathname, e]));
    expect(byPath.get('/api/unreachable')).toMatchObject({ status_code: 0, error_count: 1 });
    expect(byPath.get('/api/broken')).toMatchObject({ status_code: 500, error_count: 0 });
    expect(byPath.get('/no-such-page')).toMatchObject({ status_code: 404 });
    expect(byPath.get('/api/orders/7')).toMatchObject({ method: 'DELETE', status_code: 204 });
    expect(byPath.get('/api/reports/slow')!.latency_ms).toBeGreaterThanOrEqual(400);
  });

  it('reports the line each entry starts on in a pretty-printed (dev tools style) HAR', async () => {
    const pretty = JSON.stringify(har, null, 2);
    const copy = writeTemp(dir, pretty, 'devtools.har');
    // Entries sit at indentation 6 after the entries key: root { → "log": { → "entries": [ → {
    const prettyLines = pretty.split('\n');
    const entriesKey = prettyLines.indexOf('    "entries": [');
    const entryLines = prettyLines.flatMap((line, i) =>
      i > entriesKey && line === '      {' ? [i + 1] : [],
    );
    const items = await collect(copy);
    expect(items.map((i) => i.source.line)).toEqual(entryLines);
    expect(events(items)).toEqual(events(await collect(file)));
  });
});

describe('nginx access logs written by nginx under siege', () => {
  const timed = fixture('nginx-timed.txt');
  const lines = readFileSync(timed, 'utf8').trimEnd().split('\n');

  /** An independent reading of one timed line: split on quotes and brackets, Date.parse for the time. */
  function oracle(line: string) {
    const time = /\[(\d+)\/(\w+)\/(\d+):(\S+) (\S+)\]/.exec(line)!;
    const [, request, rest] = line.split('"');
    const [method, target] = request!.split(' ');
    return {
      url: target!.replace(/\\x([0-9A-F]{2})/g, '%$1'),
      method,
      status_code: Number(rest!.trim().split(' ')[0]),
      latency_ms: Number((Number(line.slice(line.lastIndexOf(' ') + 1)) * 1000).toFixed(3)),
      timestamp: Date.parse(`${time[1]} ${time[2]} ${time[3]} ${time[4]} ${time[5]}`) / 1000,
      error_count: 0,
      retry_count: 0,
    };
  }

  it('reads every request line of the combined + $request_time log', async () => {
    const items = await collect(timed);
    const good = lines.flatMap((line, i) => (/"[A-Z]+ \S+ HTTP\/1\.[01]"/.test(line) ? [i + 1] : []));
    expect(good.length).toBeGreaterThan(150);
    expect(items.filter((i) => i.ok).map((i) => i.source.line)).toEqual(good);
    expect(events(items)).toEqual(good.map((n) => oracle(lines[n - 1]!)));
  });

  it('sees the statuses, the proxied latencies and the escaped non-ASCII path nginx wrote', async () => {
    const all = events(await collect(timed));
    const count = (pred: (e: (typeof all)[number]) => boolean) => all.filter(pred).length;
    expect(count((e) => e.url === '/api/orders' && e.status_code === 500)).toBe(20);
    expect(count((e) => e.url === '/api/orders/' && e.method === 'POST' && e.status_code === 201)).toBe(20);
    expect(count((e) => e.url === '/missing' && e.status_code === 404)).toBe(20);
    const reports = all.filter((e) => e.url === '/api/reports/daily');
    expect(reports).toHaveLength(20);
    for (const e of reports) expect(e.latency_ms).toBeGreaterThanOrEqual(40);
    expect(all.find((e) => e.url === '/caf%C3%A9')).toMatchObject({ status_code: 404 });
  });

  it('rejects the scanner and broken-client lines with reasons, by line number', async () => {
    const bad = rejections(await collect(timed));
    const at = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    expect(bad).toEqual([
      expect.objectContaining({
        line: at('"\\x16\\x03'),
        reason: expect.stringMatching(/TLS handshake sent to a plain-HTTP port/),
      }),
      expect.objectContaining({
        line: at('"GE"'),
        reason: expect.stringMatching(/^\$request is not "METHOD target HTTP\/x\.y" \(got "GE"\)$/),
      }),
      expect.objectContaining({ line: at('"" 408'), reason: expect.stringMatching(/^\$request is empty/) }),
    ]);
  });

  it('refuses the default combined log as a whole, naming the log_format to add', async () => {
    const combined = fixture('nginx-combined.txt');
    const seen: unknown[] = [];
    const message = await expectInputError(
      (async () => {
        for await (const item of (await import('../src/traffic/index.js')).readTraffic(combined))
          seen.push(item);
      })(),
      combined,
      /line 1 is an access log line without a request time/,
    );
    expect(message).toContain(
      `log_format timed '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time';`,
    );
    expect(seen).toEqual([]);
  });
});

describe('k6 JSON output (built from the documented schema: k6 cannot be installed here)', () => {
  const file = fixture('k6-output.json');
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const base = 'http://127.0.0.1:8080';
  const at = (time: string) => Date.parse(`2026-12-01T16:00:${time}+02:00`) / 1000;

  it('yields one event per http_req_duration point, marked failed by the http_req_failed point after it', async () => {
    const items = await collect(file);
    expect(rejections(items)).toEqual([]);
    const got = events(items).map((e) => ({ ...e, timestamp: Math.round(e.timestamp * 1e3) / 1e3 }));
    const ev = (
      method: string,
      url: string,
      status_code: number,
      latency_ms: number,
      time: string,
      error_count: number,
    ) => ({
      url,
      method,
      status_code,
      latency_ms,
      timestamp: at(time),
      error_count,
      retry_count: 0,
    });
    expect(got).toEqual([
      ev('GET', `${base}/api/users`, 200, 48.474191, '00.053', 0),
      ev('POST', `${base}/api/orders`, 201, 121.88721, '00.180', 0),
      ev('GET', `${base}/api/orders/\${}`, 200, 33.584442, '00.216', 0),
      ev('GET', `${base}/api/broken`, 500, 12.94009, '00.231', 1),
      ev('GET', 'http://127.0.0.1:1/health', 0, 0, '00.232', 1),
      ev('GET', `${base}/api/users`, 200, 51.141803, '01.284', 0),
      ev('DELETE', `${base}/api/orders/17`, 404, 16.979118, '01.301', 1),
    ]);
  });

  it('keeps the nanosecond time and points at the http_req_duration line', async () => {
    const items = await collect(file);
    const durationLines = lines.flatMap((l, i) =>
      l.includes('"metric":"http_req_duration","type":"Point"') ? [i + 1] : [],
    );
    expect(items.map((i) => i.source.line)).toEqual(durationLines);
    const first = events(items)[0]!;
    expect(first.timestamp).toBeCloseTo(Date.parse('2026-12-01T14:00:00.052Z') / 1000 + 0.000633911, 6);
  });
});

describe('native JSONL', () => {
  it('validates each line against the wire format and skips blank lines', async () => {
    const items = await collect(fixture('events.jsonl'));
    expect(items.map((i) => i.source.line)).toEqual([1, 2, 4, 5, 6]);
    expect(rejections(items)).toEqual([]);
    expect(events(items)[1]).toEqual({
      url: '/api/users/17',
      method: 'GET',
      status_code: 200,
      latency_ms: 38,
      timestamp: 1796140800.25,
      error_count: 0,
      retry_count: 0,
    });
  });
});

describe('format detection and .gz', () => {
  const cases = [
    ['chromium.har', 'har'],
    ['nginx-timed.txt', 'nginx'],
    ['nginx-combined.txt', 'nginx'],
    ['nginx-timed.txt.gz', 'nginx'],
    ['k6-output.json', 'k6'],
    ['events.jsonl', 'jsonl'],
  ] as const;

  it.each(cases)('detects %s as %s by content, whatever the file is called', async (name, format) => {
    expect(TRAFFIC_FORMATS).toContain(format);
    expect(await detectFormat(fixture(name))).toBe(format);
    // Misleading names: the content decides.
    const renamed = join(dir, `misleading-${name}.${format === 'har' ? 'jsonl' : 'har'}`);
    copyFileSync(fixture(name), renamed);
    expect(await detectFormat(renamed)).toBe(format);
  });

  it('reads a gzip file exactly like the plain one, by magic bytes and not by name', async () => {
    const plain = await collect(fixture('nginx-timed.txt'));
    const strip = (items: typeof plain) => items.map((i) => ({ ...i, source: { ...i.source, file: '' } }));
    expect(strip(await collect(fixture('nginx-timed.txt.gz')))).toEqual(strip(plain));
    const noSuffix = join(dir, 'access-log');
    copyFileSync(fixture('nginx-timed.txt.gz'), noSuffix);
    expect(strip(await collect(noSuffix, 'nginx'))).toEqual(strip(plain));
  });

  it('refuses a truncated .gz as a whole, saying where it ended (issue 12 #4)', async () => {
    const gz = readFileSync(fixture('nginx-timed.txt.gz'));
    const cut = writeTemp(dir, gz.subarray(0, gz.length - 40), 'cut.gz');
    await expectInputError(
      collect(cut),
      cut,
      new RegExp(
        `is gzip-compressed but ends before its compressed data does after ${gz.length - 40} compressed bytes: the file is truncated; copy or download it again`,
      ),
    );
  });

  it('refuses a corrupt .gz as a whole, saying so', async () => {
    const gz = Buffer.from(readFileSync(fixture('nginx-timed.txt.gz')));
    gz.fill(0x55, 20, 60);
    const corrupt = writeTemp(dir, gz, 'corrupt.gz');
    await expectInputError(
      collect(corrupt),
      corrupt,
      /is gzip-compressed but the compressed data is corrupt \(/,
    );
  });
});
