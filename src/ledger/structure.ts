/**
 * The shape of a run's ledger beyond its chain (verification.ts checks the chain): one genesis,
 * first; decision records under the genesis's policy (hash and version) and tier; then the verdict
 * records, one per endpoint, and the run's verdict last, exactly once. A ledger that mixes two
 * runs (a second policy or tier, a decision after verdicts, a second run verdict) breaks one of
 * these rules; a ledger whose run never finished has no run verdict. Stated once here for
 * verify-ledger (strict, fast and parallel alike) and compare.
 */

/** Where a record sits in a run's ledger: each record's stage is its kind, and stages never go back. */
export const STAGE = { GENESIS: 0, DECISIONS: 1, ENDPOINT_VERDICTS: 2, RUN_VERDICT: 3 } as const;

/** The genesis fields every decision record repeats. */
export const RUN_FIELDS = ['policy_hash', 'policy_version', 'platform_tier'] as const;
export type RunFields = Record<(typeof RUN_FIELDS)[number], unknown>;

/** 0-based record numbers (= sequence, 0 = genesis) and 1-based line numbers, said one way everywhere. */
export const recordPlace = (index: number, byte?: number): string =>
  `record ${index} (line ${index + 1}${byte === undefined ? '' : `, byte ${byte}`})`;

export const SECOND_GENESIS = 'a second genesis record (only record 0 may be one)';
export const INCOMPLETE = 'incomplete: the run that wrote this ledger did not finish';

export class RunStructure {
  /** The stage of the last record accepted. */
  stage: number = STAGE.GENESIS;
  /** The stage of the first record accepted after construction (a range of a ledger verified apart). */
  firstStage: number | undefined;

  constructor(public genesis?: RunFields) {}

  /** Null when `record` may come next, else the problem. */
  accept(record: Record<string, unknown>): string | null {
    if (record.record_type === 'genesis') {
      if (this.genesis !== undefined) return SECOND_GENESIS;
      this.genesis = runFields(record);
      return null;
    }
    if (this.genesis === undefined) return 'the first record is not a genesis record';
    const kind = stageOf(record);
    if (typeof kind === 'string') return kind;
    if (!mayFollow(this.stage, kind)) {
      return this.stage === STAGE.RUN_VERDICT
        ? `${describe(record)} after the run-verdict record, which must be the last record`
        : `${describe(record)} after the verdict records`;
    }
    if (kind === STAGE.DECISIONS) {
      for (const field of RUN_FIELDS) {
        const expected = this.genesis[field];
        if (record[field] !== expected) {
          return `${field} ${JSON.stringify(record[field]) ?? 'missing'} differs from the genesis record's ${JSON.stringify(expected)}: a decision of another run (two runs wrote into one ledger?)`;
        }
      }
    }
    this.enter(kind);
    return null;
  }

  /** Records that a record of stage `kind` was accepted (the fast path checks decisions itself). */
  enter(kind: number): void {
    this.firstStage ??= kind;
    this.stage = kind;
  }

  /** Null when the run finished (its run verdict is in), else what is missing after `count` records. */
  missing(count: number): string | null {
    if (this.stage === STAGE.RUN_VERDICT) return null;
    return `no run-verdict record after ${recordPlace(count - 1)}, the last one`;
  }
}

export const runFields = (record: Record<string, unknown>): RunFields => ({
  policy_hash: record.policy_hash,
  policy_version: record.policy_version,
  platform_tier: record.platform_tier,
});

/** A record's stage, or the problem with its type. */
function stageOf(record: Record<string, unknown>): number | string {
  if (record.record_type === 'decision') return STAGE.DECISIONS;
  if (record.record_type === 'verdict') {
    if (record.scope === 'endpoint') return STAGE.ENDPOINT_VERDICTS;
    if (record.scope === 'run') return STAGE.RUN_VERDICT;
    return `a verdict record with scope ${JSON.stringify(record.scope)} (a run writes "endpoint" or "run")`;
  }
  return `record_type ${JSON.stringify(record.record_type)} is not one a run writes (genesis, decision, verdict)`;
}

function describe(record: Record<string, unknown>): string {
  if (record.record_type === 'decision') return 'a decision record';
  return record.scope === 'run' ? 'a run verdict record' : 'an endpoint verdict record';
}

/**
 * Whether a range of records whose first record has stage `first` may follow records ending at
 * `stage` (the seam between two ranges verified apart).
 */
export const mayFollow = (stage: number, first: number): boolean =>
  stage < STAGE.RUN_VERDICT && stage <= first;
