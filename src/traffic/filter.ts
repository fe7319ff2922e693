/// <reference path="../types/picomatch.d.ts" />
/**
 * The policy's `traffic_filter`: which recorded requests are governed. Each request is checked
 * against the rules in FILTER_RULES order and counted under the first that removes it; the others go
 * on to the engine, which never sees a filtered request. A rule judges only what it can see: a
 * request without a host (an nginx log without `$host`, a JSONL path without `host`) passes the host
 * rules, and an event without a HAR `_resourceType` passes `resource_types`.
 */
import picomatch from 'picomatch/posix.js';
import { normalizePath, urlAuthority } from '../engine/url.js';
import type { RequestEvent, TrafficFilter } from '../model.js';

/** The rules, in the order a request meets them: who it went to, then what it fetched. */
export const FILTER_RULES = [
  'hosts',
  'exclude_hosts',
  'resource_types',
  'exclude_static_assets',
  'exclude_paths',
] as const;
export type FilterRule = (typeof FILTER_RULES)[number];

/**
 * `resource_types` when traffic_filter leaves it out: a page's own API calls are fetch and XHR
 * requests; the document, its scripts, styles, images, fonts and beacons are not an API.
 */
export const DEFAULT_RESOURCE_TYPES: readonly string[] = ['fetch', 'xhr'];

/** What `exclude_static_assets: true` removes: requests whose last path segment ends in one of these. */
export const STATIC_ASSET_EXTENSIONS: readonly string[] = [
  ...['js', 'mjs', 'css', 'map'],
  ...['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'svg', 'ico'],
  ...['woff', 'woff2', 'ttf', 'otf', 'eot'],
  ...['mp4', 'webm', 'wasm'],
];
const STATIC_EXTENSIONS: ReadonlySet<string> = new Set(STATIC_ASSET_EXTENSIONS);

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, ws: 80, https: 443, wss: 443 };

/** A request's host: lowercase name (IPv6 in brackets, no trailing dot) and port when known. */
export interface RequestHost {
  name: string;
  port: number | undefined;
}

/** `host`, `host:port`, `[v6]:port`, `user@host` → its name and port; undefined when malformed. */
export function parseHost(text: string): RequestHost | undefined {
  const hostPort = text.slice(text.lastIndexOf('@') + 1);
  const nameEnd = hostPort.startsWith('[') ? hostPort.indexOf(']') + 1 : hostPort.lastIndexOf(':');
  if (nameEnd === 0) return undefined;
  const name = (nameEnd === -1 ? hostPort : hostPort.slice(0, nameEnd)).toLowerCase().replace(/\.$/, '');
  const rest = nameEnd === -1 ? '' : hostPort.slice(nameEnd);
  if (name === '') return undefined;
  if (rest === '' || rest === ':') return { name, port: undefined };
  if (!/^:\d{1,5}$/.test(rest)) return undefined;
  return { name, port: Number(rest.slice(1)) };
}

/** The host a request went to: its URL's authority (port defaulted from the scheme), else its `host` field. */
export function requestHost(event: RequestEvent): RequestHost | undefined {
  const url = urlAuthority(event.url);
  if (url === undefined) return event.host === undefined ? undefined : parseHost(event.host);
  const host = parseHost(url.authority);
  if (host !== undefined && host.port === undefined) host.port = DEFAULT_PORTS[url.scheme];
  return host;
}

/**
 * Whether a host matches any of `patterns`: `api.example.com` exactly, `*.example.com` any subdomain
 * (not example.com itself), case-insensitive; a pattern with a port matches only that port, one
 * without matches every port.
 */
export function hostMatcher(patterns: readonly string[]): (host: RequestHost) => boolean {
  const compiled = patterns.map((pattern) => {
    const wildcard = pattern.startsWith('*.');
    const { name, port } = parseHost(wildcard ? pattern.slice(2) : pattern)!;
    return { suffix: wildcard ? `.${name}` : undefined, name, port };
  });
  return (host) =>
    compiled.some(
      (p) =>
        (p.port === undefined || p.port === host.port) &&
        (p.suffix === undefined ? host.name === p.name : host.name.endsWith(p.suffix)),
    );
}

/** Picomatch over normalized request paths: `*` stays in one segment, `**` crosses them, dot segments included. */
const globMatcher = (globs: readonly string[], debug = false) => picomatch(globs, { dot: true, debug });

/** Why `glob` is not a valid glob (picomatch would silently never match it), or undefined. */
export function globProblem(glob: string): string | undefined {
  try {
    globMatcher([glob], true);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The normalized path's last segment ends in a static asset extension (case-insensitive). */
export function isStaticAsset(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') && STATIC_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}

/** The rules a traffic_filter switches on, in FILTER_RULES order (resource_types always: it has a default). */
export function activeRules(filter: TrafficFilter): FilterRule[] {
  return FILTER_RULES.filter((rule) => {
    if (rule === 'resource_types') return true;
    if (rule === 'exclude_static_assets') return filter.exclude_static_assets === true;
    return filter[rule] !== undefined;
  });
}

/** The first rule that removes the request, or undefined when it is governed. */
export type RequestFilter = (event: RequestEvent, resourceType: string | undefined) => FilterRule | undefined;

/** The filter of a policy's traffic_filter; undefined without one (nothing to check per request). */
export function requestFilter(filter: TrafficFilter | undefined): RequestFilter | undefined {
  if (filter === undefined) return undefined;
  const allowed = filter.hosts && hostMatcher(filter.hosts);
  const denied = filter.exclude_hosts && hostMatcher(filter.exclude_hosts);
  const types = filter.resource_types ?? DEFAULT_RESOURCE_TYPES;
  const kept = types === 'all' ? undefined : new Set(types.map((type) => type.toLowerCase()));
  const assets = filter.exclude_static_assets === true;
  const paths = filter.exclude_paths && globMatcher(filter.exclude_paths);
  return (event, resourceType) => {
    if (allowed || denied) {
      const host = requestHost(event);
      if (host !== undefined) {
        if (allowed && !allowed(host)) return 'hosts';
        if (denied?.(host)) return 'exclude_hosts';
      }
    }
    if (kept && resourceType !== undefined && !kept.has(resourceType.toLowerCase())) return 'resource_types';
    if (assets || paths) {
      const path = normalizePath(event.url);
      if (assets && isStaticAsset(path)) return 'exclude_static_assets';
      if (paths?.(path)) return 'exclude_paths';
    }
    return undefined;
  };
}
