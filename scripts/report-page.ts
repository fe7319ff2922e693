/**
 * report.html as a reviewer sees it: the examples' report opened from file:// in headless Chromium
 * at 1280×800. Shared by the rendering test (test/report-html.test.ts) and the screenshot script
 * (scripts/report-screenshot.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { RunResult } from '../src/index.js';
import { examplesRun, SOURCE_KEYWORD, sha256, withText } from './summary-page.js';

/** A laptop's first screen. */
export const SCREEN = { width: 1280, height: 800 } as const;

/** The examples' run (examplesRun), its result and report.html. */
export async function examplesReport(
  outDir: string,
  cwd: string,
): Promise<{ result: RunResult; html: string }> {
  const result = await examplesRun(outDir, cwd);
  return { result, html: readFileSync(join(outDir, 'report.html'), 'utf8') };
}

export interface OpenedReport {
  page: Page;
  /** Every URL the page asked for, the file itself included. */
  requests: string[];
  /** Console errors and warnings, and uncaught exceptions. */
  problems: string[];
  url: string;
}

/** Writes `html` to `file` and opens it from file:// at 1280×800, once its charts are drawn. */
export async function openReport(browser: Browser, html: string, file: string): Promise<OpenedReport> {
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: SCREEN, deviceScaleFactor: 1 });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, problems, url };
}

/** The report's first screen as a PNG that names the report it shows (sha256 of its bytes). */
export async function reportScreenshot(browser: Browser, html: string, file: string): Promise<Buffer> {
  const { page } = await openReport(browser, html, file);
  try {
    const png = await page.screenshot({ type: 'png' });
    return withText(png, SOURCE_KEYWORD, sha256(html));
  } finally {
    await page.close();
  }
}
