/**
 * Matcher benchmarks: our ContractMatcher against find-my-way (Fastify's radix router) on
 * GitHub's REST API, and on a synthetic table of 1,000 contracts (issue 2's figures).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import FindMyWay from 'find-my-way';
import { ContractMatcher } from '../src/engine/matcher.js';
import { type ServiceContract, ServiceContractSchema } from '../src/model.js';
import { contractsFromOpenApi } from '../src/policy/openapi.js';
import { createPolicy } from '../src/policy/policy.js';
import { fmt, interleave, type Row } from './measure.js';

const require = createRequire(import.meta.url);
const noop = () => undefined;

/** `{param}` → `:param`; mixed segments like `{a}.{b}` become find-my-way's `:a.:b`. */
const toFindMyWay = (template: string) => template.replace(/\{([^}]+)\}/g, ':$1');

/** A concrete path for a template whose parameter values never collide with static segments. */
const concrete = (template: string, salt: number) => {
  let i = 0;
  return template.replace(/\{[^}]+\}/g, () => `v${salt}x${i++}`);
};

function githubContracts(): ServiceContract[] {
  const doc = JSON.parse(
    readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'),
  );
  return createPolicy({ version: '1.0.0', contracts: contractsFromOpenApi(doc, 'api.github.com.json') })
    .contracts;
}

interface Lookup {
  method: string;
  path: string;
}

function lookupMix(contracts: readonly ServiceContract[]): {
  lookups: Lookup[];
  counts: Record<string, number>;
} {
  const lookups: Lookup[] = [];
  const counts = { static: 0, parametric: 0, unknown: 0, wrong_method: 0 };
  contracts.forEach((c, i) => {
    const [method, template] = c.endpoint_pattern.includes(' ')
      ? (c.endpoint_pattern.split(' ') as [string, string])
      : [c.allowed_methods[0]!, c.endpoint_pattern];
    const parametric = template.includes('{');
    lookups.push({ method, path: concrete(template, i) });
    counts[parametric ? 'parametric' : 'static']++;
    if (i % 4 === 0) {
      lookups.push({ method: 'TRACE', path: concrete(template, i) });
      counts.wrong_method++;
    }
    if (i % 4 === 1) {
      lookups.push({ method, path: `${concrete(template, i)}/not-a-route-${i}` });
      counts.unknown++;
    }
  });
  return { lookups, counts };
}

function findMyWayFor(contracts: readonly ServiceContract[]) {
  const router = FindMyWay({ ignoreTrailingSlash: true });
  const seen = new Set<string>();
  for (const c of contracts) {
    const template = c.endpoint_pattern.includes(' ')
      ? c.endpoint_pattern.split(' ')[1]!
      : c.endpoint_pattern;
    for (const method of c.allowed_methods) {
      const key = `${method} ${toFindMyWay(template)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      router.on(method as 'GET', toFindMyWay(template), noop);
    }
  }
  return router;
}

async function compare(
  name: string,
  contracts: ServiceContract[],
  lookups: Lookup[],
  rounds: number,
  reps: number,
) {
  const ours = new ContractMatcher(contracts);
  const router = findMyWayFor(contracts);
  let sink = 0;
  const t = await interleave(
    rounds,
    () => {
      for (let r = 0; r < reps; r++)
        for (const l of lookups) if (ours.match(l.method, l.path).contract) sink++;
    },
    () => {
      for (let r = 0; r < reps; r++)
        for (const l of lookups) if (router.find(l.method as 'GET', l.path)) sink++;
    },
  );
  const n = lookups.length * reps;
  const oursNs = (t.a / n) * 1e9;
  const refNs = (t.b / n) * 1e9;
  return { oursNs, refNs, sink, name };
}

function syntheticContracts(n: number): ServiceContract[] {
  const contracts: ServiceContract[] = [];
  for (let i = 0; i < n; i++) {
    const pattern =
      i % 2 === 0 ? `GET /api/v1/service${i}/status` : `GET /api/v1/service${i}/items/{id}/parts/{part}`;
    contracts.push({
      ...ServiceContractSchema.parse({ contract_id: `c${i}`, endpoint_pattern: pattern }),
      allowed_methods: ['GET'],
    });
  }
  return contracts;
}

export async function matcherBenchmarks(quick: boolean): Promise<Row[]> {
  const rounds = quick ? 3 : 15;
  const reps = quick ? 2 : 20;
  const rows: Row[] = [];

  const github = githubContracts();
  const mix = lookupMix(github);
  const gh = await compare('github', github, mix.lookups, rounds, reps);
  rows.push({
    name: `matcher, GitHub REST (${fmt(github.length)} operations), mixed lookups`,
    ours: `${fmt(gh.oursNs)} ns/lookup`,
    reference: `${fmt(gh.refNs)} ns (find-my-way)`,
    ratio: gh.oursNs / gh.refNs,
    target: '≤ 1.00',
    met: gh.oursNs <= gh.refNs,
    note: `mix: ${Object.entries(mix.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(
        ', ',
      )}; both get bare paths; ours also tells method_disallowed from unknown (find-my-way returns null for both)`,
  });

  const synthetic = syntheticContracts(1000);
  const kinds: Record<string, Lookup[]> = {
    exact: synthetic
      .filter((_, i) => i % 2 === 0)
      .map((_, k) => ({ method: 'GET', path: `/api/v1/service${k * 2}/status` })),
    template: synthetic
      .filter((_, i) => i % 2 === 1)
      .map((_, k) => ({ method: 'GET', path: `/api/v1/service${k * 2 + 1}/items/abc${k}/parts/p${k}` })),
    unknown: synthetic.map((_, k) => ({ method: 'GET', path: `/api/v2/nothing/${k}/here` })),
  };
  for (const [kind, lookups] of Object.entries(kinds)) {
    const r = await compare(kind, synthetic, lookups, rounds, reps * 2);
    rows.push({
      name: `matcher, 1,000 contracts, ${kind}`,
      ours: `${fmt(r.oursNs)} ns/lookup`,
      reference: `${fmt(r.refNs)} ns (find-my-way)`,
      ratio: r.oursNs / r.refNs,
      target: kind === 'exact' ? '< 1,000 ns' : kind === 'template' ? '< 2,000 ns' : '',
      met: kind === 'exact' ? r.oursNs < 1000 : kind === 'template' ? r.oursNs < 2000 : null,
    });
  }
  return rows;
}
