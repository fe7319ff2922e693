/**
 * summary.md as a reviewer sees it: rendered by a GFM renderer (marked) into a page styled like
 * GitHub's markdown body, 1012 px wide, in headless Chromium. Shared by the rendering test
 * (test/summary-render.test.ts) and the screenshot script (scripts/summary-screenshot.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { evaluate, loadPolicy, type RunResult } from '../src/index.js';
import { markdownCss, markdownHtml } from '../src/report/html/markdown-html.js';

/** GitHub's markdown body width in a job summary or a pull request comment, and one screen's height. */
export const PAGE = { width: 1012, height: 800 } as const;
/** The run link the examples' summary shows (a real run's comes from the front door). */
export const EXAMPLE_RUN_URL = 'https://github.com/traffic-governance/traffic-governance/actions/runs/1';

/** The README's quick-start run of the examples, with a run link, into `outDir`. */
export function examplesRun(outDir: string, cwd: string): Promise<RunResult> {
  return evaluate({
    policy: loadPolicy(`${cwd}/examples/policy.yaml`, [`${cwd}/examples/contracts.yaml`]),
    traffic: ['examples/traffic.*', 'examples/k6.json', 'examples/access.log'],
    format: 'auto',
    tier: 'OBSERVE_ONLY',
    outDir,
    cwd,
    env: {},
    runUrl: EXAMPLE_RUN_URL,
  });
}

/** The examples' summary.md (examplesRun). */
export async function examplesSummary(outDir: string, cwd: string): Promise<string> {
  await examplesRun(outDir, cwd);
  return readFileSync(join(outDir, 'summary.md'), 'utf8');
}

const CSS = `
body { margin: 0; background: #fff; }
${markdownCss(`width: ${PAGE.width}px`)}`;

/** A whole HTML page showing `markdown` as GitHub would (its HTML passed through as GitHub allows here). */
export function gfmPage(markdown: string): string {
  const html = markdownHtml(markdown);
  return `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body><article class="markdown-body">${html}</article></body></html>`;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--font-render-hinting=none'],
  });
}

/** A 1012×800 page showing `markdown`. */
export async function openSummary(browser: Browser, markdown: string): Promise<Page> {
  const page = await browser.newPage({ viewport: PAGE, deviceScaleFactor: 1 });
  await page.setContent(gfmPage(markdown), { waitUntil: 'load' });
  return page;
}

export interface Layout {
  /** Each table under the heading that starts with `Findings`: its widths (no overflow: scroll ≤ client). */
  findings: { scrollWidth: number; clientWidth: number } | null;
  /** The bottom edge of the verdict line, in page pixels. */
  verdictBottom: number | null;
  /** The page's own width against the viewport's. */
  pageScrollWidth: number;
}

/** Runs in the page (a string: this project compiles without the DOM library). */
const MEASURE = `(() => {
  const heading = [...document.querySelectorAll('h3')].find((h) => h.textContent.startsWith('Findings'));
  let table = heading ? heading.nextElementSibling : null;
  while (table && table.tagName !== 'TABLE' && table.tagName !== 'H3') table = table.nextElementSibling;
  const verdict = [...document.querySelectorAll('strong')].find((s) => s.textContent.startsWith('Verdict:'));
  return {
    findings: table && table.tagName === 'TABLE' ? { scrollWidth: table.scrollWidth, clientWidth: table.clientWidth } : null,
    verdictBottom: verdict ? verdict.getBoundingClientRect().bottom + window.scrollY : null,
    pageScrollWidth: document.documentElement.scrollWidth,
  };
})()`;

export async function layout(page: Page): Promise<Layout> {
  return (await page.evaluate(MEASURE)) as Layout;
}

/** The PNG text keyword that records which summary a screenshot shows. */
export const SOURCE_KEYWORD = 'summary-sha256';

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** `png` with a tEXt chunk `keyword`=`value` right after its header chunk. */
export function withText(png: Buffer, keyword: string, value: string): Buffer {
  const data = Buffer.from(`${keyword}\0${value}`, 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const afterHeader = 8 + 25; // signature, then IHDR (4 length + 4 type + 13 data + 4 crc)
  return Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
}

/** A PNG's size and its tEXt entries. */
export function readPng(png: Buffer): { width: number; height: number; text: Record<string, string> } {
  const text: Record<string, string> = {};
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'tEXt') {
      const [key, value] = png.toString('latin1', at + 8, at + 8 + length).split('\0');
      text[key!] = value!;
    }
    at += 12 + length;
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), text };
}

/** The first screen of `markdown` as a PNG that names the summary it shows. */
export async function screenshot(browser: Browser, markdown: string): Promise<Buffer> {
  const page = await openSummary(browser, markdown);
  try {
    const png = await page.screenshot({ type: 'png' });
    return withText(png, SOURCE_KEYWORD, sha256(markdown));
  } finally {
    await page.close();
  }
}
