/**
 * Sealing records into the chain: sequence, previous_hash and record_hash, where
 * record_hash = sha256(JCS(record without record_hash)).
 *
 * A body is canonicalized once, before any lock is taken (`prepareBody`); sealing it under the lock
 * only splices the three chain members into the precomputed text and hashes it. The output is exactly
 * `canonicalJson(record)`, which the tests pin against canonical.ts.
 */
import { canonicalJson, sha256Hex } from '../canonical.js';
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
}

/** Canonicalizes a body ahead of sealing; `label` names it in errors (e.g. "body 3"). */
export function prepareBody<T extends { record_type: string }>(body: T, label: string): PreparedBody<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new LedgerError(`${label}: a ledger record must be a JSON object`);
  }
  if (typeof body.record_type !== 'string' || body.record_type === '') {
    throw new LedgerError(`${label}: record_type must be a non-empty string`);
  }
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
