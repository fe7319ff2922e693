import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ServiceContractSchema } from '../src/model.js';
import { contractsFromOpenApi, isOpenApiDocument, OpenApiError } from '../src/policy/openapi.js';
import { MAX_REF_DEPTH } from '../src/policy/openapi-refs.js';

const FIXTURES = new URL('./fixtures/openapi/', import.meta.url);
const load = (name: string): unknown => parseYaml(readFileSync(new URL(name, FIXTURES), 'utf8'));
const loadPath = (path: string): unknown => parseYaml(readFileSync(new URL(path, import.meta.url), 'utf8'));

const ok = { responses: { '200': { description: 'ok' } } };
/** A minimal OpenAPI 3.0 document around `paths` (plus any root fields). */
const doc = (paths: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths,
  ...extra,
});

/** The OpenApiError `fn` throws (fails the test when it throws nothing or something else). */
function errorOf(input: unknown, source = 'api.yaml'): OpenApiError {
  try {
    contractsFromOpenApi(input, source);
  } catch (error) {
    expect(error).toBeInstanceOf(OpenApiError);
    return error as OpenApiError;
  }
  throw new Error('expected an OpenApiError');
}

describe('isOpenApiDocument', () => {
  it('recognizes OpenAPI 3.x and Swagger 2.0 documents, not contract files', () => {
    expect(isOpenApiDocument(load('shop-3.0.yaml'))).toBe(true);
    expect(isOpenApiDocument(load('library-3.1.yaml'))).toBe(true);
    expect(isOpenApiDocument(load('legacy-2.0.json'))).toBe(true);
    expect(isOpenApiDocument({ contracts: [] })).toBe(false);
    expect(isOpenApiDocument([{ openapi: '3.0.0' }])).toBe(false);
    expect(isOpenApiDocument(null)).toBe(false);
    expect(isOpenApiDocument('openapi: 3.0.0')).toBe(false);
  });
});

describe('contractsFromOpenApi: documents', () => {
  it('OpenAPI 3.0: one contract per operation, server prefixes, extension inheritance, sorted', () => {
    expect(contractsFromOpenApi(load('shop-3.0.yaml'), 'shop.yaml')).toEqual([
      // Path-level servers `/` override the document's `/v2`.
      {
        contract_id: 'health',
        endpoint_pattern: 'GET /health',
        allowed_methods: ['GET'],
        max_latency_ms: 800,
        error_budget: 0.01,
      },
      // Operation-level relative server `reports`.
      {
        contract_id: 'getReport',
        endpoint_pattern: 'GET /reports/reports',
        allowed_methods: ['GET'],
        max_latency_ms: 800,
        error_budget: 0.01,
      },
      // Document server `https://{region}.shop.example.com/{version}/` → `/v2`; doc → path → operation.
      {
        contract_id: 'listOrders',
        endpoint_pattern: 'GET /v2/orders',
        allowed_methods: ['GET'],
        max_latency_ms: 400,
        error_budget: 0.01,
        rate_limit_rpm: 600,
      },
      {
        contract_id: 'createOrder',
        endpoint_pattern: 'POST /v2/orders',
        allowed_methods: ['POST'],
        max_latency_ms: 1500,
        error_budget: 0.01,
        rate_limit_rpm: 600,
        circuit_threshold: 0.25,
      },
      {
        contract_id: 'listMyOrders',
        endpoint_pattern: 'GET /v2/orders/mine',
        allowed_methods: ['GET'],
        max_latency_ms: 800,
        error_budget: 0.01,
      },
      {
        contract_id: 'getOrder',
        endpoint_pattern: 'GET /v2/orders/{orderId}',
        allowed_methods: ['GET'],
        max_latency_ms: 800,
        error_budget: 0.01,
      },
      // No operationId: the id is the pattern.
      {
        contract_id: 'DELETE /v2/orders/{orderId}',
        endpoint_pattern: 'DELETE /v2/orders/{orderId}',
        allowed_methods: ['DELETE'],
        max_latency_ms: 800,
        error_budget: 0.01,
      },
    ]);
  });

  it("OpenAPI 3.1: $ref'd path items (components/pathItems, chains, sibling fields win); webhooks ignored", () => {
    expect(contractsFromOpenApi(load('library-3.1.yaml'), 'library.yaml')).toEqual([
      { contract_id: 'getAuthor', endpoint_pattern: 'GET /api/authors/{authorId}', allowed_methods: ['GET'] },
      { contract_id: 'listBooks', endpoint_pattern: 'GET /api/books', allowed_methods: ['GET'] },
      // A field beside the $ref replaces the referenced item's field: the sibling extension
      // ({ max_latency_ms: 50 }) replaces { max_latency_ms: 90, error_budget: 0.05 } as a whole.
      {
        contract_id: 'getBook',
        endpoint_pattern: 'GET /api/books/{isbn}',
        allowed_methods: ['GET'],
        max_latency_ms: 50,
      },
      {
        contract_id: 'putBook',
        endpoint_pattern: 'PUT /api/books/{isbn}',
        allowed_methods: ['PUT'],
        max_latency_ms: 300,
      },
    ]);
  });

  it('Swagger 2.0: basePath prefix, extensions, path-level parameters ignored', () => {
    expect(contractsFromOpenApi(load('legacy-2.0.json'), 'legacy.json')).toEqual([
      {
        contract_id: 'listUsers',
        endpoint_pattern: 'GET /legacy/v1/users',
        allowed_methods: ['GET'],
        rate_limit_rpm: 120,
      },
      {
        contract_id: 'getUser',
        endpoint_pattern: 'GET /legacy/v1/users/{userId}',
        allowed_methods: ['GET'],
        rate_limit_rpm: 120,
        max_latency_ms: 250,
      },
      {
        contract_id: 'patchUser',
        endpoint_pattern: 'PATCH /legacy/v1/users/{userId}',
        allowed_methods: ['PATCH'],
        rate_limit_rpm: 120,
      },
    ]);
  });

  it('the petstore example yields valid contracts with SLOs from all three levels', () => {
    const contracts = contractsFromOpenApi(loadPath('../examples/openapi/petstore.yaml'), 'petstore.yaml');
    for (const c of contracts) ServiceContractSchema.parse(c);
    expect(contracts.map((c) => c.endpoint_pattern)).toEqual([
      'GET /v1/pets',
      'POST /v1/pets',
      'GET /v1/pets/{petId}',
      'DELETE /v1/pets/{petId}',
    ]);
    const byId = Object.fromEntries(contracts.map((c) => [c.contract_id, c]));
    expect(byId.listPets).toMatchObject({ max_latency_ms: 300, error_budget: 0.001, rate_limit_rpm: 1200 });
    expect(byId.createPet).toMatchObject({ max_latency_ms: 800, error_budget: 0.001, rate_limit_rpm: 1200 });
    expect(byId.showPetById).toMatchObject({ max_latency_ms: 150, error_budget: 0.001 });
    expect(byId.showPetById).not.toHaveProperty('rate_limit_rpm');
  });
});

describe('contractsFromOpenApi: server prefixes', () => {
  const paths = { '/a': { get: ok } };
  const patternWith = (servers: unknown) =>
    contractsFromOpenApi(doc(paths, { servers }), 'api.yaml')[0]!.endpoint_pattern;

  it.each([
    [[{ url: 'https://api.example.com' }], 'GET /a'],
    [[{ url: 'https://api.example.com/' }], 'GET /a'],
    [[{ url: 'https://api.example.com/base/v3?x=1#frag' }], 'GET /base/v3/a'],
    [[{ url: '//cdn.example.com/edge' }], 'GET /edge/a'],
    [[{ url: '/relative/' }], 'GET /relative/a'],
    [[{ url: 'relative' }], 'GET /relative/a'],
    [
      [
        {
          url: '{scheme}://x.example.com/{v}',
          variables: { scheme: { default: 'https' }, v: { default: 'v9' } },
        },
      ],
      'GET /v9/a',
    ],
    [[], 'GET /a'],
  ])('servers %j → %s', (servers, expected) => {
    expect(patternWith(servers)).toBe(expected);
  });

  it('operation-level servers beat path-level servers, which beat the document servers', () => {
    const input = doc(
      {
        '/a': {
          servers: [{ url: '/path-level' }],
          get: { ...ok, servers: [{ url: '/op-level' }] },
          put: ok,
        },
        '/b': { get: ok },
      },
      { servers: [{ url: '/doc-level' }] },
    );
    expect(contractsFromOpenApi(input, 'api.yaml').map((c) => c.endpoint_pattern)).toEqual([
      'GET /doc-level/b',
      'GET /op-level/a',
      'PUT /path-level/a',
    ]);
  });

  it('a server variable without a default is an error at the server url', () => {
    const e = errorOf(doc(paths, { servers: [{ url: 'https://x/{version}' }] }));
    expect(e.message).toBe(
      'api.yaml: #/servers/0/url: server variable {version} has no string default in #/servers/0/variables',
    );
  });
});

describe('contractsFromOpenApi: same-shape templates', () => {
  it('merges templates that differ only in parameter names when their methods are disjoint', () => {
    const contracts = contractsFromOpenApi(
      doc({
        '/orgs/{org}/attestations/{subject_digest}': { get: { ...ok, operationId: 'list' } },
        '/orgs/{org}/attestations/{attestation_id}': { delete: { ...ok, operationId: 'delete' } },
        '/orgs/{org}/attestations/bulk': { post: { ...ok, operationId: 'bulk' } },
      }),
      'api.yaml',
    );
    // One canonical template (the first in sort order: attestation_id < subject_digest).
    expect(contracts).toEqual([
      {
        contract_id: 'bulk',
        endpoint_pattern: 'POST /orgs/{org}/attestations/bulk',
        allowed_methods: ['POST'],
      },
      {
        contract_id: 'list',
        endpoint_pattern: 'GET /orgs/{org}/attestations/{attestation_id}',
        allowed_methods: ['GET'],
      },
      {
        contract_id: 'delete',
        endpoint_pattern: 'DELETE /orgs/{org}/attestations/{attestation_id}',
        allowed_methods: ['DELETE'],
      },
    ]);
  });

  it('a method declared on two same-shape templates is an error naming both pointers', () => {
    const e = errorOf(doc({ '/users/{id}': { get: ok }, '/users/{name}': { get: ok, post: ok } }));
    expect(e.pointer).toBe('#/paths/~1users~1{name}/get');
    expect(e.message).toContain('api.yaml: #/paths/~1users~1{name}/get: GET /users/{name} collides with');
    expect(e.message).toContain('#/paths/~1users~1{id}/get');
  });

  it('two paths that end up on the same template through server prefixes collide too', () => {
    const e = errorOf(doc({ '/v1/a': { get: ok }, '/a': { servers: [{ url: '/v1' }], get: ok } }));
    expect(e.message).toMatch(/#\/paths\/~1a\/get: GET \/v1\/a collides with #\/paths\/~1v1~1a\/get/);
  });
});

describe('contractsFromOpenApi: x-traffic-governance errors', () => {
  const opExt = (ext: unknown) => doc({ '/users/{id}': { get: { ...ok, 'x-traffic-governance': ext } } });
  const at = '#/paths/~1users~1{id}/get/x-traffic-governance';

  it('unknown key → its pointer, the file name and the allowed keys', () => {
    const e = errorOf(opExt({ max_latency: 5 }), 'users.yaml');
    expect(e.message).toBe(
      `users.yaml: ${at}/max_latency: unknown key "max_latency" in x-traffic-governance ` +
        '(allowed: max_latency_ms, error_budget, rate_limit_rpm, circuit_threshold)',
    );
  });

  it('wrong type → the pointer of the key', () => {
    expect(errorOf(opExt({ max_latency_ms: '200ms' })).message).toMatch(
      new RegExp(`^api\\.yaml: ${at.replace(/[{}]/g, '\\$&')}/max_latency_ms: .*expected number`),
    );
  });

  it.each([
    ['max_latency_ms', 0],
    ['max_latency_ms', 86_400_001],
    ['error_budget', 0],
    ['error_budget', 1.5],
    ['rate_limit_rpm', -1],
    ['circuit_threshold', 2],
  ])('out of range: %s = %d', (key, value) => {
    expect(errorOf(opExt({ [key]: value })).pointer).toBe(`${at}/${key}`);
  });

  it('not an object → the pointer of the extension', () => {
    expect(errorOf(opExt([1])).pointer).toBe(at);
  });

  it('errors at document and path level name their own pointers', () => {
    expect(errorOf(doc({}, { 'x-traffic-governance': { error_budget: 'low' } })).pointer).toBe(
      '#/x-traffic-governance/error_budget',
    );
    expect(errorOf(doc({ '/a~b': { 'x-traffic-governance': { nope: 1 }, get: ok } })).pointer).toBe(
      '#/paths/~1a~0b/x-traffic-governance/nope',
    );
  });

  it("an error inside a $ref'd path item names where it is written", () => {
    const input = doc(
      { '/a': { $ref: '#/components/pathItems/A' } },
      { components: { pathItems: { A: { get: { ...ok, 'x-traffic-governance': { rate_limit_rpm: 0 } } } } } },
    );
    expect(errorOf(input).pointer).toBe('#/components/pathItems/A/get/x-traffic-governance/rate_limit_rpm');
  });
});

describe('contractsFromOpenApi: $ref and structure errors', () => {
  it('an external $ref is an error, not a silent skip', () => {
    const e = errorOf(doc({ '/a': { $ref: 'other.yaml#/paths/~1a' } }));
    expect(e.message).toBe(
      'api.yaml: #/paths/~1a/$ref: external $ref "other.yaml#/paths/~1a" is not supported (only local refs like "#/...")',
    );
  });

  it('a $ref cycle is an error showing the cycle', () => {
    const input = doc(
      { '/a': { $ref: '#/components/pathItems/A' } },
      {
        components: {
          pathItems: { A: { $ref: '#/components/pathItems/B' }, B: { $ref: '#/components/pathItems/A' } },
        },
      },
    );
    expect(errorOf(input).message).toBe(
      'api.yaml: #/paths/~1a/$ref: $ref cycle: #/paths/~1a -> #/components/pathItems/A -> ' +
        '#/components/pathItems/B -> #/components/pathItems/A',
    );
    expect(errorOf(doc({ '/a': { $ref: '#/paths/~1a' } })).message).toContain(
      '$ref cycle: #/paths/~1a -> #/paths/~1a',
    );
  });

  it('a 3,000-deep $ref chain is an error naming the file, the pointer and the limit (not a stack overflow)', () => {
    /** /a -> p0 -> p1 -> … -> p{links-1} -> an operation. */
    const chain = (links: number) => {
      const items: Record<string, unknown> = {};
      for (let i = 0; i < links; i++) items[`p${i}`] = { $ref: `#/components/pathItems/p${i + 1}` };
      items[`p${links}`] = { get: { operationId: 'deep' } };
      return doc({ '/a': { $ref: '#/components/pathItems/p0' } }, { components: { pathItems: items } });
    };
    expect(errorOf(chain(3000)).message).toBe(
      `api.yaml: #/paths/~1a/$ref: $ref chain longer than ${MAX_REF_DEPTH} references ` +
        `(#/paths/~1a -> #/components/pathItems/p0 -> … -> #/components/pathItems/p${MAX_REF_DEPTH}): ` +
        'point the first $ref at the definition itself',
    );
    expect(errorOf(chain(MAX_REF_DEPTH)).message).toContain(`$ref chain longer than ${MAX_REF_DEPTH}`);
    // The longest chain allowed (MAX_REF_DEPTH references) still resolves.
    expect(contractsFromOpenApi(chain(MAX_REF_DEPTH - 1), 'api.yaml').map((c) => c.contract_id)).toEqual([
      'deep',
    ]);
  });

  it('a $ref to nothing names the missing pointer; percent-encoded refs resolve', () => {
    const missing = errorOf(
      doc({ '/a': { $ref: '#/components/pathItems/Nope' } }, { components: { pathItems: {} } }),
    );
    expect(missing.message).toBe(
      'api.yaml: #/paths/~1a/$ref: $ref "#/components/pathItems/Nope" points to nothing (#/components/pathItems/Nope does not exist)',
    );
    const encoded = doc(
      { '/a': { $ref: '#/components/pathItems/A%20B' } },
      { components: { pathItems: { 'A B': { get: { ...ok, operationId: 'ab' } } } } },
    );
    expect(contractsFromOpenApi(encoded, 'api.yaml')[0]!.contract_id).toBe('ab');
  });

  it.each([
    [{ openapi: '3.2.0', paths: {} }, '#/openapi', 'unsupported OpenAPI version "3.2.0"'],
    [{ swagger: '1.2', paths: {} }, '#/swagger', 'unsupported Swagger version "1.2"'],
    [{ openapi: '3.0.0' }, '#/paths', 'paths must be an object'],
    [doc({ '/a': 'nope' }), '#/paths/~1a', 'a path item must be an object'],
    [doc({ '/a': { get: 'nope' } }), '#/paths/~1a/get', 'an operation must be an object'],
    [doc({ a: { get: ok } }), '#/paths/a', 'must start with "/"'],
    [doc({ '/a/{}': { get: ok } }), '#/paths/~1a~1{}', 'parameter name ""'],
    [doc({ '/a/{id}/{id}': { get: ok } }), '#/paths/~1a~1{id}~1{id}', 'appears more than once'],
    [doc({ '/a': { get: { ...ok, operationId: 7 } } }), '#/paths/~1a/get/operationId', 'operationId'],
    [doc({ '/a': { get: ok } }, { servers: { url: '/x' } }), '#/servers', 'servers must be an array'],
    [{ swagger: '2.0', basePath: 1, paths: {} }, '#/basePath', 'basePath must be a string'],
  ])('structure error %#: %s', (input, pointer, problem) => {
    const e = errorOf(input);
    expect(e.pointer).toBe(pointer);
    expect(e.message).toContain(problem);
    expect(e.message.startsWith(`api.yaml: ${pointer}: `)).toBe(true);
  });

  it('duplicate operationIds are an error naming both operations', () => {
    const e = errorOf(
      doc({ '/a': { get: { ...ok, operationId: 'x' } }, '/b': { get: { ...ok, operationId: 'x' } } }),
    );
    expect(e.message).toBe(
      'api.yaml: #/paths/~1b/get: contract_id "x" is already used by #/paths/~1a/get (operationIds must be unique)',
    );
  });

  it('unquoted YAML versions (numbers) are accepted', () => {
    expect(contractsFromOpenApi(parseYaml('openapi: 3.1\npaths: {/a: {get: {}}}'), 'a.yaml')).toHaveLength(1);
    expect(contractsFromOpenApi(parseYaml('swagger: 2.0\npaths: {/a: {get: {}}}'), 'a.yaml')).toHaveLength(1);
  });

  it('non-operation keys are ignored, and trace is not a Swagger 2.0 operation', () => {
    const item = {
      summary: 's',
      description: 'd',
      parameters: [],
      'x-other': { a: 1 },
      GET: ok,
      trace: ok,
      get: ok,
    };
    expect(contractsFromOpenApi(doc({ '/a': item }), 'a.yaml').map((c) => c.endpoint_pattern)).toEqual([
      'GET /a',
      'TRACE /a',
    ]);
    expect(
      contractsFromOpenApi({ swagger: '2.0', paths: { '/a': item } }, 'a.json').map(
        (c) => c.endpoint_pattern,
      ),
    ).toEqual(['GET /a']);
  });
});

describe('contractsFromOpenApi: determinism', () => {
  it('the same document twice gives deep-equal output', () => {
    const a = contractsFromOpenApi(load('shop-3.0.yaml'), 'shop.yaml');
    const b = contractsFromOpenApi(load('shop-3.0.yaml'), 'shop.yaml');
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('the key order of paths and methods does not change the output (merged templates included)', () => {
    const entries: [string, Record<string, unknown>][] = [
      ['/z', { get: ok, post: ok }],
      ['/a/{second}', { delete: ok }],
      ['/a/{first}', { put: ok, get: ok }],
      ['/a/static', { get: ok }],
      ['/', { options: ok, head: ok }],
    ];
    const forward = contractsFromOpenApi(doc(Object.fromEntries(entries)), 'a.yaml');
    const reversed = contractsFromOpenApi(
      doc(
        Object.fromEntries(
          entries.reverse().map(([p, item]) => [p, Object.fromEntries(Object.entries(item).reverse())]),
        ),
      ),
      'a.yaml',
    );
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(forward));
    expect(forward.map((c) => c.endpoint_pattern)).toEqual([
      'HEAD /',
      'OPTIONS /',
      'GET /a/static',
      'GET /a/{first}',
      'PUT /a/{first}',
      'DELETE /a/{first}',
      'GET /z',
      'POST /z',
    ]);
  });
});
