/**
 * Contract matching: which service contract governs a request (method + URL).
 *
 * Priority follows find-my-way and OpenAPI's "concrete paths win", segment by segment from the
 * left: a static segment beats a mixed one (`{name}.json`), which beats a pure parameter (`{id}`).
 * Mixed segments at the same position rank by more literal characters first, then by their text
 * (a parameter sorting before any character), so the order never depends on policy order. Templates
 * that differ only in parameter names are the same path; the contracts on one path keep policy order.
 *
 * Method resolution walks the matching paths in priority order (backtracking into lower-ranked
 * branches) and takes the first contract whose allowed_methods has the method. If some path matched
 * but none allows the method, the result is method_disallowed against the first contract of the
 * highest-priority path. Only `allowed_methods` decides; the `METHOD` written in a pattern is the
 * policy loader's business (it fills allowed_methods from it).
 *
 * Templates are never compiled to regexes: literal text is compared as text, so a pattern such as
 * `(a+)+$` is just those six characters. `*` is refused rather than taken literally: it reads as a
 * wildcard and would silently never match.
 */
import { HTTP_METHODS, type HttpMethod, type ServiceContract } from '../model.js';
import { normalizePath } from './url.js';

export { normalizePath } from './url.js';

export type MatchKind = 'matched' | 'method_disallowed' | 'unknown';

/** Results for exact static paths are shared, frozen objects: treat every result as read-only. */
export interface MatchResult {
  readonly kind: MatchKind;
  /** null only for 'unknown'. */
  readonly contract: ServiceContract | null;
  /** The normalized request path. */
  readonly path: string;
  /** contract.endpoint_pattern for matched and method_disallowed; `${METHOD} ${path}` for unknown. */
  readonly endpoint_key: string;
}

export type PatternPart = { kind: 'literal'; text: string } | { kind: 'param'; name: string };
export type PatternSegment =
  | { kind: 'static'; text: string }
  | { kind: 'param'; name: string }
  /** Literal text and parameters in one segment, never two parameters side by side. */
  | { kind: 'mixed'; parts: PatternPart[] };

export interface EndpointPattern {
  /** The method written before the path, uppercase; null for a path-only pattern. */
  method: HttpMethod | null;
  /** The template path, normalized like a request path (braces kept). */
  path: string;
  segments: PatternSegment[];
}

const PARAM_NAME = /^[A-Za-z0-9_.-]+$/;
const EXPRESS_PARAM = /^:[A-Za-z_][A-Za-z0-9_]*$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

function patternError(pattern: string, problem: string): Error {
  return new Error(`endpoint pattern ${JSON.stringify(pattern)}: ${problem}`);
}

function parseSegment(pattern: string, text: string, seen: Set<string>): PatternSegment {
  const parts: PatternPart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '}') throw patternError(pattern, `unmatched "}" in segment "${text}"`);
    if (ch !== '{') {
      literal += ch;
      i++;
      continue;
    }
    const close = text.indexOf('}', i + 1);
    if (close === -1) throw patternError(pattern, `unclosed "{" in segment "${text}"`);
    const name = text.slice(i + 1, close);
    if (!PARAM_NAME.test(name)) {
      throw patternError(pattern, `parameter name "${name}" in segment "${text}" must match [A-Za-z0-9_.-]+`);
    }
    if (seen.has(name)) throw patternError(pattern, `parameter {${name}} appears more than once`);
    seen.add(name);
    if (literal !== '') parts.push({ kind: 'literal', text: literal });
    else if (parts.length > 0) {
      throw patternError(pattern, `parameters in segment "${text}" need literal text between them`);
    }
    literal = '';
    parts.push({ kind: 'param', name });
    i = close + 1;
  }
  if (literal !== '') parts.push({ kind: 'literal', text: literal });
  if (parts.length === 1 && parts[0]!.kind === 'param') return parts[0]!;
  if (parts.every((p) => p.kind === 'literal')) {
    if (EXPRESS_PARAM.test(text)) {
      throw patternError(
        pattern,
        `segment "${text}" is Express-style; write a parameter as {${text.slice(1)}}`,
      );
    }
    return { kind: 'static', text };
  }
  return { kind: 'mixed', parts };
}

/** Parses `METHOD /path/{param}` or `/path/{param}`; throws an Error naming the pattern and the problem. */
export function parseEndpointPattern(pattern: string): EndpointPattern {
  const trimmed = pattern.trim();
  if (trimmed === '') throw patternError(pattern, 'is empty');
  let method: HttpMethod | null = null;
  let rawPath = trimmed;
  if (!trimmed.startsWith('/')) {
    // Stryker disable next-line Regex: equivalent, the anchors are implied (\S+ from the start of a trimmed string, .* to its end with the s flag)
    const split = /^(\S+)\s+(.*)$/s.exec(trimmed);
    if (!split) throw patternError(pattern, 'expected "METHOD /path" or "/path"');
    const word = split[1]!.toUpperCase();
    if (!(HTTP_METHODS as readonly string[]).includes(word)) {
      throw patternError(
        pattern,
        `unknown HTTP method "${split[1]}" (expected one of ${HTTP_METHODS.join(', ')})`,
      );
    }
    method = word as HttpMethod;
    rawPath = split[2]!;
  }
  if (!rawPath.startsWith('/')) {
    throw patternError(pattern, `the path must start with "/" (a path, not a full URL), got "${rawPath}"`);
  }
  if (/\s/.test(rawPath)) throw patternError(pattern, 'the path contains whitespace');
  if (/[?#]/.test(rawPath)) throw patternError(pattern, 'a pattern has no query string or fragment');
  if (BAD_PERCENT.test(rawPath)) throw patternError(pattern, '"%" must be followed by two hex digits');
  if (rawPath.includes('*')) {
    throw patternError(
      pattern,
      '"*" is not a wildcard (patterns are matched as text, segment by segment): write {name} for one segment, like /api/items/{id}',
    );
  }
  const path = normalizePath(rawPath);
  const seen = new Set<string>();
  const segments =
    path === '/'
      ? []
      : path
          .slice(1)
          .split('/')
          .map((text) => parseSegment(pattern, text, seen));
  return { method, path, segments };
}

/** A template path with its parameter names left out: templates of one shape are one path here. */
export const templateShape = (path: string): string => path.replace(/\{[^{}]*\}/g, '{}');

// ---------------------------------------------------------------------------------------------
// The route trie
// ---------------------------------------------------------------------------------------------

/** A mixed segment as `prefix {p} middle₁ {p} … middleₙ {p} suffix` (prefix/suffix may be empty). */
interface MixedShape {
  prefix: string;
  middles: string[];
  suffix: string;
}

interface MixedEdge {
  /** The segment text with each parameter written as U+0000: identity and tie-break order. */
  key: string;
  literalLength: number;
  shape: MixedShape;
  node: TrieNode;
}

/** Up to this many static children are compared in place; more go through a Map (slice + hash). */
const SMALL_FANOUT = 6;

class TrieNode {
  staticKeys: string[] = [];
  staticNodes: TrieNode[] = [];
  staticMap: Map<string, TrieNode> | null = null;
  mixed: MixedEdge[] = [];
  param: TrieNode | null = null;
  /** Contracts whose template ends here, in policy order. */
  contracts: ServiceContract[] = [];
  /** The first contract here that allows each method. */
  byMethod = new Map<string, ServiceContract>();
}

function mixedEdgeFor(parts: PatternPart[]): Omit<MixedEdge, 'node'> {
  const literals: string[] = [];
  // Stryker disable next-line StringLiteral: equivalent, a prefix shared by every key changes neither order nor identity
  let key = '';
  let literal = '';
  let literalLength = 0;
  for (const part of parts) {
    if (part.kind === 'literal') {
      key += part.text;
      literal = part.text;
      literalLength += part.text.length;
    } else {
      key += '\u0000';
      literals.push(literal);
      literal = '';
    }
  }
  literals.push(literal);
  const shape: MixedShape = {
    prefix: literals[0]!,
    middles: literals.slice(1, -1),
    suffix: literals[literals.length - 1]!,
  };
  return { key, literalLength, shape };
}

/**
 * Whether `path[start, end)` fits the shape with every parameter non-empty. Leftmost placement of
 * each middle literal leaves the most room for the rest, so one greedy pass decides (no backtracking).
 * Literals never contain '/', so a prefix, suffix or middle found across a segment boundary fails:
 * at the '/' itself, or at the final `pos <= limit`.
 */
function matchesMixed(shape: MixedShape, path: string, start: number, end: number): boolean {
  if (!path.startsWith(shape.prefix, start) || !path.endsWith(shape.suffix, end)) return false;
  const limit = end - shape.suffix.length;
  let pos = start + shape.prefix.length + 1;
  for (const middle of shape.middles) {
    const at = path.indexOf(middle, pos);
    if (at === -1) return false;
    pos = at + middle.length + 1;
  }
  return pos <= limit;
}

function staticChild(node: TrieNode, path: string, start: number, end: number): TrieNode | undefined {
  // Stryker disable next-line ConditionalExpression: equivalent, speed only (staticKeys holds every key too)
  if (node.staticMap) return node.staticMap.get(path.slice(start, end));
  const keys = node.staticKeys;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (key.length === end - start && path.startsWith(key, start)) return node.staticNodes[k];
  }
  return undefined;
}

function byPriority(a: MixedEdge, b: MixedEdge): number {
  if (a.literalLength !== b.literalLength) return b.literalLength - a.literalLength;
  // Stryker disable next-line EqualityOperator: equivalent, the keys of one node's edges are distinct
  return a.key < b.key ? -1 : 1;
}

function childFor(node: TrieNode, segment: PatternSegment): TrieNode {
  if (segment.kind === 'static') {
    const existing = node.staticMap
      ? node.staticMap.get(segment.text)
      : node.staticNodes[node.staticKeys.indexOf(segment.text)];
    if (existing) return existing;
    const child = new TrieNode();
    node.staticKeys.push(segment.text);
    node.staticNodes.push(child);
    if (node.staticMap) node.staticMap.set(segment.text, child);
    // Stryker disable next-line all: equivalent, speed only (when the Map takes over; a Map built again holds every key)
    if (!node.staticMap && node.staticKeys.length > SMALL_FANOUT) {
      node.staticMap = new Map(node.staticKeys.map((key, i) => [key, node.staticNodes[i]!]));
    }
    return child;
  }
  if (segment.kind === 'param') {
    node.param ??= new TrieNode();
    return node.param;
  }
  const edge = mixedEdgeFor(segment.parts);
  // Stryker disable next-line all: equivalent, speed only (a second edge of one shape is walked after the first, with the same results)
  const existing = node.mixed.find((e) => e.key === edge.key);
  // Stryker disable next-line ConditionalExpression: equivalent (as above)
  if (existing) return existing.node;
  const child = new TrieNode();
  node.mixed.push({ ...edge, node: child });
  node.mixed.sort(byPriority);
  return child;
}

function parsePatternOf(contract: ServiceContract): EndpointPattern {
  try {
    return parseEndpointPattern(contract.endpoint_pattern);
  } catch (error) {
    throw new Error(`contract ${JSON.stringify(contract.contract_id)}: ${(error as Error).message}`);
  }
}

export class ContractMatcher {
  private readonly root = new TrieNode();
  /** Precomputed answers for requests whose path is exactly a static template, per method. */
  private readonly exact = new Map<string, Map<string, MatchResult>>();
  /** The first contract of the highest-priority matching path, set during one walk. */
  private firstMatch: ServiceContract | undefined;

  /** Contracts are already validated with allowed_methods filled; a bad pattern throws. */
  constructor(contracts: readonly ServiceContract[]) {
    // Stryker disable next-line ArrayDeclaration: equivalent, a precomputed answer for a path no request normalizes to
    const staticPaths: string[] = [];
    for (const contract of contracts) {
      const { path, segments } = parsePatternOf(contract);
      let node = this.root;
      for (const segment of segments) node = childFor(node, segment);
      node.contracts.push(contract);
      for (const method of contract.allowed_methods) {
        if (!node.byMethod.has(method)) node.byMethod.set(method, contract);
      }
      // Stryker disable next-line all: equivalent, speed only (resolve() gives every precomputed answer)
      if (segments.every((s) => s.kind === 'static')) staticPaths.push(path);
    }
    // Stryker disable all: equivalent, speed only: the precomputed answers are what resolve() gives
    for (const path of staticPaths) {
      if (this.exact.has(path)) continue;
      const perMethod = new Map<string, MatchResult>();
      for (const method of HTTP_METHODS) perMethod.set(method, Object.freeze(this.resolve(method, path)));
      this.exact.set(path, perMethod);
    }
    // Stryker restore all
  }

  /** `method` is uppercase; `url` is a full URL or a path (see normalizePath). */
  match(method: string, url: string): MatchResult {
    const path = normalizePath(url);
    const known = this.exact.get(path)?.get(method);
    return known ?? this.resolve(method, path);
  }

  private resolve(method: string, path: string): MatchResult {
    const contract = this.walk(this.root, path, 1, method);
    const fallback = this.firstMatch;
    this.firstMatch = undefined;
    if (contract) return { kind: 'matched', contract, path, endpoint_key: contract.endpoint_pattern };
    if (fallback) {
      return { kind: 'method_disallowed', contract: fallback, path, endpoint_key: fallback.endpoint_pattern };
    }
    return { kind: 'unknown', contract: null, path, endpoint_key: `${method} ${path}` };
  }

  /**
   * Depth-first in priority order: static child, mixed children, parameter child. `start` indexes the
   * current segment of the normalized path (no empty segments, no trailing slash); past the end, the
   * path is consumed.
   */
  private walk(node: TrieNode, path: string, start: number, method: string): ServiceContract | undefined {
    if (start >= path.length) {
      // Stryker disable next-line ConditionalExpression: equivalent, speed only (no contract: nothing to set or find)
      if (node.contracts.length === 0) return undefined;
      this.firstMatch ??= node.contracts[0];
      return node.byMethod.get(method);
    }
    let end = path.indexOf('/', start);
    if (end === -1) end = path.length;
    const next = end + 1;
    const child = staticChild(node, path, start, end);
    if (child) {
      const found = this.walk(child, path, next, method);
      if (found) return found;
    }
    for (const edge of node.mixed) {
      if (!matchesMixed(edge.shape, path, start, end)) continue;
      const found = this.walk(edge.node, path, next, method);
      if (found) return found;
    }
    return node.param ? this.walk(node.param, path, next, method) : undefined;
  }
}
