/**
 * Records the HAR fixture: headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core
 * with `recordHar`, loading a page from a local node http server whose script calls a small API:
 * 200s, a 201 POST, a 404, a 500, slow endpoints (deterministic delays), an inline data: image, and
 * a fetch to a closed port (a transport error: Playwright writes status -1 and
 * `response._failureText`).
 *
 *   apt-get install -y chromium && npx tsx scripts/record-fixtures/chromium-har.ts
 *
 * Writes test/fixtures/traffic/chromium.har. Playwright writes the HAR on one line.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const OUT = fileURLToPath(new URL('../../test/fixtures/traffic/chromium.har', import.meta.url));

const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const page = (closedPort: number) => `<!doctype html>
<html><head><title>orders</title><link rel="stylesheet" href="/style.css"></head>
<body><h1>orders</h1><img src="data:image/png;base64,${PNG_1PX}" alt="">
<script>
  const get = (path) => fetch(path).then((r) => r.text(), () => 'failed');
  (async () => {
    for (let i = 0; i < 3; i++) await Promise.all([get('/api/users'), get('/api/orders?page=' + i)]);
    await fetch('/api/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku":"A-1","note":"say \\\\"hi\\\\""}' });
    await get('/api/reports/slow');
    await get('/api/broken');
    await get('/no-such-page');
    await get('http://127.0.0.1:${closedPort}/api/unreachable');
    await fetch('/api/orders/7', { method: 'DELETE' });
    document.title = 'done';
  })();
</script></body></html>`;

function handle(closedPort: number, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const send = (status: number, type: string, body: string, delayMs = 0) =>
    setTimeout(() => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    }, delayMs);
  const json = 'application/json';
  if (url.pathname === '/') return send(200, 'text/html', page(closedPort));
  if (url.pathname === '/style.css') return send(200, 'text/css', 'h1 { font: 16px sans-serif }');
  if (url.pathname === '/api/users') return send(200, json, '{"users":[{"id":1,"name":"Ada \\"A\\" Lovelace"}]}', 20);
  if (url.pathname === '/api/orders' && req.method === 'POST') return send(201, json, '{"id":7}', 80);
  if (url.pathname === '/api/orders') return send(200, json, '{"orders":[]}', 35);
  if (url.pathname === '/api/orders/7' && req.method === 'DELETE') return send(204, json, '', 15);
  if (url.pathname === '/api/reports/slow') return send(200, json, '{"report":"ok"}', 400);
  if (url.pathname === '/api/broken') return send(500, json, '{"error":"boom"}', 5);
  return send(404, 'text/plain', 'not found');
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

// A port that was free a moment ago and is closed now: connecting to it is refused.
const probe = createServer();
const closedPort = await listen(probe);
probe.close();

const server = createServer((req, res) => handle(closedPort, req, res));
const port = await listen(server);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const context = await browser.newContext({ recordHar: { path: OUT, content: 'embed' } });
  const tab = await context.newPage();
  await tab.goto(`http://127.0.0.1:${port}/`);
  await tab.waitForFunction(() => document.title === 'done', undefined, { timeout: 15_000 });
  await context.close(); // writes the HAR
} finally {
  await browser.close();
  server.close();
}
console.log(`wrote ${OUT}`);
