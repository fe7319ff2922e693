/**
 * RFC 8785 (JCS) canonical JSON and SHA-256 digests.
 * Keys are sorted by UTF-16 code units, strings and numbers are serialized as ECMAScript's
 * JSON.stringify does (which is what JCS specifies), and there is no whitespace.
 */
import crypto, { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  // Most values (every record the engine builds) already hold their keys in sorted order: then the
  // native serializer writes exactly the JCS text, several times faster than the walk below.
  if (typeof value === 'object' && value !== null && stringifiesCanonically(value)) {
    return JSON.stringify(value);
  }
  return canonicalText(value);
}

const OBJECT_PROTOTYPE = Object.prototype;

/**
 * Whether JSON.stringify(value) is byte-identical to the JCS text: plain objects (prototype
 * Object.prototype or null, no toJSON method) whose keys enumerate in strictly ascending UTF-16 order
 * (V8 lists integer-like keys first, so {"10":…,"9":…} fails and takes the slow path), finite numbers,
 * and no value that canonicalText would refuse (symbols, bigints). Undefined and functions are
 * omitted from objects and written as null in arrays by both serializers. Each value is read twice
 * (here, then by JSON.stringify): records are plain data; a getter that returns something else on
 * its second read is the one case where the text can differ from a single read.
 */
export function stringifiesCanonically(value: object): boolean {
  if (Array.isArray(value)) {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
    for (let i = 0; i < value.length; i++) if (!memberOk(value[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== OBJECT_PROTOTYPE && proto !== null) return false;
  const obj = value as Record<string, unknown>;
  if (typeof obj.toJSON === 'function') return false;
  let previous: string | undefined;
  for (const key in obj) {
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    if (!memberOk(obj[key])) return false;
  }
  return true;
}

function memberOk(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'undefined':
    case 'function':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object':
      return v === null || (FROZEN_CANONICAL.has(v) ? true : stringifiesCanonically(v) && rememberFrozen(v));
    default:
      return false;
  }
}

/**
 * Frozen objects already found canonical: one whose own properties are all data properties holding
 * primitives or such objects can never change, so it is walked once (the engine's invariant checks
 * are shared frozen objects).
 */
const FROZEN_CANONICAL = new WeakSet<object>();

function rememberFrozen(v: object): true {
  if (Object.isFrozen(v) && immutableMembers(v)) FROZEN_CANONICAL.add(v);
  return true;
}

function immutableMembers(v: object): boolean {
  const descriptors = Object.getOwnPropertyDescriptors(v);
  for (const key of Reflect.ownKeys(descriptors)) {
    const d = descriptors[key as string]!;
    if (!('value' in d)) return false;
    const member = d.value;
    if (typeof member === 'object' && member !== null && !FROZEN_CANONICAL.has(member)) return false;
  }
  return true;
}

/** The reference JCS walk: sorts every object's keys. */
function canonicalText(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot encode ${value}`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item = value[i];
          out += item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item);
        }
        return `${out}]`;
      }
      const toJSON = (value as { toJSON?: () => unknown }).toJSON;
      if (typeof toJSON === 'function') return canonicalJson(toJSON.call(value));
      const obj = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, exactly as JCS requires.
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const v = obj[key];
        if (v === undefined || typeof v === 'function') continue;
        if (!first) out += ',';
        first = false;
        out += `${JSON.stringify(key)}:${canonicalJson(v)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
  }
}

/** One-shot hashing (Node >= 20.12) skips the Hash object; older Node 20 falls back to createHash. */
const oneShot = (
  crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }
).hash;

export const sha256Hex: (data: string | Uint8Array) => string = oneShot
  ? (data) => oneShot('sha256', data, 'hex')
  : (data) => createHash('sha256').update(data).digest('hex');

/** sha256 of the canonical JSON of `value` without the key `omit` (the hash field itself). */
export function hashWithout(value: Record<string, unknown>, omit: string): string {
  const { [omit]: _dropped, ...rest } = value;
  return sha256Hex(canonicalJson(rest));
}
