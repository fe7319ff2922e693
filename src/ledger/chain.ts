/**
 * Sealing records into the chain: sequence, previous_hash and record_hash, where
 * record_hash = sha256(JCS(record without record_hash)).
 *
 * A body is canonicalized once, before any lock is taken (`prepareBody`); sealing it under the lock
 * only splices the three chain members into the precomputed text and hashes it. The output is exactly
 * `canonicalJson(record)`, which the tests pin against canonical.ts.
 */
import { canonicalJson, sha256Hex, stringifiesCanonically } from '../canonical.js';
import {
  formatZodError,
  GENESIS_PREVIOUS_HASH,
  type GenesisRecord,
  GenesisRecordSchema,
  type PlatformTier,
} from '../model.js';
import { LedgerError } from './errors.js';

/** A type alias, not an interface, so chained records stay assignable to LedgerRecord's index signature. */
export type ChainFields = {
  sequence: number;
  previous_hash: string;
  record_hash: string;
};
export type Chained<T> = T & ChainFields;

export interface GenesisInfo {
  policy_hash: string;
  policy_version: string;
  platform_tier: PlatformTier;
}

export const LEDGER_FORMAT = 1;
export const HEX64 = /^[0-9a-f]{64}$/;

const CHAIN_KEYS = new Set(['sequence', 'previous_hash', 'record_hash']);

/**
 * A body's canonical members split around where the chain members sort in. Sorted key order is
 * always previous_hash < record_hash < sequence, so the record's text is
 * `before + P + between + [,R] + afterHash + ,S + after`.
 */
export interface PreparedBody<T> {
  body: T;
  before: string;
  between: string;
  afterHash: string;
  after: string;
  /** The body is a plain object without a `__proto__` key: Object.assign copies it like a spread, faster. */
  plain?: boolean;
}

/** Canonicalizes a body ahead of sealing; `label` names it in errors (e.g. "body 3"). */
export function prepareBody<T extends { record_type: string }>(body: T, label: string): PreparedBody<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new LedgerError(`${label}: a ledger record must be a JSON object`);
  }
  if (typeof body.record_type !== 'string' || body.record_type === '') {
    throw new LedgerError(`${label}: record_type must be a non-empty string`);
  }
  return preparedFromText(body) ?? preparedByMember(body, label);
}

/**
 * The fast path: a body without chain members whose native JSON text is already canonical (every
 * engine record) is serialized once, and the text is cut where the chain members sort in. A cut
 * lands on the comma before the first member whose key sorts after the chain key; that member's
 * `,"key":` is searched in the text and only trusted when it occurs exactly once (a nested object
 * with the same key sends the body to the member-by-member path). Within string values a quote is
 * always escaped, so `,"` there never starts a false match.
 */
function preparedFromText<T>(body: T): PreparedBody<T> | undefined {
  const fields = body as unknown as Record<string, unknown>;
  if (fields.previous_hash !== undefined || fields.record_hash !== undefined || fields.sequence !== undefined) {
    return undefined;
  }
  if (!stringifiesCanonically(fields)) return undefined;
  const text = JSON.stringify(fields);
  // Cut positions in text; 0 means "before the first member". -1: not found yet.
  let cutPrevious = -1;
  let cutRecordHash = -1;
  let cutSequence = -1;
  let first = true;
  for (const key in fields) {
    // Object.assign would set the prototype where a spread defines the key.
    if (key === '__proto__') return undefined;
    const value = fields[key];
    if (value === undefined || typeof value === 'function') continue;
    const cutsHere =
      (cutPrevious < 0 && key > 'previous_hash') ||
      (cutRecordHash < 0 && key > 'record_hash') ||
      (cutSequence < 0 && key > 'sequence');
    if (cutsHere) {
      let at = 0;
      if (!first) {
        const needle = `,${JSON.stringify(key)}:`;
        at = text.indexOf(needle);
        if (at !== text.lastIndexOf(needle)) return undefined;
      }
      if (cutPrevious < 0) cutPrevious = at;
      if (cutRecordHash < 0 && key > 'record_hash') cutRecordHash = at;
      if (cutSequence < 0 && key > 'sequence') cutSequence = at;
    }
    first = false;
  }
  const end = text.length - 1; // the closing brace
  if (cutPrevious < 0) cutPrevious = end;
  if (cutRecordHash < 0) cutRecordHash = end;
  if (cutSequence < 0) cutSequence = end;
  // Members as ",m1,m2,…": position 0 stands for the opening brace, read as a comma.
  const members = (from: number, to: number) =>
    from >= to ? '' : from === 0 ? `,${text.slice(1, to)}` : text.slice(from, to);
  return {
    body,
    before: cutPrevious === 0 ? '{' : `${text.slice(0, cutPrevious)},`,
    between: members(cutPrevious, cutRecordHash),
    afterHash: members(cutRecordHash, cutSequence),
    after: `${members(cutSequence, end)}}`,
    plain: true,
  };
}

/** The general path: each member canonicalized on its own (unsorted keys, toJSON, chain members to drop). */
function preparedByMember<T>(body: T, label: string): PreparedBody<T> {
  let before = '{';
  let between = '';
  let afterHash = '';
  let after = '';
  const fields = body as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key];
    // Same omissions as canonicalJson: undefined and functions are not JSON.
    if (CHAIN_KEYS.has(key) || value === undefined || typeof value === 'function') continue;
    let member: string;
    try {
      member = `${JSON.stringify(key)}:${canonicalJson(value)}`;
    } catch (error) {
      throw new LedgerError(`${label}: field ${JSON.stringify(key)}: ${(error as Error).message}`);
    }
    if (key < 'previous_hash') before += `${member},`;
    else if (key < 'record_hash') between += `,${member}`;
    else if (key < 'sequence') afterHash += `,${member}`;
    else after += `,${member}`;
  }
  return { body, before, between, afterHash, after: `${after}}` };
}

/** The chained record and its ledger line (canonical JSON, no newline). */
export function sealRecord<T>(
  prepared: PreparedBody<T>,
  previous_hash: string,
  sequence: number,
): { record: Chained<T>; line: string } {
  const head = `${prepared.before}"previous_hash":"${previous_hash}"${prepared.between}`;
  const tail = `${prepared.afterHash},"sequence":${sequence}${prepared.after}`;
  const record_hash = sha256Hex(head + tail);
  return {
    record: { ...prepared.body, sequence, previous_hash, record_hash },
    line: `${head},"record_hash":"${record_hash}"${tail}`,
  };
}

const RECORD_HASH_MEMBER_BYTES = ',"record_hash":"'.length + 64 + 1;
const NEWLINE = 0x0a;

/** A batch of ledger lines as bytes, grown as needed and reused from batch to batch. */
export class LineBuffer {
  bytes: Buffer = Buffer.allocUnsafe(64 * 1024);
  length = 0;

  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  view(): Buffer {
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * sealRecord straight into bytes: the line (and its newline) is appended to `out`. The text without
 * record_hash is encoded once and hashed in place, then the record_hash member is opened up in
 * the middle of it; no line string and no batch string is ever built.
 */
export function sealInto<T>(
  prepared: PreparedBody<T>,
  previous_hash: string,
  sequence: number,
  out: LineBuffer,
): Chained<T> {
  const head = `${prepared.before}"previous_hash":"${previous_hash}"${prepared.between}`;
  const tail = `${prepared.afterHash},"sequence":${sequence}${prepared.after}`;
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  out.reserve(3 * (head.length + tail.length) + RECORD_HASH_MEMBER_BYTES + 1);
  const bytes = out.bytes;
  const start = out.length;
  const headEnd = start + bytes.write(head, start);
  const end = headEnd + bytes.write(tail, headEnd);
  const record_hash = sha256Hex(bytes.subarray(start, end));
  bytes.copyWithin(headEnd + RECORD_HASH_MEMBER_BYTES, headEnd, end);
  bytes.write(`,"record_hash":"${record_hash}"`, headEnd, 'latin1');
  bytes[end + RECORD_HASH_MEMBER_BYTES] = NEWLINE;
  out.length = end + RECORD_HASH_MEMBER_BYTES + 1;
  return chained(prepared, sequence, previous_hash, record_hash);
}

/** `{ ...body, sequence, previous_hash, record_hash }`; V8 copies a spread and then adds keys slowly. */
function chained<T>(
  prepared: PreparedBody<T>,
  sequence: number,
  previous_hash: string,
  record_hash: string,
): Chained<T> {
  if (!prepared.plain) return { ...prepared.body, sequence, previous_hash, record_hash };
  const record = Object.assign({}, prepared.body) as Chained<T>;
  record.sequence = sequence;
  record.previous_hash = previous_hash;
  record.record_hash = record_hash;
  return record;
}

/** Pure: fills sequence, previous_hash, record_hash. */
export function chainRecord<T extends { record_type: string }>(
  body: T,
  previous_hash: string,
  sequence: number,
): Chained<T> {
  if (!HEX64.test(previous_hash)) throw new LedgerError(`previous_hash must be 64 lowercase hex digits`);
  if (!Number.isSafeInteger(sequence) || sequence < 0) {
    throw new LedgerError(`sequence must be a non-negative integer, got ${sequence}`);
  }
  return sealRecord(prepareBody(body, `record ${sequence}`), previous_hash, sequence).record;
}

const GenesisBodySchema = GenesisRecordSchema.omit({
  sequence: true,
  previous_hash: true,
  record_hash: true,
});

/** The unchained genesis body; validates `info` so a bad policy hash fails before any file is touched. */
export function genesisBody(info: GenesisInfo) {
  const body = {
    record_type: 'genesis' as const,
    ledger_format: LEDGER_FORMAT,
    policy_hash: info.policy_hash,
    policy_version: info.policy_version,
    platform_tier: info.platform_tier,
  };
  const checked = GenesisBodySchema.safeParse(body);
  if (!checked.success) throw new LedgerError(`invalid genesis info:\n${formatZodError(checked.error)}`);
  return body;
}

export function genesisRecord(info: GenesisInfo): GenesisRecord {
  return chainRecord(genesisBody(info), GENESIS_PREVIOUS_HASH, 0) as GenesisRecord;
}
