/**
 * Acceptance: a HAR recorded here by real Chromium (playwright-core, `recordHar`) from a local app
 * whose page loads its own CSS, JS and image, calls its own API with fetch, and loads a script, a
 * beacon and a pixel from a second host (`localhost`, standing for a CDN or analytics). With the HAR
 * filter documented in docs/traffic-formats.md ("Recording useful traffic"), only the app's API calls
 * are governed, and result.json counts what each rule removed.
 *
 * Chromium is /usr/bin/chromium (.ci/run installs it): the test runs whenever CI is set, and is
 * skipped elsewhere only when Chromium is not installed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { RunResult } from '../src/result.js';
import { cliIn } from './support/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const DOCS = new URL('../docs/traffic-formats.md', import.meta.url);

/** The traffic_filter of the docs' HAR recipe, with the app's host put in for app.example.com. */
function documentedHarFilter(appHost: string): unknown {
  const docs = readFileSync(DOCS, 'utf8');
  const section = docs.slice(docs.indexOf('### HAR from Playwright or Chromium'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
  expect(yaml).toContain('app.example.com');
  return (parse(yaml.replaceAll('app.example.com', appHost)) as { traffic_filter: unknown }).traffic_filter;
}

const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

type Reply = [status: number, type: string, body: string | Buffer];

function appReply(method: string, path: string, cdn: string): Reply {
  const page = `<!doctype html><html><head><title>shop</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css"><script src="${cdn}/analytics.js"></script></head>
<body><img src="/assets/logo.png" alt=""><script src="/assets/app.js"></script></body></html>`;
  const app = `(async () => {
  await fetch('/api/items');
  await fetch('/api/items');
  await fetch('/api/items/42');
  await fetch('/api/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku":"A-1"}' });
  await fetch('/api/health');
  document.title = 'done';
})();`;
  const routes: Record<string, Reply> = {
    'GET /': [200, 'text/html', page],
    'GET /assets/app.css': [200, 'text/css', 'body { font: 14px sans-serif }'],
    'GET /assets/app.js': [200, 'text/javascript', app],
    'GET /assets/logo.png': [200, 'image/png', PNG_1PX],
    'GET /api/items': [200, 'application/json', '{"items":[]}'],
    'GET /api/items/42': [200, 'application/json', '{"id":42}'],
    'POST /api/orders': [201, 'application/json', '{"id":7}'],
    'GET /api/health': [200, 'application/json', '{"ok":true}'],
  };
  return routes[`${method} ${path}`] ?? [404, 'text/plain', 'not found'];
}

function cdnReply(path: string, cdn: string): Reply {
  if (path === '/analytics.js') {
    const script = `navigator.sendBeacon('${cdn}/collect', 'event=pageview'); new Image().src = '${cdn}/pixel.gif';`;
    return [200, 'text/javascript', script];
  }
  if (path === '/collect') return [204, 'text/plain', ''];
  return [200, 'image/png', PNG_1PX];
}

function serve(reply: (req: IncomingMessage) => Reply): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const [status, type, body] = reply(req);
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    });
    res.end(body);
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const pathOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://x').pathname;

/** Records the app's page in Chromium into `harFile`; returns the app's port. */
async function recordHar(harFile: string): Promise<{ appPort: number; cdnPort: number }> {
  let cdn = '';
  const cdnServer = serve((req) => cdnReply(pathOf(req), cdn));
  const appServer = serve((req) => appReply(req.method ?? 'GET', pathOf(req), cdn));
  const cdnPort = await listen(cdnServer);
  // Another hostname for the same loopback: the second host the filters have to tell apart.
  cdn = `http://localhost:${cdnPort}`;
  const appPort = await listen(appServer);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    const context = await browser.newContext({ recordHar: { path: harFile } });
    const tab = await context.newPage();
    const beacon = tab.waitForResponse((r) => r.url() === `${cdn}/collect`);
    const pixel = tab.waitForResponse((r) => r.url() === `${cdn}/pixel.gif`);
    await tab.goto(`http://127.0.0.1:${appPort}/`);
    await tab.waitForFunction("document.title === 'done'", undefined, { timeout: 30_000 });
    await Promise.all([beacon, pixel]);
    await context.close(); // writes the HAR
  } finally {
    await browser.close();
    appServer.close();
    cdnServer.close();
  }
  return { appPort, cdnPort };
}

const CONTRACTS = [
  { contract_id: 'list-items', endpoint_pattern: 'GET /api/items' },
  { contract_id: 'get-item', endpoint_pattern: 'GET /api/items/{id}' },
  { contract_id: 'create-order', endpoint_pattern: 'POST /api/orders' },
];

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)(
  'a Chromium HAR of an app and a third-party host',
  () => {
    let dir = '';
    let cdnPort = 0;
    let entries: Array<{ _resourceType: string; request: { method: string; url: string } }> = [];
    const cli = (argv: string[]) => cliIn(dir)(argv);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'tg-chromium-filter-'));
      ({ cdnPort } = await recordHar(join(dir, 'app.har')));
      entries = JSON.parse(readFileSync(join(dir, 'app.har'), 'utf8')).log.entries;
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    async function evaluateWith(name: string, policy: Record<string, unknown>) {
      writeFileSync(
        join(dir, `${name}.yaml`),
        stringify({ version: '1.0.0', contracts: CONTRACTS, ...policy }),
      );
      const run = await cli(['evaluate', '--policy', `${name}.yaml`, '--traffic', 'app.har', '--out', name]);
      const result = JSON.parse(readFileSync(join(dir, name, 'result.json'), 'utf8')) as RunResult;
      return { run, result };
    }

    it('the recording holds the noise: page, assets and a second host, beside the API calls', () => {
      const seen = entries.map(
        (e) =>
          `${e._resourceType} ${e.request.method} ${new URL(e.request.url).host}${new URL(e.request.url).pathname}`,
      );
      expect(seen).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^document GET 127\.0\.0\.1:\d+\/$/),
          expect.stringMatching(/^stylesheet GET 127\.0\.0\.1:\d+\/assets\/app\.css$/),
          expect.stringMatching(/^script GET 127\.0\.0\.1:\d+\/assets\/app\.js$/),
          expect.stringMatching(/^image GET 127\.0\.0\.1:\d+\/assets\/logo\.png$/),
          `script GET localhost:${cdnPort}/analytics.js`,
          `ping POST localhost:${cdnPort}/collect`,
          `image GET localhost:${cdnPort}/pixel.gif`,
        ]),
      );
      expect(seen.filter((s) => s.startsWith('fetch ')).length).toBe(5);
      expect(entries.length).toBe(12);
    });

    it('unfiltered, every piece of noise is an unknown endpoint, and the hosts mix', async () => {
      const { result } = await evaluateWith('unfiltered', {});
      const unknown = result.endpoints.filter((e) => e.kind === 'unknown').map((e) => e.endpoint_key);
      expect(unknown.sort()).toEqual(
        [
          'GET /',
          'GET /analytics.js',
          'GET /api/health',
          'GET /assets/app.css',
          'GET /assets/app.js',
          'GET /assets/logo.png',
          'GET /pixel.gif',
          'POST /collect',
        ].sort(),
      );
      expect(result.verdict).toBe('QUARANTINE');
      expect('filtered' in result.input).toBe(false);
    });

    it('with the documented HAR filter, only the app API calls are governed, and each rule says what it removed', async () => {
      const filter = documentedHarFilter('127.0.0.1');
      const { run, result } = await evaluateWith('filtered', { traffic_filter: filter });
      expect(run.code).toBe(0);
      expect(result.endpoints.map((e) => [e.endpoint_key, e.kind, e.requests])).toEqual([
        ['GET /api/items', 'contract', 2],
        ['GET /api/items/{id}', 'contract', 1],
        ['POST /api/orders', 'contract', 1],
      ]);
      // localhost's script, beacon and pixel; the page, its stylesheet, script and image; the health probe.
      const filtered = { total: 8, by_rule: { hosts: 3, resource_types: 4, exclude_paths: 1 } };
      expect(result.input.filtered).toEqual(filtered);
      expect(result.input).toMatchObject({ read: 12, accepted: 4, rejected: 0 });
      expect(run.out).toContain(
        'input: 1 file(s), 12 read, 4 accepted, 0 rejected (0.00%, max 1.00%), 8 filtered (hosts 3, resource_types 4, exclude_paths 1)',
      );
      expect(readFileSync(join(dir, 'filtered', 'summary.md'), 'utf8')).toContain(
        "The policy's traffic_filter removed 8 requests before evaluation (hosts 3, resource_types 4, exclude_paths 1).",
      );
      const ledger = readFileSync(join(dir, 'filtered', 'ledger.jsonl'), 'utf8')
        .trimEnd()
        .split('\n');
      expect(JSON.parse(ledger.at(-1)!).input).toEqual({ read: 12, accepted: 4, rejected: 0, filtered });
      expect(ledger.filter((l) => l.includes('"record_type":"decision"')).length).toBe(4);
    });
  },
);
