/**
 * JSON pointers (RFC 6901) and local `$ref` resolution for OpenAPI documents, plus the error type
 * every OpenAPI problem is reported with. Only local references (`#/...`) are followed; an external
 * one is an error, and so is a reference chain that comes back to itself.
 */

import { quoted, visible } from '../report/text.js';
import { PolicyError } from './policy.js';

/** `${source}: ${where}: problem`, where `where` is a JSON pointer like `#/paths/~1users~1{id}/get`. */
export class OpenApiError extends PolicyError {
  readonly source: string;
  readonly pointer: string;
  constructor(source: string, pointer: string, problem: string) {
    super(`${visible(source)}: ${visible(pointer)}: ${problem}`);
    this.name = 'OpenApiError';
    this.source = source;
    this.pointer = pointer;
  }
}

/** A value and the JSON pointer of the place in the document it was read from. */
export interface Located {
  value: unknown;
  pointer: string;
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const escapeSegment = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');
const unescapeSegment = (segment: string): string => segment.replaceAll('~1', '/').replaceAll('~0', '~');

/** The pointer of `key` inside the value at `pointer` (`#` is the document root). */
export const childPointer = (pointer: string, key: string | number): string =>
  `${pointer}/${escapeSegment(String(key))}`;

/** The value a local `$ref` (`#`, `#/a/b~1c`, percent-encoding allowed) points to, with its pointer. */
export function resolveLocalRef(doc: unknown, ref: unknown, at: string, source: string): Located {
  if (typeof ref !== 'string') throw new OpenApiError(source, at, '$ref must be a string');
  if (!ref.startsWith('#')) {
    throw new OpenApiError(
      source,
      at,
      `external $ref ${quoted(ref)} is not supported (only local refs like "#/...")`,
    );
  }
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    throw new OpenApiError(source, at, `$ref ${quoted(ref)} has malformed percent-encoding`);
  }
  if (fragment !== '' && !fragment.startsWith('/')) {
    throw new OpenApiError(
      source,
      at,
      `$ref ${quoted(ref)} is not a JSON pointer (it must be "#" or start with "#/")`,
    );
  }
  let value = doc;
  let pointer = '#';
  for (const segment of fragment === '' ? [] : fragment.slice(1).split('/')) {
    const key = unescapeSegment(segment);
    const container = value as Record<string, unknown>;
    if (typeof value !== 'object' || value === null || !Object.hasOwn(container, key)) {
      throw new OpenApiError(
        source,
        at,
        `$ref ${quoted(ref)} points to nothing (${visible(childPointer(pointer, key))} does not exist)`,
      );
    }
    value = container[key];
    pointer = childPointer(pointer, key);
  }
  return { value, pointer };
}

/** Longest `$ref` chain followed (a ref to a ref to …); real documents use one or two links. */
export const MAX_REF_DEPTH = 64;

/**
 * The fields of an object that may be a `$ref` (followed through chains, local only), each with the
 * pointer it was read from. Fields written beside a `$ref` override the referenced ones (OpenAPI 3.1
 * leaves this undefined; the nearer definition winning is the least surprising reading).
 */
export function resolveObjectFields(
  doc: unknown,
  value: unknown,
  pointer: string,
  source: string,
  what: string,
  chain: readonly string[] = [],
): Map<string, Located> {
  if (!isRecord(value)) throw new OpenApiError(source, pointer, `${what} must be an object`);
  const fields = new Map<string, Located>();
  if (Object.hasOwn(value, '$ref')) {
    const target = resolveLocalRef(doc, value.$ref, childPointer(pointer, '$ref'), source);
    const visited = [...chain, pointer];
    if (visited.length > MAX_REF_DEPTH) {
      throw new OpenApiError(
        source,
        childPointer(visited[0]!, '$ref'),
        `$ref chain longer than ${MAX_REF_DEPTH} references (${visited[0]} -> ${visited[1]} -> … -> ${target.pointer}): point the first $ref at the definition itself`,
      );
    }
    if (visited.includes(target.pointer)) {
      throw new OpenApiError(
        source,
        childPointer(visited[0]!, '$ref'),
        `$ref cycle: ${[...visited, target.pointer].map((p) => visible(p)).join(' -> ')}`,
      );
    }
    for (const [key, field] of resolveObjectFields(
      doc,
      target.value,
      target.pointer,
      source,
      what,
      visited,
    )) {
      fields.set(key, field);
    }
  }
  for (const [key, field] of Object.entries(value)) {
    if (key !== '$ref') fields.set(key, { value: field, pointer: childPointer(pointer, key) });
  }
  return fields;
}
