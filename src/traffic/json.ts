/**
 * JSON parsing for untrusted records. JSON.parse itself never pollutes prototypes (`__proto__`
 * becomes an own property), but any later spread or merge of such an object could, so keys that
 * name prototype machinery are rejected outright.
 */

const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type ParsedObject = { value: Record<string, unknown> } | { reason: string };

/** Parses one JSON record that must be an object; `root` names it in reasons (a JSON path). */
export function parseJsonObject(text: string, root = '$'): ParsedObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: `invalid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { reason: `expected a JSON object, got ${describe(value)}` };
  }
  const hostile = mayHoldHostileKey(text) ? findHostileKey(value, root) : undefined;
  if (hostile)
    return {
      reason: `forbidden key "${hostile.key}" at ${hostile.path}: keys that name prototype machinery are refused`,
    };
  return { value: value as Record<string, unknown> };
}

/**
 * JSON.parse makes keys only out of the text's own strings, so without a backslash (no escape can
 * spell a name) and without the words themselves, no key can name prototype machinery and the walk
 * is skipped. Three native substring searches instead of a walk over every key.
 */
function mayHoldHostileKey(text: string): boolean {
  return (
    text.includes('__proto__') ||
    text.includes('prototype') ||
    text.includes('constructor') ||
    text.includes('\\')
  );
}

interface Frame {
  node: object;
  parent: Frame | undefined;
  key: string | number;
}

function pathOf(frame: Frame | undefined, root: string): string {
  const keys: Array<string | number> = [];
  for (let f = frame; f?.parent; f = f.parent) keys.push(f.key);
  return keys.reduceRight<string>(
    (path, key) => (typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`),
    root,
  );
}

function findHostileKey(value: object, root: string): { key: string; path: string } | undefined {
  // Iterative walk (a deeply nested record must not overflow the stack); paths are built only on a hit.
  const stack: Frame[] = [{ node: value, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { node } = frame;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const child: unknown = node[i];
        if (typeof child === 'object' && child !== null) stack.push({ node: child, parent: frame, key: i });
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      if (HOSTILE_KEYS.has(key)) return { key, path: pathOf(frame, root) };
      const child = (node as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) stack.push({ node: child, parent: frame, key });
    }
  }
  return undefined;
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Why a field is refused: "`label` is missing: …" when it is absent, else "`label` must be … (got …)". */
export function mustBe(label: string, what: string, value: unknown): string {
  return value === undefined
    ? `${label} is missing: it must be ${what}`
    : `${label} must be ${what} (got ${describe(value)})`;
}
