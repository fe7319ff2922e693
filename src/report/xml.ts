/**
 * XML 1.0 text and attribute values. `visible` has already replaced every character XML 1.0 cannot
 * carry (C0 controls, lone surrogates, U+FFFE/U+FFFF); the five special characters become entities.
 */
import { visible } from './text.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** User text as XML character data or an attribute value (one line: newlines are escaped). */
export function xmlText(value: string): string {
  return visible(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Several lines of user text as XML character data, the line breaks kept. */
export function xmlLines(lines: readonly string[]): string {
  return lines.map(xmlText).join('\n');
}
