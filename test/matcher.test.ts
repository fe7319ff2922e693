import { describe, expect, it } from 'vitest';
import {
  ContractMatcher,
  type MatchResult,
  normalizePath,
  parseEndpointPattern,
} from '../src/engine/matcher.js';
import type { HttpMethod, ServiceContract } from '../src/model.js';

function contract(contract_id: string, endpoint_pattern: string, allowed_methods: HttpMethod[] = ['GET']) {
  return {
    contract_id,
    endpoint_pattern,
    allowed_methods,
    max_latency_ms: 1000,
    error_budget: 0.01,
    rate_limit_rpm: 1000,
    circuit_threshold: 0.5,
  } satisfies ServiceContract;
}

/** A matcher over path-only GET contracts whose ids are their patterns. */
const matcherOf = (...patterns: string[]) => new ContractMatcher(patterns.map((p) => contract(p, p)));
const idOf = (result: MatchResult) => result.contract?.contract_id ?? null;

describe('normalizePath', () => {
  it.each([
    ['/', '/'],
    ['', '/'],
    ['/users/42/keys', '/users/42/keys'],
    ['/v1.0/files/.hidden/..ok/...', '/v1.0/files/.hidden/..ok/...'],
  ])('leaves the clean path %j as it is', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it.each([
    ['https://api.example.com/x/y', '/x/y'],
    ['http://user:pw@api.example.com:8443/x/y?q=1#frag', '/x/y'],
    ['https://api.example.com', '/'],
    ['https://api.example.com?x=/a', '/'],
    ['HTTPS://API.EXAMPLE.COM/Path', '/Path'],
    ['/a/b?c=/d/e', '/a/b'],
    ['/a#frag/x', '/a'],
    ['/a/b/?', '/a/b'],
    ['users/1', '/users/1'],
  ])('strips scheme, host, query and fragment: %j → %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it.each([
    ['//a///b//', '/a/b'],
    ['/a//b', '/a/b'],
    ['/a/', '/a'],
    ['///', '/'],
  ])('collapses repeated slashes and drops the trailing slash: %j → %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it.each([
    ['/%7euser/%41%62%2d%2E%5F', '/~user/Ab-._'],
    ['/a%2fb', '/a%2Fb'],
    ['/a%2Fb', '/a%2Fb'],
    ['/%e2%82%ac', '/%E2%82%AC'],
    ['/100%25', '/100%25'],
    ['/%zz/%4/%', '/%25zz/%254/%25'],
    ['/%4%41', '/%254A'],
  ])('normalizes percent-encoding per RFC 3986 §6.2.2: %j → %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it('percent-encodes spaces, controls and non-ASCII as UTF-8, so an IRI and its URI agree', () => {
    expect(normalizePath('/café')).toBe('/caf%C3%A9');
    expect(normalizePath('/caf%c3%a9')).toBe('/caf%C3%A9');
    expect(normalizePath('/a b\t')).toBe('/a%20b%09');
    expect(normalizePath('/😀')).toBe('/%F0%9F%98%80');
    expect(normalizePath('/\ud800x')).toBe('/%EF%BF%BDx');
  });

  it.each([
    ['/a/./b/../c', '/a/c'],
    ['/../../x', '/x'],
    ['/a/..', '/'],
    ['/a/b/.', '/a/b'],
    ['/a/%2E%2e/b', '/b'],
    ['/a/%2e/b', '/a/b'],
    ['https://h/a/b/../../../c?x', '/c'],
  ])('resolves dot segments (after decoding), never above root: %j → %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it('keeps case', () => {
    expect(normalizePath('/Users/ME')).toBe('/Users/ME');
  });

  it('is idempotent', () => {
    for (const url of ['https://h//A/./%7e/%2f/../%zz?x', '/a b/é/%2E%2E/x/', 'x//y/.']) {
      const once = normalizePath(url);
      expect(normalizePath(once)).toBe(once);
    }
  });
});

describe('parseEndpointPattern', () => {
  it('reads an optional method and classifies each segment', () => {
    expect(parseEndpointPattern('get /files/{id}/{name}.json/{a}-{b}/raw')).toEqual({
      method: 'GET',
      path: '/files/{id}/{name}.json/{a}-{b}/raw',
      segments: [
        { kind: 'static', text: 'files' },
        { kind: 'param', name: 'id' },
        {
          kind: 'mixed',
          parts: [
            { kind: 'param', name: 'name' },
            { kind: 'literal', text: '.json' },
          ],
        },
        {
          kind: 'mixed',
          parts: [
            { kind: 'param', name: 'a' },
            { kind: 'literal', text: '-' },
            { kind: 'param', name: 'b' },
          ],
        },
        { kind: 'static', text: 'raw' },
      ],
    });
    expect(parseEndpointPattern('/').method).toBeNull();
    expect(parseEndpointPattern('/').segments).toEqual([]);
  });

  it('normalizes the template path like a request path', () => {
    expect(parseEndpointPattern('DELETE  /a//./b/../{id}/%7e%2f/').path).toBe('/a/{id}/~%2F');
  });

  it('treats percent-encoded braces as literal text', () => {
    expect(parseEndpointPattern('/a/%7Bid%7D').segments).toEqual([
      { kind: 'static', text: 'a' },
      { kind: 'static', text: '%7Bid%7D' },
    ]);
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['GET', 'expected "METHOD /path" or "/path"'],
    ['FETCH /x', 'unknown HTTP method "FETCH"'],
    ['GET users/{id}', 'the path must start with "/"'],
    ['GET https://api.example.com/x', 'the path must start with "/"'],
    ['GET /a b', 'the path contains whitespace'],
    ['GET /a?x=1', 'no query string or fragment'],
    ['GET /a#top', 'no query string or fragment'],
    ['GET /a/%zz', '"%" must be followed by two hex digits'],
    ['GET /a/{id', 'unclosed "{" in segment "{id"'],
    ['GET /a/id}', 'unmatched "}" in segment "id}"'],
    ['GET /a/{}', 'parameter name "" in segment "{}"'],
    ['GET /a/{x{y}}', 'parameter name "x{y"'],
    ['GET /a/{a}{b}', 'need literal text between them'],
    ['GET /a/{id}/b/{id}', 'parameter {id} appears more than once'],
    ['GET /users/:id', 'write a parameter as {id}'],
  ])('rejects %j: %s', (pattern, problem) => {
    expect(() => parseEndpointPattern(pattern)).toThrow(problem);
    expect(() => parseEndpointPattern(pattern)).toThrow(`endpoint pattern ${JSON.stringify(pattern)}: `);
  });

  it('makes the ContractMatcher constructor throw on a bad pattern', () => {
    expect(() => new ContractMatcher([contract('ok', '/a'), contract('bad', 'GET /a/{x')])).toThrow(
      'contract "bad": endpoint pattern "GET /a/{x": unclosed "{"',
    );
  });
});

describe('ContractMatcher: paths', () => {
  it('matches an exact static path and a template, with or without a method in the pattern', () => {
    const m = new ContractMatcher([
      contract('status', 'GET /api/v1/status'),
      contract('deployment', 'GET /api/v1/deployments/{id}'),
      contract('root', '/'),
    ]);
    expect(m.match('GET', '/api/v1/status')).toEqual({
      kind: 'matched',
      contract: expect.objectContaining({ contract_id: 'status' }),
      path: '/api/v1/status',
      endpoint_key: 'GET /api/v1/status',
    });
    expect(m.match('GET', '/api/v1/deployments/abc123')).toEqual({
      kind: 'matched',
      contract: expect.objectContaining({ contract_id: 'deployment' }),
      path: '/api/v1/deployments/abc123',
      endpoint_key: 'GET /api/v1/deployments/{id}',
    });
    expect(idOf(m.match('GET', 'https://h'))).toBe('root');
    expect(idOf(m.match('GET', '/?q=1'))).toBe('root');
    expect(m.match('GET', '/api/v1/deployments').kind).toBe('unknown');
    expect(m.match('GET', '/api/v1/deployments/abc/x').kind).toBe('unknown');
  });

  it('matches against the normalized URL and reports the normalized path', () => {
    const m = matcherOf('/users/me', '/users/{id}');
    const exact = m.match('GET', 'https://api.example.com//users/./x/../me/?expand=1#top');
    expect([idOf(exact), exact.path]).toEqual(['/users/me', '/users/me']);
    const template = m.match('GET', 'http://h:8080/users/%7ebob/');
    expect([idOf(template), template.path]).toEqual(['/users/{id}', '/users/~bob']);
  });

  it('normalizes templates the same way as URLs', () => {
    const m = matcherOf('/a/./b//{id}/', '/%7euser/%2f');
    expect(idOf(m.match('GET', '/a/b/1'))).toBe('/a/./b//{id}/');
    expect(idOf(m.match('GET', '/~user/%2F'))).toBe('/%7euser/%2f');
  });

  it('finds every static sibling, however many share a parent', () => {
    const siblings = Array.from({ length: 12 }, (_, i) => `/s/k${i}`);
    const m = matcherOf(...siblings, '/s/{id}');
    for (const path of siblings) expect(idOf(m.match('GET', `${path}/`))).toBe(path);
    expect(idOf(m.match('GET', '/s/k12'))).toBe('/s/{id}');
  });

  it('is case-sensitive', () => {
    const m = matcherOf('/users/{id}');
    expect(m.match('GET', '/Users/1').kind).toBe('unknown');
  });

  it('never lets %2F create a segment', () => {
    const m = matcherOf('/files/{id}', '/files/{dir}/raw');
    const r = m.match('GET', '/files/a%2fraw');
    expect([idOf(r), r.path]).toEqual(['/files/{id}', '/files/a%2Fraw']);
    expect(idOf(m.match('GET', '/files/a/raw'))).toBe('/files/{dir}/raw');
  });

  it('never lets a parameter span "/" or match an empty string', () => {
    const m = matcherOf('/a/{id}', '/f/{name}.json', '/d/{x}-{y}');
    expect(m.match('GET', '/a/b/c').kind).toBe('unknown');
    expect(m.match('GET', '/a//').kind).toBe('unknown');
    expect(m.match('GET', '/f/a/b.json').kind).toBe('unknown');
    expect(m.match('GET', '/f/.json').kind).toBe('unknown');
    expect(m.match('GET', '/d/-y').kind).toBe('unknown');
    expect(m.match('GET', '/d/x-').kind).toBe('unknown');
    expect(m.match('GET', '/d/-').kind).toBe('unknown');
    expect(m.match('GET', '/d/-xy').kind).toBe('unknown');
    expect(m.match('GET', '/d/xy-').kind).toBe('unknown');
  });

  // A regex compiled from `(a+)+$` backtracks exponentially on these paths and never finishes: a hang,
  // which the run's own time limit catches. No wall-clock assertion here: this is not a speed check.
  it('treats regex syntax in a template as literal text and never hangs on it', () => {
    const m = matcherOf('/x/(a+)+$', '/y/{p}(a+)+$', '/v1.0/{id}');
    expect(m.match('GET', `/x/${'a'.repeat(100_000)}!`).kind).toBe('unknown');
    expect(m.match('GET', `/y/${'a'.repeat(100_000)}!`).kind).toBe('unknown');
    expect(m.match('GET', `/y/${'a+'.repeat(50_000)}`).kind).toBe('unknown');
    expect(idOf(m.match('GET', '/x/(a+)+$'))).toBe('/x/(a+)+$');
    expect(m.match('GET', '/x/aaaa').kind).toBe('unknown');
    expect(idOf(m.match('GET', '/y/b(a+)+$'))).toBe('/y/{p}(a+)+$');
    expect(m.match('GET', '/v1x0/7').kind).toBe('unknown');
  });

  it('matches mixed segments (literal text and parameters in one segment)', () => {
    const m = matcherOf('/files/{name}.json', '/d/{a}-{b}', '/t/v{major}.{minor}-beta');
    expect(idOf(m.match('GET', '/files/report.json'))).toBe('/files/{name}.json');
    expect(idOf(m.match('GET', '/files/a.b.json'))).toBe('/files/{name}.json');
    expect(m.match('GET', '/files/report.xml').kind).toBe('unknown');
    expect(m.match('GET', '/files/report.json5').kind).toBe('unknown');
    expect(idOf(m.match('GET', '/d/x-y'))).toBe('/d/{a}-{b}');
    expect(idOf(m.match('GET', '/d/a-b-c'))).toBe('/d/{a}-{b}');
    expect(m.match('GET', '/d/xy').kind).toBe('unknown');
    expect(idOf(m.match('GET', '/t/v1.20-beta'))).toBe('/t/v{major}.{minor}-beta');
    expect(m.match('GET', '/t/v.1-beta').kind).toBe('unknown');
    expect(m.match('GET', '/t/v1-beta').kind).toBe('unknown');
  });
});

describe('ContractMatcher: priority', () => {
  it('lets a static segment beat a parameter, whatever the policy order', () => {
    const m = matcherOf('/users/{id}', '/users/me');
    expect(idOf(m.match('GET', '/users/me'))).toBe('/users/me');
    expect(idOf(m.match('GET', '/users/you'))).toBe('/users/{id}');
  });

  it('ranks a mixed segment between static and parameter', () => {
    const m = matcherOf('/files/{id}', '/files/{name}.json', '/files/index.json');
    expect(idOf(m.match('GET', '/files/index.json'))).toBe('/files/index.json');
    expect(idOf(m.match('GET', '/files/other.json'))).toBe('/files/{name}.json');
    expect(idOf(m.match('GET', '/files/other.xml'))).toBe('/files/{id}');
  });

  it('prefers the mixed segment with more literal text, then orders by text, never by policy order', () => {
    for (const order of [
      ['/f/{a}.{b}', '/f/{name}.json'],
      ['/f/{name}.json', '/f/{a}.{b}'],
    ]) {
      const m = matcherOf(...order);
      expect(idOf(m.match('GET', '/f/x.json'))).toBe('/f/{name}.json');
      expect(idOf(m.match('GET', '/f/x.tar'))).toBe('/f/{a}.{b}');
    }
    for (const order of [
      ['/t/a{p}', '/t/{p}a'],
      ['/t/{p}a', '/t/a{p}'],
    ]) {
      // Equal literal length: a parameter sorts before any character, so `{p}a` comes first.
      expect(idOf(matcherOf(...order).match('GET', '/t/aaa'))).toBe('/t/{p}a');
    }
  });

  it('decides segment by segment from the left, not by counting static segments', () => {
    const m = matcherOf('/{x}/b/c', '/a/{y}/{z}');
    expect(idOf(m.match('GET', '/a/b/c'))).toBe('/a/{y}/{z}');
    expect(idOf(m.match('GET', '/q/b/c'))).toBe('/{x}/b/c');
  });

  it('backtracks when the static branch dead-ends', () => {
    const m = matcherOf('/users/me', '/users/{id}/keys', '/users/me/settings');
    expect(idOf(m.match('GET', '/users/me/keys'))).toBe('/users/{id}/keys');
    expect(idOf(m.match('GET', '/users/me/settings'))).toBe('/users/me/settings');
  });

  it('backtracks over several levels and through mixed segments', () => {
    const m = matcherOf('/a/b/{y}/e', '/a/{x}.v/c/d', '/a/{x}/c/{z}', '/a/{x}/c/d');
    expect(idOf(m.match('GET', '/a/b/c/d'))).toBe('/a/{x}/c/d');
    expect(idOf(m.match('GET', '/a/b.v/c/d'))).toBe('/a/{x}.v/c/d');
    expect(idOf(m.match('GET', '/a/b.v/c/q'))).toBe('/a/{x}/c/{z}');
    expect(idOf(m.match('GET', '/a/b/x/e'))).toBe('/a/b/{y}/e');
  });
});

describe('ContractMatcher: methods', () => {
  it('resolves several contracts on one path by method', () => {
    const m = new ContractMatcher([
      contract('read', 'GET /a/{id}', ['GET']),
      contract('remove', 'DELETE /a/{id}', ['DELETE']),
    ]);
    expect(idOf(m.match('GET', '/a/1'))).toBe('read');
    expect(idOf(m.match('DELETE', '/a/1'))).toBe('remove');
    expect(m.match('POST', '/a/1')).toEqual({
      kind: 'method_disallowed',
      contract: expect.objectContaining({ contract_id: 'read' }),
      path: '/a/1',
      endpoint_key: 'GET /a/{id}',
    });
  });

  it('takes the first contract in policy order when two on one path allow the method', () => {
    const m = new ContractMatcher([
      contract('first', '/a/{x}', ['GET', 'POST']),
      contract('second', '/a/{y}', ['POST', 'PUT']),
    ]);
    expect(idOf(m.match('POST', '/a/1'))).toBe('first');
    expect(idOf(m.match('PUT', '/a/1'))).toBe('second');
    expect(m.match('PATCH', '/a/1')).toMatchObject({ kind: 'method_disallowed', endpoint_key: '/a/{x}' });
  });

  it('falls through to a lower-priority path that allows the method', () => {
    const m = new ContractMatcher([
      contract('me', 'GET /users/me', ['GET']),
      contract('any-user', 'DELETE /users/{id}', ['DELETE']),
    ]);
    expect(idOf(m.match('GET', '/users/me'))).toBe('me');
    expect(idOf(m.match('DELETE', '/users/me'))).toBe('any-user');
    expect(m.match('POST', '/users/me')).toMatchObject({
      kind: 'method_disallowed',
      endpoint_key: 'GET /users/me',
    });
    expect(m.match('POST', '/users/7')).toMatchObject({
      kind: 'method_disallowed',
      endpoint_key: 'DELETE /users/{id}',
    });
  });

  it('reports method_disallowed against the highest-priority matching path', () => {
    const m = new ContractMatcher([
      contract('param', '/r/{id}', ['PUT']),
      contract('mixed', '/r/{id}.json', ['PATCH']),
      contract('static', '/r/x.json', ['POST']),
    ]);
    expect(m.match('GET', '/r/x.json')).toMatchObject({
      kind: 'method_disallowed',
      endpoint_key: '/r/x.json',
    });
    expect(m.match('GET', '/r/y.json')).toMatchObject({
      kind: 'method_disallowed',
      endpoint_key: '/r/{id}.json',
    });
    expect(idOf(m.match('PUT', '/r/x.json'))).toBe('param');
    expect(idOf(m.match('PATCH', '/r/x.json'))).toBe('mixed');
  });

  it('does not let GET imply HEAD', () => {
    const m = matcherOf('/a');
    expect(m.match('HEAD', '/a').kind).toBe('method_disallowed');
  });

  it('reports an unknown endpoint with METHOD and the normalized path', () => {
    const m = matcherOf('/a/{id}');
    expect(m.match('POST', 'https://h.example/nope//x/?q=1')).toEqual({
      kind: 'unknown',
      contract: null,
      path: '/nope/x',
      endpoint_key: 'POST /nope/x',
    });
    expect(new ContractMatcher([]).match('GET', '/')).toMatchObject({
      kind: 'unknown',
      endpoint_key: 'GET /',
    });
  });

  it('handles a method outside the HTTP method list without a precomputed answer', () => {
    const m = new ContractMatcher([contract('a', '/a', ['GET'])]);
    expect(m.match('PROPFIND', '/a')).toMatchObject({ kind: 'method_disallowed', endpoint_key: '/a' });
  });
});

describe('ContractMatcher: edges of mixed segments and patterns', () => {
  it('never lets a parameter of a mixed segment be empty, before, between or after literals', () => {
    const m = matcherOf('/files/{name}.json', '/d/{a}-{b}.json', '/t/v{major}.{minor}');
    expect(m.match('GET', '/files/.json').kind).toBe('unknown');
    expect(idOf(m.match('GET', '/files/a.json'))).toBe('/files/{name}.json');
    expect(m.match('GET', '/d/x-.json').kind).toBe('unknown');
    expect(m.match('GET', '/d/-y.json').kind).toBe('unknown');
    expect(idOf(m.match('GET', '/d/x-y.json'))).toBe('/d/{a}-{b}.json');
    expect(m.match('GET', '/t/v.1').kind).toBe('unknown');
    expect(m.match('GET', '/t/v1.').kind).toBe('unknown');
    expect(idOf(m.match('GET', '/t/v1.2'))).toBe('/t/v{major}.{minor}');
    expect(m.match('GET', '/t/v1/2').kind).toBe('unknown');
  });

  it('orders mixed segments of equal literal length with a parameter before any character', () => {
    // '{a}-x' and '-{a}x' both fit '-ab-x'; the one whose text has its parameter first wins
    const m = matcherOf('/f/-{a}x', '/f/{a}-x');
    expect(idOf(m.match('GET', '/f/-ab-x'))).toBe('/f/{a}-x');
    expect(idOf(m.match('GET', '/f/-abx'))).toBe('/f/-{a}x');
  });

  it('keeps contracts with one static path on one node, whatever their methods', () => {
    const m = new ContractMatcher([contract('get', '/x/a', ['GET']), contract('post', '/x/a', ['POST'])]);
    expect(idOf(m.match('POST', '/x/a'))).toBe('post');
    expect(idOf(m.match('GET', '/x/a'))).toBe('get');
    expect(m.match('PUT', '/x/a')).toMatchObject({ kind: 'method_disallowed', endpoint_key: '/x/a' });
  });

  it('names every method it knows when a pattern has another', () => {
    expect(() => parseEndpointPattern('FETCH /x')).toThrow(
      'endpoint pattern "FETCH /x": unknown HTTP method "FETCH" (expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT)',
    );
  });

  it('takes only a whole Express-style segment for a parameter, and a % before fewer than two hex digits as an error', () => {
    expect(parseEndpointPattern('/x/a:id').segments[1]).toEqual({ kind: 'static', text: 'a:id' });
    expect(parseEndpointPattern('/x/:id-x').segments[1]).toEqual({ kind: 'static', text: ':id-x' });
    expect(() => parseEndpointPattern('/users/:userId')).toThrow('write a parameter as {userId}');
    expect(() => parseEndpointPattern('/a/%4z')).toThrow('"%" must be followed by two hex digits');
    expect(() => parseEndpointPattern('/a/%4')).toThrow('"%" must be followed by two hex digits');
    expect(parseEndpointPattern('/a/%4a').path).toBe('/a/J');
  });
});
