/**
 * Quick matcher timing: 1,000 contracts (static, templated, mixed), ns per lookup for exact,
 * template and unknown requests, with find-my-way on the same table for reference.
 * Run: npx tsx bench/matcher-quick.ts
 */
import findMyWay from 'find-my-way';
import { ContractMatcher } from '../src/engine/matcher.js';
import type { ServiceContract } from '../src/model.js';

const SERVICES = 250;
const contract = (i: number, endpoint_pattern: string): ServiceContract => ({
  contract_id: `c${i}`,
  endpoint_pattern,
  allowed_methods: ['GET'],
  max_latency_ms: 1000,
  error_budget: 0.01,
  rate_limit_rpm: 1000,
  circuit_threshold: 0.5,
});

// Four routes per service: two static, one parametric, one parametric + mixed.
const templates: string[] = [];
for (let s = 0; s < SERVICES; s++) {
  templates.push(`/api/v1/svc${s}/status`, `/api/v1/svc${s}/items/me`);
  templates.push(`/api/v1/svc${s}/items/{id}`, `/api/v1/svc${s}/items/{id}/files/{name}.json`);
}
const contracts = templates.map((t, i) => contract(i, `GET ${t}`));
const matcher = new ContractMatcher(contracts);

const router = findMyWay();
for (const t of templates) router.on('GET', t.replace(/\{(\w+)\}/g, ':$1'), () => {});

const N = 1024;
const pick = (i: number) => (i * 7919) % SERVICES;
const exact = Array.from({ length: N }, (_, i) => `/api/v1/svc${pick(i)}/status`);
const template = Array.from({ length: N }, (_, i) => `/api/v1/svc${pick(i)}/items/u${i}/files/f${i}.json`);
const unknown = Array.from({ length: N }, (_, i) => `/api/v2/svc${pick(i)}/nothing/${i}`);

const expectKind = (urls: string[], kind: string) => {
  for (const url of urls) {
    const got = matcher.match('GET', url).kind;
    if (got !== kind) throw new Error(`${url}: expected ${kind}, got ${got}`);
  }
};
expectKind(exact, 'matched');
expectKind(template, 'matched');
expectKind(unknown, 'unknown');

let sink = 0;
function run(lookup: (url: string) => unknown, urls: string[], rounds: number): number {
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const u of urls) sink += lookup(u) ? 1 : 0;
  return Number(process.hrtime.bigint() - start) / (rounds * urls.length);
}
const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;

const ours = (url: string) => matcher.match('GET', url);
const theirs = (url: string) => router.find('GET', url);
console.log(`contracts: ${contracts.length}, ${N} distinct URLs per kind, median of 11 alternating runs`);
for (const [name, urls] of [
  ['exact', exact],
  ['template', template],
  ['unknown', unknown],
] as const) {
  run(ours, urls, 50);
  run(theirs, urls, 50);
  // Alternating runs cancel most of the drift of a shared, noisy machine.
  const a: number[] = [];
  const b: number[] = [];
  for (let k = 0; k < 11; k++) {
    a.push(run(ours, urls, 30));
    b.push(run(theirs, urls, 30));
  }
  console.log(
    `${name.padEnd(9)} ${median(a).toFixed(0).padStart(5)} ns/lookup   find-my-way ${median(b).toFixed(0).padStart(5)} ns`,
  );
}
if (sink < 0) console.log(sink);
