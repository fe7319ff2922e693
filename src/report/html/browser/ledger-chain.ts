/**
 * The checks `verify-ledger --fast` makes on every line, for the browser: each record's hash
 * recomputed over its line's bytes without its record_hash member, sequence = its index,
 * previous_hash = the record before's record_hash, one genesis first, and a run's structure
 * (src/ledger/structure.ts, shared as it is: decisions under the genesis's policy and tier, then the
 * verdicts, the run verdict last). The failure words are those of src/ledger/line.ts and
 * verification.ts, which cannot run here (node:crypto, zod). Like --fast, it does not prove a line
 * is canonical JSON.
 */
import { RunStructure, recordPlace, SECOND_GENESIS } from '../../../ledger/structure.js';
import { sha256, toHex } from './subtle-merkle.js';

const GENESIS_PREVIOUS_HASH = '0'.repeat(64);
const HEX64 = /^[0-9a-f]{64}$/;
/** `"record_hash":"`, then 64 hex digits and `"`. */
const KEY = new TextEncoder().encode('"record_hash":"');
const MEMBER_BYTES = KEY.length + 65;
const COMMA = 0x2c;

/** A line parsed, with the bytes its record_hash covers (one candidate per `"record_hash":"` in it). */
type Prepared =
  | { problem: string }
  | { record: Record<string, unknown>; stored: string; covered: Uint8Array<ArrayBuffer>[] };

const decoder = new TextDecoder('utf-8', { fatal: true });

function prepare(line: Uint8Array): Prepared {
  if (line.length === 0) return { problem: 'empty line' };
  let text: string;
  try {
    text = decoder.decode(line);
  } catch {
    return { problem: 'not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON (${JSON.stringify((error as Error).message)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problem: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  const stored = record.record_hash;
  if (typeof stored !== 'string' || !HEX64.test(stored))
    return { problem: 'record_hash is missing or not 64 lowercase hex digits' };
  return { record, stored, covered: withoutRecordHash(line) };
}

/**
 * The line without a `"record_hash":"<64 hex>"` member and its comma, for each place the key
 * occurs: a canonical line holds it once at the top level (src/ledger/line.ts cuts it the same
 * way); a nested look-alike only adds a candidate, and a candidate counts only if its hash is the
 * stored one, which no other bytes can give.
 */
function withoutRecordHash(line: Uint8Array): Uint8Array<ArrayBuffer>[] {
  const cuts: Uint8Array<ArrayBuffer>[] = [];
  for (let at = line.indexOf(KEY[0]!); at !== -1; at = line.indexOf(KEY[0]!, at + 1)) {
    let match = at + MEMBER_BYTES <= line.length;
    for (let i = 1; match && i < KEY.length; i++) match = line[at + i] === KEY[i];
    if (!match) continue;
    let from = at;
    let to = at + MEMBER_BYTES;
    if (line[from - 1] === COMMA) from--;
    else if (line[to] === COMMA) to++;
    const cut = new Uint8Array(line.length - (to - from));
    cut.set(line.subarray(0, from));
    cut.set(line.subarray(to), from);
    cuts.push(cut);
  }
  return cuts;
}

export class LedgerChain {
  /** Records that checked out; the next record's index. */
  count = 0;
  head = '';
  private readonly structure = new RunStructure();

  /**
   * Checks lines in order (each line's byte offset in `offsets`); null when all continue the chain,
   * else the first failing line's problem, worded as the CLI words it.
   */
  async check(lines: readonly Uint8Array[], offsets: readonly number[]): Promise<string | null> {
    const prepared = lines.map(prepare);
    const hashes = await Promise.all(
      prepared.map((p) => ('problem' in p ? [] : Promise.all(p.covered.map(sha256)))),
    );
    for (let i = 0; i < lines.length; i++) {
      const p = prepared[i]!;
      const problem = 'problem' in p ? p.problem : this.accept(p.record, p.stored, hashes[i]!.map(toHex));
      if (problem !== null) return `${recordPlace(this.count, offsets[i])}: ${problem}`;
    }
    return null;
  }

  /** ChainVerifier.accept (src/ledger/verification.ts) for a line whose hash candidates are `computed`. */
  private accept(record: Record<string, unknown>, stored: string, computed: string[]): string | null {
    const index = this.count;
    const type = record.record_type;
    if (typeof type !== 'string' || type === '') return 'record_type is missing or not a non-empty string';
    if (!computed.includes(stored))
      return `record_hash mismatch (stored ${stored}, computed ${computed[0] ?? 'none: no record_hash member to cut'})`;
    if (record.sequence !== index) return `sequence ${JSON.stringify(record.sequence)}, expected ${index}`;
    if (index === 0) {
      if (record.previous_hash !== GENESIS_PREVIOUS_HASH)
        return `previous_hash of the genesis record must be ${GENESIS_PREVIOUS_HASH}`;
    } else {
      if (record.previous_hash !== this.head)
        return `previous_hash does not match record ${index - 1}'s record_hash`;
      if (type === 'genesis') return SECOND_GENESIS;
    }
    const misplaced = this.structure.accept(record);
    if (misplaced) return misplaced;
    this.count++;
    this.head = stored;
    return null;
  }

  /** What is missing when the run that wrote the ledger did not finish, or null. */
  missing(): string | null {
    return this.structure.missing(this.count);
  }
}
