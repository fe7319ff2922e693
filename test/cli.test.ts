import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/canonical.js';
import { VERSION } from '../src/cli/main.js';
import type { RunResult } from '../src/result.js';
import { type Captured, cliIn } from './support/cli.js';

const EXAMPLES = join(import.meta.dirname, '..', 'examples');
const root = mkdtempSync(join(tmpdir(), 'tg-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cli = cliIn(root);

const POLICY = ['--policy', join(EXAMPLES, 'policy.yaml'), '--contracts', join(EXAMPLES, 'contracts.yaml')];
const TRAFFIC = [
  '--traffic',
  ...['access.log', 'k6.json', 'traffic.har', 'traffic.jsonl'].map((f) => join(EXAMPLES, f)),
];
const readResult = (dir: string): RunResult =>
  JSON.parse(readFileSync(join(root, dir, 'result.json'), 'utf8'));

/** The README quick start, once per tier, shared by the tests below. */
let control: Captured;
let observe: Captured;
beforeAll(async () => {
  control = await cli(['evaluate', ...POLICY, ...TRAFFIC, '--tier', 'CONTROL', '--out', 'control']);
  // The README quick start, word for word (bar --out), from the repository root.
  const readme =
    "evaluate --policy examples/policy.yaml --contracts examples/contracts.yaml --traffic 'examples/traffic.*' examples/k6.json examples/access.log";
  const argv = readme.replaceAll("'", '').split(' ');
  observe = await cli([...argv, '--out', join(root, 'observe')], { cwd: join(EXAMPLES, '..') });
});

describe('help, version and usage errors', () => {
  it('prints the top-level help and every command help with exit 0', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const name of ['evaluate', 'verify-ledger', 'artifact', 'compare', 'prove', 'gitlab']) {
      expect(top.out).toMatch(new RegExp(`^  ${name} `, 'm'));
      const help = await cli([name, '--help']);
      expect([help.code, help.out.split('\n')[0]]).toEqual([
        0,
        expect.stringMatching(new RegExp(`^usage: traffic-governance ${name} `)),
      ]);
    }
    expect((await cli(['artifact', 'verify', '--help'])).out).toMatch(
      /artifact verify FILE \(--expect-hash HEX \| --public-key K\.\.\. \[--threshold k\]\)/,
    );
  });

  it('prints the package version', async () => {
    const v = await cli(['--version']);
    expect([v.code, v.out]).toEqual([0, VERSION]);
    expect(VERSION).toBe(
      JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version,
    );
  });

  it('exits 2 with a message and the usage on an unknown option, command or missing argument', async () => {
    const unknown = await cli(['evaluate', '--polcy', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^traffic-governance evaluate: error: Unknown option '--polcy'/);
    expect(unknown.err).toMatch(/usage: traffic-governance evaluate /);
    expect((await cli(['frobnicate'])).err).toMatch(/unknown command "frobnicate"/);
    expect((await cli([])).code).toBe(2);
    const tier = await cli(['evaluate', ...POLICY, ...TRAFFIC, '--tier', 'STRICT', '--out', 'x']);
    expect([tier.code, tier.err]).toEqual([
      2,
      expect.stringMatching(/--tier must be one of OBSERVE_ONLY, CONTROL, AUTONOMOUS, got "STRICT"/),
    ]);
    const stray = await cli(['evaluate', 'stray.har', ...POLICY, '--out', 'x']);
    expect(stray.err).toMatch(/unexpected argument "stray.har" \(traffic files go after --traffic\)/);
    expect((await cli(['evaluate', ...POLICY, '--out', 'x'])).err).toMatch(
      /--traffic FILE\|GLOB is required/,
    );
    expect((await cli(['verify-ledger'])).err).toMatch(/missing FILE/);
    expect((await cli(['compare', 'a'])).err).toMatch(/missing LEDGER_B/);
    expect((await cli(['artifact', 'seal'])).err).toMatch(/unknown artifact subcommand "seal"/);
    expect((await cli(['prove', 'inclusion', 'ledger.jsonl'])).err).toMatch(/missing INDEX/);
  });
});

describe('evaluate', () => {
  it('runs the examples: THROTTLE, QUARANTINE and DROP endpoint verdicts, DROP gates CONTROL (exit 1)', () => {
    expect(control.code).toBe(1);
    const result = readResult('control');
    const verdicts = new Set(result.endpoints.map((e) => e.verdict));
    expect([...verdicts].sort()).toEqual(['ALLOW', 'DROP', 'QUARANTINE', 'THROTTLE']);
    expect(result.endpoints.find((e) => e.endpoint_key === 'GET /api/search')?.verdict).toBe('THROTTLE');
    expect(result.endpoints.find((e) => e.endpoint_key === 'POST /api/checkout')?.verdict).toBe('DROP');
    expect(result.endpoints.find((e) => e.endpoint_key === 'GET /wp-login.php')?.verdict).toBe('QUARANTINE');
    expect(result.input.files.map((f) => f.format)).toEqual(['nginx', 'k6', 'har', 'jsonl']);
    expect(result.input.rejected).toBe(0);
    expect(control.out).toMatch(/^verdict: DROP \(tier CONTROL\) → exit 1$/m);
    expect(control.out).toMatch(/^ {2}THROTTLE +GET \/api\/search /m);
    expect(control.err).toBe('traffic-governance: tier CONTROL');
  });

  it('says why each endpoint that is not ALLOW got its verdict, worst first, after the endpoint lines', () => {
    const lines = control.out.split('\n');
    const why = lines.indexOf('why:');
    expect(why).toBe(lines.findLastIndex((l) => l.startsWith('  ALLOW ')) + 1);
    expect(lines.slice(why + 1, why + 8)).toEqual([
      '  POST /api/checkout: DROP — error rate 31.25% (budget 1%), p95 3072 ms > SLO 2000 ms, circuit OPEN 5×',
      '  GET /.env: QUARANTINE — no contract matches this path',
      '  GET /.git/config: QUARANTINE — no contract matches this path',
      '  GET /wp-login.php: QUARANTINE — no contract matches this path',
      '  POST /xmlrpc.php: QUARANTINE — no contract matches this path',
      '  GET /api/search: THROTTLE — peak 12 rpm > limit 10',
      expect.stringMatching(/^ledger: /),
    ]);
    expect(observe.out).toContain('\nwhy:\n  POST /api/checkout: DROP — error rate 31.25%');
  });

  it("writes 56 metrics rows for the examples' 12 endpoints (8 of them with a contract)", () => {
    const metrics = readFileSync(join(root, 'control', 'metrics.txt'), 'utf8');
    const rows = metrics.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(rows).toHaveLength(4 + 3 * 12 + 2 * 8);
    expect(rows).toContain('traffic_governance_error_ratio{endpoint="POST /api/checkout"} 0.3125');
    expect(rows).toContain('traffic_governance_error_budget_ratio{endpoint="POST /api/checkout"} 0.01');
  });

  it('prints no why: block when every endpoint is ALLOW', async () => {
    writeFileSync(
      join(root, 'calm.jsonl'),
      '{"url":"/api/cart","method":"GET","status_code":200,"latency_ms":20,"timestamp":1773133200}\n',
    );
    const r = await cli(['evaluate', ...POLICY, '--traffic', 'calm.jsonl', '--out', 'calm']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}ALLOW +GET \/api\/cart +1 req: ALLOW 1$/m);
    expect(r.out).not.toMatch(/^why:/m);
  });

  it('defaults to OBSERVE_ONLY, says so, and never gates (exit 0)', () => {
    expect(observe.code).toBe(0);
    expect(observe.err).toMatch(/tier OBSERVE_ONLY \(the default/);
    expect(readResult('observe').verdict).toBe('DROP');
    expect(observe.out).toMatch(/OBSERVE_ONLY never gates/);
  });

  it('exits 3 on a QUARANTINE verdict under CONTROL', async () => {
    writeFileSync(
      join(root, 'scan.jsonl'),
      '{"url":"/admin","method":"GET","status_code":404,"latency_ms":2,"timestamp":1773133200}\n',
    );
    const r = await cli([
      'evaluate',
      ...POLICY,
      '--traffic',
      'scan.jsonl',
      '--tier',
      'CONTROL',
      '--out',
      'scan',
    ]);
    expect(r.code).toBe(3);
    expect(readResult('scan').verdict).toBe('QUARANTINE');
    // A warning, not a failed test: the MR widget counts the endpoint as skipped.
    const junit = readFileSync(join(root, 'scan', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites [^>]*failures="0"/);
    expect(junit).toMatch(/<testsuite [^>]*failures="0" errors="0" skipped="1"/);
    expect(junit).toContain(
      '<skipped>QUARANTINE (warning): no contract matches this path — reached by 100.00% of 1 requests',
    );
    expect(r.out).toContain('\nwhy:\n  GET /admin: QUARANTINE — no contract matches this path\n');
  });

  it('exits 2 above max_rejected_ratio, prints the rejected lines, still writes the reports', async () => {
    writeFileSync(
      join(root, 'bad.jsonl'),
      '{"url":"/api/cart","method":"GET","status_code":200,"latency_ms":20,"timestamp":1773133200}\n{"url":"/api/cart"\n',
    );
    const r = await cli(['evaluate', ...POLICY, '--traffic', 'bad.jsonl', '--out', 'bad']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^traffic-governance: rejected bad\.jsonl:2: /m);
    expect(r.err).toMatch(/^traffic-governance: error: 1 of 2 input lines were rejected \(50\.00%\)/m);
    for (const f of [
      'summary.md',
      'junit.xml',
      'metrics.txt',
      'governance.env',
      'result.json',
      'report.html',
      'ledger.jsonl',
    ]) {
      expect(existsSync(join(root, 'bad', f))).toBe(true);
    }
  });

  it('names a missing traffic file or glob (exit 2, no stack)', async () => {
    const missing = await cli(['evaluate', ...POLICY, '--traffic', 'nope/*.har', '--out', 'missing']);
    expect(missing.code).toBe(2);
    expect(missing.err.split('\n').at(-1)).toBe(
      'traffic-governance: error: nope/*.har: matches no files: check the path (relative to the working directory) and the pattern',
    );
    expect(existsSync(join(root, 'missing'))).toBe(false);
  });

  it('names the file and JSON path of a bad policy (exit 2, stack only with TG_DEBUG=1)', async () => {
    writeFileSync(join(root, 'bad-policy.yaml'), 'version: 1.0.0\ngate:\n  min_share: 2\n');
    const args = ['evaluate', '--policy', 'bad-policy.yaml', '--traffic', 'scan.jsonl', '--out', 'x'];
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad-policy\.yaml: invalid policy:\n\$\.gate\.min_share: /);
    expect(r.err).not.toMatch(/\n\s+at /);
    const debug = await cli(args, { env: { TG_DEBUG: '1' } });
    expect(debug.err).toMatch(/\n\s+at /);
  });

  it('draws a progress line only when stderr is a terminal, and clears it', async () => {
    const status: string[] = [];
    let t = 0;
    const r = await cli(
      ['evaluate', ...POLICY, '--traffic', join(EXAMPLES, 'traffic.jsonl'), '--out', 'progress'],
      {
        status: (s) => status.push(s),
        now: () => (t += 1000),
      },
    );
    expect(r.code).toBe(0);
    expect(status[0]).toMatch(/^evaluating: 256 events \(\d+\/s\), 0 rejected$/);
    expect(status.at(-1)).toBe('');
    expect(r.err).not.toMatch(/evaluating/);
  });
});

describe('artifact', () => {
  let hash: string;
  beforeAll(async () => {
    const r = await cli(['artifact', 'create', ...POLICY, '--out', 'artifact.json']);
    expect(r.code).toBe(0);
    hash = /policy_hash ([0-9a-f]{64})/.exec(r.out)![1]!;
  });

  it('create prints the hash that verify accepts (exit 0)', async () => {
    expect(hash).toBe(readResult('control').policy.hash);
    const r = await cli(['artifact', 'verify', 'artifact.json', '--expect-hash', hash.toUpperCase()]);
    expect([r.code, r.out]).toEqual([0, `artifact OK: artifact.json: policy 1.0.0, hash ${hash}`]);
  });

  it('verify exits 4 on a wrong hash, printing found and expected', async () => {
    const wrong = 'ab'.repeat(32);
    const r = await cli(['artifact', 'verify', 'artifact.json', '--expect-hash', wrong]);
    expect(r.code).toBe(4);
    expect(r.err).toContain(`found:    ${hash}`);
    expect(r.err).toContain(`expected: ${wrong}`);
  });

  it('verify exits 4 on an edited artifact, 2 on a malformed hash', async () => {
    const text = readFileSync(join(root, 'artifact.json'), 'utf8').replace(
      '"min_share":0.02',
      '"min_share":0.5',
    );
    writeFileSync(join(root, 'edited.json'), text);
    expect((await cli(['artifact', 'verify', 'edited.json', '--expect-hash', hash])).code).toBe(4);
    const bad = await cli(['artifact', 'verify', 'artifact.json', '--expect-hash', 'abc']);
    expect([bad.code, bad.err]).toEqual([
      2,
      expect.stringMatching(/--expect-hash must be a sha256: 64 hex digits, got "abc"/),
    ]);
  });

  it('evaluate --artifact with a wrong hash exits 4 before touching the traffic', async () => {
    const r = await cli([
      'evaluate',
      '--artifact',
      'artifact.json',
      '--expect-hash',
      '0'.repeat(64),
      '--traffic',
      'does-not-exist.jsonl',
      '--out',
      'never',
    ]);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/artifact verification failed/);
    expect(r.err).not.toMatch(/does-not-exist/);
    expect(existsSync(join(root, 'never'))).toBe(false);
  });

  it('evaluate --artifact with the right hash runs like --policy', async () => {
    const r = await cli([
      'evaluate',
      '--artifact',
      'artifact.json',
      '--expect-hash',
      hash,
      ...TRAFFIC,
      '--tier',
      'CONTROL',
      '--out',
      'from-artifact',
    ]);
    expect(r.code).toBe(1);
    const digest = (dir: string) => sha256Hex(readFileSync(join(root, dir, 'ledger.jsonl')));
    expect(digest('from-artifact')).toBe(digest('control'));
  });

  it('refuses an artifact without a pin, or mixed with --policy (exit 2)', async () => {
    expect((await cli(['evaluate', '--artifact', 'artifact.json', ...TRAFFIC, '--out', 'x'])).err).toMatch(
      /only used once it matches a pinned hash \(--expect-hash HEX\) or is signed by a trusted key/,
    );
    expect(
      (
        await cli([
          'evaluate',
          ...POLICY,
          '--artifact',
          'artifact.json',
          '--expect-hash',
          hash,
          ...TRAFFIC,
          '--out',
          'x',
        ])
      ).code,
    ).toBe(2);
  });
});

describe('verify-ledger', () => {
  const ledger = () => readFileSync(join(root, 'control', 'ledger.jsonl'), 'utf8');
  const write = (name: string, text: string) => {
    writeFileSync(join(root, name), text);
    return name;
  };

  it('exits 0 and prints the count and head of a valid ledger', async () => {
    const { ledger: anchor } = readResult('control');
    const r = await cli([
      'verify-ledger',
      'control/ledger.jsonl',
      '--expect-count',
      String(anchor.records),
      '--expect-head',
      anchor.head_hash,
    ]);
    expect([r.code, r.out]).toEqual([
      0,
      `ledger OK: control/ledger.jsonl: ${anchor.records} records, head ${anchor.head_hash}`,
    ]);
  });

  it('exits 4 on one byte changed, naming the line', async () => {
    const lines = ledger().split('\n');
    lines[10] = lines[10]!.replace('"latency_ms":', '"latency_ms":1');
    const r = await cli(['verify-ledger', write('one-byte.jsonl', lines.join('\n'))]);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(
      /verification failed: one-byte\.jsonl: record 10 \(line 11, byte \d+\): record_hash mismatch/,
    );
    expect(r.err).toMatch(/^ {2}the line: \{"actions_taken"/m);
  });

  it('--fast accepts the valid ledger and fails a changed one with the same words', async () => {
    const { ledger: anchor } = readResult('control');
    const ok = await cli(['verify-ledger', 'control/ledger.jsonl', '--fast']);
    expect([ok.code, ok.out]).toEqual([
      0,
      `ledger OK: control/ledger.jsonl: ${anchor.records} records, head ${anchor.head_hash}`,
    ]);
    const lines = ledger().split('\n');
    lines[10] = lines[10]!.replace('"latency_ms":', '"latency_ms":1');
    const file = write('one-byte-fast.jsonl', lines.join('\n'));
    const [fast, strict] = [await cli(['verify-ledger', file, '--fast']), await cli(['verify-ledger', file])];
    expect(fast.code).toBe(4);
    expect(fast.err).toBe(strict.err);
    expect(fast.err).toMatch(/record 10 \(line 11, byte \d+\): record_hash mismatch/);
  });

  it('exits 4 on a line removed from the middle', async () => {
    const lines = ledger().split('\n');
    lines.splice(5, 1);
    const r = await cli(['verify-ledger', write('line-removed.jsonl', lines.join('\n'))]);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/record 5 \(line 6, byte \d+\): (sequence|previous_hash)/);
  });

  it('exits 4 on the last line removed: the run verdict is missing; with that allowed, --expect-count or --expect-head catch it', async () => {
    const { ledger: anchor } = readResult('control');
    const truncated = write('truncated.jsonl', `${ledger().trimEnd().split('\n').slice(0, -1).join('\n')}\n`);
    expect((await cli(['verify-ledger', truncated])).code).toBe(4);
    expect((await cli(['verify-ledger', truncated, '--allow-incomplete'])).code).toBe(0);
    const count = await cli([
      'verify-ledger',
      truncated,
      '--allow-incomplete',
      '--expect-count',
      String(anchor.records),
    ]);
    expect([count.code, count.err]).toEqual([
      4,
      expect.stringMatching(new RegExp(`expected ${anchor.records} records, found ${anchor.records - 1}`)),
    ]);
    const head = await cli([
      'verify-ledger',
      truncated,
      '--allow-incomplete',
      '--expect-head',
      anchor.head_hash,
    ]);
    expect([head.code, head.err]).toEqual([4, expect.stringMatching(/does not match the expected head/)]);
  });

  it('exits 4 on a torn tail; --recover moves the bytes aside and the rest verifies', async () => {
    const torn = write('torn.jsonl', `${ledger()}{"record_type":"deci`);
    const r = await cli(['verify-ledger', torn]);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/torn/);
    const recovered = await cli(['verify-ledger', torn, '--recover']);
    expect(recovered.code).toBe(0);
    expect(recovered.out).toMatch(
      /recover: kept \d+ complete lines; moved 20 torn bytes to .*torn\.jsonl\.torn-\d+/,
    );
    expect(readFileSync(join(root, torn), 'utf8')).toBe(ledger());
  });

  it('exits 2 on a missing file or a malformed expectation', async () => {
    expect((await cli(['verify-ledger', 'no-such.jsonl'])).err).toMatch(
      /no-such\.jsonl: no such ledger file/,
    );
    expect((await cli(['verify-ledger', 'control/ledger.jsonl', '--expect-count', '-1'])).code).toBe(2);
    expect((await cli(['verify-ledger', 'control/ledger.jsonl', '--expect-head', 'xyz'])).code).toBe(2);
  });
});

describe('compare', () => {
  it('exits 0 for the same traffic under two tiers', async () => {
    const r = await cli(['compare', 'observe/ledger.jsonl', 'control/ledger.jsonl']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^A observe\/ledger\.jsonl: tier OBSERVE_ONLY/m);
    expect(r.out).toMatch(/^B control\/ledger\.jsonl: tier CONTROL/m);
  });

  it('exits 2 for ledgers of different traffic', async () => {
    const head = readFileSync(join(EXAMPLES, 'traffic.jsonl'), 'utf8').split('\n').slice(0, 100).join('\n');
    writeFileSync(join(root, 'head.jsonl'), `${head}\n`);
    await cli(['evaluate', ...POLICY, '--traffic', 'head.jsonl', '--out', 'head']);
    await cli(['evaluate', ...POLICY, '--traffic', join(EXAMPLES, 'traffic.jsonl'), '--out', 'jsonl-only']);
    const fewer = await cli(['compare', 'head/ledger.jsonl', 'jsonl-only/ledger.jsonl']);
    expect(fewer.code).toBe(2);
    expect(fewer.err).toMatch(
      /different numbers of decision records \(head\/ledger\.jsonl: 100, jsonl-only\/ledger\.jsonl: 256\)/,
    );
    const other = await cli(['compare', 'scan/ledger.jsonl', 'control/ledger.jsonl']);
    expect([other.code, other.err]).toEqual([
      2,
      'traffic-governance: error: different request streams at record 1 (line 2): scan/ledger.jsonl has GET /admin at 1773133200 ' +
        '(status 404, 2 ms), control/ledger.jsonl has GET /api/products/1042 at 1773133201 (status 200, 17 ms)',
    ]);
  });

  it('exits 4 when a ledger does not verify', async () => {
    const text = readFileSync(join(root, 'control', 'ledger.jsonl'), 'utf8').replace(
      '"decision":"DROP"',
      '"decision":"ALLOW"',
    );
    writeFileSync(join(root, 'forged.jsonl'), text);
    const r = await cli(['compare', 'control/ledger.jsonl', 'forged.jsonl']);
    expect([r.code, r.err]).toEqual([4, expect.stringMatching(/verification failed: forged\.jsonl: /)]);
  });
});

describe('gitlab', () => {
  it('mounts the GitLab job helpers', async () => {
    const r = await cli(['gitlab', 'mr-note', '--summary', 'control/summary.md']);
    expect([r.code, r.out]).toEqual([0, expect.stringMatching(/not a merge request pipeline/)]);
    expect((await cli(['gitlab', 'push'])).err).toMatch(/unknown gitlab subcommand "push"/);
    const fetch = await cli(['gitlab', 'fetch-artifact']);
    expect([fetch.code, fetch.err]).toEqual([2, expect.stringMatching(/--version/)]);
  });
});
