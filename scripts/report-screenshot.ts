/**
 * Regenerates docs/report.png: the first screen (1280×800) of the examples' report.html, opened
 * from file:// in headless Chromium. The PNG records the sha256 of the report it shows, so
 * test/report-html.test.ts can tell when it is stale.
 *
 *   npm run docs:report-screenshot
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { examplesReport, reportScreenshot } from './report-page.js';
import { launchChromium } from './summary-page.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs/report.png');

const dir = mkdtempSync(join(tmpdir(), 'tg-report-'));
try {
  const { html } = await examplesReport(join(dir, 'out'), ROOT);
  const browser = await launchChromium();
  try {
    writeFileSync(OUT, await reportScreenshot(browser, html, join(dir, 'report.html')));
  } finally {
    await browser.close();
  }
  console.log(`wrote ${OUT}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
