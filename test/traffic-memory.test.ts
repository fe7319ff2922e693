/**
 * Readers stream: a ~50 MB HAR (one JSON document) and a ~50 MB JSONL file, generated on the fly in
 * a temp dir, are read by a child node whose old-space heap is capped well below the file size, so
 * a reader that held the file (or its records) would die of heap exhaustion instead of passing.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/traffic.js';

const TARGET_BYTES = 50 * 1024 * 1024;
const dir = tempDir();

async function generate(
  file: string,
  head: string,
  item: (i: number) => string,
  separator: string,
  tail: string,
) {
  const out = createWriteStream(file);
  let size = 0;
  let count = 0;
  let batch = head;
  while (size < TARGET_BYTES) {
    const text = (count > 0 ? separator : '') + item(count++);
    batch += text;
    size += text.length;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch + tail);
  await once(out, 'finish');
  return count;
}

const harEntry = (i: number) =>
  JSON.stringify({
    startedDateTime: new Date(Date.UTC(2026, 11, 1) + i * 10).toISOString(),
    time: (i % 500) + 0.25,
    request: {
      method: i % 7 === 0 ? 'POST' : 'GET',
      url: `https://shop.example.com/api/orders/${i}?expand=items`,
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'accept', value: 'application/json' },
        {
          name: 'user-agent',
          value:
            'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
        },
      ],
      queryString: [{ name: 'expand', value: 'items' }],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: i % 50 === 0 ? 503 : 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: [{ name: 'content-type', value: 'application/json' }],
      content: {
        size: 64,
        mimeType: 'application/json',
        text: `{"id":${i},"items":[{"sku":"A-1","note":"\\"quoted\\" [x]"}]}`,
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: 64,
    },
    cache: {},
    timings: { send: 0.1, wait: (i % 500) + 0.1, receive: 0.05 },
  });

const jsonlEvent = (i: number) =>
  JSON.stringify({
    url: `https://shop.example.com/api/customers/${i % 977}/orders/${i}?expand=items,payments&locale=en-GB`,
    method: 'GET',
    status_code: i % 50 === 0 ? 503 : 200,
    latency_ms: (i % 500) + 0.5,
    timestamp: 1796140800 + i / 100,
  });

const READERS = fileURLToPath(new URL('../src/traffic/index.ts', import.meta.url));
const HEAP_CAP_MB = 32;

/** Reads the file in a child node with a capped heap, sampling memory; returns what it measured. */
async function readMeasured(file: string) {
  const script = `
    import { readTraffic } from ${JSON.stringify(READERS)};
    const base = process.memoryUsage();
    let accepted = 0, rejected = 0, maxHeap = 0, maxRss = 0;
    const started = performance.now();
    for await (const item of readTraffic(${JSON.stringify(file)})) {
      if (item.ok) accepted++; else rejected++;
      if ((accepted + rejected) % 1000 === 0) {
        const { heapUsed, rss } = process.memoryUsage();
        maxHeap = Math.max(maxHeap, heapUsed - base.heapUsed);
        maxRss = Math.max(maxRss, rss - base.rss);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({ accepted, rejected, maxHeapGrowth: maxHeap, maxRssGrowth: maxRss, seconds }));
  `;
  const args = [
    `--max-old-space-size=${HEAP_CAP_MB}`,
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    script,
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as {
    accepted: number;
    rejected: number;
    maxHeapGrowth: number;
    maxRssGrowth: number;
    seconds: number;
  };
}

const MB = 1024 * 1024;

describe('memory stays bounded on large inputs', () => {
  it.each([
    [
      'HAR',
      'big.har',
      '{"log":{"version":"1.2","creator":{"name":"gen","version":"1"},"entries":[\n',
      harEntry,
      ',\n',
      '\n]}}\n',
    ],
    ['JSONL', 'big.jsonl', '', jsonlEvent, '\n', '\n'],
  ] as const)('%s of ~50 MB', { timeout: 240_000 }, async (_, name, head, item, separator, tail) => {
    const file = join(dir, name);
    const count = await generate(file, head, item, separator, tail);
    const size = statSync(file).size;
    const m = await readMeasured(file);
    console.log(
      `${name}: ${(size / MB).toFixed(1)} MB, ${count} records in ${m.seconds.toFixed(1)} s ` +
        `(${Math.round(count / m.seconds)}/s), max heap growth ${(m.maxHeapGrowth / MB).toFixed(1)} MB, max rss growth ${(m.maxRssGrowth / MB).toFixed(1)} MB`,
    );
    expect(size).toBeGreaterThanOrEqual(TARGET_BYTES);
    expect(size).toBeGreaterThan(HEAP_CAP_MB * MB);
    expect(m).toMatchObject({ accepted: count, rejected: 0 });
    expect(m.maxHeapGrowth).toBeLessThan(HEAP_CAP_MB * MB);
    expect(m.maxRssGrowth).toBeLessThan(150 * MB);
  });
});
