/**
 * In-browser ledger verification (report.html's panel, issue 16): the run's ledger and checkpoint
 * picked in headless Chromium, timed from the pick to the verdict, as records/s against
 * `verify-ledger --fast` on the same file in the same bench run. Not a gate: the page's verifier is
 * for a reviewer's click, WebCrypto digests are asynchronous and it runs on one worker thread.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { verifyWithPanel } from '../scripts/report-verify.js';
import { renderReportHtml } from '../src/report/html.js';
import type { RunResult } from '../src/result.js';
import { fmt, type Row } from './measure.js';

const CHROMIUM = '/usr/bin/chromium';

/** `outDir` holds a run's result.json, ledger.jsonl and ledger.checkpoint; `fastRecordsPerSecond` is verify-ledger --fast's. */
export async function browserVerifyRow(
  outDir: string,
  records: number,
  fastRecordsPerSecond: number,
  sizeLabel: string,
): Promise<Row> {
  const name = `verify ledger in the browser (report.html, Chromium), ${fmt(records)} records (${sizeLabel})`;
  if (!existsSync(CHROMIUM))
    return {
      name,
      ours: 'skipped',
      reference: '',
      ratio: Number.NaN,
      target: '',
      met: null,
      note: `no ${CHROMIUM}`,
    };
  // The page as this checkout renders it (dist/lib may predate report.html), beside the ledger.
  const page = join(outDir, 'report.bench.html');
  const result = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8')) as RunResult;
  writeFileSync(page, renderReportHtml(result));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const tab = await browser.newPage();
    await tab.goto(pathToFileURL(page).href);
    const start = process.hrtime.bigint();
    const verdict = await verifyWithPanel(
      tab,
      join(outDir, 'ledger.jsonl'),
      join(outDir, 'ledger.checkpoint'),
      60 * 60_000,
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (!verdict.ok) throw new Error(`the benchmark ledger does not verify in the browser: ${verdict.text}`);
    const ours = records / seconds;
    return {
      name,
      ours: `${fmt(ours)} records/s`,
      reference: `${fmt(fastRecordsPerSecond)} records/s (verify-ledger --fast)`,
      ratio: ours / fastRecordsPerSecond,
      target: '',
      met: null,
    };
  } finally {
    await browser.close();
  }
}
