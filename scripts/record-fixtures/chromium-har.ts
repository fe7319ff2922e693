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

type Reply = [status: number, type: string, body: string, delayMs: number];
const JSON_TYPE = 'application/json';

function reply(closedPort: number, method: string, path: string): Reply {
  const routes: Record<string, Reply> = {
    'GET /': [200, 'text/html', page(closedPort), 0],
    'GET /style.css': [200, 'text/css', 'h1 { font: 16px sans-serif }', 0],
    'GET /api/users': [200, JSON_TYPE, '{"users":[{"id":1,"name":"Ada \\"A\\" Lovelace"}]}', 20],
    'POST /api/orders': [201, JSON_TYPE, '{"id":7}', 80],
    'GET /api/orders': [200, JSON_TYPE, '{"orders":[]}', 35],
    'DELETE /api/orders/7': [204, JSON_TYPE, '', 15],
    'GET /api/reports/slow': [200, JSON_TYPE, '{"report":"ok"}', 400],
    'GET /api/broken': [500, JSON_TYPE, '{"error":"boom"}', 5],
  };
  return routes[`${method} ${path}`] ?? [404, 'text/plain', 'not found', 0];
}

function handle(closedPort: number, req: IncomingMessage, res: ServerResponse): void {
  const [status, type, body, delayMs] = reply(
    closedPort,
    req.method ?? 'GET',
    new URL(req.url ?? '/', 'http://x').pathname,
  );
  setTimeout(() => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  }, delayMs);
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
  await tab.waitForFunction("document.title === 'done'", undefined, { timeout: 15_000 });
  await context.close(); // writes the HAR
} finally {
  await browser.close();
  server.close();
}
console.log(`wrote ${OUT}`);
