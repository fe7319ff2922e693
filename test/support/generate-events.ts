/**
 * Deterministic, realistic native-JSONL traffic for the "shop" API of examples/: a seeded PRNG
 * (mulberry32) picks endpoints by weight, statuses by class, log-normal latencies and a few unknown
 * paths and disallowed methods. The same options always give the same bytes, and nothing is held
 * in memory: events are generated one at a time, as a generator or a Node stream.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RequestEvent } from '../../src/model.js';

export interface GeneratorOptions {
  count: number;
  seed?: number;
  /** Seconds since the epoch of the first event (default 2026-03-10T09:00:00Z). */
  startS?: number;
  /** Mean arrival rate; inter-arrival times are exponential. */
  ratePerSecond?: number;
  /** Share of requests to paths no contract covers (scanners, typos). */
  unknownShare?: number;
}

/** mulberry32: 32-bit state, good enough for test traffic, identical on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Route {
  method: string;
  path: (id: number) => string;
  weight: number;
  /** Median latency (ms) and log-normal spread. */
  medianMs: number;
  sigma: number;
  /** Chance of a 5xx / 4xx response. */
  serverErrors: number;
  clientErrors: number;
}

const ROUTES: Route[] = [
  {
    method: 'GET',
    path: () => '/api/products?page=1',
    weight: 30,
    medianMs: 45,
    sigma: 0.5,
    serverErrors: 0.002,
    clientErrors: 0,
  },
  {
    method: 'GET',
    path: (id) => `/api/products/${id}`,
    weight: 30,
    medianMs: 30,
    sigma: 0.4,
    serverErrors: 0.001,
    clientErrors: 0.02,
  },
  {
    method: 'GET',
    path: () => '/api/search?q=shoes',
    weight: 8,
    medianMs: 180,
    sigma: 0.6,
    serverErrors: 0.004,
    clientErrors: 0,
  },
  {
    method: 'GET',
    path: () => '/api/cart',
    weight: 12,
    medianMs: 25,
    sigma: 0.3,
    serverErrors: 0.001,
    clientErrors: 0,
  },
  {
    method: 'POST',
    path: () => '/api/cart/items',
    weight: 8,
    medianMs: 60,
    sigma: 0.4,
    serverErrors: 0.002,
    clientErrors: 0.03,
  },
  {
    method: 'DELETE',
    path: (id) => `/api/cart/items/${id}`,
    weight: 2,
    medianMs: 40,
    sigma: 0.3,
    serverErrors: 0.001,
    clientErrors: 0.05,
  },
  {
    method: 'POST',
    path: () => '/api/checkout',
    weight: 4,
    medianMs: 650,
    sigma: 0.5,
    serverErrors: 0.01,
    clientErrors: 0.02,
  },
  {
    method: 'GET',
    path: (id) => `/api/orders/${id}`,
    weight: 5,
    medianMs: 35,
    sigma: 0.4,
    serverErrors: 0.001,
    clientErrors: 0.01,
  },
  // A method the contract does not allow.
  {
    method: 'DELETE',
    path: (id) => `/api/products/${id}`,
    weight: 0.05,
    medianMs: 20,
    sigma: 0.2,
    serverErrors: 0,
    clientErrors: 1,
  },
];
const UNKNOWN_PATHS = ['/wp-login.php', '/.env', '/api/v0/products', '/admin', '/api/produtcs'];
const TOTAL_WEIGHT = ROUTES.reduce((sum, r) => sum + r.weight, 0);

/** Standard normal from two uniforms (Box–Muller). */
function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function pickRoute(random: () => number): Route {
  let x = random() * TOTAL_WEIGHT;
  for (const route of ROUTES) {
    x -= route.weight;
    if (x < 0) return route;
  }
  return ROUTES[0]!;
}

export function* generateEvents(options: GeneratorOptions): Generator<RequestEvent> {
  const random = mulberry32(options.seed ?? 42);
  const rate = options.ratePerSecond ?? 20;
  const unknownShare = options.unknownShare ?? 0.01;
  let ms = Math.round((options.startS ?? 1_773_133_200) * 1000);
  for (let i = 0; i < options.count; i++) {
    ms += Math.max(1, Math.round((-Math.log(1 - random()) / rate) * 1000));
    const timestamp = ms / 1000;
    if (random() < unknownShare) {
      const url = UNKNOWN_PATHS[Math.floor(random() * UNKNOWN_PATHS.length)]!;
      yield {
        url,
        method: 'GET',
        status_code: 404,
        latency_ms: 3,
        timestamp,
        error_count: 0,
        retry_count: 0,
      };
      continue;
    }
    const route = pickRoute(random);
    const roll = random();
    const status =
      roll < route.serverErrors ? 503 : roll < route.serverErrors + route.clientErrors ? 404 : 200;
    const latency = Math.min(60_000, route.medianMs * Math.exp(route.sigma * normal(random)));
    yield {
      url: route.path(1 + Math.floor(random() * 500)),
      method: route.method,
      status_code: status,
      latency_ms: Math.round(latency * 10) / 10,
      timestamp,
      error_count: 0,
      retry_count: random() < 0.002 ? 1 + Math.floor(random() * 4) : 0,
    } as RequestEvent;
  }
}

/** The events as JSONL lines (newline included), in chunks of about 64 KiB for stream efficiency. */
export function* generateJsonl(options: GeneratorOptions): Generator<string> {
  let chunk = '';
  for (const event of generateEvents(options)) {
    chunk += `${JSON.stringify(event)}\n`;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export const eventStream = (options: GeneratorOptions): Readable => Readable.from(generateJsonl(options));

/** Streams generated events into a file (never holding more than one chunk). */
export async function writeEventsFile(path: string, options: GeneratorOptions): Promise<void> {
  await pipeline(eventStream(options), createWriteStream(path));
}
