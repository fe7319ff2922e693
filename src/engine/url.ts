/**
 * Request-path normalization shared by request URLs and contract templates, so both sides of a
 * match speak the same form:
 *  - `scheme://authority` is dropped (`https://api.example.com/x` → `/x`); a bare path stays a path,
 *    and `//x` is a path with a repeated slash (origin-form request target), not an authority;
 *  - the query and fragment are dropped;
 *  - percent-encoding is normalized (RFC 3986 §6.2.2.2): `%XX` of an unreserved character is decoded,
 *    any other `%XX` gets uppercase hex, so `%2F` stays encoded and never creates a segment. A stray `%`
 *    (not followed by two hex digits) is a literal percent sign and becomes `%25`; otherwise decoding
 *    could forge a new escape (`%4%41` → `%4A`) and normalizing twice would differ. Bytes outside
 *    printable ASCII (space, controls, non-ASCII) are percent-encoded as UTF-8 (the RFC 3987 IRI→URI
 *    mapping), so `/café` and `/caf%C3%A9` are the same path;
 *  - dot segments are resolved after decoding (RFC 3986 §5.2.4; `%2E%2E` is `..`), never above root;
 *  - empty segments are dropped: repeated slashes collapse and the trailing slash goes (except `/`).
 * Paths stay case-sensitive.
 */

const SLASH = 0x2f;
const DOT = 0x2e;
const PERCENT = 0x25;
const QUESTION = 0x3f;
const HASH = 0x23;

/**
 * `url[start, end)` is a path that needs no work (so `url` itself is one when the range is all of it):
 * the fast path of normalizePath, exported for the test that holds it to every clean path.
 */
export function isNormalRange(url: string, start: number, end: number): boolean {
  const n = end - start;
  if (n === 0 || url.charCodeAt(start) !== SLASH) return false;
  if (n === 1) return true;
  if (url.charCodeAt(end - 1) === SLASH) return false;
  let prev = SLASH;
  // Stryker disable next-line ArithmeticOperator: equivalent, starting one character early can only refuse more (the slow path then gives the same)
  for (let i = start + 1; i < end; i++) {
    const c = url.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === PERCENT || c === QUESTION || c === HASH) return false;
    if (c === SLASH) {
      if (prev === SLASH) return false;
    } else if (c === DOT && prev === SLASH) {
      // A segment starting with '.': reject only if it is exactly '.' or '..'.
      const next = i + 1 < end ? url.charCodeAt(i + 1) : SLASH;
      if (next === SLASH) return false;
      if (next === DOT && (i + 2 >= end || url.charCodeAt(i + 2) === SLASH)) return false;
    }
    prev = c;
  }
  return true;
}

const SCHEME_AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/** The scheme and authority of an absolute URL (`https`, `api.example.com:8443`), else undefined. */
export function urlAuthority(url: string): { scheme: string; authority: string } | undefined {
  if (url.charCodeAt(0) === SLASH) return undefined;
  const match = SCHEME_AUTHORITY.exec(url);
  if (!match) return undefined;
  const colon = match[0].indexOf(':');
  return { scheme: match[0].slice(0, colon).toLowerCase(), authority: match[0].slice(colon + 3) };
}

/** Where the path starts inside `url`: after any scheme+authority. */
function pathStart(url: string): number {
  // Stryker disable next-line ConditionalExpression: equivalent, speed only (no scheme matches a leading '/')
  if (url.charCodeAt(0) === SLASH) return 0;
  const authority = SCHEME_AUTHORITY.exec(url);
  return authority ? authority[0].length : 0;
}

/** Where the path ends: at the first `?` or `#` after `start`, else at the end. */
function pathEnd(url: string, start: number): number {
  // Stryker disable next-line EqualityOperator: equivalent, charCodeAt(url.length) is NaN
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === QUESTION || c === HASH) return i;
  }
  return url.length;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** RFC 3986 §2.3: ALPHA / DIGIT / "-" / "." / "_" / "~". */
function isUnreserved(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2d ||
    c === DOT ||
    c === 0x5f ||
    c === 0x7e
  );
}

const HEX = '0123456789ABCDEF';
const pctByte = (b: number): string => `%${HEX[b >> 4]}${HEX[b & 15]}`;

/** UTF-8 percent-encoding of one code point (a lone surrogate becomes U+FFFD). */
function pctCodePoint(cp: number): string {
  if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
  if (cp < 0x80) return pctByte(cp);
  if (cp < 0x800) return pctByte(0xc0 | (cp >> 6)) + pctByte(0x80 | (cp & 63));
  if (cp < 0x10000) {
    return pctByte(0xe0 | (cp >> 12)) + pctByte(0x80 | ((cp >> 6) & 63)) + pctByte(0x80 | (cp & 63));
  }
  return (
    pctByte(0xf0 | (cp >> 18)) +
    pctByte(0x80 | ((cp >> 12) & 63)) +
    pctByte(0x80 | ((cp >> 6) & 63)) +
    pctByte(0x80 | (cp & 63))
  );
}

/**
 * One raw segment (no '/') with its percent-encoding normalized. A segment ends at '/', '?', '#' or
 * the end of `url`, none of them a hex digit, so a `%` near its end needs no bounds check.
 */
function normalizeSegment(url: string, start: number, end: number): string {
  let out = '';
  let i = start;
  while (i < end) {
    const c = url.charCodeAt(i);
    if (c === PERCENT && isHex(url.charCodeAt(i + 1)) && isHex(url.charCodeAt(i + 2))) {
      const byte = Number.parseInt(url.slice(i + 1, i + 3), 16);
      out += isUnreserved(byte) ? String.fromCharCode(byte) : pctByte(byte);
      i += 3;
    } else if (c === PERCENT) {
      out += '%25';
      i += 1;
    } else if (c > 0x20 && c < 0x7f) {
      out += url[i];
      i += 1;
    } else {
      const cp = url.codePointAt(i)!;
      out += pctCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
    }
  }
  return out;
}

/** The normalized path of a request URL or a bare path (see the module comment for the rules). */
export function normalizePath(url: string): string {
  // Stryker disable next-line ConditionalExpression: equivalent, speed only (the next check or the full normalization gives the same)
  if (isNormalRange(url, 0, url.length)) return url;
  const start = pathStart(url);
  const end = pathEnd(url, start);
  // A full URL or a query string around a path that needs no work: the path as it is.
  // Stryker disable next-line ConditionalExpression: equivalent, speed only (the full normalization gives the same)
  if (isNormalRange(url, start, end)) return url.slice(start, end);
  const segments: string[] = [];
  let segStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && url.charCodeAt(i) !== SLASH) continue;
    if (i > segStart) {
      const segment = normalizeSegment(url, segStart, i);
      if (segment === '..') segments.pop();
      else if (segment !== '.') segments.push(segment);
    }
    segStart = i + 1;
  }
  return `/${segments.join('/')}`;
}
