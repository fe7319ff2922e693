/**
 * Crash safety: a child process appending batches with the real Ledger is killed with SIGKILL at
 * random moments (seeded delays). After every kill: the bytes written before are untouched; the
 * ledger verifies, or reports a torn tail exactly at the byte after the last '\n'; recovery keeps
 * every complete record (and saves the torn bytes aside); a re-run appends after the last complete
 * record and the chain verifies. TG_LONG=1 runs 200 kills, the default 20.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ledger, recoverLedger, verifyLedger } from '../src/ledger/index.js';
import { CRASH_GENESIS, prng } from './support/crash-writer.js';

const LONG = process.env.TG_LONG === '1';
const KILLS = LONG ? 200 : 20;
const FRESH_LEDGER_EVERY = 5;
const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Starts an endless writer (batches of 1–2,000 records of ~1 KiB), waits until it has appended once, sleeps `delayMs`, kills it. */
function killWriterAfter(path: string, seed: number, delayMs: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/support/crash-writer.ts',
        path,
        `w${seed}`,
        '--batch',
        '1',
        '--batch-max',
        '2000',
        '--seed',
        String(seed),
        '--pad',
        '1000',
      ],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL'
        ? resolve(signal)
        : reject(new Error(`writer exited ${code} before the kill: ${stderr}`)),
    );
  });
}

const lineCount = (bytes: Buffer) => {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
};

/** What every state of the file must satisfy: verified, or torn exactly after the last newline. */
function expectVerifiesOrTornAtLastNewline(path: string) {
  const bytes = readFileSync(path);
  const complete = bytes.lastIndexOf(0x0a) + 1;
  const lines = lineCount(bytes);
  const v = verifyLedger(path);
  if (complete === bytes.length) {
    expect(v, 'a file ending in a newline must verify').toMatchObject({ valid: true, count: lines });
  } else {
    expect(v.valid).toBe(false);
    expect(v.torn_tail).toEqual({ offset: complete, bytes: bytes.length - complete });
    expect(v.reason).toBe(
      `torn tail: ${bytes.length - complete} bytes after byte offset ${complete} have no newline (a write was interrupted)`,
    );
    expect(v.count).toBe(lines);
  }
  return { bytes, complete, lines, head: v.head_hash };
}

describe(`ledger crash safety (${KILLS} SIGKILLs)`, () => {
  it(
    'survives SIGKILL at random moments: verify or exact torn tail, recovery keeps every complete record, re-runs continue the chain',
    async () => {
      const random = prng(0x7e57c0de);
      const dir = mkdtempSync(join(tmpdir(), 'tg-crash-'));
      let path = '';
      let before = Buffer.alloc(0);
      let torn = 0;
      let maxBytes = 0;
      for (let kill = 0; kill < KILLS; kill++) {
        if (kill % FRESH_LEDGER_EVERY === 0) {
          path = join(dir, `ledger-${kill}.jsonl`);
          new Ledger(path, CRASH_GENESIS).head(); // the genesis exists before any kill
          before = readFileSync(path);
        }
        const delay = Math.floor(random() * 150);
        await killWriterAfter(path, kill + 1, delay);

        // 1. Append-only: what was there before the kill is byte-for-byte unchanged.
        const state = expectVerifiesOrTornAtLastNewline(path);
        expect(state.bytes.subarray(0, before.length).equals(before), `kill ${kill}: prefix changed`).toBe(
          true,
        );
        maxBytes = Math.max(maxBytes, state.bytes.length);
        if (state.complete < state.bytes.length) torn++;

        // 2. The same rules hold for a write cut at any byte (deterministic stand-in for a torn write).
        const cut = join(dir, 'cut.jsonl');
        copyFileSync(path, cut);
        truncateSync(cut, before.length + Math.floor(random() * (state.bytes.length - before.length + 1)));
        expectVerifiesOrTornAtLastNewline(cut);

        // 3. Recovery keeps every complete record and moves the torn bytes aside.
        rmSync(`${path}.lock`, { recursive: true, force: true }); // its holder is dead (we saw it exit)
        const recovery = recoverLedger(path);
        expect(recovery).toMatchObject({
          kept: state.lines,
          torn_bytes: state.bytes.length - state.complete,
        });
        if (recovery.saved_to)
          expect(readFileSync(recovery.saved_to).equals(state.bytes.subarray(state.complete))).toBe(true);
        else expect(recovery.torn_bytes).toBe(0);
        expect(readFileSync(path).equals(state.bytes.subarray(0, state.complete))).toBe(true);

        // 4. A re-run appends right after the last complete record, and the whole chain verifies.
        const [record] = new Ledger(path, CRASH_GENESIS).appendSync([
          { record_type: 'probe', writer: 'rerun', n: kill },
        ]);
        expect(record).toMatchObject({ sequence: state.lines, previous_hash: state.head });
        expect(verifyLedger(path)).toMatchObject({ valid: true, count: state.lines + 1 });
        expect(existsSync(`${path}.lock`)).toBe(false);
        before = readFileSync(path);
      }
      console.log(
        `crash: ${KILLS} SIGKILLs, ${torn} left a torn tail (the rest ended on a record boundary); ledgers up to ${(maxBytes / 2 ** 20).toFixed(1)} MiB; every cut at a random byte also checked`,
      );
    },
    LONG ? 1_800_000 : 180_000,
  );
});
