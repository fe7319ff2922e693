/**
 * report.html in real Chromium (playwright-core, /usr/bin/chromium), opened from file:// as a
 * reviewer opens a downloaded artifact: the examples' report and a report with a full timeline
 * (contracts §1, made up in test/support/timeline.ts until the engine writes one).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesReport, openReport, SCREEN } from '../scripts/report-page.js';
import { launchChromium, readPng, SOURCE_KEYWORD, sha256 } from '../scripts/summary-page.js';
import { evaluate, loadPolicy, type RunResult } from '../src/index.js';
import { renderReportHtml } from '../src/report/html.js';
import { worstFirst } from '../src/report/order.js';
import { withTimeline } from './support/timeline.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tg-report-html-'));
let browser: Browser;
let examples: { result: RunResult; html: string };

beforeAll(async () => {
  examples = await examplesReport(join(dir, 'examples'), ROOT);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** In the page: what a reviewer sees first and what the charts drew (a string: no DOM lib here). */
const MEASURE = `(() => {
  const verdict = [...document.querySelectorAll('strong')].find((s) => s.textContent.startsWith('Verdict:'));
  const heading = [...document.querySelectorAll('h3')].find((h) => h.textContent.startsWith('Findings'));
  let table = heading ? heading.nextElementSibling : null;
  while (table && table.tagName !== 'TABLE') table = table.nextElementSibling;
  return {
    verdict: verdict ? verdict.textContent : null,
    verdictBottom: verdict ? verdict.getBoundingClientRect().bottom : null,
    findingsBottom: table ? table.getBoundingClientRect().bottom : null,
    findingsRows: table ? table.querySelectorAll('tbody tr').length : 0,
    charts: [...document.querySelectorAll('figure.tg-chart')].map((f) => ({
      endpoint: f.dataset.endpoint ?? null,
      points: Number(f.dataset.points),
      canvases: f.querySelectorAll('canvas').length,
    })),
    firstChartTop: document.querySelector('figure.tg-chart')?.getBoundingClientRect().top ?? null,
    unknownTop: [...document.querySelectorAll('h3')].find((h) => h.textContent.startsWith('Unknown endpoints'))?.getBoundingClientRect().top ?? null,
    scripts: document.scripts.length,
    ready: document.documentElement.dataset.charts ?? null,
  };
})()`;

interface Measured {
  verdict: string | null;
  verdictBottom: number | null;
  findingsBottom: number | null;
  findingsRows: number;
  charts: { endpoint: string | null; points: number; canvases: number }[];
  firstChartTop: number | null;
  unknownTop: number | null;
  scripts: number;
  ready: string | null;
}

async function measure(html: string, name: string) {
  const opened = await openReport(browser, html, join(dir, name));
  try {
    return { ...opened, measured: (await opened.page.evaluate(MEASURE)) as Measured };
  } finally {
    await opened.page.close();
  }
}

describe('report.html in Chromium at 1280×800', () => {
  it("the examples' report: no console error, no request but the file, verdict and findings on the first screen", async () => {
    const { requests, problems, url, measured } = await measure(examples.html, 'examples.html');
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(measured.verdict).toBe('Verdict: DROP');
    expect(measured.findingsRows).toBe(3);
    expect(measured.findingsBottom).toBeLessThanOrEqual(SCREEN.height);
    const charted = examples.result.endpoints.filter((e) => e.timeline !== undefined).length;
    expect(measured.charts.filter((c) => c.endpoint !== null)).toHaveLength(charted);
  });

  it('one chart per endpoint with a timeline, as many points as buckets, the other endpoints summed', async () => {
    const result = withTimeline(examples.result, 240, 6);
    const { problems, requests, url, measured } = await measure(renderReportHtml(result), 'timeline.html');
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(measured.ready).toBe('ready');
    const charted = result.endpoints.filter((e) => e.timeline !== undefined).map((e) => e.endpoint_key);
    expect(charted).toHaveLength(6);
    const own = measured.charts.filter((c) => c.endpoint !== null);
    // Worst first, as in the findings: POST /api/checkout (DROP) leads.
    expect(own.map((c) => c.endpoint)).toEqual(
      worstFirst(result.endpoints)
        .filter((e) => e.timeline !== undefined)
        .map((e) => e.endpoint_key),
    );
    expect(own[0]!.endpoint).toBe('POST /api/checkout');
    // Right after the findings, before the rest of the summary.
    expect(measured.firstChartTop).toBeGreaterThan(measured.findingsBottom!);
    expect(measured.firstChartTop).toBeLessThan(measured.unknownTop!);
    for (const chart of own) expect(chart).toMatchObject({ points: 240, canvases: 4 });
    // The others' figure: requests and errors.
    expect(measured.charts.filter((c) => c.endpoint === null)).toEqual([
      { endpoint: null, points: 240, canvases: 2 },
    ]);
  });

  it('user text cannot open a script: an endpoint key with </script> stays text, the CSP holds', async () => {
    const hostile = '</script><script>document.title="owned"</script><img src=x onerror=alert(1)>';
    const result = withTimeline(
      {
        ...examples.result,
        endpoints: examples.result.endpoints.map((e, i) => (i === 0 ? { ...e, endpoint_key: hostile } : e)),
      },
      10,
      50,
    );
    const html = renderReportHtml(result);
    const { problems, requests, url, page } = await openReport(browser, html, join(dir, 'hostile.html'));
    try {
      expect(await page.title()).toBe(`Traffic Governance: ${result.verdict}`);
      expect(await page.evaluate('document.scripts.length')).toBe(html.split('<script').length - 1);
      expect(await page.evaluate('document.images.length')).toBe(0);
      const keys = (await page.evaluate(
        `[...document.querySelectorAll('figure.tg-chart')].map((f) => f.dataset.endpoint)`,
      )) as string[];
      expect(keys).toContain(hostile);
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await page.close();
    }
  });
});

describe('report.html as a file', () => {
  it('is byte-identical across two runs of the same inputs', async () => {
    const again = await examplesReport(join(dir, 'again'), ROOT);
    expect(again.html).toBe(examples.html);
  });

  it('is self-contained: a CSP with no default source, scripts by hash, no external URL but links', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(examples.html)?.[1];
    expect(csp).toMatch(
      /^default-src 'none'; script-src 'sha256-[^']+'( 'sha256-[^']+')*; style-src 'sha256-/,
    );
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain('worker-src blob:');
    expect(csp).not.toContain('unsafe');
    // Every URL in the page is a link a reviewer clicks (the run page), never a resource it loads.
    const urls = examples.html.match(/\b(?:src|href)="[^"]*"/g) ?? [];
    expect(urls).toEqual(['href="https://github.com/traffic-governance/traffic-governance/actions/runs/1"']);
  });

  it('its inlined browser code is fresh (npm run build:report-assets)', () => {
    const check = spawnSync(process.execPath, ['scripts/build-report-assets.mjs', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('docs/report.png shows the current report (npm run docs:report-screenshot)', () => {
    const png = readPng(readFileSync(join(ROOT, 'docs/report.png')));
    expect({ width: png.width, height: png.height }).toEqual(SCREEN);
    expect(png.text[SOURCE_KEYWORD]).toBe(sha256(examples.html));
  });
});

/** A scanner's 100,000 distinct paths, one request each. */
function scannerTraffic(paths: number): string {
  const lines: string[] = [];
  for (let i = 0; i < paths; i++)
    lines.push(
      `{"url":"/p${i % 997}/${i}","method":"GET","status_code":404,"latency_ms":3,"timestamp":${1773135000 + i / 50}}`,
    );
  return `${lines.join('\n')}\n`;
}

describe('report.html size', () => {
  it('100,000 unknown paths: under 2 MB, also with a full timeline (240 buckets, 50 endpoints)', async () => {
    writeFileSync(join(dir, 'scanner.jsonl'), scannerTraffic(100_000));
    const result = await evaluate({
      policy: loadPolicy(join(ROOT, 'examples/policy.yaml'), [join(ROOT, 'examples/contracts.yaml')]),
      traffic: [join(dir, 'scanner.jsonl')],
      format: 'auto',
      tier: 'OBSERVE_ONLY',
      outDir: join(dir, 'scanner'),
      env: {},
    });
    const written = readFileSync(join(dir, 'scanner', 'report.html'));
    expect(written.length).toBeLessThan(2_000_000);
    const full = Buffer.byteLength(renderReportHtml(withTimeline(result, 240, 50)));
    expect(full).toBeLessThan(2_000_000);
    console.log(
      `report.html, 100,000 unknown paths: ${written.length} bytes; with a full timeline: ${full} bytes`,
    );
  });
});
