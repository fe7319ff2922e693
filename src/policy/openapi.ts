/**
 * Service contracts derived from an OpenAPI 3.0 / 3.1 or Swagger 2.0 description.
 *
 * One contract per operation: `endpoint_pattern` is `METHOD /server-prefix/path/{param}`,
 * `allowed_methods` is that one method and `contract_id` the operationId (or the pattern when there is
 * none). The matcher groups the contracts of one path, so every documented operation has its own
 * contract and SLOs, and a method no operation of the path declares is disallowed.
 *
 * SLOs come from `x-traffic-governance` objects at document, path item and operation level, the nearest
 * winning per key; keys set nowhere are left out so the policy defaults apply. Paths of the same shape
 * that only name their parameters differently are rewritten to one template (the first of them in sort
 * order, so the result does not depend on key order) as long as their methods are disjoint.
 */
import { z } from 'zod';
import { parseEndpointPattern, templateShape } from '../engine/matcher.js';
import { normalizePath } from '../engine/url.js';
import { HTTP_METHODS, type HttpMethod, type ServiceContractInput, ServiceContractSchema } from '../model.js';
import { quoted, visible } from '../report/text.js';
import { childPointer, isRecord, type Located, OpenApiError, resolveObjectFields } from './openapi-refs.js';

export { OpenApiError } from './openapi-refs.js';

export const EXTENSION_KEY = 'x-traffic-governance';

const contract = ServiceContractSchema.shape;
/** The SLO fields of a contract with their ranges, none defaulted: an absent key stays absent. */
const SloSchema = z.strictObject({
  max_latency_ms: contract.max_latency_ms.unwrap().optional(),
  error_budget: contract.error_budget.unwrap().optional(),
  rate_limit_rpm: contract.rate_limit_rpm.unwrap().optional(),
  circuit_threshold: contract.circuit_threshold.unwrap().optional(),
});
type Slo = z.output<typeof SloSchema>;
const SLO_KEYS = Object.keys(SloSchema.shape) as (keyof Slo)[];

type Flavor = 'openapi3' | 'swagger2';
const OPENAPI3_METHODS: readonly HttpMethod[] = HTTP_METHODS.filter((m) => m !== 'CONNECT');
const SWAGGER2_METHODS: readonly HttpMethod[] = OPENAPI3_METHODS.filter((m) => m !== 'TRACE');
const METHOD_RANK = new Map<string, number>(HTTP_METHODS.map((m, i) => [m, i]));

/** True for a parsed document that declares itself OpenAPI (`openapi: …`) or Swagger (`swagger: …`). */
export function isOpenApiDocument(doc: unknown): boolean {
  return isRecord(doc) && (Object.hasOwn(doc, 'openapi') || Object.hasOwn(doc, 'swagger'));
}

interface Operation {
  method: HttpMethod;
  /** The full path template, server prefix included, normalized like the matcher does. */
  template: string;
  contractId: string | undefined;
  slo: Slo;
  pointer: string;
}

/** A contract derived from an operation, with the JSON pointer of that operation. */
export interface LocatedContract {
  contract: ServiceContractInput;
  pointer: string;
}

/** The contracts of an OpenAPI / Swagger document, sorted by path then HTTP method order. */
export function contractsFromOpenApi(doc: unknown, source: string): ServiceContractInput[] {
  return locatedContractsFromOpenApi(doc, source).map((c) => c.contract);
}

/** contractsFromOpenApi, each contract with the pointer of its operation (for errors). */
export function locatedContractsFromOpenApi(doc: unknown, source: string): LocatedContract[] {
  if (!isOpenApiDocument(doc)) {
    throw new OpenApiError(source, '#', 'not an OpenAPI document (no "openapi" or "swagger" field)');
  }
  const root = doc as Record<string, unknown>;
  const flavor = flavorOf(root, source);
  const methods = flavor === 'openapi3' ? OPENAPI3_METHODS : SWAGGER2_METHODS;
  const rootSlo = parseSlo(located(root, '#', EXTENSION_KEY), source);
  const rootBase =
    flavor === 'openapi3'
      ? (serverBase(located(root, '#', 'servers'), source) ?? '')
      : basePath(root, source);
  if (!isRecord(root.paths)) {
    throw new OpenApiError(source, '#/paths', 'paths must be an object of path items');
  }

  const operations: Operation[] = [];
  for (const [path, rawItem] of Object.entries(root.paths)) {
    const pathPointer = childPointer('#/paths', path);
    if (!path.startsWith('/')) {
      throw new OpenApiError(source, pathPointer, `path ${quoted(path)} must start with "/"`);
    }
    const item = resolveObjectFields(root, rawItem, pathPointer, source, 'a path item');
    const pathSlo = parseSlo(item.get(EXTENSION_KEY), source);
    const pathBase = flavor === 'openapi3' ? (serverBase(item.get('servers'), source) ?? rootBase) : rootBase;
    for (const method of methods) {
      const op = item.get(method.toLowerCase());
      if (op === undefined) continue;
      if (!isRecord(op.value)) throw new OpenApiError(source, op.pointer, 'an operation must be an object');
      const base =
        flavor === 'openapi3'
          ? (serverBase(located(op.value, op.pointer, 'servers'), source) ?? pathBase)
          : pathBase;
      const template = normalizePath(`${base}/${path}`);
      try {
        parseEndpointPattern(template);
      } catch (error) {
        throw new OpenApiError(source, pathPointer, visible((error as Error).message));
      }
      operations.push({
        method,
        template,
        contractId: operationId(op.value, op.pointer, source),
        slo: { ...rootSlo, ...pathSlo, ...parseSlo(located(op.value, op.pointer, EXTENSION_KEY), source) },
        pointer: op.pointer,
      });
    }
  }
  return toContracts(mergeSameShapes(operations, source), source);
}

function located(container: Record<string, unknown>, pointer: string, key: string): Located | undefined {
  return Object.hasOwn(container, key)
    ? { value: container[key], pointer: childPointer(pointer, key) }
    : undefined;
}

function flavorOf(doc: Record<string, unknown>, source: string): Flavor {
  if (Object.hasOwn(doc, 'openapi')) {
    const v = doc.openapi;
    // YAML reads an unquoted `openapi: 3.1` as a number; accept it rather than puzzle the user.
    if ((typeof v === 'string' && /^3\.[01](\.\d+)?(-[0-9A-Za-z.-]+)?$/.test(v)) || v === 3 || v === 3.1) {
      return 'openapi3';
    }
    throw new OpenApiError(
      source,
      '#/openapi',
      `unsupported OpenAPI version ${JSON.stringify(v)} (supported: 3.0.x, 3.1.x)`,
    );
  }
  if (doc.swagger === '2.0' || doc.swagger === 2) return 'swagger2';
  throw new OpenApiError(
    source,
    '#/swagger',
    `unsupported Swagger version ${JSON.stringify(doc.swagger)} (supported: "2.0")`,
  );
}

/** The validated `x-traffic-governance` object at `ext` ({} when there is none). */
function parseSlo(ext: Located | undefined, source: string): Slo {
  if (ext === undefined) return {};
  const result = SloSchema.safeParse(ext.value);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) => {
    const at = issue.path.reduce<string>((p, key) => childPointer(p, String(key)), ext.pointer);
    if (issue.code !== 'unrecognized_keys') return [{ at, problem: issue.message }];
    return issue.keys.map((key) => ({
      at: childPointer(at, key),
      problem: `unknown key ${quoted(key)} in ${EXTENSION_KEY} (allowed: ${SLO_KEYS.join(', ')})`,
    }));
  });
  const error = new OpenApiError(source, problems[0]!.at, problems[0]!.problem);
  if (problems.length > 1)
    error.message = problems.map((p) => `${visible(source)}: ${visible(p.at)}: ${p.problem}`).join('\n');
  throw error;
}

/** The path part of the first server's url (variables replaced by their defaults), or undefined. */
function serverBase(servers: Located | undefined, source: string): string | undefined {
  if (servers === undefined) return undefined;
  if (!Array.isArray(servers.value))
    throw new OpenApiError(source, servers.pointer, 'servers must be an array');
  if (servers.value.length === 0) return undefined;
  const server: unknown = servers.value[0];
  const serverPointer = childPointer(servers.pointer, 0);
  if (!isRecord(server) || typeof server.url !== 'string') {
    throw new OpenApiError(source, childPointer(serverPointer, 'url'), 'a server must have a url string');
  }
  const variables = isRecord(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^{}]*)\}/g, (_, name: string) => {
    const variable = variables[name];
    if (isRecord(variable) && typeof variable.default === 'string') return variable.default;
    throw new OpenApiError(
      source,
      childPointer(serverPointer, 'url'),
      `server variable {${visible(name)}} has no string default in ${visible(childPointer(serverPointer, 'variables'))}`,
    );
  });
  // Keep only the path: drop query and fragment, then `scheme://authority` or `//authority`.
  return url.replace(/[?#].*$/s, '').replace(/^([A-Za-z][A-Za-z0-9+.-]*:)?\/\/[^/]*/, '');
}

function basePath(doc: Record<string, unknown>, source: string): string {
  if (doc.basePath === undefined) return '';
  if (typeof doc.basePath !== 'string')
    throw new OpenApiError(source, '#/basePath', 'basePath must be a string');
  return doc.basePath;
}

function operationId(op: Record<string, unknown>, pointer: string, source: string): string | undefined {
  if (op.operationId === undefined) return undefined;
  const result = contract.contract_id.safeParse(op.operationId);
  if (!result.success) {
    throw new OpenApiError(
      source,
      childPointer(pointer, 'operationId'),
      `operationId: ${result.error.issues[0]!.message}`,
    );
  }
  return result.data;
}

/**
 * Rewrites templates of the same shape (`/a/{x}` and `/a/{y}`) to the first of them in sort order, so
 * the matcher sees one path; throws when two of them declare the same method.
 */
function mergeSameShapes(operations: Operation[], source: string): Operation[] {
  const canonical = new Map<string, string>();
  const claimed = new Map<string, Operation>();
  for (const op of operations) {
    const shape = templateShape(op.template);
    const current = canonical.get(shape);
    if (current === undefined || op.template < current) canonical.set(shape, op.template);
    const key = `${op.method} ${shape}`;
    const other = claimed.get(key);
    if (other !== undefined) {
      throw new OpenApiError(
        source,
        op.pointer,
        `${op.method} ${visible(op.template)} collides with ${visible(other.pointer)} (${op.method} ${visible(other.template)}): ` +
          'paths of the same shape may differ in parameter names only when their methods are disjoint',
      );
    }
    claimed.set(key, op);
  }
  return operations.map((op) => ({ ...op, template: canonical.get(templateShape(op.template))! }));
}

function toContracts(operations: Operation[], source: string): LocatedContract[] {
  const sorted = [...operations].sort((a, b) =>
    a.template === b.template
      ? METHOD_RANK.get(a.method)! - METHOD_RANK.get(b.method)!
      : a.template < b.template
        ? -1
        : 1,
  );
  const owners = new Map<string, string>();
  return sorted.map((op) => {
    const pattern = `${op.method} ${op.template}`;
    const id = op.contractId ?? pattern;
    const owner = owners.get(id);
    if (owner !== undefined) {
      throw new OpenApiError(
        source,
        op.pointer,
        `contract_id ${quoted(id)} is already used by ${visible(owner)} (operationIds must be unique)`,
      );
    }
    owners.set(id, op.pointer);
    const result: ServiceContractInput = {
      contract_id: id,
      endpoint_pattern: pattern,
      allowed_methods: [op.method],
    };
    for (const key of SLO_KEYS) if (op.slo[key] !== undefined) result[key] = op.slo[key];
    return { contract: result, pointer: op.pointer };
  });
}
