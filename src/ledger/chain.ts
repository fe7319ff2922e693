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
import { type StagedOffsets, stageDecision } from './decision-text.js';
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
 * A body ready to seal, canonicalized ahead of any lock, in one of two forms:
 *  - `template`: the canonical text of the record with a placeholder for each chain value, found at
 *    `previousAt`, `recordHashAt` and `sequenceAt` (see preparedFromTemplate);
 *  - members split around where the chain members sort in (sorted key order is always
 *    previous_hash < record_hash < sequence), so the record's text is
 *    `before + P + between + [,R] + afterHash + ,S + after`.
 */
export interface PreparedBody<T> {
  body: T;
  before: string;
  between: string;
  afterHash: string;
  after: string;
  template?: string;
  previousAt?: number;
  recordHashAt?: number;
  sequenceAt?: number;
  /** The body is a plain object without a `__proto__` key: Object.assign copies it like a spread, faster. */
  plain?: boolean;
  /** An ASCII template moved into a staging buffer (see stageTemplate): its offset and length there. */
  stagedAt?: number;
  stagedLength?: number;
}

/** Canonicalizes a body ahead of sealing; `label` names it in errors (e.g. "body 3"). */
export function prepareBody<T extends { record_type: string }>(body: T, label: string): PreparedBody<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new LedgerError(`${label}: a ledger record must be a JSON object`);
  }
  if (typeof body.record_type !== 'string' || body.record_type === '') {
    throw new LedgerError(`${label}: record_type must be a non-empty string`);
  }
  return preparedFromTemplate(body) ?? preparedByMember(body, label);
}

/**
 * The chain values' stand-in while a body waits for its place in the chain: 64 characters, the
 * width of a hash, so previous_hash and record_hash keep their final length. Its value never
 * matters for correctness (a body that happens to contain it takes the member-by-member path).
 */
const PLACEHOLDER = 'ccb1e1d2a7c6b1d04cbe3a1b4f1b6e5a9a6f3d2c1b0a99887766554433221100';
const WIDTH = PLACEHOLDER.length;
/** `,"record_hash":"` before the value and `"` after it. */
const RECORD_HASH_OPEN = ',"record_hash":"'.length;
const RECORD_HASH_MEMBER = RECORD_HASH_OPEN + WIDTH + 1;

/**
 * The fast path, for a body without chain members whose native JSON text is already canonical
 * (every engine record): one native JSON.stringify of the body with the three chain members slotted
 * in at their sorted places, holding the placeholder (the sequence as a string, replaced by digits
 * when sealed). One forward search finds the three placeholders; if the body itself holds the
 * placeholder text (more than three hits), the member-by-member path takes over.
 */
function preparedFromTemplate<T>(body: T): PreparedBody<T> | undefined {
  const fields = body as unknown as Record<string, unknown>;
  if (
    fields.previous_hash !== undefined ||
    fields.record_hash !== undefined ||
    fields.sequence !== undefined
  ) {
    return undefined;
  }
  if (!stringifiesCanonically(fields)) return undefined;
  const withChain: Record<string, unknown> = {};
  let slotted = 0;
  for (const key in fields) {
    // Assigning `__proto__` would set the prototype, where a spread defines the key.
    if (key === '__proto__') return undefined;
    const value = fields[key];
    // Stryker disable next-line all: equivalent, JSON.stringify leaves out undefined and function members itself
    if (value === undefined || typeof value === 'function') continue;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent, slotting again is idempotent, and a key equal to a chain member has no value here (a defined one returned above)
    if (slotted === 0 && key > 'previous_hash') slotted = slot(withChain, 1);
    // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent (as above)
    if (slotted === 1 && key > 'record_hash') slotted = slot(withChain, 2);
    // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent (as above)
    if (slotted === 2 && key > 'sequence') slotted = slot(withChain, 3);
    withChain[key] = value;
  }
  // Stryker disable next-line EqualityOperator: equivalent, a fourth slot sets sequence again
  while (slotted < 3) slotted = slot(withChain, (slotted + 1) as 1 | 2 | 3);
  const template = JSON.stringify(withChain);
  const previousAt = template.indexOf(PLACEHOLDER);
  const recordHashAt = template.indexOf(PLACEHOLDER, previousAt + WIDTH);
  const sequenceAt = template.indexOf(PLACEHOLDER, recordHashAt + WIDTH);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, the three placeholders slotted above are always found (sequenceAt >= 0)
  if (sequenceAt < 0 || template.indexOf(PLACEHOLDER, sequenceAt + WIDTH) !== -1) return undefined;
  return {
    body,
    // Stryker disable next-line StringLiteral: equivalent, the member strings are unused on the template path
    before: '',
    // Stryker disable next-line StringLiteral: equivalent (as above)
    between: '',
    // Stryker disable next-line StringLiteral: equivalent (as above)
    afterHash: '',
    // Stryker disable next-line StringLiteral: equivalent (as above)
    after: '',
    template,
    previousAt,
    recordHashAt,
    sequenceAt,
    plain: true,
  };
}

/**
 * The fastest path, for a batch: an engine decision record written field by field straight into
 * the staging bytes (decision-text.ts); undefined for any other body.
 */
export function stagedDecision<T>(body: T, staging: LineBuffer): PreparedBody<T> | undefined {
  // Stryker disable next-line ObjectLiteral: equivalent, stageDecision sets every offset
  const at = { stagedAt: 0, stagedLength: 0, previousAt: 0, recordHashAt: 0, sequenceAt: 0 };
  if (!stageDecision(body, PLACEHOLDER, staging, at)) return undefined;
  // Stryker disable next-line StringLiteral: equivalent, the member strings are unused on the staged path
  return { body, before: '', between: '', afterHash: '', after: '', plain: true, ...at };
}

/** stagedDecision without building a PreparedBody: the offsets go to `out`. */
export function stageDecisionInto(body: unknown, staging: LineBuffer, out: StagedOffsets): boolean {
  return stageDecision(body, PLACEHOLDER, staging, out);
}

function slot(record: Record<string, unknown>, which: 1 | 2 | 3): number {
  if (which === 1) record.previous_hash = PLACEHOLDER;
  else if (which === 2) record.record_hash = PLACEHOLDER;
  else record.sequence = PLACEHOLDER;
  return which;
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
    // Stryker disable EqualityOperator: equivalent, chain member keys were skipped above
    if (key < 'previous_hash') before += `${member},`;
    else if (key < 'record_hash') between += `,${member}`;
    else if (key < 'sequence') afterHash += `,${member}`;
    else after += `,${member}`;
    // Stryker restore EqualityOperator
  }
  return { body, before, between, afterHash, after: `${after}}` };
}

/**
 * The record's line is `head + ,"record_hash":"<hash>" + tail`, and record_hash is the sha256 of
 * `head + tail` (the record without record_hash, canonical).
 */
function headAndTail<T>(
  prepared: PreparedBody<T>,
  previous_hash: string,
  sequence: number,
): [string, string] {
  const t = prepared.template;
  if (t === undefined) {
    return [
      `${prepared.before}"previous_hash":"${previous_hash}"${prepared.between}`,
      `${prepared.afterHash},"sequence":${sequence}${prepared.after}`,
    ];
  }
  const p = prepared.previousAt!;
  const r = prepared.recordHashAt!;
  const s = prepared.sequenceAt!;
  return [
    `${t.slice(0, p)}${previous_hash}${t.slice(p + WIDTH, r - RECORD_HASH_OPEN)}`,
    `${t.slice(r + WIDTH + 1, s - 1)}${sequence}${t.slice(s + WIDTH + 1)}`,
  ];
}

/** The chained record and its ledger line (canonical JSON, no newline). */
export function sealRecord<T>(
  prepared: PreparedBody<T>,
  previous_hash: string,
  sequence: number,
): { record: Chained<T>; line: string } {
  const [head, tail] = headAndTail(prepared, previous_hash, sequence);
  const record_hash = sha256Hex(head + tail);
  return {
    record: chained(prepared, sequence, previous_hash, record_hash),
    line: `${head},"record_hash":"${record_hash}"${tail}`,
  };
}

const NEWLINE = 0x0a;

/**
 * Moves an ASCII template's text into `staging` (the batch's bytes, outside the JS heap) and lets
 * go of the string, so a batch waiting for its lock holds bytes, not a thousand kilobyte strings
 * that the garbage collector would copy and promote. Non-ASCII templates keep their string.
 */
export function stageTemplate<T>(prepared: PreparedBody<T>, staging: LineBuffer): void {
  const t = prepared.template;
  if (t === undefined) return;
  staging.reserve(3 * t.length);
  const at = staging.length;
  if (staging.bytes.write(t, at) !== t.length) return;
  staging.length += t.length;
  prepared.stagedAt = at;
  prepared.stagedLength = t.length;
  prepared.template = undefined;
}

/** A batch of ledger lines as bytes, grown as needed and reused from batch to batch. */
export class LineBuffer {
  bytes: Buffer;
  length = 0;

  constructor(initialBytes = 64 * 1024) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
  }

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
 * sealRecord straight into bytes: the line (and its newline) is appended to `out`, and no line
 * string is built. A template that is all ASCII (bytes = characters) is encoded once and edited in
 * place: the previous hash written over its placeholder, the part after record_hash moved up over
 * that member with the sequence digits spliced in, hashed, then moved back down to make room for
 * the record_hash member. Other bodies encode head and tail and open the gap between them.
 */
export function sealInto<T>(
  prepared: PreparedBody<T>,
  previous_hash: string,
  sequence: number,
  out: LineBuffer,
  staging?: LineBuffer,
): Chained<T> {
  return chained(
    prepared,
    sequence,
    previous_hash,
    sealBytes(prepared, previous_hash, sequence, out, staging),
  );
}

/** sealInto without building the chained record: the line goes to `out`, its record_hash is returned. */
export function sealBytes<T>(
  prepared: PreparedBody<T>,
  previous_hash: string,
  sequence: number,
  out: LineBuffer,
  staging?: LineBuffer,
): string {
  const t = prepared.template;
  const start = out.length;
  let record_hash: string | undefined;
  if (prepared.stagedAt !== undefined) {
    record_hash = sealStaged(prepared, staging!.bytes, previous_hash, sequence, out);
  }
  // A staged body has no template left. Without this path, the head-and-tail path below writes the same
  // bytes, and a buffer too small for the template makes sealTemplate fall back to it:
  // Stryker disable all: equivalent, speed only
  if (t !== undefined) {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit; the finished line is shorter than the template.
    out.reserve(3 * t.length + 1);
    record_hash = sealTemplate(prepared, t, previous_hash, sequence, out.bytes, start);
  }
  // Stryker restore all
  if (record_hash === undefined) {
    const [head, tail] = headAndTail(prepared, previous_hash, sequence);
    // Stryker disable next-line ArithmeticOperator: equivalent, 3 bytes per UTF-16 unit over-reserves by 2 per ASCII character, and every line has far more than 41 (the chain members)
    out.reserve(3 * (head.length + tail.length) + RECORD_HASH_MEMBER + 1);
    const bytes = out.bytes;
    const headEnd = start + bytes.write(head, start);
    const end = headEnd + bytes.write(tail, headEnd);
    record_hash = sha256Hex(bytes.subarray(start, end));
    bytes.copyWithin(headEnd + RECORD_HASH_MEMBER, headEnd, end);
    // Stryker disable next-line StringLiteral: equivalent, the text is ASCII (latin1 is only the faster encoder)
    bytes.write(`,"record_hash":"${record_hash}"`, headEnd, 'latin1');
    out.length = end + RECORD_HASH_MEMBER;
  } else if (t !== undefined) {
    out.length = start + t.length - (WIDTH + 2) + String(sequence).length;
  }
  out.bytes[out.length++] = NEWLINE;
  return record_hash;
}

/**
 * A staged template copied out piece by piece around its placeholders: the previous hash and the
 * sequence digits written in, the record_hash member left out; hashed; then the member opened up.
 */
function sealStaged<T>(
  prepared: PreparedBody<T>,
  source: Buffer,
  previous_hash: string,
  sequence: number,
  out: LineBuffer,
): string {
  const a = prepared.stagedAt!;
  const previousValue = a + prepared.previousAt!;
  const recordValue = a + prepared.recordHashAt!;
  const sequenceValue = a + prepared.sequenceAt!;
  // The line is shorter than its template (the quoted placeholder is longer than any sequence).
  // Stryker disable next-line ArithmeticOperator: equivalent, the line is at least 50 bytes shorter than its template
  out.reserve(prepared.stagedLength! + 1);
  const bytes = out.bytes;
  const start = out.length;
  let at = start + source.copy(bytes, start, a, previousValue);
  // Stryker disable next-line StringLiteral: equivalent, the text is ASCII (latin1 is only the faster encoder)
  at += bytes.write(previous_hash, at, 'latin1');
  at += source.copy(bytes, at, previousValue + WIDTH, recordValue - RECORD_HASH_OPEN);
  const gap = at;
  at += source.copy(bytes, at, recordValue + WIDTH + 1, sequenceValue - 1);
  // Stryker disable next-line StringLiteral: equivalent (as above)
  at += bytes.write(String(sequence), at, 'latin1');
  at += source.copy(bytes, at, sequenceValue + WIDTH + 1, a + prepared.stagedLength!);
  const record_hash = sha256Hex(bytes.subarray(start, at));
  bytes.copyWithin(gap + RECORD_HASH_MEMBER, gap, at);
  // Stryker disable next-line StringLiteral: equivalent (as above)
  bytes.write(`,"record_hash":"${record_hash}"`, gap, 'latin1');
  out.length = at + RECORD_HASH_MEMBER;
  return record_hash;
}

// Stryker disable BlockStatement: equivalent, speed only (undefined sends the line to the head-and-tail path, same bytes)
/**
 * The ASCII template, sealed in place at `bytes[start…]`; undefined (nothing kept) when the
 * template is not all ASCII, so that character offsets are not byte offsets.
 */
function sealTemplate<T>(
  prepared: PreparedBody<T>,
  t: string,
  previous_hash: string,
  sequence: number,
  bytes: Buffer,
  start: number,
): string | undefined {
  // Stryker restore BlockStatement
  // Stryker disable next-line ConditionalExpression: equivalent (as above)
  if (bytes.write(t, start) !== t.length) return undefined;
  const recordValue = start + prepared.recordHashAt!;
  const sequenceValue = start + prepared.sequenceAt!;
  const end = start + t.length;
  // Stryker disable next-line StringLiteral: equivalent, the text is ASCII (latin1 is only the faster encoder)
  bytes.write(previous_hash, start + prepared.previousAt!, 'latin1');
  // Close the record_hash member's gap: what follows it moves up, the sequence digits replacing
  // the quoted placeholder on the way. The bytes from `start` to `hashed` are then the record
  // without record_hash.
  const gap = recordValue - RECORD_HASH_OPEN;
  // Stryker disable next-line ArithmeticOperator: equivalent, the two extra bytes moved are overwritten by the sequence and the rest
  bytes.copyWithin(gap, recordValue + WIDTH + 1, sequenceValue - 1);
  let at = gap + (sequenceValue - 1 - (recordValue + WIDTH + 1));
  // Stryker disable next-line StringLiteral: equivalent, the text is ASCII (latin1 is only the faster encoder)
  at += bytes.write(String(sequence), at, 'latin1');
  bytes.copyWithin(at, sequenceValue + WIDTH + 1, end);
  const hashed = at + (end - (sequenceValue + WIDTH + 1));
  const record_hash = sha256Hex(bytes.subarray(start, hashed));
  // Open it again for the member.
  bytes.copyWithin(gap + RECORD_HASH_MEMBER, gap, hashed);
  // Stryker disable next-line StringLiteral: equivalent (as above)
  bytes.write(`,"record_hash":"${record_hash}"`, gap, 'latin1');
  return record_hash;
}

/** `{ ...body, sequence, previous_hash, record_hash }`; V8 copies a spread and then adds keys slowly. */
export function chained<T>(
  prepared: PreparedBody<T>,
  sequence: number,
  previous_hash: string,
  record_hash: string,
): Chained<T> {
  // Stryker disable next-line ConditionalExpression: equivalent, speed only (a spread copies the body the same way)
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
