import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import lockfile from 'proper-lockfile';
import { describe, expect, it, vi } from 'vitest';
import { type GenesisInfo, Ledger, LedgerError, verifyLedger } from '../src/ledger/index.js';
import { DEFAULT_LOCK_OPTIONS, withLedgerLock } from '../src/ledger/lock.js';

const GENESIS: GenesisInfo = {
  policy_hash: 'ab'.repeat(32),
  policy_version: '1.0.0',
  platform_tier: 'CONTROL',
};
const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const tmpLedger = () => join(mkdtempSync(join(tmpdir(), 'tg-ledger-conc-')), 'ledger.jsonl');
const parsedLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function runWriter(path: string, writer: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/ledger-writer.ts', path, writer, String(count)],
      {
        cwd: projectRoot,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`writer ${writer} exited ${code}: ${stderr}`)),
    );
  });
}

describe('ledger appends under contention', () => {
  it('4 processes × 500 single-record appends make one valid chain of 2,001 lines', async () => {
    const path = tmpLedger();
    const writers = ['w0', 'w1', 'w2', 'w3'];
    const started = performance.now();
    await Promise.all(writers.map((w) => runWriter(path, w, 500)));
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `cross-process: 2,000 appends from 4 processes in ${seconds.toFixed(1)} s (process start included)`,
    );

    expect(verifyLedger(path, { count: 2001 })).toMatchObject({ valid: true, count: 2001 });
    const records = parsedLines(path);
    expect(records[0]!.record_type).toBe('genesis');
    // Each writer's records appear whole and in its own order: nothing lost, duplicated or interleaved.
    for (const writer of writers) {
      expect(records.filter((r) => r.writer === writer).map((r) => r.n)).toEqual(
        Array.from({ length: 500 }, (_, n) => n),
      );
    }
  });

  it('async appends wait while another writer holds the lock, then chain in order', async () => {
    const path = tmpLedger();
    const ledger = new Ledger(path, GENESIS);
    const genesisBytes = (() => {
      ledger.head();
      return readFileSync(path).length;
    })();
    // Another writer (another process, as far as the lock can tell) holds the lock.
    mkdirSync(`${path}.lock`);
    const appends = Promise.all(
      Array.from({ length: 20 }, (_, n) => ledger.append([{ record_type: 'probe', n }])),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Nothing was written under the other writer's lock (without the lock, all 20 would be).
    expect(readFileSync(path).length).toBe(genesisBytes);
    rmdirSync(`${path}.lock`);
    const results = await appends;
    expect(results.map(([r]) => r!.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(verifyLedger(path)).toMatchObject({ valid: true, count: 21 });
  });

  it('a batch of 10,000 bodies takes the lock once and chains correctly', () => {
    const path = tmpLedger();
    const ledger = new Ledger(path, GENESIS);
    const bodies = Array.from({ length: 10_000 }, (_, n) => ({
      record_type: 'decision',
      endpoint_key: `GET /items/{id}#${n % 50}`,
      decision: n % 7 === 0 ? 'THROTTLE' : 'ALLOW',
      risk_score: (n % 100) / 100,
      reason_codes: ['LATENCY_OK', 'RATE_OK'],
      request: { method: 'GET', path: `/items/${n}`, status_code: 200, latency_ms: n % 300 },
    }));
    const lockSpy = vi.spyOn(lockfile, 'lockSync');
    const started = performance.now();
    const records = ledger.appendSync(bodies);
    const ms = performance.now() - started;
    expect(lockSpy).toHaveBeenCalledTimes(1);
    lockSpy.mockRestore();
    const bytes = readFileSync(path).length;
    console.log(
      `batch: 10,000 records (${(bytes / 2 ** 20).toFixed(1)} MiB) in ${ms.toFixed(0)} ms = ${Math.round(10_000 / (ms / 1000))} records/s`,
    );
    expect(records.map((r) => r.sequence)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    expect(verifyLedger(path, { count: 10_001, head: records[9_999]!.record_hash })).toMatchObject({
      valid: true,
    });
  });

  it('takes over a lock abandoned by a crashed writer', () => {
    const path = tmpLedger();
    const ledger = new Ledger(path, GENESIS, { lockStaleMs: 2_000, lockTimeoutMs: 5_000 });
    ledger.head();
    mkdirSync(`${path}.lock`);
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lock`, longAgo, longAgo);
    expect(ledger.appendSync([{ record_type: 'probe' }])[0]!.sequence).toBe(1);
  });

  it('gives up on a live lock after the timeout with an error that names the lock', async () => {
    const path = tmpLedger();
    const ledger = new Ledger(path, GENESIS, { lockTimeoutMs: 100 });
    ledger.head();
    mkdirSync(`${path}.lock`);
    expect(() => ledger.appendSync([{ record_type: 'probe' }])).toThrow(LedgerError);
    expect(() => ledger.appendSync([{ record_type: 'probe' }])).toThrow(
      /timed out after 100 ms waiting for the ledger lock .*ledger\.jsonl\.lock/,
    );
    await expect(ledger.append([{ record_type: 'probe' }])).rejects.toThrow(/timed out after 100 ms/);
    expect(verifyLedger(path)).toMatchObject({ valid: true, count: 1 });
  });

  it('a synchronous append under a lock this thread holds fails at once instead of waiting for itself', async () => {
    const path = tmpLedger();
    const ledger = new Ledger(path, GENESIS);
    ledger.head();
    const started = performance.now();
    await expect(
      withLedgerLock(path, DEFAULT_LOCK_OPTIONS, () => ledger.appendSync([{ record_type: 'probe' }])),
    ).rejects.toThrow(/this thread already holds the ledger lock/);
    expect(performance.now() - started).toBeLessThan(DEFAULT_LOCK_OPTIONS.timeoutMs / 2);
    expect(ledger.appendSync([{ record_type: 'probe' }])[0]!.sequence).toBe(1);
  });
});
