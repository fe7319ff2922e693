/**
 * The output folder's integrity (issue 12, defects 1-3): one run at a time in --out (two real
 * processes), outputs that appear together or not at all (a fault injected into every output file in
 * turn, and a real ENOSPC on a small tmpfs), outputs that never replace inputs, strict options, and
 * the ERROR verdict of a run that evaluated nothing.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/ledger/index.js';
import { loadPolicy } from '../src/policy/load.js';
import { createPolicy } from '../src/policy/policy.js';
import { FAULT_ENV, holdOutDir, LOCK_FILE, STAGING_PREFIX } from '../src/run/out-dir.js';
import { evaluate, OUTPUT_FILES } from '../src/run.js';
import { cliIn } from './support/cli.js';
import { writeEventsFile } from './support/generate-events.js';

const ROOT_DIR = join(import.meta.dirname, '..');
const EXAMPLES = join(ROOT_DIR, 'examples');
const POLICY = ['--policy', join(EXAMPLES, 'policy.yaml'), '--contracts', join(EXAMPLES, 'contracts.yaml')];
const SMALL = ['--traffic', join(EXAMPLES, 'traffic.jsonl')];

const root = mkdtempSync(join(tmpdir(), 'tg-outdir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let cases = 0;
const freshDir = () => {
  const dir = join(root, `case-${++cases}`);
  mkdirSync(dir);
  return dir;
};

const inRoot = cliIn(root);
const cli = (argv: string[], env: NodeJS.ProcessEnv = {}) => inRoot(argv, { env });

/** Every entry of a folder with its bytes (directories as null), to compare byte for byte. */
function snapshot(dir: string): Record<string, string | null> {
  const entries: Record<string, string | null> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    entries[name] = statSync(path).isDirectory() ? null : readFileSync(path).toString('base64');
  }
  return entries;
}

/** The CLI as its own process (from source), for the tests that need a second real process. */
function spawnCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
    cwd: ROOT_DIR,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

async function waitFor(what: string, ready: () => boolean, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!ready()) {
    if (child.exitCode !== null) throw new Error(`the first run ended (${child.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('one run at a time in --out (two real processes)', () => {
  let big: string;
  beforeAll(async () => {
    big = join(root, 'big.jsonl');
    await writeEventsFile(big, { count: 60_000, seed: 12 });
  });

  it('refuses a second run while the first holds --out, naming its pid; the first then finishes alone', async () => {
    const out = join(freshDir(), 'out');
    const first = spawnCli(['evaluate', ...POLICY, '--traffic', big, '--tier', 'CONTROL', '--out', out]);
    await waitFor('the first run to hold --out', () => existsSync(join(out, LOCK_FILE)), first);
    // Frozen while it holds --out, however fast or slow this machine is.
    process.kill(first.pid!, 'SIGSTOP');
    let second: Awaited<ReturnType<typeof cli>>;
    try {
      second = await cli(['evaluate', ...POLICY, ...SMALL, '--tier', 'OBSERVE_ONLY', '--out', out]);
    } finally {
      process.kill(first.pid!, 'SIGCONT');
    }
    expect(second.code).toBe(2);
    expect(second.err).toContain(
      `--out ${out}: another run is writing there (pid ${first.pid}): wait for it to finish, or choose another --out`,
    );
    const firstCode = await exited(first);

    // Only the first run's outputs, one ledger of one tier, verified against its own checkpoint.
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result).toMatchObject({ tier: 'CONTROL', exit_code: firstCode, input: { accepted: 60_000 } });
    const tiers = new Set(
      readFileSync(join(out, 'ledger.jsonl'), 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).platform_tier)
        .filter((tier) => tier !== undefined),
    );
    expect([...tiers]).toEqual(['CONTROL']);
    expect(verifyLedger(join(out, 'ledger.jsonl'), { head: result.ledger.head_hash }).valid).toBe(true);
    expect(readdirSync(out).sort()).toEqual([...OUTPUT_FILES].sort());
  });

  it('a run killed while holding --out leaves the previous run untouched, and the next run takes over', async () => {
    const out = join(freshDir(), 'out');
    expect((await cli(['evaluate', ...POLICY, ...SMALL, '--out', out])).code).toBe(0);
    writeFileSync(join(out, 'notes.txt'), 'mine, not the tool’s\n');
    const good = snapshot(out);

    const crashed = spawnCli(['evaluate', ...POLICY, '--traffic', big, '--tier', 'CONTROL', '--out', out]);
    const staging = join(out, `${STAGING_PREFIX}${crashed.pid}`);
    await waitFor('the run to write its ledger', () => existsSync(join(staging, 'ledger.jsonl')), crashed);
    process.kill(crashed.pid!, 'SIGKILL');
    await exited(crashed);
    // The dead run's lock and staging folder are left behind; its outputs never reached --out.
    expect(JSON.parse(readFileSync(join(out, LOCK_FILE), 'utf8'))).toMatchObject({ pid: crashed.pid });
    expect(existsSync(staging)).toBe(true);
    const { [LOCK_FILE]: lock, [`${STAGING_PREFIX}${crashed.pid}`]: partial, ...left } = snapshot(out);
    expect([lock, partial]).toEqual([expect.any(String), null]);
    expect(left).toEqual(good);

    const k6 = join(EXAMPLES, 'k6.json');
    const next = await cli(['evaluate', ...POLICY, '--traffic', k6, '--out', out]);
    expect(next.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...OUTPUT_FILES, 'notes.txt'].sort());
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).input.files).toEqual([
      expect.objectContaining({ file: k6 }),
    ]);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine, not the tool’s\n');
  });
});

describe('the hold on --out', () => {
  it('never takes over a lock from another host; takes over an empty one (a run killed while writing it)', () => {
    const out = freshDir();
    writeFileSync(join(out, LOCK_FILE), `${JSON.stringify({ pid: 1, host: 'build-agent-7' })}\n`);
    expect(() => holdOutDir(out)).toThrow(
      `--out ${out}: another run is writing there (pid 1 on host build-agent-7): wait for it to finish, or choose another --out (if no run is going on, delete ${join(out, LOCK_FILE)})`,
    );
    writeFileSync(join(out, LOCK_FILE), '');
    const hold = holdOutDir(out);
    expect(JSON.parse(readFileSync(join(out, LOCK_FILE), 'utf8'))).toEqual({
      pid: process.pid,
      host: hostname(),
    });
    expect(() => holdOutDir(out)).toThrow(`another run is writing there (pid ${process.pid})`);
    hold.release();
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('outputs appear together or not at all (a fault in every output file in turn)', () => {
  /** A good OBSERVE_ONLY run, with a file of the user's beside it, copied into each case's --out. */
  let good: string;
  let goodFiles: Record<string, string | null>;
  beforeAll(async () => {
    good = join(root, 'good');
    expect((await cli(['evaluate', ...POLICY, ...SMALL, '--out', good])).code).toBe(0);
    writeFileSync(join(good, 'notes.txt'), 'mine\n');
    goodFiles = snapshot(good);
    expect(Object.keys(goodFiles).sort()).toEqual([...OUTPUT_FILES, 'notes.txt'].sort());
  });

  /** A CONTROL run (other bytes than the good run) into a copy of the good run. */
  async function failingRun(env: NodeJS.ProcessEnv, prepare: (out: string) => void = () => {}) {
    const out = join(freshDir(), 'out');
    cpSync(good, out, { recursive: true });
    prepare(out);
    const before = snapshot(out);
    const run = await cli(['evaluate', ...POLICY, ...SMALL, '--tier', 'CONTROL', '--out', out], env);
    return { ...run, out, before };
  }

  const WORDS: Record<string, string> = {
    EACCES: 'permission denied: give this user write permission on',
    ENOSPC: 'no space left on the device: free some space',
    EISDIR: 'a directory is in the way',
  };

  const writes = OUTPUT_FILES.flatMap((file) => ['EACCES', 'ENOSPC', 'EISDIR'].map((code) => [file, code]));
  it.each(writes)(
    '%s cannot be written (%s): exit 2, a clear message, the good run byte for byte',
    async (file, code) => {
      const run = await failingRun({ [FAULT_ENV]: `${file}:${code}` });
      expect(run.code).toBe(2);
      expect(run.err).toContain(
        `traffic-governance: error: --out ${run.out}: cannot write ${file}: ${WORDS[code!]}`,
      );
      expect(run.err).toContain(`[${code}]. Nothing was changed in --out`);
      expect(run.err).not.toMatch(/\n\s+at /); // no stack trace
      expect(snapshot(run.out)).toEqual(goodFiles);
    },
  );

  it.each(OUTPUT_FILES)(
    '%s cannot be moved into --out: the files moved before it are put back',
    async (file) => {
      const run = await failingRun({ [FAULT_ENV]: `${file}:EACCES:commit` });
      expect(run.code).toBe(2);
      expect(run.err).toContain(`--out ${run.out}: cannot write ${file}: ${WORDS.EACCES}`);
      expect(snapshot(run.out)).toEqual(goodFiles);
    },
  );

  it.each(OUTPUT_FILES)(
    'a directory where %s goes stops the run before anything in --out changes',
    async (file) => {
      const run = await failingRun({}, (out) => {
        rmSync(join(out, file));
        mkdirSync(join(out, file));
      });
      expect(run.code).toBe(2);
      expect(run.err).toContain(
        `--out ${run.out}: cannot write ${file}: a directory is in the way (${join(run.out, file)}): move it away, or choose another --out [EISDIR]`,
      );
      expect(snapshot(run.out)).toEqual(run.before);
    },
  );

  const mountable = (() => {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
    const probe = mkdtempSync(join(tmpdir(), 'tg-tmpfs-probe-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
      execFileSync('umount', [probe], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
  })();

  it.skipIf(!mountable)(
    'runs out of space for real on a small tmpfs (ledger written on its worker thread): the good run stays',
    async () => {
      const mount = mkdtempSync(join(tmpdir(), 'tg-tmpfs-'));
      const used = Object.values(goodFiles).reduce(
        (sum, b64) => sum + (b64 ? Buffer.from(b64, 'base64').length : 0),
        0,
      );
      // Room for the good run, not for a second copy beside it.
      const size = Math.ceil((used * 1.5) / 4096) * 4096 + 16 * 4096;
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount]);
      try {
        const out = join(mount, 'out');
        cpSync(good, out, { recursive: true });
        const policy = loadPolicy(join(EXAMPLES, 'policy.yaml'), [join(EXAMPLES, 'contracts.yaml')]);
        const run = evaluate({
          policy,
          traffic: [join(EXAMPLES, 'traffic.jsonl')],
          format: 'auto',
          tier: 'CONTROL',
          outDir: out,
          ledgerWorker: true,
          env: {},
        });
        await expect(run).rejects.toThrow(
          new RegExp(`^--out ${out}: cannot write [a-z.-]+: no space left on the device: .*\\[ENOSPC\\]`),
        );
        expect(snapshot(out)).toEqual(goodFiles);
      } finally {
        execFileSync('umount', [mount]);
        rmSync(mount, { recursive: true, force: true });
      }
    },
  );
});

describe('outputs never replace inputs', () => {
  it('refuses --out holding the artifact or the policy it reads, however the path is written', async () => {
    const dir = freshDir();
    const artifact = join(dir, 'policy-artifact.json');
    expect((await cli(['artifact', 'create', ...POLICY, '--out', artifact])).code).toBe(0);
    const bytes = readFileSync(artifact);
    const hash = JSON.parse(bytes.toString()).policy_hash;
    for (const out of [dir, `${dir}/.`, join(dir, '..', `case-${dir.split('case-')[1]}`)]) {
      const run = await cli([
        'evaluate',
        '--artifact',
        artifact,
        '--expect-hash',
        hash,
        ...SMALL,
        '--out',
        out,
      ]);
      expect(run.code).toBe(2);
      expect(run.err).toContain(
        `its policy-artifact.json would replace an input (--artifact ${artifact}): choose another --out`,
      );
    }
    expect(readFileSync(artifact)).toEqual(bytes);
    expect(readdirSync(dir)).toEqual(['policy-artifact.json']);

    // The policy as X/summary.md, reached through a symlink and through a hard link.
    const x = join(dir, 'x');
    mkdirSync(x);
    writeFileSync(join(x, 'summary.md'), readFileSync(join(EXAMPLES, 'policy.yaml')));
    symlinkSync(join(x, 'summary.md'), join(dir, 'via-symlink.yaml'));
    linkSync(join(x, 'summary.md'), join(dir, 'via-link.yaml'));
    for (const policy of ['summary.md', '../via-symlink.yaml', '../via-link.yaml']) {
      const argv = ['evaluate', '--policy', join(x, policy), '--contracts', join(EXAMPLES, 'contracts.yaml')];
      const run = await cli([...argv, ...SMALL, '--out', x]);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/its summary\.md would replace an input \(--policy /);
    }
    expect(readFileSync(join(x, 'summary.md'))).toEqual(readFileSync(join(EXAMPLES, 'policy.yaml')));
    expect(readdirSync(x)).toEqual(['summary.md']);
  });

  it('refuses traffic and contracts inside --out under an output name', async () => {
    const out = join(freshDir(), 'out');
    expect((await cli(['evaluate', ...POLICY, ...SMALL, '--out', out])).code).toBe(0);
    const traffic = await cli(['evaluate', ...POLICY, '--traffic', join(out, 'ledger.jsonl'), '--out', out]);
    expect(traffic.code).toBe(2);
    expect(traffic.err).toContain(
      `its ledger.jsonl would replace an input (--traffic ${join(out, 'ledger.jsonl')})`,
    );
    // Contracts kept in --out under an output's name, given through a hard link elsewhere.
    cpSync(join(EXAMPLES, 'contracts.yaml'), join(out, 'metrics.txt'));
    const contracts = join(root, `contracts-${cases}.yaml`);
    linkSync(join(out, 'metrics.txt'), contracts);
    const before = snapshot(out);
    const policy = ['--policy', join(EXAMPLES, 'policy.yaml'), '--contracts', contracts];
    const linked = await cli(['evaluate', ...policy, ...SMALL, '--out', out]);
    expect(linked.code).toBe(2);
    expect(linked.err).toContain(`its metrics.txt would replace an input (--contracts ${contracts})`);
    expect(snapshot(out)).toEqual(before);
  });

  it('refuses an output file that is an input in artifact create/sign and prove', async () => {
    const dir = freshDir();
    const policy = join(dir, 'policy.yaml');
    cpSync(join(EXAMPLES, 'policy.yaml'), policy);
    const create = await cli(['artifact', 'create', '--policy', policy, '--out', `${dir}/./policy.yaml`]);
    expect(create.code).toBe(2);
    expect(create.err).toContain(`is an input of this command (--policy ${policy})`);
    expect(readFileSync(policy)).toEqual(readFileSync(join(EXAMPLES, 'policy.yaml')));

    const out = join(dir, 'out');
    expect((await cli(['evaluate', ...POLICY, ...SMALL, '--out', out])).code).toBe(0);
    const before = snapshot(out);
    const ledger = join(out, 'ledger.jsonl');
    const inclusion = await cli(['prove', 'inclusion', ledger, '1', '--out', join(out, 'ledger.checkpoint')]);
    expect(inclusion.code).toBe(2);
    expect(inclusion.err).toContain(
      `is an input of this command (the checkpoint beside ${join(out, 'ledger.checkpoint')})`,
    );
    const consistency = await cli(['prove', 'consistency', ledger, ledger, '--out', ledger]);
    expect(consistency.code).toBe(2);
    expect(consistency.err).toContain(`is an input of this command (argument ${ledger})`);
    expect(snapshot(out)).toEqual(before);
  });
});

describe('strict options for every command that writes', () => {
  const dir = join(root, 'strict');
  const artifact = join(EXAMPLES, '..', 'test', 'fixtures', 'none.json');
  const commands: Record<string, string[]> = {
    evaluate: ['evaluate', ...POLICY, ...SMALL],
    'artifact create': ['artifact', 'create', ...POLICY],
    'artifact sign': ['artifact', 'sign', artifact, '--signing-key-env', 'NO_SUCH_KEY'],
    'prove inclusion': ['prove', 'inclusion', join(dir, 'ledger.jsonl'), '1'],
    'prove consistency': ['prove', 'consistency', join(dir, 'ledger.jsonl'), join(dir, 'ledger.jsonl')],
    'gitlab fetch-artifact': [
      'gitlab',
      'fetch-artifact',
      '--version',
      '1.0.0',
      '--url',
      'http://127.0.0.1:9',
    ],
  };

  it.each(Object.keys(commands))(
    '%s refuses --out given twice, and an empty --out, writing nothing',
    async (name) => {
      mkdirSync(dir, { recursive: true });
      const twice = await cli([...commands[name]!, '--out', join(dir, 'a'), '--out', join(dir, 'b')]);
      expect(twice.code).toBe(2);
      expect(twice.err).toContain(
        `error: --out was given twice ("${join(dir, 'a')}", then "${join(dir, 'b')}"): give it once`,
      );
      const empty = await cli([...commands[name]!, '--out', '']);
      expect(empty.code).toBe(2);
      expect(empty.err).toContain('error: --out was given an empty value');
      const equals = await cli([...commands[name]!, '--out=']);
      expect(equals.err).toContain('error: --out was given an empty value');
      expect(readdirSync(dir)).toEqual([]);
      expect(readdirSync(root)).not.toContain('summary.md');
    },
  );

  it('refuses any repeated single-valued option (--tier twice), and still takes repeatable ones', async () => {
    const run = await cli([
      ...commands.evaluate!,
      '--tier',
      'CONTROL',
      '--tier',
      'OBSERVE_ONLY',
      '--out',
      dir,
    ]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('--tier was given twice ("CONTROL", then "OBSERVE_ONLY")');
    const note = await cli(['gitlab', 'mr-note', '--summary', 'a.md', '--summary', 'b.md']);
    expect(note.code).toBe(2);
    expect(note.err).toContain('--summary was given twice');
    const out = join(freshDir(), 'out');
    const repeated = ['--traffic', join(EXAMPLES, 'traffic.jsonl'), '--traffic', join(EXAMPLES, 'k6.json')];
    expect((await cli(['evaluate', ...POLICY, ...repeated, '--out', out])).code).toBe(0);
  });
});

describe('a run that evaluated nothing', () => {
  const policy = createPolicy({
    version: '1.0.0',
    max_rejected_ratio: 1,
    contracts: [{ contract_id: 'items', endpoint_pattern: 'GET /api/items/{id}' }],
  });

  it.each([
    [
      'every line is rejected (max_rejected_ratio 1)',
      'not json\n{"nor":"an event"}\n',
      /^no request was evaluated: all 2 input lines were rejected; first: t\.jsonl:1: /,
    ],
    ['the traffic file is empty', '', /t\.jsonl: is empty|hold no requests/],
  ])('%s: exit 2 and GOVERNANCE_VERDICT=ERROR, never ALLOW', async (_, traffic, error) => {
    const dir = freshDir();
    writeFileSync(join(dir, 't.jsonl'), traffic);
    const result = await evaluate({
      policy,
      traffic: ['t.jsonl'],
      format: 'jsonl',
      tier: 'CONTROL',
      outDir: 'out',
      cwd: dir,
      env: {},
    });
    expect(result.exit_code).toBe(2);
    expect(result.error).toMatch(error);
    const env = readFileSync(join(dir, 'out', 'governance.env'), 'utf8');
    expect(env).toMatch(/^GOVERNANCE_VERDICT=ERROR\n/);
    expect(env).toContain('GOVERNANCE_EXIT_CODE=2\n');
  });
});
