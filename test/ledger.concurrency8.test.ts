/**
 * 8 processes append to one ledger at once with the real Ledger (one lock per append call).
 * Default: 8 × 200 records; TG_LONG=1: 8 × 2,000 = 16,000 records (+ genesis). Batch size 1: every
 * record is its own append call and lock acquisition, the most contended case.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/ledger/index.js';
import { checkLine } from '../src/ledger/line.js';

const LONG = process.env.TG_LONG === '1';
const WRITERS = 8;
const PER_WRITER = LONG ? 2_000 : 200;
const BATCH = 1;
const projectRoot = fileURLToPath(new URL('..', import.meta.url));

function runWriter(path: string, writer: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/support/crash-writer.ts',
        path,
        writer,
        '--count',
        String(PER_WRITER),
        '--batch',
        String(BATCH),
      ],
      { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] },
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

describe(`ledger appends from ${WRITERS} processes`, () => {
  it(
    `${WRITERS} × ${PER_WRITER} appends (batch ${BATCH}) make one valid chain with no interleaved bytes`,
    async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'tg-conc8-')), 'ledger.jsonl');
      const writers = Array.from({ length: WRITERS }, (_, i) => `w${i}`);
      const started = performance.now();
      await Promise.all(writers.map((w) => runWriter(path, w)));
      const seconds = (performance.now() - started) / 1000;
      const total = WRITERS * PER_WRITER;

      expect(verifyLedger(path, { count: total + 1 })).toMatchObject({ valid: true, count: total + 1 });
      const bytes = readFileSync(path);
      expect(bytes[bytes.length - 1]).toBe(0x0a);
      const lines = bytes.toString('utf8').split('\n').slice(0, -1);
      expect(lines).toHaveLength(total + 1);
      // No interleaving: every line is one whole canonical record on its own.
      const records = lines.map((line, i) => {
        const checked = checkLine(Buffer.from(line));
        expect(checked.problem, `line ${i}`).toBeUndefined();
        return JSON.parse(line) as { record_type: string; writer?: string; n?: number; sequence: number };
      });
      expect(records[0]!.record_type).toBe('genesis');
      expect(records.map((r) => r.sequence)).toEqual(Array.from({ length: total + 1 }, (_, i) => i));
      // Nothing lost or duplicated, and each writer's records keep their order.
      for (const writer of writers) {
        expect(records.filter((r) => r.writer === writer).map((r) => r.n)).toEqual(
          Array.from({ length: PER_WRITER }, (_, n) => n),
        );
      }
      // Writers really overlapped (otherwise this tests nothing): their records alternate many times.
      let switches = 0;
      for (let i = 2; i < records.length; i++) if (records[i]!.writer !== records[i - 1]!.writer) switches++;
      expect(switches).toBeGreaterThan(WRITERS * 2);
      console.log(
        `concurrency: ${WRITERS} processes × ${PER_WRITER} appends (batch ${BATCH}) = ${total} records in ${seconds.toFixed(1)} s (process start included), ${switches} writer switches in the file`,
      );
    },
    LONG ? 1_200_000 : 180_000,
  );
});
