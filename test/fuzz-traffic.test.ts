/**
 * Fuzzing the traffic readers (fast-check): mutated real fixtures and generated records, written to
 * temp files (sometimes gzipped), read with each format and with auto-detection. The only documented
 * outcomes are: a TrafficInputError naming the file, or items that are either valid RequestEvents or
 * rejections with a reason and a 1-based line. Also: a cap on items per case, and no prototype pollution.
 * TG_LONG=1 runs 3,000 cases per target (default 60).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestEventSchema } from '../src/model.js';
import { readTraffic, type TrafficFormat, TrafficInputError } from '../src/traffic/index.js';
import { fuzzOptions, LONG_FUZZ } from './support/fuzz.js';

const FUZZ = fuzzOptions(60, 3000);
/** Whole-property time limit: long runs take minutes on a shared 2-core runner. */
const TIMEOUT = LONG_FUZZ ? 3_600_000 : 60_000;
const MAX_ITEMS = 20_000;
const dir = mkdtempSync(join(tmpdir(), 'tg-fuzz-traffic-'));
const fixture = (name: string) => readFileSync(new URL(`./fixtures/traffic/${name}`, import.meta.url));
const FIXTURES: Record<TrafficFormat, Buffer> = {
  jsonl: fixture('events.jsonl'),
  har: fixture('chromium.har'),
  k6: fixture('k6-output.json'),
  nginx: fixture('nginx-timed.txt'),
};
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

/** Tokens that have broken parsers before: structure, escapes, numbers, encodings, prototype keys. */
const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  ':',
  '\\',
  '\\u0000',
  '\\ud800',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '\u00e9',
  '\u{1f600}',
  '\ufeff',
  '__proto__',
  '"__proto__":{"polluted":1}',
  '"constructor":{"prototype":{"polluted":1}}',
  '1e400',
  '-0',
  '1e-400',
  'NaN',
  'null',
  'true',
  '9'.repeat(400),
  '"url":',
  '"method":"GET"',
  '"status_code":200',
  '"latency_ms":',
  '"timestamp":',
  '[01/Dec/2026:14:01:03 +0000]',
  '"GET / HTTP/1.1"',
  ' 0.000',
  ' 99999999.999999',
  '"startedDateTime":"2026-12-01T14:13:02.144Z"',
  '"time":',
  '"entries":[',
  '"log":{',
  '"type":"Point"',
  '"metric":"http_req_duration"',
  '"data":{"time":"2026-12-01T16:00:00Z","value":1,"tags":{}}',
  '['.repeat(3000),
];
const BAD_BYTES = [
  Buffer.from([0xff]),
  Buffer.from([0xc3]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
];

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'insert'; at: number; token: number }
  | { kind: 'bad-utf8'; at: number; which: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    token: fc.nat({ max: TOKENS.length - 1 }),
  }),
  fc.record({
    kind: fc.constant('bad-utf8' as const),
    at: fc.nat(),
    which: fc.nat({ max: BAD_BYTES.length - 1 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 400 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat({ max: 2000 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(base: Buffer, mutations: Mutation[]): Buffer {
  let bytes = base;
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
    switch (m.kind) {
      case 'flip':
        if (at < bytes.length) {
          bytes = Buffer.from(bytes);
          bytes[at] = bytes[at]! ^ m.byte;
        }
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(TOKENS[m.token]!), bytes.subarray(at)]);
        break;
      case 'bad-utf8':
        bytes = Buffer.concat([bytes.subarray(0, at), BAD_BYTES[m.which]!, bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
        break;
      case 'duplicate':
        bytes = Buffer.concat([bytes.subarray(0, at + m.length), bytes.subarray(at)]);
        break;
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
    }
  }
  return bytes;
}

/** Records shaped like each format's, with hostile values, so parsing gets past the first check. */
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    0,
    -1,
    1e308,
    599,
    600,
    4_102_444_801,
    '200',
    'GET',
    'get',
    'BREW',
    '',
    '/',
    'http://x/a?b#c',
    '2026-12-01T14:13:02Z',
    'not a date',
  ),
);
const eventKeys = fc.constantFrom(
  'url',
  'method',
  'status_code',
  'latency_ms',
  'timestamp',
  'error_count',
  'retry_count',
  '__proto__',
  'constructor',
  'extra',
);
const eventLine = fc
  .dictionary(eventKeys, value, { maxKeys: 8 })
  .map((o) => JSON.stringify(o).replace('"extra"', '"__proto__"'));
const generated: Record<TrafficFormat, fc.Arbitrary<string>> = {
  jsonl: fc.array(eventLine, { maxLength: 30 }).map((lines) => lines.join('\n')),
  har: fc
    .array(
      fc.record({
        request: fc.record({ method: value, url: value }),
        response: fc.record({ status: value }),
        time: value,
        startedDateTime: value,
      }),
      { maxLength: 20 },
    )
    .map((entries) =>
      JSON.stringify({ log: { version: '1.2', creator: { name: 'fuzz', version: '1' }, entries } }),
    ),
  k6: fc
    .array(
      fc.record({
        type: fc.constantFrom('Point', 'Metric', 'x'),
        metric: fc.constantFrom('http_req_duration', 'http_req_failed', 'vus'),
        data: fc.record({
          time: value,
          value: value,
          tags: fc.oneof(value, fc.record({ method: value, url: value, status: value, name: value })),
        }),
      }),
      { maxLength: 30 },
    )
    .map((points) => points.map((p) => JSON.stringify(p)).join('\n')),
  nginx: fc
    .array(
      fc.tuple(
        fc.constantFrom('127.0.0.1', '-', '::1'),
        fc.string({ maxLength: 30 }),
        fc.constantFrom('GET', 'POST', 'G E T', ''),
        fc.string({ maxLength: 40 }),
        fc.integer({ min: 0, max: 999 }),
        fc.oneof(fc.double({ noNaN: true }).map(String), fc.constant('0.123'), fc.constant('')),
      ),
      { maxLength: 30 },
    )
    .map((lines) =>
      lines
        .map(
          ([ip, time, method, target, status, rt]) =>
            `${ip} - - [${time}] "${method} ${target} HTTP/1.1" ${status} 0 "-" "ua" ${rt}`,
        )
        .join('\n'),
    ),
};

let caseNo = 0;

/** Reads the file; fails the property on any undocumented outcome. */
async function checkRead(bytes: Buffer, format: TrafficFormat | 'auto', gzip: boolean): Promise<void> {
  const file = join(dir, `case-${caseNo++}${gzip ? '.gz' : ''}`);
  writeFileSync(file, gzip ? gzipSync(bytes) : bytes);
  let items = 0;
  try {
    for await (const item of readTraffic(file, format)) {
      items++;
      expect(item.source.file).toBe(file);
      expect(Number.isInteger(item.source.line) && item.source.line >= 1, `line ${item.source.line}`).toBe(
        true,
      );
      if (item.ok) {
        expect(RequestEventSchema.safeParse(item.event).success, JSON.stringify(item.event)).toBe(true);
        expect(Object.getPrototypeOf(item.event)).toBe(Object.prototype);
      } else {
        expect(typeof item.reason === 'string' && item.reason.length > 0).toBe(true);
      }
      if (items > MAX_ITEMS)
        throw new Error(`more than ${MAX_ITEMS} items from ${bytes.length} bytes: runaway reader`);
    }
  } catch (error) {
    if (!(error instanceof TrafficInputError)) throw error;
    expect(error.message.startsWith(`${file}: `)).toBe(true);
  }
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe.each(['jsonl', 'har', 'k6', 'nginx'] as const)('fuzz readTraffic: %s', (format) => {
  it(
    'mutated real fixtures: only documented outcomes',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(mutation, { minLength: 1, maxLength: 8 }),
          fc.constantFrom(format, 'auto' as const),
          fc.boolean(),
          async (mutations, as, gzip) => {
            await checkRead(mutate(FIXTURES[format], mutations), as, gzip && mutations.length % 3 === 0);
          },
        ),
        FUZZ,
      );
    },
    TIMEOUT,
  );

  it(
    'generated hostile records: only documented outcomes',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          generated[format],
          fc.array(mutation, { maxLength: 3 }),
          fc.constantFrom(format, 'auto' as const),
          async (text, mutations, as) => {
            await checkRead(mutate(Buffer.from(text), mutations), as, false);
          },
        ),
        FUZZ,
      );
    },
    TIMEOUT,
  );
});

describe('fuzz readTraffic: arbitrary bytes', () => {
  it(
    'random bytes and corrupt gzip are refused as a whole or read record by record',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 4096 }),
          fc.boolean(),
          fc.nat(),
          async (raw, gzip, cut) => {
            let bytes = Buffer.from(raw);
            if (gzip) {
              const packed = gzipSync(bytes);
              bytes = packed.subarray(0, Math.max(10, cut % (packed.length + 1))); // a cut-off gzip stream
            }
            await checkRead(bytes, 'auto', false);
          },
        ),
        FUZZ,
      );
    },
    TIMEOUT,
  );
});
