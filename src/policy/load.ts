/**
 * Policy and contract files: YAML or JSON (JSON is YAML), validated with their file name and JSON
 * path in every error. A contracts file is a list of contracts, `{ contracts: [...] }`, or an
 * OpenAPI / Swagger document.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { GovernancePolicy } from '../model.js';
import { visible } from '../report/text.js';
import { isOpenApiDocument, locatedContractsFromOpenApi } from './openapi.js';
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
    throw new PolicyError(`${visible(path)}: ${yamlProblem(error as Error)}`);
  }
}

/** "not valid YAML or JSON (line L, column C): problem", without the code frame yaml appends. */
function yamlProblem(error: Error): string {
  let problem = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:$/, '');
  if (problem === 'Maximum call stack size exceeded') {
    problem = 'nested too deeply to read (policies and contracts are a few levels deep)';
  }
  const at = error instanceof YAMLParseError ? error.linePos?.[0] : undefined;
  return `not valid YAML or JSON${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${visible(problem)}`;
}

/** The contracts of one contracts file, each with where it was written (`file: path`). */
function contractsIn(path: string): { contract: unknown; where: string }[] {
  const doc = readStructuredFile(path);
  if (Array.isArray(doc)) return doc.map((contract, i) => ({ contract, where: `${visible(path)}: $[${i}]` }));
  if (isOpenApiDocument(doc)) {
    return locatedContractsFromOpenApi(doc, path).map(({ contract, pointer }) => ({
      contract,
      where: `${visible(path)}: ${pointer}`,
    }));
  }
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
    return (doc as { contracts: unknown[] }).contracts.map((contract, i) => ({
      contract,
      where: `${visible(path)}: $.contracts[${i}]`,
    }));
  }
  throw new PolicyError(
    `${visible(path)}: $: expected a list of contracts, { contracts: [...] }, or an OpenAPI/Swagger document`,
  );
}

/**
 * Loads a policy file and appends the contracts of each contracts file to its own. Errors about a
 * contract from a contracts file name that file and the contract's path in it.
 */
export function loadPolicy(policyPath: string, contractPaths: readonly string[] = []): GovernancePolicy {
  const doc = readStructuredFile(policyPath);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new PolicyError(`${visible(policyPath)}: $: a policy is an object with at least "version"`);
  }
  const own = (doc as { contracts?: unknown }).contracts;
  const ownCount = Array.isArray(own) ? own.length : 0;
  const extra = contractPaths.flatMap(contractsIn);
  const merged =
    extra.length === 0
      ? doc
      : { ...doc, contracts: [...(Array.isArray(own) ? own : []), ...extra.map((c) => c.contract)] };
  const contractAt = (i: number): string => (i < ownCount ? `$.contracts[${i}]` : extra[i - ownCount]!.where);
  try {
    return createPolicy(merged, contractAt);
  } catch (error) {
    if (error instanceof PolicyError) {
      const files = [policyPath, ...contractPaths].map((p) => visible(p)).join(' + ');
      throw new PolicyError(`${files}: invalid policy:\n${error.message}`);
    }
    throw error;
  }
}
