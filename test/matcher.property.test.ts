/**
 * The matcher and the normalizer against brute-force references on random inputs drawn from small
 * alphabets, so that overlapping templates, dot segments and percent-escapes collide often.
 * TG_LONG=1 runs 20,000 cases per property; TG_FUZZ_SEED picks another seed (test/support/fuzz.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ContractMatcher,
  type MatchResult,
  normalizePath,
  type PatternSegment,
  parseEndpointPattern,
} from '../src/engine/matcher.js';
import type { HttpMethod, ServiceContract } from '../src/model.js';
import { fuzzOptions } from './support/fuzz.js';

const options = fuzzOptions(300, 20_000);

// ---------------------------------------------------------------------------------------------
// normalizePath vs a regex-based reference
// ---------------------------------------------------------------------------------------------

function referenceNormalize(url: string): string {
  let path = url.startsWith('/') ? url : url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, '');
  path = path.replace(/[?#].*$/s, '');
  const out: string[] = [];
  for (const raw of path.split('/')) {
    const segment = raw
      .replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch))
      .replace(/%(?![0-9A-Fa-f]{2})/g, '%25')
      .replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
        const ch = String.fromCharCode(Number.parseInt(hex, 16));
        return /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${hex.toUpperCase()}`;
      });
    if (segment === '..') out.pop();
    else if (segment !== '' && segment !== '.') out.push(segment);
  }
  return `/${out.join('/')}`;
}

const urlPiece = fc.constantFrom(
  '/',
  '/',
  '/',
  '.',
  '..',
  'a',
  'B',
  '~',
  '%2F',
  '%2f',
  '%2e',
  '%2E',
  '%41',
  '%7e',
  '%',
  '%4',
  '%zz',
  '?',
  '#',
  'é',
  ' ',
  '😀',
  '{',
);
// Mostly-clean paths exercise the fast path; they need their own alphabet to show up often.
const cleanPathArb = fc
  .array(fc.constantFrom('/', '/', 'a', 'B', '.', '..', '~', '{', '-'), { maxLength: 10 })
  .map((pieces) => `/${pieces.join('')}`);
const urlArb = fc.oneof(
  cleanPathArb,
  fc
    .tuple(
      fc.constantFrom('', '', 'https://api.example.com', 'http://u@h:81'),
      fc.array(urlPiece, { maxLength: 12 }).map((pieces) => pieces.join('')),
    )
    .map(([origin, rest]) => origin + rest),
);

describe('normalizePath (property)', () => {
  it('agrees with the reference and is idempotent', () => {
    fc.assert(
      fc.property(urlArb, (url) => {
        const normalized = normalizePath(url);
        expect(normalized).toBe(referenceNormalize(url));
        expect(normalizePath(normalized)).toBe(normalized);
      }),
      options,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// ContractMatcher vs a brute-force reference
// ---------------------------------------------------------------------------------------------

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function segmentMatches(segment: PatternSegment, text: string): boolean {
  if (segment.kind === 'static') return segment.text === text;
  if (segment.kind === 'param') return text !== '';
  const source = segment.parts.map((p) => (p.kind === 'literal' ? escapeRegex(p.text) : '.+')).join('');
  return new RegExp(`^${source}$`).test(text);
}

/** Per segment: kind rank, then (mixed) more literal text first, then text with params as U+0000. */
function segmentRank(segment: PatternSegment): [number, number, string] {
  if (segment.kind === 'static') return [0, 0, ''];
  if (segment.kind === 'param') return [2, 0, ''];
  const literal = segment.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
  const key = segment.parts.map((p) => (p.kind === 'literal' ? p.text : '\u0000')).join('');
  return [1, -literal.length, key];
}

function compareRanks(a: PatternSegment[], b: PatternSegment[]): number {
  for (let i = 0; i < a.length; i++) {
    const [ra, rb] = [segmentRank(a[i]!), segmentRank(b[i]!)];
    if (ra[0] !== rb[0]) return ra[0] - rb[0];
    if (ra[1] !== rb[1]) return ra[1] - rb[1];
    if (ra[2] !== rb[2]) return ra[2] < rb[2] ? -1 : 1;
  }
  return 0;
}

function referenceMatch(contracts: ServiceContract[], method: string, url: string): MatchResult {
  const path = normalizePath(url);
  const segments = path === '/' ? [] : path.slice(1).split('/');
  const candidates = contracts
    .map((contract, index) => ({
      contract,
      index,
      template: parseEndpointPattern(contract.endpoint_pattern).segments,
    }))
    .filter(
      ({ template }) =>
        template.length === segments.length && template.every((s, i) => segmentMatches(s, segments[i]!)),
    )
    .sort((a, b) => compareRanks(a.template, b.template) || a.index - b.index);
  const allowed = candidates.find(({ contract }) => contract.allowed_methods.includes(method as HttpMethod));
  if (allowed)
    return {
      kind: 'matched',
      contract: allowed.contract,
      path,
      endpoint_key: allowed.contract.endpoint_pattern,
    };
  const best = candidates[0];
  if (best)
    return {
      kind: 'method_disallowed',
      contract: best.contract,
      path,
      endpoint_key: best.contract.endpoint_pattern,
    };
  return { kind: 'unknown', contract: null, path, endpoint_key: `${method} ${path}` };
}

const METHODS: HttpMethod[] = ['GET', 'POST', 'DELETE'];
// `{}` marks a parameter; each gets a distinct name when the template is assembled.
const templateSegment = fc.constantFrom(
  'a',
  'b',
  'ab',
  'a.a',
  '{}',
  '{}',
  '{}.a',
  'a.{}',
  '{}-{}',
  '{}a',
  'a{}',
  '{}.{}',
  'a-{}',
  '{}-a',
  '(a+)+$',
);
const templateArb = fc.array(templateSegment, { maxLength: 3 }).map((segments) => {
  let n = 0;
  return `/${segments.join('/')}`.replace(/\{\}/g, () => `{p${n++}}`);
});
const contractsArb = fc
  .array(
    fc.record({
      template: templateArb,
      methods: fc.subarray(METHODS, { minLength: 1 }),
      withMethodPrefix: fc.boolean(),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((specs) =>
    specs.map(
      ({ template, methods, withMethodPrefix }, i): ServiceContract => ({
        contract_id: `c${i}`,
        endpoint_pattern: withMethodPrefix ? `${methods[0]} ${template}` : template,
        allowed_methods: methods,
        max_latency_ms: 1000,
        error_budget: 0.01,
        rate_limit_rpm: 1000,
        circuit_threshold: 0.5,
      }),
    ),
  );
const requestSegment = fc.constantFrom(
  'a',
  'b',
  'ab',
  'aa',
  'ba',
  'a.a',
  'b.a',
  'a.b',
  'aa.a',
  'x-y',
  'a-a',
  '-a',
  '-aa',
  'aa-',
  '.aa',
  '%61',
  '.',
  '..',
  '',
  '(a+)+$',
);
const requestUrlArb = fc
  .tuple(fc.array(requestSegment, { maxLength: 4 }), fc.constantFrom('', '', '/', '?q=a/b'))
  .map(([segments, tail]) => `/${segments.join('/')}${tail}`);

const comparable = (r: MatchResult) => ({ ...r, contract: r.contract?.contract_id ?? null });

describe('ContractMatcher (property)', () => {
  it('agrees with the brute-force reference', () => {
    fc.assert(
      fc.property(
        contractsArb,
        fc.array(fc.tuple(fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'), requestUrlArb), {
          minLength: 1,
          maxLength: 8,
        }),
        (contracts, requests) => {
          const matcher = new ContractMatcher(contracts);
          for (const [method, url] of requests) {
            expect(comparable(matcher.match(method, url))).toEqual(
              comparable(referenceMatch(contracts, method, url)),
            );
          }
        },
      ),
      options,
    );
  });
});
