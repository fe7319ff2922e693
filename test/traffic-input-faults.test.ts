/**
 * Issue 12 (defects 4 and 10, and item 12's traffic points): files that end mid-way are refused as a
 * whole whatever the rejected ratio; pipes and FIFOs are read once, without seeking; blank lines are
 * capped; a ledger, a first line too long to classify and a HAR entry without startedDateTime are
 * each reported for what they are.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TrafficGovernanceEngine } from '../src/engine/engine.js';
import { PlatformTier } from '../src/model.js';
import { createPolicy } from '../src/policy/policy.js';
import { evaluate } from '../src/run.js';
import { BLANK_LINE_ALLOWANCE, detectFormat, TrafficSource } from '../src/traffic/index.js';
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
const EXAMPLES = join(import.meta.dirname, '..', 'examples');
const event = (i: number) =>
  JSON.stringify({
    url: `/api/items/${i}`,
    method: 'GET',
    status_code: 200,
    latency_ms: 5,
    timestamp: 1796140800 + i,
  });

describe('a file that ends mid-way is refused as a whole (defect 4)', () => {
  it('a 1,000-entry HAR cut at 10% fails the run (exit 2), however few entries were rejected', async () => {
    const entries = Array.from({ length: 1000 }, (_, i) => ({
      startedDateTime: new Date(Date.UTC(2026, 2, 10, 9, 0, i)).toISOString(),
      time: 20,
      request: { method: 'GET', url: `https://shop.test/api/items/${i}` },
      response: { status: 200 },
    }));
    const har = JSON.stringify({ log: { version: '1.2', entries } }, null, 1);
    const traffic = writeTemp(dir, har.slice(0, Math.floor(har.length / 10)), 'cut-10.har');
    const result = await evaluate({
      policy: createPolicy({
        version: '1.0.0',
        contracts: [{ contract_id: 'items', endpoint_pattern: 'GET /api/items/{id}' }],
      }),
      traffic: [traffic],
      format: 'auto',
      tier: PlatformTier.CONTROL,
      outDir: join(dir, 'out-cut'),
    });
    expect(result.exit_code).toBe(2);
    expect(result.input.rejected).toBe(0);
    expect(result.error).toMatch(
      /cut-10\.har: ends at byte \d+, inside \$\.log\.entries\[\d+\] .*the HAR is truncated/,
    );
  });

  it('JSONL cut in the middle of its last line: the line and the byte where it ended', async () => {
    const text = `${event(1)}\n${event(2)}\n${event(3).slice(0, 30)}`;
    const file = writeTemp(dir, text);
    await expectInputError(
      collect(file),
      file,
      new RegExp(
        `ends in the middle of line 3 \\(at byte ${Buffer.byteLength(text)}, with no newline after an incomplete JSON record\\): the file is truncated.*remove the partial last line`,
      ),
    );
    // A complete last line without a newline is not a cut.
    expect(events(await collect(writeTemp(dir, `${event(1)}\n${event(2)}`)))).toHaveLength(2);
  });

  it('k6 output cut mid-line at EOF', async () => {
    const k6 = readFileSync(fixture('k6-output.json'), 'utf8');
    const lastPoint = k6.lastIndexOf('{"metric":"http_req_duration"');
    const cut = k6.slice(0, lastPoint + 50);
    const file = writeTemp(dir, cut);
    const line = cut.split('\n').length;
    await expectInputError(
      collect(file),
      file,
      new RegExp(`ends in the middle of line ${line} \\(at byte ${Buffer.byteLength(cut)}, .*truncated`),
    );
  });

  it('an access log cut mid-line at EOF', async () => {
    const log = readFileSync(fixture('nginx-timed.txt'), 'utf8').trimEnd();
    const cut = log.slice(0, log.lastIndexOf('\n') + 40);
    const file = writeTemp(dir, cut);
    await expectInputError(
      collect(file),
      file,
      /ends in the middle of line \d+ .*incomplete access log line/,
    );
  });

  it('a gzip file cut short, whatever it holds', async () => {
    const gz = gzipSync(Array.from({ length: 2000 }, (_, i) => event(i)).join('\n'));
    const file = writeTemp(dir, gz.subarray(0, Math.floor(gz.length / 2)));
    await expectInputError(
      collect(file),
      file,
      new RegExp(`ends before its compressed data does after ${Math.floor(gz.length / 2)} compressed bytes`),
    );
  });
});

describe('blank lines are counted and capped (a gzip bomb of newlines)', () => {
  it('ends at the first line past the allowance, naming the counts and the fix', async () => {
    // 4 MiB of newlines after one event: a few KiB of gzip.
    const bomb = gzipSync(Buffer.concat([Buffer.from(`${event(1)}\n`), Buffer.alloc(4 << 20, 0x0a)]));
    expect(bomb.length).toBeLessThan(16 * 1024);
    const file = writeTemp(dir, bomb, 'bomb.jsonl.gz');
    const blank = BLANK_LINE_ALLOWANCE + 2;
    await expectInputError(
      collect(file),
      file,
      new RegExp(
        `has ${blank} blank lines and 1 non-blank line by line ${blank + 1}: more than ${BLANK_LINE_ALLOWANCE} blank lines beyond one per record is refused.*grep -v`,
      ),
    );
  });

  it('blank lines between records, up to the allowance beyond one per record, are skipped', async () => {
    const lines = [event(1), ...Array(BLANK_LINE_ALLOWANCE).fill(''), event(2), '', event(3), ''];
    const items = await collect(writeTemp(dir, `${lines.join('\n')}\n`));
    expect(items.map((i) => i.source.line)).toEqual([1, BLANK_LINE_ALLOWANCE + 2, BLANK_LINE_ALLOWANCE + 4]);
  });
});

describe('what a file is, said plainly (item 12)', () => {
  it('a ledger given as traffic, detected or forced as JSONL', async () => {
    const ledger = join(dir, 'ledger.jsonl');
    const engine = new TrafficGovernanceEngine({
      policy: createPolicy({ version: '1.0.0' }),
      platform_tier: PlatformTier.OBSERVE_ONLY,
      ledger_path: ledger,
    });
    engine.processRequest(JSON.parse(event(1)));
    const message =
      /is a ledger written by traffic-governance \(line 1 is a "genesis" record\), not traffic: .*run traffic-governance verify-ledger/;
    await expectInputError(collect(ledger), ledger, message);
    await expectInputError(collect(ledger, 'jsonl'), ledger, message);
  });

  it('a first line longer than the detection sample, or deeply nested, says so', async () => {
    const long = writeTemp(dir, `{"x":"${'a'.repeat(70_000)}","url":"/a"}\n${event(1)}\n`);
    await expectInputError(
      detectFormat(long),
      long,
      /has an unknown format \(line 1 is longer than the 64 KiB read to detect the format, so its kind cannot be seen\).*name the format with --format/,
    );
    const nested = writeTemp(dir, `{"x":${'['.repeat(40_000)}${']'.repeat(40_000)},"url":"/a"}\n`);
    await expectInputError(detectFormat(nested), nested, /\(line 1 is longer than the 64 KiB read/);
    const other = writeTemp(dir, '{"a":{"b":{"c":[1]}},"b":2}\n');
    await expectInputError(
      detectFormat(other),
      other,
      /\(line 1 is a JSON object without the keys of a traffic record \(its keys: "a", "b"\)\)/,
    );
    const broken = writeTemp(dir, '\n{"url": "/a", \n');
    await expectInputError(detectFormat(broken), broken, /\(line 2 is not valid JSON \(/);
  });

  it('a HAR entry without startedDateTime says it is missing (not "got undefined undefined")', async () => {
    const entry = {
      time: 5,
      request: { method: 'GET', url: 'http://shop.test/a' },
      response: { status: 200 },
    };
    const file = writeTemp(dir, JSON.stringify({ log: { version: '1.2', entries: [entry] } }));
    expect(rejections(await collect(file)).map((r) => r.reason)).toEqual([
      'startedDateTime is missing: it must be an ISO 8601 date-time',
    ]);
  });
});

/** Makes a FIFO and starts a child process that writes `content` into it (it blocks until it is opened). */
let fifos = 0;
async function fifoFed(content: Buffer): Promise<{ path: string; done: Promise<number | null> }> {
  const path = join(dir, `fifo-${++fifos}`);
  const mk = spawn('mkfifo', [path]);
  await new Promise((resolve) => mk.on('exit', resolve));
  const writer = spawn(process.execPath, [
    '-e',
    `require('fs').writeFileSync(${JSON.stringify(path)}, Buffer.from(${JSON.stringify(content.toString('base64'))}, 'base64'))`,
  ]);
  return { path, done: new Promise((resolve) => writer.on('exit', resolve)) };
}

describe('pipes and FIFOs are read once, without seeking (defect 10)', () => {
  it('a gzip stream written into a FIFO by another process reads like the file', async () => {
    const plain = await collect(fixture('nginx-timed.txt'));
    const { path, done } = await fifoFed(readFileSync(fixture('nginx-timed.txt.gz')));
    const piped = await collect(path);
    expect(await done).toBe(0);
    const strip = (items: typeof plain) => items.map((i) => ({ ...i, source: { ...i.source, file: '' } }));
    expect(strip(piped)).toEqual(strip(plain));
  });

  it('an opened source keeps its sample for detection and hands it on to the reader', async () => {
    const { path, done } = await fifoFed(readFileSync(fixture('events.jsonl')));
    const source = await TrafficSource.open(path);
    expect(source.sample.complete).toBe(true);
    expect(source.sample.bytes.toString()).toBe(readFileSync(fixture('events.jsonl'), 'utf8'));
    expect(events(await collect(source))).toEqual(events(await collect(fixture('events.jsonl'))));
    expect(await done).toBe(0);
  });
});

describe('a run reads FIFOs as it reads files (defect 10)', () => {
  it('two FIFOs, like --traffic <(zcat a.gz) <(cat b), give the result of the files themselves', async () => {
    const run = (traffic: string[], out: string) =>
      evaluate({
        policy: createPolicy({ version: '1.0.0' }),
        traffic,
        format: 'auto',
        tier: PlatformTier.CONTROL,
        outDir: join(dir, out),
      });
    // Files are read in name order: events.jsonl, then nginx-timed.txt; the FIFOs are named to match.
    const files = await run([fixture('nginx-timed.txt'), fixture('events.jsonl')], 'out-files');
    const jsonl = await fifoFed(readFileSync(fixture('events.jsonl')));
    const gz = await fifoFed(readFileSync(fixture('nginx-timed.txt.gz')));
    const piped = await run([gz.path, jsonl.path], 'out-fifos');
    expect([await jsonl.done, await gz.done]).toEqual([0, 0]);
    expect(piped.input.files.map((f) => [f.format, f.read])).toEqual(
      files.input.files.map((f) => [f.format, f.read]),
    );
    expect(piped.endpoints).toEqual(files.endpoints);
    expect(piped.ledger.records).toBe(files.ledger.records);
  });
});

describe('the CLI bundle reads process substitution and /dev/stdin (defect 10)', () => {
  it('evaluate --traffic <(gzip -dc access.log.gz) /dev/stdin < traffic.jsonl: the run of the files themselves', () => {
    const common = `--policy ${join(EXAMPLES, 'policy.yaml')} --contracts ${join(EXAMPLES, 'contracts.yaml')} --tier CONTROL`;
    const run = (traffic: string, out: string, stdin?: string) =>
      spawnSync(
        'bash',
        [
          '-c',
          `"${process.execPath}" dist/cli/index.js evaluate ${common} --traffic ${traffic} --out ${join(dir, out)}`,
        ],
        { encoding: 'utf8', ...(stdin === undefined ? {} : { input: readFileSync(stdin) }) },
      );
    const accessLog = join(EXAMPLES, 'access.log');
    const traffic = join(EXAMPLES, 'traffic.jsonl');
    const packed = writeTemp(dir, gzipSync(readFileSync(accessLog)), 'access.log.gz');
    // Files are read in name order: /dev/fd/N before /dev/stdin, like access.log before traffic.jsonl.
    const direct = run(`${accessLog} ${traffic}`, 'direct');
    const piped = run(`<(gzip -dc ${packed}) /dev/stdin`, 'piped', traffic);
    expect(piped.error).toBeUndefined();
    expect(piped.stderr).not.toMatch(/ESPIPE|invalid seek/);
    expect([piped.status, direct.status]).toEqual([1, 1]);
    const outcome = (out: string) => {
      const r = JSON.parse(readFileSync(join(dir, out, 'result.json'), 'utf8'));
      return {
        files: r.input.files.map((f: { format: string; read: number }) => [f.format, f.read]),
        endpoints: r.endpoints,
      };
    };
    expect(outcome('piped')).toEqual(outcome('direct'));
    expect(outcome('piped').files).toEqual([
      ['nginx', readFileSync(accessLog, 'utf8').trimEnd().split('\n').length],
      ['jsonl', readFileSync(traffic, 'utf8').trimEnd().split('\n').length],
    ]);
  });
});
