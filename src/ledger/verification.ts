/**
 * Chain rules shared by the file verifier and the in-memory one: each record's hash recomputes,
 * sequence is its index, previous_hash is the prior record_hash, record 0 is a genesis record and no
 * other record is; a run's ledger also has a run's structure (structure.ts), when asked; then the
 * caller's expectations (count, head) catch a truncated or extended tail.
 */
import { hashWithout } from '../canonical.js';
import { formatZodError, GENESIS_PREVIOUS_HASH, GenesisRecordSchema, type LedgerRecord } from '../model.js';
import { visible } from '../report/text.js';
import { HEX64 } from './chain.js';
import { LedgerError } from './errors.js';
import { INCOMPLETE, RunStructure, recordPlace, SECOND_GENESIS } from './structure.js';

export interface LedgerVerification {
  valid: boolean;
  /** Line index of the first failing record (0 = genesis). */
  failed_index: number | null;
  reason?: string;
  /** Complete records that verified (genesis included). */
  count: number;
  /** record_hash of the last record that verified. */
  head_hash: string | null;
  /** Byte offset where the incomplete last line starts. */
  torn_tail?: { offset: number; bytes: number };
  /** A run's ledger verified with `allowIncomplete`: what is missing because its run did not finish. */
  incomplete?: string;
  /**
   * Present when the file was verified in ranges on several threads (verify-parallel.ts): the
   * threads started (this one included), the ranges, and how many of them helper threads took.
   */
  parallel?: { threads: number; ranges: number; helper_ranges: number };
}

/** What the verifier was told to expect, e.g. from a head anchored elsewhere. */
export interface LedgerExpectation {
  head?: string;
  count?: number;
}

export function checkExpectation(expect: LedgerExpectation | undefined): void {
  if (expect?.count !== undefined && (!Number.isSafeInteger(expect.count) || expect.count < 0)) {
    throw new LedgerError(`expected count must be a non-negative integer, got ${expect.count}`);
  }
  if (expect?.head !== undefined && !HEX64.test(expect.head)) {
    throw new LedgerError(
      `expected head must be 64 lowercase hex digits, got ${JSON.stringify(expect.head)}`,
    );
  }
}

/** What a ledger must be beyond a sound chain. */
export interface StructureOptions {
  /**
   * Check it is a run's ledger (structure.ts): decisions under the genesis's policy and tier, then
   * the verdict records, the run's last. A ledger without its run verdict fails as incomplete,
   * unless `allowIncomplete`.
   */
  run?: boolean;
  allowIncomplete?: boolean;
}

/** Feeds records in order; stops being useful at the first problem. */
export class ChainVerifier {
  count = 0;
  head: string | null = null;
  /** The run-ledger rules, when asked for. */
  readonly structure: RunStructure | undefined;
  private readonly allowIncomplete: boolean;

  constructor(options: StructureOptions = {}, structure = options.run ? new RunStructure() : undefined) {
    this.structure = structure;
    this.allowIncomplete = options.allowIncomplete === true;
  }

  /** Null when the record continues the chain (and is counted), else the problem. */
  accept(record: Record<string, unknown>, computed_hash: string): string | null {
    const index = this.count;
    const type = record.record_type;
    if (typeof type !== 'string' || type === '') return 'record_type is missing or not a non-empty string';
    if (computed_hash !== record.record_hash) {
      return `record_hash mismatch (stored ${visible(String(record.record_hash))}, computed ${computed_hash})`;
    }
    if (record.sequence !== index)
      return `sequence ${visible(String(JSON.stringify(record.sequence)))}, expected ${index}`;
    if (index === 0) {
      if (record.previous_hash !== GENESIS_PREVIOUS_HASH)
        return `previous_hash of the genesis record must be ${GENESIS_PREVIOUS_HASH}`;
      const genesis = GenesisRecordSchema.safeParse(record);
      if (!genesis.success) return `not a genesis record:\n${formatZodError(genesis.error)}`;
    } else {
      if (record.previous_hash !== this.head)
        return `previous_hash does not match record ${index - 1}'s record_hash`;
      if (type === 'genesis') return SECOND_GENESIS;
    }
    const misplaced = this.structure?.accept(record);
    if (misplaced) return misplaced;
    this.count++;
    this.head = record.record_hash as string;
    return null;
  }

  /** The verdict once every record has been accepted. */
  finish(expect: LedgerExpectation | undefined): LedgerVerification {
    if (this.count === 0) return this.fail('empty ledger: no genesis record');
    if (expect?.count !== undefined && expect.count !== this.count) {
      const at = Math.min(expect.count, this.count);
      const where =
        at < this.count
          ? `${recordPlace(at)} and after are extra`
          : `the ledger ends before ${recordPlace(at)}`;
      return this.fail(`expected ${expect.count} records, found ${this.count}: ${where}`, at);
    }
    if (expect?.head !== undefined && expect.head !== this.head) {
      return this.fail(
        `${recordPlace(this.count - 1)}, the last: its record_hash ${this.head} does not match the expected head ${expect.head}`,
        this.count - 1,
      );
    }
    const verified: LedgerVerification = {
      valid: true,
      failed_index: null,
      count: this.count,
      head_hash: this.head,
    };
    const missing = this.structure?.missing(this.count);
    if (!missing) return verified;
    return this.allowIncomplete
      ? { ...verified, incomplete: missing }
      : this.fail(`${INCOMPLETE}: ${missing}`);
  }

  /** A failure at the next record (or at `failed_index`), reporting the verified prefix. */
  fail(reason: string, failed_index = this.count): LedgerVerification {
    return { valid: false, failed_index, reason, count: this.count, head_hash: this.head };
  }
}

/** In-memory chain (engines without a file): the same rules, hashing each record's canonical form. */
export function verifyLedgerRecords(
  records: readonly LedgerRecord[],
  expect?: LedgerExpectation,
): LedgerVerification {
  checkExpectation(expect);
  const chain = new ChainVerifier();
  for (const record of records) {
    const problem = recordProblem(chain, record);
    if (problem) return chain.fail(`record ${chain.count}: ${problem}`);
  }
  return chain.finish(expect);
}

function recordProblem(chain: ChainVerifier, record: unknown): string | null {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'not an object';
  let computed: string;
  try {
    computed = hashWithout(record as Record<string, unknown>, 'record_hash');
  } catch (error) {
    return `cannot be hashed: ${visible((error as Error).message)}`;
  }
  return chain.accept(record as Record<string, unknown>, computed);
}
