/**
 * summary.md as a reviewer sees it: rendered by a GFM renderer (marked) into a page styled like
 * GitHub's markdown body, 1012 px wide, in headless Chromium. Shared by the rendering test
 * (test/summary-render.test.ts) and the screenshot script (scripts/summary-screenshot.ts).
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Marked, type Tokens } from 'marked';
import { type Browser, chromium, type Page } from 'playwright-core';
import { evaluate, loadPolicy, renderSummary } from '../src/index.js';

/** GitHub's markdown body width in a job summary or a pull request comment, and one screen's height. */
export const PAGE = { width: 1012, height: 800 } as const;
/** The run link the examples' summary shows (a real run's comes from the front door). */
export const EXAMPLE_RUN_URL = 'https://github.com/traffic-governance/traffic-governance/actions/runs/1';

/** The README's quick-start run of the examples, its summary with a run link. */
export async function examplesSummary(outDir: string, cwd: string): Promise<string> {
  const result = await evaluate({
    policy: loadPolicy(`${cwd}/examples/policy.yaml`, [`${cwd}/examples/contracts.yaml`]),
    traffic: ['examples/traffic.*', 'examples/k6.json', 'examples/access.log'],
    format: 'auto',
    tier: 'OBSERVE_ONLY',
    outDir,
    cwd,
    env: {},
  });
  return renderSummary(result, { runUrl: EXAMPLE_RUN_URL });
}

const ALERT_TITLES: Record<string, string> = {
  NOTE: 'Note',
  TIP: 'Tip',
  IMPORTANT: 'Important',
  WARNING: 'Warning',
  CAUTION: 'Caution',
};

/** marked with GFM, plus GitHub's alert blocks (`> [!CAUTION]`), which marked leaves as quotes. */
const gfm = new Marked({
  gfm: true,
  renderer: {
    blockquote(this: { parser: { parse(tokens: Tokens.Generic[]): string } }, token: Tokens.Blockquote) {
      const body = this.parser.parse(token.tokens);
      const alert = /^<p>\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\n/.exec(body);
      if (alert === null) return `<blockquote>\n${body}</blockquote>\n`;
      const kind = alert[1]!;
      return (
        `<div class="markdown-alert markdown-alert-${kind.toLowerCase()}">` +
        `<p class="markdown-alert-title">${ALERT_TITLES[kind]}</p>\n<p>${body.slice(alert[0].length)}</div>\n`
      );
    },
  },
});

/** A subset of github-markdown-css (light theme) that decides widths: fonts, tables, code, alerts. */
const CSS = `
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; width: ${PAGE.width}px; padding: 16px 24px; color: #1f2328;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
  font-size: 16px; line-height: 1.5; word-wrap: break-word; }
.markdown-body h2 { font-size: 1.5em; font-weight: 600; margin: 0 0 16px; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
.markdown-body h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 16px; }
.markdown-body h4 { font-size: 1em; font-weight: 600; margin: 24px 0 16px; }
.markdown-body p, .markdown-body ul, .markdown-body table, .markdown-body details, .markdown-body .markdown-alert { margin: 0 0 16px; }
.markdown-body ul { padding-left: 2em; }
.markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto; border-spacing: 0; border-collapse: collapse; font-variant: tabular-nums; }
.markdown-body th { font-weight: 600; }
.markdown-body th, .markdown-body td { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body code { padding: .2em .4em; margin: 0; font-size: 85%; white-space: break-spaces; background: #818b981f; border-radius: 6px;
  font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
.markdown-body a { color: #0969da; }
.markdown-body blockquote { margin: 0 0 16px; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
.markdown-alert { padding: 8px 16px; border-left: .25em solid; }
.markdown-alert > :last-child { margin-bottom: 0; }
.markdown-alert .markdown-alert-title { font-weight: 500; margin-bottom: 4px; }
.markdown-alert-note { border-color: #0969da; } .markdown-alert-note .markdown-alert-title { color: #0969da; }
.markdown-alert-tip { border-color: #1a7f37; } .markdown-alert-tip .markdown-alert-title { color: #1a7f37; }
.markdown-alert-important { border-color: #8250df; } .markdown-alert-important .markdown-alert-title { color: #8250df; }
.markdown-alert-warning { border-color: #9a6700; } .markdown-alert-warning .markdown-alert-title { color: #9a6700; }
.markdown-alert-caution { border-color: #d1242f; } .markdown-alert-caution .markdown-alert-title { color: #d1242f; }
`;

/** A whole HTML page showing `markdown` as GitHub would (its HTML passed through as GitHub allows here). */
export function gfmPage(markdown: string): string {
  const html = gfm.parse(markdown, { async: false });
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
