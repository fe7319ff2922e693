import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/ledger/index.js';
import type { GovernancePolicyInput, PlatformTier } from '../src/model.js';
import { createPolicy } from '../src/policy/policy.js';
import type { RunResult } from '../src/result.js';
import { endpointVerdict, evaluate, exitCodeFor, expandTraffic, runVerdict } from '../src/run.js';
import { generateJsonl } from './support/generate-events.js';

const root = mkdtempSync(join(tmpdir(), 'tg-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => {
  const dir = join(root, `case-${++dirs}`);
  mkdirSync(dir);
  return dir;
};

const T0 = 1_773_133_200;
type Ev = { url: string; method: string; status_code: number; latency_ms: number; timestamp: number };
const ev = (method: string, url: string, status: number, at: number, latency = 40): Ev => ({
  url,
  method,
  status_code: status,
  latency_ms: latency,
  timestamp: T0 + at,
});
const jsonl = (events: readonly (Ev | string)[]) =>
  `${events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n')}\n`;

function policy(overrides: Partial<GovernancePolicyInput> = {}) {
  return createPolicy({
    version: '1.0.0',
    contracts: [
      {
        contract_id: 'items',
        endpoint_pattern: 'GET /api/items/{id}',
        max_latency_ms: 500,
        rate_limit_rpm: 1000,
      },
      { contract_id: 'pay', endpoint_pattern: 'POST /api/pay', max_latency_ms: 1000, circuit_threshold: 0.5 },
      { contract_id: 'search', endpoint_pattern: 'GET /api/search', rate_limit_rpm: 5 },
    ],
    circuit_breaker: {
      sliding_window_size: 10,
      minimum_calls: 5,
      wait_duration_s: 30,
      permitted_calls_in_half_open: 3,
    },
    ...overrides,
  });
}

/** items: healthy; pay: fails until its circuit opens; search: 8 calls in 8 s against 5 rpm; one unknown path. */
function mixedTraffic(): Ev[] {
  const events: Ev[] = [];
  for (let i = 0; i < 20; i++) events.push(ev('GET', `/api/items/${i}`, 200, i));
  for (let i = 0; i < 10; i++) events.push(ev('POST', '/api/pay', 503, 20 + i));
  for (let i = 0; i < 8; i++) events.push(ev('GET', '/api/search?q=x', 200, 30 + i));
  events.push(ev('GET', '/admin', 404, 40));
  return events;
}

async function run(
  files: Record<string, string | Uint8Array>,
  opts: { tier?: PlatformTier; policy?: ReturnType<typeof policy>; traffic?: string[] } = {},
): Promise<{ result: RunResult; dir: string; out: string }> {
  const dir = freshDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const out = join(dir, 'out');
  const result = await evaluate({
    policy: opts.policy ?? policy(),
    traffic: opts.traffic ?? Object.keys(files),
    format: 'auto',
    tier: opts.tier ?? 'CONTROL',
    outDir: out,
    cwd: dir,
    env: {},
  });
  return { result, dir, out };
}

const ledgerLines = (out: string) =>
  readFileSync(join(out, 'ledger.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('endpointVerdict (gate.min_share)', () => {
  const counts = { ALLOW: 90, THROTTLE: 5, QUARANTINE: 3, DROP: 2 };

  it('with min_share 0, one request is enough for the worst decision', () => {
    expect(endpointVerdict({ ALLOW: 999, THROTTLE: 0, QUARANTINE: 0, DROP: 1 }, 0)).toEqual({
      verdict: 'DROP',
      share: 0.001,
    });
  });

  it('counts a worse decision as reaching the milder ones (cumulative shares)', () => {
    expect(endpointVerdict(counts, 0.02)).toEqual({ verdict: 'DROP', share: 0.02 }); // boundary: share == min_share
    expect(endpointVerdict(counts, 0.03)).toEqual({ verdict: 'QUARANTINE', share: 0.05 }); // 3 + 2, not 3 alone
    expect(endpointVerdict(counts, 0.06)).toEqual({ verdict: 'THROTTLE', share: 0.1 });
    expect(endpointVerdict(counts, 0.11)).toEqual({ verdict: 'ALLOW', share: 1 });
    expect(endpointVerdict(counts, 1)).toEqual({ verdict: 'ALLOW', share: 1 });
  });

  it('an endpoint without requests is ALLOW', () => {
    expect(endpointVerdict({ ALLOW: 0, THROTTLE: 0, QUARANTINE: 0, DROP: 0 }, 0)).toEqual({
      verdict: 'ALLOW',
      share: 0,
    });
  });

  it('the run verdict is the worst endpoint verdict, ALLOW for none', () => {
    expect(runVerdict([])).toBe('ALLOW');
    expect(runVerdict(['THROTTLE', 'ALLOW', 'QUARANTINE', 'THROTTLE'])).toBe('QUARANTINE');
    expect(runVerdict(['DROP', 'QUARANTINE'])).toBe('DROP');
  });

  it('exit codes: OBSERVE_ONLY never gates; CONTROL and AUTONOMOUS fail on DROP (1), warn on QUARANTINE (3)', () => {
    const table = (['ALLOW', 'THROTTLE', 'QUARANTINE', 'DROP'] as const).map((v) => [
      exitCodeFor(v, 'OBSERVE_ONLY'),
      exitCodeFor(v, 'CONTROL'),
      exitCodeFor(v, 'AUTONOMOUS'),
    ]);
    expect(table).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 3, 3],
      [0, 1, 1],
    ]);
  });
});

describe('evaluate', () => {
  it('gives each endpoint its verdict and the run the worst one', async () => {
    const { result } = await run({ 'traffic.jsonl': jsonl(mixedTraffic()) });
    const verdicts = Object.fromEntries(result.endpoints.map((e) => [e.endpoint_key, e.verdict]));
    expect(verdicts).toEqual({
      'GET /admin': 'QUARANTINE',
      'GET /api/items/{id}': 'ALLOW',
      'GET /api/search': 'THROTTLE',
      'POST /api/pay': 'DROP',
    });
    expect(result.verdict).toBe('DROP');
    expect(result.exit_code).toBe(1);
    const search = result.endpoints.find((e) => e.endpoint_key === 'GET /api/search')!;
    // 8 calls within 8 s against 5 rpm: calls 6, 7 and 8 exceed it.
    expect(search.decisions).toEqual({ ALLOW: 5, THROTTLE: 3, QUARANTINE: 0, DROP: 0 });
    expect(search.rpm).toEqual({ peak: 8, limit: 5 });
    const pay = result.endpoints.find((e) => e.endpoint_key === 'POST /api/pay')!;
    expect(pay.circuit_state).toBe('OPEN');
    expect(pay.circuit_transitions).toEqual([{ from: 'CLOSED', to: 'OPEN', timestamp: T0 + 24 }]);
    expect(pay.errors).toBe(10);
    expect(pay.error_rate).toBe(1);
    expect(result.endpoints.find((e) => e.endpoint_key === 'GET /admin')!.kind).toBe('unknown');
    const total = result.endpoints.reduce((n, e) => n + e.requests, 0);
    expect(total).toBe(39);
    expect(Object.values(result.decisions).reduce((a, b) => a + b)).toBe(39);
  });

  it('applies min_share from the policy', async () => {
    const { result } = await run(
      { 'traffic.jsonl': jsonl(mixedTraffic()) },
      { policy: policy({ gate: { min_share: 0.5 } }) },
    );
    const search = result.endpoints.find((e) => e.endpoint_key === 'GET /api/search')!;
    // 3 of 8 throttled: 37.5% < 50%.
    expect(search.verdict).toBe('ALLOW');
    expect(search.verdict_share).toBe(1);
    expect(result.gate.min_share).toBe(0.5);
  });

  it.each([
    ['OBSERVE_ONLY', 0],
    ['CONTROL', 1],
    ['AUTONOMOUS', 1],
  ] as const)('exits by verdict and tier: DROP under %s → %i', async (tier, code) => {
    const { result } = await run({ 'traffic.jsonl': jsonl(mixedTraffic()) }, { tier });
    expect(result.verdict).toBe('DROP');
    expect(result.tier).toBe(tier);
    expect(result.exit_code).toBe(code);
  });

  it('exits 3 for a QUARANTINE verdict under CONTROL and 0 when everything is allowed', async () => {
    const quarantine = await run({
      't.jsonl': jsonl([ev('GET', '/api/items/1', 200, 0), ev('GET', '/nope', 404, 1)]),
    });
    expect([quarantine.result.verdict, quarantine.result.exit_code]).toEqual(['QUARANTINE', 3]);
    const allow = await run({ 't.jsonl': jsonl([ev('GET', '/api/items/1', 200, 0)]) });
    expect([allow.result.verdict, allow.result.exit_code]).toEqual(['ALLOW', 0]);
  });

  it('writes a ledger that verifies, whose head is result.ledger, ending in the verdict records', async () => {
    const { result, out } = await run({ 'traffic.jsonl': jsonl(mixedTraffic()) });
    const v = verifyLedger(join(out, 'ledger.jsonl'), {
      head: result.ledger.head_hash,
      count: result.ledger.records,
    });
    expect(v.valid).toBe(true);
    expect(result.ledger.file).toBe('ledger.jsonl');
    const lines = ledgerLines(out);
    expect(lines.length).toBe(1 + 39 + 4 + 1);
    expect(lines[0]!.record_type).toBe('genesis');
    expect(lines.slice(1, 40).every((l) => l.record_type === 'decision')).toBe(true);
    const endpointVerdicts = lines.slice(40, 44);
    expect(endpointVerdicts.map((l) => [l.scope, l.endpoint_key, l.verdict, l.requests])).toEqual(
      result.endpoints.map((e) => ['endpoint', e.endpoint_key, e.verdict, e.requests]),
    );
    expect(endpointVerdicts[3]!.decisions).toEqual(result.endpoints[3]!.decisions);
    const last = lines[44]!;
    expect(last).toMatchObject({
      record_type: 'verdict',
      scope: 'run',
      verdict: 'DROP',
      decisions: result.decisions,
      input: { read: 39, accepted: 39, rejected: 0 },
      record_hash: result.ledger.head_hash,
    });
    expect(last.error).toBeUndefined();
    const artifact = JSON.parse(readFileSync(join(out, 'policy-artifact.json'), 'utf8'));
    expect(artifact.policy_hash).toBe(result.policy.hash);
  });

  it('processes files in sorted order, then line order, whatever order they were given in', async () => {
    const { out, result } = await run(
      {
        'b.jsonl': jsonl([ev('GET', '/api/items/2', 200, 0)]),
        'a.jsonl': jsonl([ev('GET', '/api/items/1', 200, 5)]),
      },
      { traffic: ['b.jsonl', '*.jsonl'] },
    );
    expect(result.input.files.map((f) => [f.file, f.format, f.read])).toEqual([
      ['a.jsonl', 'jsonl', 1],
      ['b.jsonl', 'jsonl', 1],
    ]);
    const paths = ledgerLines(out)
      .filter((l) => l.record_type === 'decision')
      .map((l) => (l.request as { path: string }).path);
    expect(paths).toEqual(['/api/items/1', '/api/items/2']);
  });

  it('starts the out dir ledger fresh on a rerun', async () => {
    const { dir, result } = await run({ 't.jsonl': jsonl(mixedTraffic()) });
    const again = await evaluate({
      policy: policy(),
      traffic: ['t.jsonl'],
      format: 'auto',
      tier: 'CONTROL',
      outDir: 'out',
      cwd: dir,
      env: {},
    });
    expect(again.ledger).toEqual(result.ledger);
  });

  it('counts rejected lines per file and keeps them as samples with file and line', async () => {
    const good = mixedTraffic().slice(0, 19);
    const text = jsonl([...good.slice(0, 3), '{"url":"/api/items/1","method":"GET"}', ...good.slice(3)]);
    const { result } = await run({ 't.jsonl': text }, { policy: policy({ max_rejected_ratio: 0.1 }) });
    expect(result.input).toMatchObject({ read: 20, accepted: 19, rejected: 1, rejected_ratio: 0.05 });
    expect(result.input.files[0]).toMatchObject({ file: 't.jsonl', read: 20, accepted: 19, rejected: 1 });
    expect(result.input.rejected_samples).toHaveLength(1);
    expect(result.input.rejected_samples[0]).toMatchObject({ file: 't.jsonl', line: 4 });
    expect(result.input.rejected_samples[0]!.reason).toMatch(/status_code/);
    expect(result.error).toBeUndefined();
  });

  it('fails with exit 2 above max_rejected_ratio, and still writes the ledger and reports', async () => {
    const text = jsonl([
      ev('GET', '/api/items/1', 200, 0),
      'not json',
      ev('GET', '/api/items/2', 200, 1),
      '{"url":"/x"}',
    ]);
    const { result, out } = await run({ 't.jsonl': text }, { tier: 'OBSERVE_ONLY' });
    expect(result.exit_code).toBe(2);
    expect(result.error).toMatch(
      /2 of 4 input lines were rejected \(50\.00%\), more than max_rejected_ratio 1\.00%; first: t\.jsonl:2: /,
    );
    expect(result.input.rejected_samples.map((s) => s.line)).toEqual([2, 4]);
    const stored = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(stored.error).toBe(result.error);
    expect(stored.exit_code).toBe(2);
    expect(ledgerLines(out).at(-1)).toMatchObject({
      scope: 'run',
      error: result.error,
      input: { read: 4, rejected: 2 },
    });
    expect(verifyLedger(join(out, 'ledger.jsonl')).valid).toBe(true);
  });

  it('stops at an abort, leaving --out as the previous run left it', async () => {
    const { dir, out } = await run({ 't.jsonl': jsonl(mixedTraffic()) });
    const before = readdirSync(out).map((name) => [name, readFileSync(join(out, name), 'utf8')]);
    const controller = new AbortController();
    controller.abort();
    await expect(
      evaluate({
        policy: policy(),
        traffic: ['t.jsonl'],
        format: 'jsonl',
        tier: 'CONTROL',
        outDir: 'out',
        cwd: dir,
        env: {},
        signal: controller.signal,
      }),
    ).rejects.toThrow(
      /^interrupted after 0 input lines \(t\.jsonl:1 not read\): nothing was written to --out/,
    );
    expect(readdirSync(out).map((name) => [name, readFileSync(join(out, name), 'utf8')])).toEqual(before);
  });

  it('reports progress and every rejected line through the callbacks', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 't.jsonl'), jsonl([ev('GET', '/api/items/1', 200, 0), 'nope']));
    const progress: Array<{ events: number; rejected: number }> = [];
    const rejected: string[] = [];
    await evaluate({
      policy: policy({ max_rejected_ratio: 1 }),
      traffic: ['t.jsonl'],
      format: 'auto',
      tier: 'CONTROL',
      outDir: 'out',
      cwd: dir,
      env: {},
      onProgress: (p) => progress.push(p),
      onRejected: (r) => rejected.push(`${r.file}:${r.line}`),
    });
    expect(progress.at(-1)).toEqual({ events: 1, rejected: 1 });
    expect(rejected).toEqual(['t.jsonl:2']);
  });

  it('stops at a file that breaks mid-way (truncated gzip) and reports it with exit 2', async () => {
    const gz = gzipSync([...generateJsonl({ count: 20_000, seed: 3 })].join(''));
    const { result, out } = await run(
      { 'a.jsonl': jsonl([ev('GET', '/api/items/1', 200, 0)]), 'b.jsonl.gz': gz.subarray(0, gz.length >> 1) },
      { tier: 'OBSERVE_ONLY' },
    );
    expect(result.exit_code).toBe(2);
    expect(result.error).toMatch(
      /b\.jsonl\.gz: is gzip-compressed but ends before its compressed data does after \d+ compressed bytes: the file is truncated.*\(stopped there;/,
    );
    expect(result.input.files.map((f) => f.file)).toEqual(['a.jsonl', 'b.jsonl.gz']);
    expect(result.input.files[1]!.accepted).toBeGreaterThan(1000);
    expect(verifyLedger(join(out, 'ledger.jsonl'), { count: result.ledger.records }).valid).toBe(true);
  });

  it('refuses to read the ledger it is about to write', async () => {
    const { dir } = await run({ 't.jsonl': jsonl([ev('GET', '/api/items/1', 200, 0)]) });
    await expect(
      evaluate({
        policy: policy(),
        traffic: ['*.jsonl', 'out/*.jsonl'],
        format: 'auto',
        tier: 'CONTROL',
        outDir: 'out',
        cwd: dir,
      }),
    ).rejects.toThrow(
      /^--out .*out: its ledger\.jsonl would replace an input \(--traffic .*out\/ledger\.jsonl\): choose another --out/,
    );
  });

  it('fails before writing anything when a traffic file is missing', async () => {
    const dir = freshDir();
    await expect(
      evaluate({
        policy: policy(),
        traffic: ['missing.jsonl'],
        format: 'auto',
        tier: 'CONTROL',
        outDir: 'out',
        cwd: dir,
      }),
    ).rejects.toThrow(/missing\.jsonl: does not exist/);
    expect(() => readFileSync(join(dir, 'out', 'ledger.jsonl'))).toThrow();
  });
});

describe('expandTraffic', () => {
  it('expands globs, sorts, and removes duplicates', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'logs'));
    for (const f of ['logs/b.har', 'logs/a.jsonl', 'logs/c.log', 'z.jsonl']) writeFileSync(join(dir, f), 'x');
    expect(await expandTraffic(['z.jsonl', 'logs/*', 'logs/a.jsonl', './z.jsonl'], dir)).toEqual([
      'logs/a.jsonl',
      'logs/b.har',
      'logs/c.log',
      'z.jsonl',
    ]);
    expect(await expandTraffic([join(dir, 'logs', '*.har')], dir)).toEqual([join(dir, 'logs', 'b.har')]);
  });

  it('names a pattern that matches nothing, a missing file and a directory', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'logs'));
    await expect(expandTraffic(['logs/*.har'], dir)).rejects.toThrow(/^logs\/\*\.har: matches no files/);
    await expect(expandTraffic(['nope.jsonl'], dir)).rejects.toThrow(/^nope\.jsonl: does not exist/);
    await expect(expandTraffic(['logs'], dir)).rejects.toThrow(/^logs: is a directory/);
    await expect(expandTraffic([], dir)).rejects.toThrow(/no traffic files/);
  });
});
