/**
 * Acceptance (issue 16, "Verify in the browser"): report.html's ledger verifier, in real Chromium
 * (playwright-core against /usr/bin/chromium, never skipped under CI), passes on the run's own
 * ledger and checkpoint, and fails naming the line for one byte changed, a line deleted, two lines
 * swapped, the tail truncated and a checkpoint from another run.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesReport } from '../scripts/report-page.js';
import { panelVerdict, verifyWithPanel } from '../scripts/report-verify.js';
import { evaluate, loadPolicy } from '../src/index.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = new URL('..', import.meta.url).pathname;

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)(
  'report.html verifies the ledger in Chromium',
  () => {
    let dir: string;
    let out: string;
    let browser: Browser;
    let lines: string[];
    const problems: string[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'tg-verify-html-'));
      out = join(dir, 'run');
      await examplesReport(out, ROOT);
      lines = readFileSync(join(out, 'ledger.jsonl'), 'utf8').split('\n').slice(0, -1);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function openReport(url = pathToFileURL(join(out, 'report.html')).href): Promise<Page> {
      const page = await browser.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await page.goto(url);
      return page;
    }

    /** The panel's verdict on `ledger` (its text) with `checkpoint` (default: the run's own). */
    async function verdict(ledger: string, checkpoint = join(out, 'ledger.checkpoint')) {
      const file = join(dir, `case-${Math.random().toString(36).slice(2)}.jsonl`);
      writeFileSync(file, ledger);
      const page = await openReport();
      try {
        return await verifyWithPanel(page, file, checkpoint);
      } finally {
        await page.close();
      }
    }

    const joined = (ls: readonly string[]) => `${ls.join('\n')}\n`;

    it('passes on the run’s own ledger and checkpoint, with the report’s head and count', async () => {
      expect(lines.length).toBeGreaterThan(8);
      const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
      const checkpoint = readFileSync(join(out, 'ledger.checkpoint'), 'utf8').split('\n');
      const root = Buffer.from(checkpoint[2]!, 'base64').toString('hex');
      const v = await verdict(joined(lines));
      expect(v.ok).toBe(true);
      expect(v.text).toContain(
        `${lines.length} records, head ${result.ledger.head_hash}, Merkle root ${root}`,
      );
      expect(problems).toEqual([]);
    }, 60_000);

    it('one byte changed: names its line', async () => {
      const changed = [...lines];
      // A digit of the sequence-independent body: the line still parses, its hash no longer matches.
      changed[3] = changed[3]!.replace('"decision":"', '"decision":"X');
      expect(changed[3]).not.toBe(lines[3]);
      const v = await verdict(joined(changed));
      expect(v.ok).toBe(false);
      expect(v.text).toContain('line 4: record 3 (line 4, byte');
      expect(v.text).toContain('record_hash mismatch');
    }, 60_000);

    it('one byte changed in place (same length): names its line', async () => {
      const bytes = Buffer.from(joined(lines));
      const at = lines.slice(0, 5).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0) + 40;
      bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
      const v = await verdict(bytes.toString('latin1'));
      expect(v.ok).toBe(false);
      expect(v.text).toMatch(/^Verification FAILED: line 6: record 5 \(line 6, byte \d+\): /);
    }, 60_000);

    it('a line deleted: names the line after the gap', async () => {
      const v = await verdict(joined([...lines.slice(0, 4), ...lines.slice(5)]));
      expect(v.text).toBe(
        `Verification FAILED: line 5: record 4 (line 5, byte ${offset(4)}): sequence 5, expected 4`,
      );
    }, 60_000);

    it('two lines swapped: names the first of them', async () => {
      const swapped = [...lines];
      [swapped[4], swapped[5]] = [swapped[5]!, swapped[4]!];
      const v = await verdict(joined(swapped));
      expect(v.text).toBe(
        `Verification FAILED: line 5: record 4 (line 5, byte ${offset(4)}): sequence 5, expected 4`,
      );
    }, 60_000);

    it('the tail truncated: names the first missing line (the checkpoint commits to it)', async () => {
      const n = lines.length;
      const v = await verdict(joined(lines.slice(0, n - 2)));
      expect(v.text).toBe(
        `Verification FAILED: line ${n - 1}: TRUNCATED: the checkpoint commits to ${n} records, the ledger has ${n - 2}: it ends before record ${n - 2} (line ${n - 1})`,
      );
      // Cut inside the last line: a torn tail.
      const cut = joined(lines).slice(0, -20);
      const torn = await verdict(cut);
      expect(torn.text).toMatch(
        new RegExp(
          `^Verification FAILED: line ${n}: record ${n - 1} \\(line ${n}, byte ${offset(n - 1)}\\): torn tail: `,
        ),
      );
    }, 60_000);

    it('a checkpoint from another run: fails naming the line', async () => {
      const other = join(dir, 'other');
      await evaluate({
        policy: loadPolicy(`${ROOT}/examples/policy.yaml`, [`${ROOT}/examples/contracts.yaml`]),
        traffic: ['examples/traffic.jsonl'],
        format: 'auto',
        tier: 'OBSERVE_ONLY',
        outDir: other,
        cwd: ROOT,
        env: {},
      });
      const otherLines = readFileSync(join(other, 'ledger.jsonl'), 'utf8').split('\n').length - 1;
      expect(otherLines).not.toBe(lines.length);
      const v = await verdict(joined(lines), join(other, 'ledger.checkpoint'));
      expect(v.ok).toBe(false);
      const [first, word] =
        otherLines < lines.length ? [otherLines + 1, 'EXTENDED'] : [lines.length + 1, 'TRUNCATED'];
      expect(v.text).toMatch(
        new RegExp(
          `^Verification FAILED: line ${first}: ${word}: the checkpoint commits to ${otherLines} records`,
        ),
      );
      // The other run's ledger with its own checkpoint holds together, but it is not this report's.
      const both = await verdict(
        readFileSync(join(other, 'ledger.jsonl'), 'utf8'),
        join(other, 'ledger.checkpoint'),
      );
      expect(both.text).toContain('Verification FAILED: line ');
      expect(both.text).toContain(
        `this report was written with a ledger of ${lines.length} records; this one has ${otherLines}`,
      );
    }, 120_000);

    it('served over http: fetches both files from the page’s folder', async () => {
      const server: Server = createServer((req, res) => {
        const file = join(out, decodeURIComponent(new URL(req.url!, 'http://x').pathname));
        if (!existsSync(file)) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200).end(readFileSync(file));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const page = await openReport(`http://127.0.0.1:${port}/report.html`);
        await page.click('#tg-verify-fetch');
        const v = await panelVerdict(page);
        expect(v.ok).toBe(true);
        await page.close();
        expect(problems).toEqual([]);
      } finally {
        server.close();
      }
    }, 60_000);

    /** Byte offset of line `index` (0-based) in the run's ledger. */
    function offset(index: number): number {
      return lines.slice(0, index).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    }
  },
);
