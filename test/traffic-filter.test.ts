/**
 * The policy's traffic_filter: the host, resource-type, static-asset and path rules, the order a
 * request meets them in, and the policy errors a wrong traffic_filter gets.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RequestEvent, TrafficFilter } from '../src/model.js';
import { createPolicy, PolicyError } from '../src/policy/policy.js';
import {
  activeRules,
  DEFAULT_RESOURCE_TYPES,
  hostMatcher,
  isStaticAsset,
  parseHost,
  requestFilter,
  requestHost,
  STATIC_ASSET_EXTENSIONS,
} from '../src/traffic/filter.js';
import { collect, events, rejections, tempDir, writeTemp } from './support/traffic.js';

const event = (url: string, host?: string): RequestEvent => ({
  url,
  method: 'GET',
  status_code: 200,
  latency_ms: 10,
  timestamp: 1_773_133_200,
  error_count: 0,
  retry_count: 0,
  ...(host === undefined ? {} : { host }),
});

/** The rule that removes `url` (with an optional HAR resource type), or 'kept'. */
function verdictOf(filter: TrafficFilter, url: string, resourceType?: string, host?: string): string {
  return requestFilter(filter)!(event(url, host), resourceType) ?? 'kept';
}

describe('hosts', () => {
  const matches = (patterns: string[], url: string) => hostMatcher(patterns)(requestHost(event(url))!);

  it('matches exact names case-insensitively, a trailing dot and userinfo aside', () => {
    expect(matches(['API.example.com'], 'https://api.EXAMPLE.com/x')).toBe(true);
    expect(matches(['api.example.com'], 'https://api.example.com./x')).toBe(true);
    expect(matches(['api.example.com'], 'https://user:pw@api.example.com/x')).toBe(true);
    expect(matches(['api.example.com'], 'https://www.example.com/x')).toBe(false);
    expect(matches(['api.example.com'], 'https://api.example.com.evil.test/x')).toBe(false);
  });

  it('*.domain matches every subdomain depth, never the domain itself or a mere suffix', () => {
    expect(matches(['*.example.com'], 'https://a.example.com/')).toBe(true);
    expect(matches(['*.example.com'], 'https://a.b.example.com/')).toBe(true);
    expect(matches(['*.example.com'], 'https://example.com/')).toBe(false);
    expect(matches(['*.example.com'], 'https://notexample.com/')).toBe(false);
    expect(matches(['*.example.com', 'example.com'], 'https://example.com/')).toBe(true);
  });

  it('a pattern without a port matches every port; one with a port only that port, the scheme default included', () => {
    expect(matches(['localhost'], 'http://localhost:8080/')).toBe(true);
    expect(matches(['localhost:8080'], 'http://localhost:8080/')).toBe(true);
    expect(matches(['localhost:8080'], 'http://localhost:9090/')).toBe(false);
    expect(matches(['localhost:8080'], 'http://localhost/')).toBe(false);
    expect(matches(['example.com:443'], 'https://example.com/')).toBe(true);
    expect(matches(['example.com:443'], 'wss://example.com/')).toBe(true);
    expect(matches(['example.com:80'], 'http://example.com/')).toBe(true);
    expect(matches(['example.com:80'], 'https://example.com/')).toBe(false);
    expect(matches(['*.example.com:8443'], 'https://a.example.com:8443/')).toBe(true);
    expect(matches(['*.example.com:8443'], 'https://a.example.com/')).toBe(false);
  });

  it('IPv4 and bracketed IPv6 hosts, with and without ports', () => {
    expect(matches(['127.0.0.1'], 'http://127.0.0.1:3000/api')).toBe(true);
    expect(matches(['127.0.0.1'], 'http://127.0.0.10/api')).toBe(false);
    expect(matches(['[::1]'], 'http://[::1]:3000/api')).toBe(true);
    expect(matches(['[::1]:3000'], 'http://[::1]:3001/api')).toBe(false);
    expect(matches(['[2001:DB8::1]'], 'http://[2001:db8::1]/')).toBe(true);
  });

  it('parseHost: name and port, undefined for what is not a host', () => {
    expect(parseHost('Api.Example.com:8443')).toEqual({ name: 'api.example.com', port: 8443 });
    expect(parseHost('[::1]:80')).toEqual({ name: '[::1]', port: 80 });
    expect(parseHost('[::1]')).toEqual({ name: '[::1]', port: undefined });
    expect(parseHost('example.com:')).toEqual({ name: 'example.com', port: undefined });
    expect(parseHost('[::1')).toBeUndefined();
    expect(parseHost('example.com:http')).toBeUndefined();
    expect(parseHost('')).toBeUndefined();
  });

  it("the request's host: an absolute URL's authority wins over the host field; a path uses the field", () => {
    expect(requestHost(event('http://a.test:81/x', 'b.test'))).toEqual({ name: 'a.test', port: 81 });
    expect(requestHost(event('/x', 'B.test:8080'))).toEqual({ name: 'b.test', port: 8080 });
    expect(requestHost(event('/x', 'b.test'))).toEqual({ name: 'b.test', port: undefined });
    expect(requestHost(event('/x'))).toBeUndefined();
    // `//x` is a path with a repeated slash (origin-form), not an authority.
    expect(requestHost(event('//evil.test/x'))).toBeUndefined();
  });

  it('allow list and deny list: deny wins; a request without a host passes both', () => {
    const filter = {
      hosts: ['*.example.com'],
      exclude_hosts: ['ads.example.com'],
      resource_types: 'all' as const,
    };
    expect(verdictOf(filter, 'https://app.example.com/api')).toBe('kept');
    expect(verdictOf(filter, 'https://cdn.other.test/lib.js')).toBe('hosts');
    expect(verdictOf(filter, 'https://ads.example.com/collect')).toBe('exclude_hosts');
    expect(verdictOf(filter, '/api/x')).toBe('kept');
    expect(verdictOf(filter, '/api/x', undefined, 'other.test')).toBe('hosts');
    expect(verdictOf({ exclude_hosts: ['localhost'] }, 'http://localhost:9/x')).toBe('exclude_hosts');
  });
});

describe('resource_types', () => {
  it('defaults to fetch and xhr when traffic_filter leaves it out', () => {
    expect(DEFAULT_RESOURCE_TYPES).toEqual(['fetch', 'xhr']);
    expect(verdictOf({}, '/api/x', 'fetch')).toBe('kept');
    expect(verdictOf({}, '/api/x', 'xhr')).toBe('kept');
    for (const type of ['document', 'script', 'stylesheet', 'image', 'font', 'ping', 'other']) {
      expect(verdictOf({}, '/api/x', type)).toBe('resource_types');
    }
  });

  it('keeps the listed types (case-insensitive), everything with "all", and events that carry no type', () => {
    expect(verdictOf({ resource_types: ['document', 'fetch'] }, '/', 'document')).toBe('kept');
    expect(verdictOf({ resource_types: ['document', 'fetch'] }, '/', 'xhr')).toBe('resource_types');
    expect(verdictOf({ resource_types: ['XHR'] }, '/', 'xhr')).toBe('kept');
    expect(verdictOf({ resource_types: ['xhr'] }, '/', 'XHR')).toBe('kept');
    expect(verdictOf({ resource_types: 'all' }, '/', 'font')).toBe('kept');
    expect(verdictOf({}, '/api/x', undefined)).toBe('kept');
  });
});

describe('exclude_static_assets', () => {
  it('removes the documented extensions of the last segment, case-insensitively, and nothing else', () => {
    expect(STATIC_ASSET_EXTENSIONS).toEqual(
      expect.arrayContaining(['js', 'css', 'png', 'svg', 'woff2', 'map', 'ico']),
    );
    for (const path of [
      '/app.js',
      '/lib/bootstrap.min.css',
      '/img/Logo.PNG',
      '/f/inter.woff2',
      '/x.js.map',
    ]) {
      expect([path, isStaticAsset(path)]).toEqual([path, true]);
    }
    for (const path of [
      '/api/report.json',
      '/api/v1.js/items',
      '/index.html',
      '/js',
      '/api/items',
      '/.css',
    ]) {
      expect([path, isStaticAsset(path)]).toEqual([path, path === '/.css']);
    }
    expect(verdictOf({ exclude_static_assets: true }, 'https://cdn.test/app.js?v=3')).toBe(
      'exclude_static_assets',
    );
    expect(verdictOf({ exclude_static_assets: false }, 'https://cdn.test/app.js')).toBe('kept');
  });
});

describe('exclude_paths', () => {
  const paths = (globs: string[], url: string) => verdictOf({ exclude_paths: globs }, url);

  it('globs over the normalized path: * within a segment, ** across them, query and fragment ignored', () => {
    expect(paths(['/static/**'], '/static/a/b.css')).toBe('exclude_paths');
    expect(paths(['/static/**'], '/static')).toBe('exclude_paths');
    expect(paths(['/static/**'], '/staticky/a')).toBe('kept');
    expect(paths(['/api/*/health'], '/api/v1/health')).toBe('exclude_paths');
    expect(paths(['/api/*/health'], '/api/v1/x/health')).toBe('kept');
    expect(paths(['/api/health'], 'https://app.test/api/health?probe=1#x')).toBe('exclude_paths');
    expect(paths(['/api/health'], '/api//health/')).toBe('exclude_paths');
    expect(paths(['/api/health'], '/api/x/../health')).toBe('exclude_paths');
    expect(paths(['/.well-known/**', '**/*.map'], '/.well-known/openid')).toBe('exclude_paths');
    expect(paths(['**/*.map'], '/a/b/app.js.map')).toBe('exclude_paths');
    expect(paths(['/Static/**'], '/static/a')).toBe('kept');
    expect(paths(['/gtag/{js,config}'], '/gtag/config')).toBe('exclude_paths');
  });
});

describe('precedence and rules', () => {
  const everything: TrafficFilter = {
    hosts: ['app.test'],
    exclude_hosts: ['app.test:8080'],
    resource_types: ['fetch'],
    exclude_static_assets: true,
    exclude_paths: ['/assets/**', '/api/health'],
  };

  it('a request several rules remove is counted under the first in FILTER_RULES order', () => {
    expect(verdictOf(everything, 'https://cdn.test/assets/a.js', 'script')).toBe('hosts');
    expect(verdictOf(everything, 'http://app.test:8080/assets/a.js', 'script')).toBe('exclude_hosts');
    expect(verdictOf(everything, 'https://app.test/assets/a.js', 'script')).toBe('resource_types');
    expect(verdictOf(everything, 'https://app.test/assets/a.js', 'fetch')).toBe('exclude_static_assets');
    expect(verdictOf(everything, 'https://app.test/assets/data.json', 'fetch')).toBe('exclude_paths');
    expect(verdictOf(everything, 'https://app.test/api/items', 'fetch')).toBe('kept');
  });

  it('no traffic_filter: no filter at all; the active rules in order, resource_types always', () => {
    expect(requestFilter(undefined)).toBeUndefined();
    expect(activeRules(everything)).toEqual([
      'hosts',
      'exclude_hosts',
      'resource_types',
      'exclude_static_assets',
      'exclude_paths',
    ]);
    expect(activeRules({})).toEqual(['resource_types']);
    expect(activeRules({ exclude_static_assets: false, exclude_paths: ['/x'] })).toEqual([
      'resource_types',
      'exclude_paths',
    ]);
  });
});

describe('traffic_filter in the policy', () => {
  const error = (traffic_filter: unknown): string => {
    try {
      createPolicy({ version: '1.0.0', traffic_filter });
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  it('names the JSON path and the fix', () => {
    expect(error({ hosts: ['app.test', 'https://cdn.test'] })).toBe(
      '$.traffic_filter.hosts[1]: must be a host, a *.domain wildcard or either with a :port (like api.example.com, *.example.com, localhost:8080), without scheme or path',
    );
    expect(error({ exclude_hosts: ['cdn.test/x'] })).toMatch(
      /^\$\.traffic_filter\.exclude_hosts\[0\]: must be a host/,
    );
    expect(error({ hosts: ['a.*.test'] })).toMatch(/^\$\.traffic_filter\.hosts\[0\]: must be a host/);
    expect(error({ hosts: [] })).toBe('$.traffic_filter.hosts: list at least one host, or leave the key out');
    expect(error({ exclude_paths: ['static/**'] })).toBe(
      '$.traffic_filter.exclude_paths[0]: must be a glob over request paths, starting with "/" or "**" (like /static/** or **/*.map)',
    );
    expect(error({ exclude_paths: ['/ok', '/{a'] })).toMatch(
      /^\$\.traffic_filter\.exclude_paths\[1\]: "\/\{a" is not a valid glob \(.*Unterminated group.*\): check its brackets, braces and parentheses$/,
    );
    expect(error({ resource_types: ['fetch', 'fecth'] })).toMatch(
      /^\$\.traffic_filter\.resource_types\[1\]: must be one of document, stylesheet, .*, fetch, .*, other$/,
    );
    expect(error({ resource_types: [] })).toBe(
      '$.traffic_filter.resource_types: list at least one resource type, or write "all"',
    );
    expect(error({ resource_types: 'none' })).toMatch(
      /^\$\.traffic_filter\.resource_types: must be "all" or a list of HAR resource types \(document, /,
    );
    expect(error({ exclude_static_assets: 'yes' })).toBe(
      '$.traffic_filter.exclude_static_assets: must be true or false',
    );
    expect(error({ exclude_host: ['x'] })).toBe(
      '$.traffic_filter.exclude_host: unknown key (not part of the schema)',
    );
  });

  it('every traffic_filter the docs show is valid', () => {
    const shown = ['docs/traffic-formats.md', 'docs/policy.md'].flatMap((doc) =>
      [...readFileSync(new URL(`../${doc}`, import.meta.url), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)]
        .map((block) => (parse(block[1]!) as { traffic_filter?: unknown }).traffic_filter)
        .filter((filter) => filter !== undefined)
        .map((filter) => [doc, filter]),
    );
    expect(shown.map(([doc]) => doc)).toEqual([
      'docs/traffic-formats.md',
      'docs/traffic-formats.md',
      'docs/traffic-formats.md',
      'docs/policy.md',
    ]);
    for (const [, filter] of shown) createPolicy({ version: '1.0.0', traffic_filter: filter });
  });

  it('is hashed as written: absent, it leaves the hash alone; present, the hash covers it', () => {
    const plain = createPolicy({ version: '1.0.0' });
    expect('traffic_filter' in plain).toBe(false);
    const filtered = createPolicy({ version: '1.0.0', traffic_filter: { hosts: ['app.test'] } });
    expect(filtered.traffic_filter).toEqual({ hosts: ['app.test'] });
    expect(filtered.policy_hash).not.toBe(plain.policy_hash);
    const other = createPolicy({ version: '1.0.0', traffic_filter: { hosts: ['app2.test'] } });
    expect(other.policy_hash).not.toBe(filtered.policy_hash);
  });
});

describe('the readers keep what the filter needs', () => {
  const dir = tempDir();
  const line = (tail: string) =>
    `127.0.0.1 - - [01/Dec/2026:14:01:03 +0000] "GET /api/users HTTP/1.1" 200 12 "-" "curl/8" 0.012${tail}\n`;

  it('nginx: a $host (or $http_host) after $request_time becomes the event host; a number there is not a host', async () => {
    const file = writeTemp(
      dir,
      line(' api.example.com') +
        line(' Shop.Example.com:8443') +
        line(' 10.0.0.7') +
        line('') +
        line(' 0.010'),
      'access.log',
    );
    const items = await collect(file, 'nginx');
    expect(events(items).map((e) => e.host)).toEqual([
      'api.example.com',
      'Shop.Example.com:8443',
      '10.0.0.7',
      undefined,
    ]);
    expect(rejections(items)).toEqual([
      {
        file,
        line: 5,
        reason: 'no $request_time after the user agent: every line must use the same log_format',
      },
    ]);
  });

  it('JSONL: an optional host, validated with its JSON path', async () => {
    const base = { url: '/api/x', method: 'GET', status_code: 200, latency_ms: 5, timestamp: 1_773_133_200 };
    const file = writeTemp(
      dir,
      [
        { ...base, host: 'api.example.com:8080' },
        { ...base, host: 'https://api.example.com' },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const items = await collect(file, 'jsonl');
    expect(events(items)).toEqual([
      { ...base, error_count: 0, retry_count: 0, host: 'api.example.com:8080' },
    ]);
    expect(rejections(items)).toEqual([
      {
        file,
        line: 2,
        reason:
          '$.host: must be a host with an optional :port, like api.example.com:8443 (got the string "https://api.example.com")',
      },
    ]);
  });

  it("HAR: each entry's _resourceType travels beside its event", async () => {
    const entry = (url: string, type?: string) => ({
      startedDateTime: '2026-12-01T14:01:03.000Z',
      time: 12,
      request: { method: 'GET', url },
      response: { status: 200 },
      ...(type === undefined ? {} : { _resourceType: type }),
    });
    const file = writeTemp(
      dir,
      JSON.stringify({
        log: {
          entries: [
            entry('http://a.test/', 'document'),
            entry('http://a.test/api', 'fetch'),
            entry('http://a.test/x'),
          ],
        },
      }),
      'page.har',
    );
    const items = await collect(file, 'har');
    expect(items.map((item) => (item.ok ? [item.event.url, item.resourceType] : item.reason))).toEqual([
      ['http://a.test/', 'document'],
      ['http://a.test/api', 'fetch'],
      ['http://a.test/x', undefined],
    ]);
  });
});
