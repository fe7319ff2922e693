/**
 * Policy and contract files: YAML or JSON (JSON is YAML), validated with their file name and JSON
 * path in every error. A contracts file is a list of contracts, `{ contracts: [...] }`, or an
 * OpenAPI / Swagger document.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { GovernancePolicy } from '../model.js';
import { visible } from '../report/text.js';
import { contractsFromOpenApi, isOpenApiDocument } from './openapi.js';
import { createPolicy, PolicyError } from './policy.js';

/** Parses a YAML/JSON file into plain data; errors name the file and the line. */
export function readStructuredFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PolicyError(
      `${visible(path)}: cannot read (${code === 'ENOENT' ? 'no such file' : (code ?? visible((error as Error).message))})`,
    );
  }
  try {
    return parseYaml(text, { uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    throw new PolicyError(
      `${visible(path)}: not valid YAML or JSON: ${visible((error as Error).message.split('\n')[0]!)}`,
    );
  }
}

function contractsIn(path: string): unknown[] {
  const doc = readStructuredFile(path);
  if (Array.isArray(doc)) return doc;
  if (isOpenApiDocument(doc)) return contractsFromOpenApi(doc, path);
  if (doc && typeof doc === 'object' && Array.isArray((doc as { contracts?: unknown }).contracts)) {
    const keys = Object.keys(doc);
    if (keys.length > 1) {
      throw new PolicyError(
        `${visible(path)}: $: a contracts file holds only "contracts"; unknown keys: ${keys
          .filter((k) => k !== 'contracts')
          .map((k) => visible(k))
          .join(', ')}`,
      );
    }
    return (doc as { contracts: unknown[] }).contracts;
  }
  throw new PolicyError(
    `${visible(path)}: $: expected a list of contracts, { contracts: [...] }, or an OpenAPI/Swagger document`,
  );
}

/** Loads a policy file and appends the contracts of each contracts file to its own. */
export function loadPolicy(policyPath: string, contractPaths: readonly string[] = []): GovernancePolicy {
  const doc = readStructuredFile(policyPath);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new PolicyError(`${visible(policyPath)}: $: a policy is an object with at least "version"`);
  }
  const own = (doc as { contracts?: unknown }).contracts;
  const extra = contractPaths.flatMap(contractsIn);
  const merged =
    extra.length === 0 ? doc : { ...doc, contracts: [...(Array.isArray(own) ? own : []), ...extra] };
  try {
    return createPolicy(merged);
  } catch (error) {
    if (error instanceof PolicyError) {
      const files = [policyPath, ...contractPaths].map((p) => visible(p)).join(' + ');
      throw new PolicyError(`${files}: invalid policy:\n${error.message}`);
    }
    throw error;
  }
}
