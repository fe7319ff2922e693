/**
 * Acceptance: GitHub's real REST API description (@octokit/openapi) becomes contracts, and every
 * documented operation, reached by a concrete URL, maps to its own contract and method.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContractMatcher } from '../src/engine/matcher.js';
import {
  HTTP_METHODS,
  type ServiceContract,
  type ServiceContractInput,
  ServiceContractSchema,
} from '../src/model.js';
import { contractsFromOpenApi } from '../src/policy/openapi.js';
import { createPolicy } from '../src/policy/policy.js';

const SOURCE = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
const OPERATION_KEYS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Operation = { operationId: string };
type PathItem = Partial<Record<(typeof OPERATION_KEYS)[number], Operation>>;
interface Doc {
  paths: Record<string, PathItem>;
}

let doc: Doc;
let contracts: ServiceContractInput[];
let matcher: ContractMatcher;

/** Unique parameter values that no static segment of the document can equal. */
let counter = 0;
const token = (): string => `x${counter++}q7`;
const concreteUrl = (template: string): string =>
  `https://api.github.com${template.replace(/\{[^{}]*\}/g, () => token())}`;
/** An independent check that a template fits a path: each {param} is one non-empty run without '/'. */
const fits = (template: string, path: string): boolean =>
  new RegExp(
    `^${template
      .split(/\{[^{}]*\}/)
      .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+')}$`,
  ).test(path);
const templateOf = (c: { endpoint_pattern: string }): string =>
  c.endpoint_pattern.slice(c.endpoint_pattern.indexOf(' ') + 1);

beforeAll(() => {
  doc = JSON.parse(readFileSync(SOURCE, 'utf8')) as Doc;
  contracts = contractsFromOpenApi(doc, 'api.github.com.json');
  matcher = new ContractMatcher(contracts.map((c) => ServiceContractSchema.parse(c) as ServiceContract));
});

describe("GitHub's REST API description as contracts", () => {
  it('has 811 paths and 1,223 operations, each becoming one contract with its operationId', () => {
    const paths = Object.keys(doc.paths);
    const operationIds = paths.flatMap((p) =>
      OPERATION_KEYS.flatMap((m) => doc.paths[p]![m]?.operationId ?? []),
    );
    expect(paths).toHaveLength(811);
    expect(operationIds).toHaveLength(1223);
    expect(contracts).toHaveLength(1223);
    expect(new Set(contracts.map((c) => c.contract_id))).toEqual(new Set(operationIds));
    // The tokens below cannot collide with a static segment.
    expect(paths.some((p) => /(^|\/)x\d+q7(\/|$)/.test(p))).toBe(false);
  });

  it('merges the same-shape attestation templates into one canonical template each', () => {
    const attestations = contracts
      .filter((c) => /^\S+ \/(orgs|users)\/\{[a-z]+\}\/attestations\/\{/.test(c.endpoint_pattern))
      .map((c) => `${c.endpoint_pattern} = ${c.contract_id}`);
    expect(attestations).toEqual([
      'GET /orgs/{org}/attestations/{attestation_id} = orgs/list-attestations',
      'DELETE /orgs/{org}/attestations/{attestation_id} = orgs/delete-attestations-by-id',
      'GET /users/{username}/attestations/{attestation_id} = users/list-attestations',
      'DELETE /users/{username}/attestations/{attestation_id} = users/delete-attestations-by-id',
    ]);
  });

  it('maps a concrete URL of every operation to its own contract and method', () => {
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const key of OPERATION_KEYS) {
        const operation = item[key];
        if (!operation) continue;
        const method = key.toUpperCase();
        const result = matcher.match(method, concreteUrl(path));
        const where = `${method} ${path}`;
        expect(result.kind, where).toBe('matched');
        expect(result.contract?.contract_id, where).toBe(operation.operationId);
        expect(result.contract?.allowed_methods, where).toEqual([method]);
        expect(fits(templateOf(result.contract!), result.path), where).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(1223);
  });

  it('a method no operation declares is method_disallowed against that path, on every path', () => {
    // GitHub declares no TRACE anywhere, so nothing lower-priority can take it.
    const templates = [...new Set(contracts.map(templateOf))];
    expect(templates).toHaveLength(809); // 811 paths, two pairs merged
    for (const template of templates) {
      const result = matcher.match('TRACE', concreteUrl(template));
      expect(result.kind, template).toBe('method_disallowed');
      expect(templateOf(result.contract!), template).toBe(template);
    }
  });

  it('every other undeclared method is disallowed, or taken by a lower-priority template that fits and allows it', () => {
    const declared = new Map<string, Set<string>>();
    for (const c of contracts) {
      const t = templateOf(c);
      if (!declared.has(t)) declared.set(t, new Set());
      for (const m of c.allowed_methods ?? []) declared.get(t)!.add(m);
    }
    const outcomes = { method_disallowed: 0, fallback: 0 };
    for (const [template, methods] of declared) {
      for (const method of HTTP_METHODS.filter((m) => !methods.has(m))) {
        const result = matcher.match(method, concreteUrl(template));
        const where = `${method} ${template}`;
        expect(result.kind, where).not.toBe('unknown');
        const other = templateOf(result.contract!);
        if (result.kind === 'method_disallowed') {
          expect(other, where).toBe(template);
          outcomes.method_disallowed++;
        } else {
          // e.g. DELETE /repos/{owner}/{repo}/releases/latest → DELETE …/releases/{release_id}
          expect(other, where).not.toBe(template);
          expect(fits(other, result.path), where).toBe(true);
          expect(result.contract!.allowed_methods, where).toContain(method);
          outcomes.fallback++;
        }
      }
    }
    expect(outcomes.method_disallowed).toBeGreaterThan(outcomes.fallback * 10);
  });

  it('an unlisted path is unknown for every method', () => {
    for (const url of [
      '/definitely/not/in/github',
      'https://api.github.com/repos/a/b/no-such-thing/c/d/e/f/g',
    ]) {
      for (const method of HTTP_METHODS)
        expect(matcher.match(method, url).kind, `${method} ${url}`).toBe('unknown');
    }
  });

  it('the derived policy hash does not depend on the key order of the document', () => {
    const reversed = { ...doc, paths: Object.fromEntries(Object.entries(doc.paths).reverse()) };
    const again = contractsFromOpenApi(reversed, 'api.github.com.json');
    expect(again).toEqual(contracts);
    const hash = (cs: ServiceContractInput[]) =>
      createPolicy({ version: '1.0.0', contracts: cs }).policy_hash;
    expect(hash(again)).toBe(hash(contracts));
  });
});
