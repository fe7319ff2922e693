/**
 * Escape injection (issue 12, defect 9): file names, policy names and ledger bytes are user text.
 * Quoted in a message, they must not break a line, move the terminal's cursor, recolour it, or
 * start a line that GitHub's runner reads as a workflow command (`::error …`). Two layers are
 * tested apart: messages escape what they quote where they are built (main() with captured io, no
 * guard), and every line the process prints passes logSafe() (processIo, and the real CLI as a
 * child process).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import { processIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { run as runAction } from '../src/github/main.js';
import { logSafe, quoted, visible } from '../src/report/text.js';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLES = join(ROOT, 'examples');
const dir = mkdtempSync(join(tmpdir(), 'tg-escape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** A workflow command on its own line, then a red colour: what a hostile name carries. */
const PWNED = '\n::error title=pwned::x\x1b[31mred';
const PWNED_SHOWN = '\\x0A::error title=pwned::x\\x1B[31mred';
/** Cursor up, erase the line, print a green "ledger OK": hides a failure on a terminal. */
const FAKE_OK = '\x1b[1A\x1b[2K\x1b[32mledger OK\x1b[0m\x07\r';
const FAKE_OK_SHOWN = '\\x1B[1A\\x1B[2K\\x1B[32mledger OK\\x1B[0m\\x07\\x0D';

const CONTRACTS = ['--contracts', join(EXAMPLES, 'contracts.yaml')];
const POLICY = ['--policy', join(EXAMPLES, 'policy.yaml'), ...CONTRACTS];

/** What the output must never hold, whatever the input: a control byte, or a line a runner runs. */
function expectInert(output: string): void {
  expect(output).not.toMatch(/[\x1b\x07\r]/);
  for (const line of output.split('\n')) {
    expect(line.trimStart().startsWith('::'), `line posing as a workflow command: ${line}`).toBe(false);
  }
}

interface Captured {
  code: number;
  /** stdout and stderr lines, as the command handed them to io (before any output guard). */
  text: string;
}

async function cli(argv: string[]): Promise<Captured> {
  const lines: string[] = [];
  const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {}, cwd: dir };
  const code = await main(argv, io);
  return { code, text: lines.join('\n') };
}

/** The real command, as a CI step runs it: `src/cli/index.ts` with the process's own streams. */
function realCli(argv: string[]): Captured {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/index.ts'), ...argv], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TG_DEBUG: '' },
  });
  return { code: child.status ?? -1, text: `${child.stdout}${child.stderr}` };
}

let hostileTraffic: string;
let hostilePolicy: string;
let tamperedLedger: string;
beforeAll(async () => {
  // One good line and one bad one: the bad one is reported with the file's name.
  hostileTraffic = join(dir, `traffic${PWNED}.jsonl`);
  const good = readFileSync(join(EXAMPLES, 'traffic.jsonl'), 'utf8').split('\n')[0];
  writeFileSync(hostileTraffic, `${good}\n{"url":"/api/cart","method":"GET"}\n`);

  hostilePolicy = join(dir, 'policy.yaml');
  const policy = readFileSync(join(EXAMPLES, 'policy.yaml'), 'utf8');
  const name = JSON.stringify(`shop${PWNED}`);
  writeFileSync(hostilePolicy, policy.replace(/^name: .*$/m, `name: ${name}`));

  const run = await cli([
    'evaluate',
    ...POLICY,
    '--traffic',
    join(EXAMPLES, 'traffic.jsonl'),
    '--out',
    'good',
  ]);
  expect(run.code).toBe(0);
  tamperedLedger = join(dir, 'tampered.jsonl');
  const lines = readFileSync(join(dir, 'good', 'ledger.jsonl'), 'utf8').split('\n');
  // Raw bytes both where the JSON parser quotes them in its message and inside a string value.
  lines[5] = `{${FAKE_OK}${lines[5]!.slice(1).replace('"decision":"', `"decision":"${FAKE_OK}`)}`;
  writeFileSync(tamperedLedger, lines.join('\n'));
});

describe('messages escape the user text they quote (main(), no output guard)', () => {
  it('a traffic file name with a newline, a workflow command and ESC: missing, and with a rejected line', async () => {
    const missing = await cli([
      'evaluate',
      ...POLICY,
      '--traffic',
      join(dir, `missing${PWNED}.jsonl`),
      '--out',
      'missing',
    ]);
    expect(missing.code).toBe(2);
    expectInert(missing.text);
    expect(missing.text).toContain(`missing${PWNED_SHOWN}.jsonl: does not exist`);

    const rejected = await cli(['evaluate', ...POLICY, '--traffic', hostileTraffic, '--out', 'rejected']);
    expectInert(rejected.text);
    expect(rejected.text).toContain(`rejected ${visible(hostileTraffic)}:2`);
    expect(rejected.text).toContain(`traffic${PWNED_SHOWN}.jsonl`);
  });

  it('a policy name with a newline is shown on the policy line', async () => {
    const run = await cli([
      'evaluate',
      '--policy',
      hostilePolicy,
      ...CONTRACTS,
      '--traffic',
      join(EXAMPLES, 'traffic.jsonl'),
      '--out',
      'named',
    ]);
    expect(run.code).toBe(0);
    expectInert(run.text);
    expect(run.text).toMatch(/^policy: shop\\x0A::error title=pwned::x\\x1B\[31mred 1\.0\.0, hash /m);
  });

  it('verify-ledger shows a tampered line with cursor-up, erase-line and a green "ledger OK" as escapes', async () => {
    for (const fast of [[], ['--fast']]) {
      const run = await cli(['verify-ledger', tamperedLedger, ...fast]);
      expect(run.code).toBe(4);
      expectInert(run.text);
      expect(run.text).not.toMatch(/^ledger OK/m);
      expect(run.text).toContain(`the line: {${FAKE_OK_SHOWN}"actions_taken"`);
      expect(run.text).toContain(`"decision":"${FAKE_OK_SHOWN}`);
    }
  });

  it('an unknown option and a bad argument are quoted with escapes', async () => {
    const option = await cli(['evaluate', `--x${PWNED}`]);
    expect(option.code).toBe(2);
    expectInert(option.text);
    // parseArgs splits `--name=value` at the first `=`.
    expect(option.text).toContain("Unknown option '--x\\x0A::error title'");

    const hash = await cli(['artifact', 'verify', 'a.json', '--expect-hash', `ab${PWNED}`]);
    expect(hash.code).toBe(2);
    expectInert(hash.text);
    expect(hash.text).toContain(`got "ab${PWNED_SHOWN}"`);
  });
});

describe('the output guard', () => {
  it('logSafe escapes control characters but keeps lines, tabs and backslashes, and disarms workflow commands', () => {
    expect(logSafe('plain text: C:\\dir\\file, a\ttab\nsecond line')).toBe(
      'plain text: C:\\dir\\file, a\ttab\nsecond line',
    );
    expect(logSafe(`a${PWNED}\r\x07\x9b2J\u202e`)).toBe(
      'a\n\\x3A:error title=pwned::x\\x1B[31mred\\x0D\\x07\\x9B2J\\u{202E}',
    );
    expect(logSafe('  \t::warning::x')).toBe('  \t\\x3A:warning::x');
    expect(logSafe('a note ##[error]x and ##[stop-commands]t')).toBe(
      'a note #\\x23[error]x and #\\x23[stop-commands]t',
    );
    expect(logSafe('one : colon, a:: pair mid-line, # and ## and [')).toBe(
      'one : colon, a:: pair mid-line, # and ## and [',
    );
    expect(logSafe(visible(`x${PWNED}`))).toBe(visible(`x${PWNED}`));
  });

  it('quoted() puts user text in double quotes with escapes, a quote inside included', () => {
    expect(quoted('a"b\nc\\')).toBe('"a\\x22b\\x0Ac\\\\"');
    expect(quoted('GET /api/cart')).toBe('"GET /api/cart"');
  });

  it('processIo passes every stdout and stderr line through it', () => {
    const written: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk) => {
        written.push(String(chunk));
        return true;
      });
    }
    const io = processIo();
    io.out(`out${PWNED}`);
    io.err(`::warning::x\n${FAKE_OK}`);
    vi.restoreAllMocks();
    expect(written).toEqual([
      'out\n\\x3A:error title=pwned::x\\x1B[31mred\n',
      '\\x3A:warning::x\n\\x1B[1A\\x1B[2K\\x1B[32mledger OK\\x1B[0m\\x07\\x0D\n',
    ]);
  });

  it('the real CLI prints no control byte and no workflow command for any of the hostile inputs', () => {
    const runs = [
      realCli(['evaluate', ...POLICY, '--traffic', hostileTraffic, '--out', join(dir, 'child-rejected')]),
      realCli([
        'evaluate',
        ...POLICY,
        '--traffic',
        join(dir, `missing${PWNED}.jsonl`),
        '--out',
        join(dir, 'gone'),
      ]),
      realCli([
        'evaluate',
        ...['--policy', hostilePolicy, ...CONTRACTS, '--traffic', join(EXAMPLES, 'traffic.jsonl')],
        ...['--out', join(dir, 'child-named')],
      ]),
      realCli(['verify-ledger', tamperedLedger]),
    ];
    // The rejected line is half the input, over max_rejected_ratio: exit 2 as well.
    expect(runs.map((r) => r.code)).toEqual([2, 2, 0, 4]);
    for (const run of runs) expectInert(run.text);
    expect(runs[0]!.text).toContain(`traffic${PWNED_SHOWN}.jsonl:2`);
    expect(runs[1]!.text).toContain(`missing${PWNED_SHOWN}.jsonl: does not exist`);
    expect(runs[2]!.text).toContain(`policy: shop${PWNED_SHOWN} 1.0.0`);
    expect(runs[3]!.text).toContain(`the line: {${FAKE_OK_SHOWN}`);
  }, 60_000);
});

describe('the GitHub Action', () => {
  it('logs no control byte, and no workflow command but the annotations and the error it means to write', async () => {
    const ws = join(dir, 'ws');
    mkdirSync(ws);
    const good = readFileSync(join(EXAMPLES, 'traffic.jsonl'), 'utf8').split('\n')[0];
    writeFileSync(join(ws, `t${PWNED}.jsonl`), `${good}\n\x1b[2Knot json\n\x1b[2Knor this\n`);
    const env: Record<string, string> = {
      GITHUB_WORKSPACE: ws,
      GITHUB_OUTPUT: join(dir, 'action-output'),
      GITHUB_STEP_SUMMARY: join(dir, 'action-summary'),
      INPUT_POLICY: join(EXAMPLES, 'policy.yaml'),
      INPUT_CONTRACTS: join(EXAMPLES, 'contracts.yaml'),
      INPUT_TRAFFIC: '*.jsonl',
      'INPUT_OUTPUT-DIR': join(dir, 'action-out'),
      INPUT_ANNOTATIONS: 'true',
    };
    for (const file of [env.GITHUB_OUTPUT!, env.GITHUB_STEP_SUMMARY!]) writeFileSync(file, '');
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    Object.assign(process.env, env);
    try {
      await runAction();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      process.exitCode = undefined; // core.setFailed set it: the step failed, as it should
      vi.restoreAllMocks();
    }
    const log = written.join('');
    expect(log).not.toMatch(/[\x1b\x07\r]/);
    const commands = log.split('\n').filter((line) => line.trimStart().startsWith('::'));
    for (const line of commands)
      expect(line).toMatch(
        /^::((warning|notice|error)( title=Traffic Governance%3A [^:]*)?|debug|group|endgroup)::/,
      );
    // The debug log names the file too, escaped the same way.
    expect(commands.filter((line) => line.startsWith('::debug::traffic file '))).toEqual([
      expect.stringContaining(`t${PWNED_SHOWN}.jsonl: format jsonl`),
    ]);
    const errors = commands.filter((line) => line.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`t${PWNED_SHOWN}.jsonl:2: invalid JSON`);
    const warnings = commands.filter((line) => line.startsWith('::warning'));
    expect(warnings).toHaveLength(2);
    // The file property: our escapes, then core's for the colons of a property.
    expect(warnings[0]).toContain(
      'file=t\\x0A%3A%3Aerror title=pwned%3A%3Ax\\x1B[31mred.jsonl,line=2::invalid JSON',
    );
  });
});
