/**
 * Checking one ledger line as stored: valid UTF-8, a JSON object, in RFC 8785 canonical form, and
 * the hash its record_hash must equal. Chain position (sequence, previous_hash)
 * is verification.ts's job.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { canonicalJson, hashWithout } from '../canonical.js';
import { visible } from '../report/text.js';
import { HEX64 } from './chain.js';

export type LineCheck =
  | { record: Record<string, unknown>; computed_hash: string; problem?: undefined }
  | { problem: string };

const RECORD_HASH_KEY = Buffer.from('"record_hash":"');
const MEMBER_LENGTH = RECORD_HASH_KEY.length + 64 + 1;
const COMMA = 0x2c;

export function checkLine(line: Buffer): LineCheck {
  if (line.length === 0) return { problem: 'empty line' };
  if (!isUtf8(line)) return { problem: 'not valid UTF-8' };
  const text = line.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON (${visible((error as Error).message)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: 'not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const stored = record.record_hash;
  if (typeof stored !== 'string' || !HEX64.test(stored)) {
    return { problem: 'record_hash is missing or not 64 lowercase hex digits' };
  }
  let canonical: boolean;
  try {
    canonical = isCanonicalText(record, text);
  } catch (error) {
    // e.g. 1e400 parses to Infinity, which no canonical text can hold
    return { problem: `not canonical JSON (${visible((error as Error).message)})` };
  }
  if (!canonical) {
    const content = hashWithout(record, 'record_hash') === stored ? 'matches' : 'does not match';
    return {
      problem: `not canonical JSON (RFC 8785: sorted keys, no whitespace, shortest numbers); its content ${content} its record_hash`,
    };
  }
  return { record, computed_hash: hashCanonicalWithoutRecordHash(line, record) };
}

/**
 * Exact: JSON.stringify (native) reproducing the text proves no whitespace, JCS strings and numbers,
 * no duplicate keys; sorted keys then make it JCS. V8 lists integer-like keys first, so a canonical
 * object such as {"10":…,"9":…} fails the quick test and is settled by canonicalJson.
 */
function isCanonicalText(value: Record<string, unknown>, text: string): boolean {
  return (JSON.stringify(value) === text && keysSorted(value)) || canonicalJson(value) === text;
}

function keysSorted(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every(keysSorted);
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    if (!keysSorted((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * sha256 of a canonical line with its top-level record_hash member cut out, which is exactly
 * JCS(record without record_hash). In valid JSON the bytes `"record_hash":"` only occur as that key,
 * so a single occurrence is the top-level member; nested record_hash keys fall back to re-canonicalizing.
 */
function hashCanonicalWithoutRecordHash(line: Buffer, record: Record<string, unknown>): string {
  const start = line.indexOf(RECORD_HASH_KEY);
  if (start !== line.lastIndexOf(RECORD_HASH_KEY)) return hashWithout(record, 'record_hash');
  const end = start + MEMBER_LENGTH;
  let cutFrom = start;
  let cutTo = end;
  if (line[start - 1] === COMMA) cutFrom--;
  else if (line[end] === COMMA) cutTo++;
  return createHash('sha256').update(line.subarray(0, cutFrom)).update(line.subarray(cutTo)).digest('hex');
}
