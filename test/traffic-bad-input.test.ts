/**
 * Scope 2 of issue 3: every kind of bad input gets a precise, actionable message and never a crash.
 * A bad record is a rejected item (file, line or JSON pointer, reason) and reading goes on; a file
 * that cannot be read at all is a TrafficInputError whose message starts with the file name.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, readTraffic } from '../src/traffic/index.js';
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
const regexQuote = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ok = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    url: '/a',
    method: 'GET',
    status_code: 200,
    latency_ms: 5,
    timestamp: 1796140800,
    ...fields,
  });
const jsonl = (...lines: string[]) => writeTemp(dir, `${lines.join('\n')}\n`);

/** Reads a JSONL file whose line 2 is `line`, between two good lines: returns line 2's reason. */
async function reasonFor(line: string): Promise<string> {
  const items = await collect(jsonl(ok(), line, ok()), 'jsonl');
  expect(items.map((i) => [i.source.line, i.ok])).toEqual([
    [1, true],
    [2, false],
    [3, true],
  ]);
  return rejections(items)[0]!.reason;
}

describe('whole files that cannot be read', () => {
  it('empty file', async () => {
    const file = writeTemp(dir, '');
    await expectInputError(detectFormat(file), file, /is empty \(0 bytes\)/);
    await expectInputError(collect(file, 'jsonl'), file, /is empty/);
  });

  it('whitespace only', async () => {
    const file = writeTemp(dir, '\n  \n\t\n');
    await expectInputError(collect(file), file, /contains only whitespace/);
  });

  it('binary files (an image, random bytes) even when a format is forced', async () => {
    const png = writeTemp(dir, Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex'));
    await expectInputError(
      collect(png),
      png,
      /is binary \(it contains NUL bytes\), not a traffic file: pass JSONL/,
    );
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 251; // deterministic "random" bytes
    const bin = writeTemp(dir, noise);
    await expectInputError(collect(bin, 'nginx'), bin, /is binary/);
  });

  it('UTF-16 and mostly-invalid UTF-8 (Latin-1) text', async () => {
    const utf16 = writeTemp(dir, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ok(), 'utf16le')]));
    await expectInputError(collect(utf16), utf16, /is UTF-16 text: convert it to UTF-8/);
    const latin1 = writeTemp(dir, Buffer.from('caf\xe9 na\xefve\nr\xe9sum\xe9\n', 'latin1'));
    await expectInputError(
      collect(latin1),
      latin1,
      /is not UTF-8 text \(2 of the first 2 lines.*iconv -f latin1 -t utf-8/,
    );
  });

  it('unknown formats: CSV, a JSON array, JSON objects of another kind', async () => {
    const csv = writeTemp(dir, 'url,method,status\n/a,GET,200\n');
    await expectInputError(
      detectFormat(csv),
      csv,
      /has an unknown format \(its first line starts "url,method,status"\): expected JSONL.*--format/,
    );
    const array = writeTemp(dir, `[${ok()}]`);
    await expectInputError(detectFormat(array), array, /is a JSON array.*jq -c/);
    const other = writeTemp(dir, '{"level":"info","msg":"started"}\n');
    await expectInputError(detectFormat(other), other, /unknown format/);
  });

  it('missing file, directory, unknown format name', async () => {
    const missing = `${dir}/nope.jsonl`;
    await expectInputError(collect(missing), missing, /does not exist: check the path/);
    await expectInputError(collect(dir), dir, /is a directory/);
    const file = jsonl(ok());
    await expectInputError(
      collect(file, 'csv' as 'jsonl'),
      file,
      /unknown format "csv": use auto, jsonl, har, k6, nginx/,
    );
  });
});

describe('bad lines are rejected with file:line and a reason, the rest is read', () => {
  it('invalid JSON, non-object JSON', async () => {
    expect(await reasonFor('{"url": "/a",')).toMatch(/^invalid JSON: /);
    expect(await reasonFor('[1, 2]')).toBe('expected a JSON object, got an array');
    expect(await reasonFor('"GET /a"')).toBe('expected a JSON object, got the string "GET /a"');
  });

  it('missing and unknown fields, with JSON paths', async () => {
    expect(await reasonFor('{"url":"/a","method":"GET","status_code":200,"timestamp":1796140800}')).toBe(
      '$.latency_ms is missing',
    );
    expect(await reasonFor(ok({ latency: 3 }))).toMatch(
      /^unknown key "latency": a RequestEvent has only url, method/,
    );
    expect(await reasonFor(ok({ method: 'BREW' }))).toBe(
      '$.method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT (got the string "BREW")',
    );
  });

  it('absurd values: negative latency, status 999, NaN, 1e308, Infinity, fractional status', async () => {
    expect(await reasonFor(ok({ latency_ms: -3 }))).toBe('$.latency_ms must be >= 0 (got number -3)');
    expect(await reasonFor(ok({ status_code: 999 }))).toBe('$.status_code must be <= 599 (got number 999)');
    expect(await reasonFor(ok({ status_code: 200.5 }))).toBe(
      '$.status_code must be an integer (got number 200.5)',
    );
    expect(await reasonFor(ok({ latency_ms: 1e308 }))).toBe(
      '$.latency_ms must be <= 86400000 (got number 1e+308)',
    );
    expect(await reasonFor(ok({ latency_ms: 'NaN' }))).toBe(
      '$.latency_ms must be a finite number (got the string "NaN")',
    );
    expect(await reasonFor(ok().replace('"latency_ms":5', '"latency_ms":NaN'))).toMatch(/^invalid JSON: /);
    expect(await reasonFor(ok().replace('"latency_ms":5', '"latency_ms":1e999'))).toBe(
      '$.latency_ms must be a finite number (got number Infinity)',
    );
  });

  it('timestamps far outside the sane range, with a hint for milliseconds', async () => {
    expect(await reasonFor(ok({ timestamp: 1796140800123 }))).toBe(
      '$.timestamp must be <= 4102444800 (got number 1796140800123): this looks like milliseconds; timestamp is seconds since the epoch',
    );
    expect(await reasonFor(ok({ timestamp: -1 }))).toBe('$.timestamp must be >= 0 (got number -1)');
    expect(await reasonFor(ok({ timestamp: 1e300 }))).toBe(
      '$.timestamp must be <= 4102444800 (got number 1e+300)',
    );
  });

  it('invalid UTF-8 in one line: that line is rejected, naming the byte', async () => {
    const file = writeTemp(
      dir,
      Buffer.concat([
        Buffer.from(`${ok()}\n{"url":"/caf`),
        Buffer.from([0xe9]),
        Buffer.from(`"}\n${ok()}\n`),
      ]),
    );
    const items = await collect(file);
    expect(items.map((i) => i.ok)).toEqual([true, false, true]);
    expect(rejections(items)[0]).toEqual({
      file,
      line: 2,
      reason: 'invalid UTF-8 at byte 13: the input must be UTF-8 text',
    });
  });

  it('very long lines are bounded: rejected with the limit, the next line still has its number', async () => {
    const long = ok({ url: `/${'x'.repeat(300)}` });
    const file = jsonl(ok(), long, ok(), long);
    const items = await collect(file, 'auto', { maxLineBytes: 200 });
    expect(items.map((i) => [i.source.line, i.ok])).toEqual([
      [1, true],
      [2, false],
      [3, true],
      [4, false],
    ]);
    expect(rejections(items)[0]!.reason).toBe('line is longer than 200 bytes: skipped');
    // The default limit (1 MiB) with a 3 MiB line without a final newline.
    const huge = writeTemp(dir, `${ok()}\n{"url":"${'y'.repeat(3 * 1024 * 1024)}"}`);
    expect(rejections(await collect(huge))).toEqual([
      { file: huge, line: 2, reason: 'line is longer than 1048576 bytes: skipped' },
    ]);
  });
});

describe('hostile keys are refused and never pollute prototypes', () => {
  it.each([
    ['__proto__ at the top', ok().replace('{', '{"__proto__":{"polluted":"yes"},'), '"__proto__" at $'],
    [
      'constructor.prototype nested',
      ok().replace('{', '{"x":[{"constructor":{"prototype":{"polluted":"yes"}}}],'),
      '"constructor" at $.x[0]',
    ],
    ['escaped __proto__', ok().replace('{', '{"\\u005f_proto__":{"polluted":"yes"},'), '"__proto__" at $'],
  ])('JSONL: %s', async (_, line, where) => {
    expect(await reasonFor(line)).toBe(
      `forbidden key ${where}: keys that name prototype machinery are refused`,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('k6 tags and HAR entries', async () => {
    const k6 = writeTemp(
      dir,
      '{"metric":"http_req_duration","type":"Point","data":{"time":"2026-12-01T16:00:00Z","value":1,"tags":{"__proto__":{"polluted":"yes"},"method":"GET","url":"/a","status":"200"}}}\n',
    );
    expect(rejections(await collect(k6))).toEqual([
      {
        file: k6,
        line: 1,
        reason: 'forbidden key "__proto__" at $.data.tags: keys that name prototype machinery are refused',
      },
    ]);
    const har = writeTemp(
      dir,
      '{"log":{"entries":[{"startedDateTime":"2026-12-01T16:00:00Z","time":1,"request":{"method":"GET","url":"http://x/","prototype":{"polluted":"yes"}},"response":{"status":200}}]}}',
    );
    expect(rejections(await collect(har))).toEqual([
      {
        file: har,
        line: 1,
        pointer: '$.log.entries[0]',
        reason:
          'forbidden key "prototype" at $.log.entries[0].request: keys that name prototype machinery are refused',
      },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('HAR', () => {
  const chromium = readFileSync(fixture('chromium.har'), 'utf8');
  const entry = (fields: Record<string, unknown>) =>
    JSON.stringify({
      startedDateTime: '2026-12-01T16:00:00.000Z',
      time: 12,
      request: { method: 'GET', url: 'http://shop.test/a' },
      response: { status: 200 },
      ...fields,
    });
  const har = (...entries: string[]) =>
    writeTemp(dir, `{"log":{"version":"1.2","entries":[\n${entries.join(',\n')}\n]}}`);

  it('a truncated HAR is refused as a whole, naming the byte, the entry and the fix (issue 12 #4)', async () => {
    // Playwright starts every entry with {"pageref": cut 30 bytes into entries[5].
    let entryStart = chromium.indexOf('"entries":[');
    for (let i = 0; i <= 5; i++) entryStart = chromium.indexOf('{"pageref":', entryStart + 1);
    const cutAt = entryStart + 30;
    const file = writeTemp(dir, chromium.slice(0, cutAt), 'cut.har');
    await expectInputError(
      collect(file),
      file,
      new RegExp(
        `^${regexQuote(file)}: ends at byte ${Buffer.byteLength(chromium.slice(0, cutAt))}, inside \\$\\.log\\.entries\\[5\\] \\(which starts on line 1\\); the 5 entries before it were read: the HAR is truncated, so the rest of the recording is missing; export the HAR again`,
      ),
    );
    // Cut after the entries array, before the document closes: also truncated.
    const closed = chromium.trimEnd();
    const afterEntries = writeTemp(dir, closed.slice(0, closed.lastIndexOf(']') + 1), 'cut-after.har');
    await expectInputError(
      collect(afterEntries),
      afterEntries,
      /ends at byte \d+, after its entries, before the document is complete: the HAR is truncated/,
    );
  });

  it('a HAR cut before its entries, or without entries, is refused as a whole', async () => {
    const early = writeTemp(dir, chromium.slice(0, 200), 'early.har');
    await expectInputError(
      collect(early),
      early,
      /ends \(line 1\) before its \$\.log\.entries array.*export the HAR again/,
    );
    const noEntries = writeTemp(dir, '{"log":{"version":"1.2","pages":[]}}');
    await expectInputError(
      collect(noEntries),
      noEntries,
      /has no \$\.log\.entries array: it is not a complete HAR 1\.2 file/,
    );
  });

  it('a broken entry is rejected by pointer and the next entries are still read', async () => {
    const file = har(entry({}), '{"startedDateTime": , "time": 1}', entry({ time: 20 }));
    const items = await collect(file);
    expect(items.map((i) => [i.ok, i.source.pointer, i.source.line])).toEqual([
      [true, '$.log.entries[0]', 2],
      [false, '$.log.entries[1]', 3],
      [true, '$.log.entries[2]', 4],
    ]);
    expect(rejections(items)[0]!.reason).toMatch(/^invalid JSON: /);
  });

  it('absurd entry values are rejected naming the HAR field', async () => {
    const file = har(
      entry({ time: -1 }),
      entry({ response: { status: 999 } }),
      entry({ startedDateTime: '2200-01-01T00:00:00Z' }),
      entry({ startedDateTime: 'yesterday' }),
      entry({ request: { url: 'http://shop.test/a' } }),
      '42',
    );
    expect(rejections(await collect(file)).map((r) => r.reason)).toEqual([
      'time must be >= 0 (got number -1)',
      'response.status must be <= 599 (got number 999)',
      'startedDateTime must be <= 4102444800 (got number 7258118400)',
      'startedDateTime must be an ISO 8601 date-time (got the string "yesterday")',
      'request.method is missing',
      'expected a JSON object, got number 42',
    ]);
  });

  it('an entry over the size limit is rejected without being buffered', async () => {
    const big = entry({ response: { status: 200, content: { text: 'z'.repeat(5000) } } });
    const items = await collect(har(entry({}), big, entry({})), 'har', { maxEntryBytes: 1000 });
    expect(items.map((i) => i.ok)).toEqual([true, false, true]);
    expect(rejections(items)[0]!.reason).toBe(
      `entry is ${big.length} bytes, more than the limit of 1000 bytes: skipped`,
    );
  });

  it('transport errors: status 0, _error (dev tools), _failureText (Playwright); data: URLs are not traffic', async () => {
    const file = har(
      entry({ response: { status: 0 }, _error: 'net::ERR_CONNECTION_RESET' }),
      entry({ response: { status: -1, _failureText: 'net::ERR_TIMED_OUT' } }),
      entry({ request: { method: 'GET', url: 'data:image/png;base64,AAAA' } }),
      entry({ response: { status: 502 } }),
    );
    const got = events(await collect(file)).map((e) => [e.status_code, e.error_count]);
    expect(got).toEqual([
      [0, 1],
      [0, 1],
      [502, 0],
    ]);
  });

  it('mismatched brackets or content after the document refuse the file: the rest cannot be read', async () => {
    const broken = writeTemp(dir, `{"log":{"entries":[\n${entry({})},\n${entry({})}\n}}`);
    await expectInputError(
      collect(broken),
      broken,
      /is not valid JSON at line 4 \(\$\.log\.entries\[2\]\): expected \], found \}; the 2 entries before it were read, but the rest of the file cannot be: export the HAR again$/,
    );
    const trailing = writeTemp(dir, `{"log":{"entries":[${entry({})}]}}\n{"log":{}}`);
    await expectInputError(
      collect(trailing),
      trailing,
      /is not valid JSON at line 2 \(\$\): unexpected content after the end of the JSON document; every entry was read, but the rest of the file cannot be/,
    );
  });
});

describe('nginx lines', () => {
  const line = (request: string, status = '200', time = '0.012', when = '10/Oct/2026:13:55:36 +0200') =>
    `203.0.113.9 - - [${when}] "${request}" ${status} 612 "-" "curl/8.5.0" ${time}`;
  const log = (...lines: string[]) => writeTemp(dir, `${lines.join('\n')}\n`);

  it('reads time zones and seconds as milliseconds', async () => {
    const items = await collect(
      log(line('GET /a?b=1 HTTP/1.1'), line('PUT /x HTTP/2.0', '204', '1.5', '01/Jan/2027:00:00:00 -0130')),
    );
    expect(events(items)).toEqual([
      {
        url: '/a?b=1',
        method: 'GET',
        status_code: 200,
        latency_ms: 12,
        timestamp: Date.parse('2026-10-10T11:55:36Z') / 1000,
        error_count: 0,
        retry_count: 0,
      },
      {
        url: '/x',
        method: 'PUT',
        status_code: 204,
        latency_ms: 1500,
        timestamp: Date.parse('2027-01-01T01:30:00Z') / 1000,
        error_count: 0,
        retry_count: 0,
      },
    ]);
  });

  it('rejects garbage, "-" requests, absurd statuses and impossible dates with reasons', async () => {
    const file = log(
      line('GET /ok HTTP/1.1'),
      line('-', '400'),
      line('GET /x HTTP/1.1', '999'),
      line('GET /x HTTP/1.1', '200', '0.001', '31/Feb/2026:10:00:00 +0000'),
      line('BREW /pot HTTP/1.1', '418'),
      'this is not an access log line',
      line('GET /x HTTP/1.1').replace(/ 0\.012$/, ''),
    );
    expect(rejections(await collect(file)).map((r) => [r.line, r.reason])).toEqual([
      [
        2,
        '$request is "-": the client sent no request line (a connection closed or timed out before its request)',
      ],
      [3, '$status must be <= 599 (got number 999)'],
      [4, '$time_local is not dd/Mon/yyyy:HH:MM:SS +hhmm (got "31/Feb/2026:10:00:00 +0000")'],
      [
        5,
        '$request (method) must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT (got the string "BREW")',
      ],
      [
        6,
        expect.stringMatching(
          /^not an access log line of the form \$remote_addr - \$remote_user \[\$time_local\] "\$request"/,
        ),
      ],
      [7, 'no $request_time after the user agent: every line must use the same log_format'],
    ]);
  });

  it('a request time without a decimal point (Apache %D microseconds) is not taken for seconds', async () => {
    const file = log(line('GET /ok HTTP/1.1'), line('GET /a HTTP/1.1', '200', '1234'));
    expect(rejections(await collect(file)).map((r) => r.line)).toEqual([2]);
  });

  it('pathological lines match in linear time (no catastrophic backtracking)', async () => {
    const evil = `1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] "${'\\"'.repeat(50_000)} 200 1 "${'\\x'.repeat(50_000)}`;
    const started = performance.now();
    const items = await collect(log(line('GET / HTTP/1.1'), evil, `${' '.repeat(100_000)}x`));
    expect(items.map((i) => i.ok)).toEqual([true, false, false]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('k6 points that cannot be paired or read', () => {
  const point = (
    metric: string,
    value: unknown,
    tags: Record<string, string> | null,
    time = '2026-12-01T16:00:00.5Z',
  ) => JSON.stringify({ metric, type: 'Point', data: { time, value, tags } });
  const tags = { method: 'GET', url: 'http://x/a', name: 'http://x/a', status: '200' };

  it('a failed point with no duration point before it is reported; other metrics are skipped', async () => {
    const file = writeTemp(
      dir,
      [
        point('vus', 1, null),
        point('http_req_failed', 1, tags),
        point('http_req_duration', 10, tags),
        point('http_req_waiting', 9, tags),
        point('http_req_failed', 1, { ...tags, url: 'http://x/other' }),
        '{"type":"Sample","metric":"x"}',
        point('http_req_duration', 'slow', tags),
        point('http_req_duration', 3, null),
      ].join('\n'),
    );
    const items = await collect(file);
    expect(items.map((i) => [i.source.line, i.ok])).toEqual([
      [2, false],
      [3, true],
      [5, false],
      [6, false],
      [7, false],
      [8, false],
    ]);
    expect(rejections(items).map((r) => r.reason)).toEqual([
      'http_req_failed point (value number 1) does not follow an http_req_duration point with the same time, method, url and status: cannot tell which request failed',
      'http_req_failed point (value number 1) does not follow an http_req_duration point with the same time, method, url and status: cannot tell which request failed',
      '$.type must be "Metric" or "Point" (got the string "Sample")',
      'data.value must be a finite number (got the string "slow")',
      '$.data.tags must be an object with method, url and status (got null)',
    ]);
    // The duration at line 3 was not marked failed by the unrelated point at line 5.
    expect(events(items)[0]).toMatchObject({ url: 'http://x/a', error_count: 0 });
  });

  it('output of k6 before http_req_failed existed still yields every request', async () => {
    const file = writeTemp(
      dir,
      [point('http_req_duration', 10, tags), point('http_req_duration', 20, { ...tags, status: '503' })].join(
        '\n',
      ),
    );
    expect(events(await collect(file)).map((e) => [e.status_code, e.latency_ms, e.error_count])).toEqual([
      [200, 10, 0],
      [503, 20, 0],
    ]);
  });
});

it('readTraffic is lazy: a missing file fails on the first read, as an iteration error', async () => {
  const iterator = readTraffic(`${dir}/later.jsonl`)[Symbol.asyncIterator]();
  await expectInputError(iterator.next(), `${dir}/later.jsonl`, /does not exist/);
});
