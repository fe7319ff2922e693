/**
 * Regenerates docs/summary.png: the first screen (1012×800) of the examples' summary.md, rendered
 * as on GitHub in headless Chromium. The PNG records the sha256 of the summary it shows, so
 * test/summary-render.test.ts can tell when it is stale.
 *
 *   npm run docs:summary-screenshot
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { examplesSummary, launchChromium, screenshot } from './summary-page.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs/summary.png');

const dir = mkdtempSync(join(tmpdir(), 'tg-summary-'));
try {
  const markdown = await examplesSummary(join(dir, 'out'), ROOT);
  const browser = await launchChromium();
  try {
    writeFileSync(OUT, await screenshot(browser, markdown));
  } finally {
    await browser.close();
  }
  console.log(`wrote ${OUT}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
