/**
 * Compares two ledgers of the same traffic (different tiers or policies), streaming both files in
 * lockstep. Decision records pair by sequence; a pair drifts when its decision or risk_score
 * differs. Every other field that differs is counted by name (a tier change shows up as
 * platform_tier and actions_taken only). Verdict records pair by scope and endpoint.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { RunStructure, recordPlace } from '../ledger/structure.js';
import { visible } from '../report/text.js';

export class CompareError extends Error {
  override name = 'CompareError';
}

export interface RecordDrift {
  sequence: number;
  method: string;
  path: string;
  endpoint_key: [string, string];
  decision: [string, string];
  risk_score: [number, number];
}

export interface VerdictDrift {
  /** `run`, or the endpoint key. */
  scope: string;
  verdict: [string | null, string | null];
}

export interface LedgerComparison {
  genesis: [Record<string, unknown>, Record<string, unknown>];
  decisionRecords: number;
  /** Pairs whose decision or risk_score differs. */
  drift: number;
  /** Pairs that differ, but not in decision or risk_score. */
  otherwiseDifferent: number;
  /** Decision-record pairs differing in each field (drifting pairs included), by field name. */
  fieldDifferences: Record<string, number>;
  verdictDrift: VerdictDrift[];
  /** Endpoint verdict records compared (plus the run's). */
  verdicts: number;
}

const CHAIN_FIELDS = new Set(['sequence', 'previous_hash', 'record_hash']);
/** Fields that identify the request: if one differs, the ledgers are not of the same traffic. */
const REQUEST_FIELDS = ['timestamp', 'request'] as const;

type Rec = Record<string, unknown>;

/** A ledger's records in order, each checked against the run's structure (structure.ts). */
class LineReader {
  private readonly lines: AsyncIterator<string>;
  private readonly structure = new RunStructure();
  /** Records read so far (the last one read is record `records - 1`). */
  records = 0;

  constructor(readonly file: string) {
    const stream = createReadStream(file);
    this.lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })[
      Symbol.asyncIterator
    ]();
  }

  async next(): Promise<Rec | null> {
    for (;;) {
      const { value, done } = await this.lines.next().catch((error: NodeJS.ErrnoException) => {
        throw new CompareError(
          `${visible(this.file)}: cannot read (${error.code ?? visible(error.message)})`,
        );
      });
      if (done) return null;
      const place = `${visible(this.file)}: ${recordPlace(this.records++)}`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        // reported below
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new CompareError(`${place}: not a ledger record (a JSON object per line)`);
      const problem = this.structure.accept(parsed as Rec);
      if (problem) throw new CompareError(`${place}: ${problem}`);
      return parsed as Rec;
    }
  }

  async close(): Promise<void> {
    await this.lines.return?.();
  }
}

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

function describeRequest(r: Rec): string {
  const req = (r.request ?? {}) as Rec;
  return visible(
    `${String(req.method)} ${String(req.path)} at ${String(r.timestamp)} (status ${String(req.status_code)}, ${String(req.latency_ms)} ms)`,
  );
}

async function countRemainingDecisions(reader: LineReader, first: Rec | null): Promise<number> {
  let n = 0;
  for (let r = first; r && r.record_type === 'decision'; r = await reader.next()) n++;
  return n;
}

export async function compareLedgers(
  fileA: string,
  fileB: string,
  onDrift: (drift: RecordDrift) => void = () => {},
): Promise<LedgerComparison> {
  const a = new LineReader(fileA);
  const b = new LineReader(fileB);
  try {
    const genesisA = await a.next();
    const genesisB = await b.next();
    for (const [g, reader] of [
      [genesisA, a],
      [genesisB, b],
    ] as const) {
      if (g === null) throw new CompareError(`${visible(reader.file)}: empty ledger: no genesis record`);
    }
    const result: LedgerComparison = {
      genesis: [genesisA!, genesisB!],
      decisionRecords: 0,
      drift: 0,
      otherwiseDifferent: 0,
      fieldDifferences: {},
      verdictDrift: [],
      verdicts: 0,
    };
    let ra = await a.next();
    let rb = await b.next();
    while (ra?.record_type === 'decision' && rb?.record_type === 'decision') {
      compareDecisions(ra, rb, result, onDrift, a, b);
      ra = await a.next();
      rb = await b.next();
    }
    if (ra?.record_type === 'decision' || rb?.record_type === 'decision') {
      const na = result.decisionRecords + (await countRemainingDecisions(a, ra));
      const nb = result.decisionRecords + (await countRemainingDecisions(b, rb));
      throw new CompareError(
        `the ledgers hold different numbers of decision records (${visible(fileA)}: ${na}, ${visible(fileB)}: ${nb}): they are not of the same traffic`,
      );
    }
    await compareVerdicts(ra, rb, a, b, result);
    return result;
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}

function compareDecisions(
  ra: Rec,
  rb: Rec,
  result: LedgerComparison,
  onDrift: (drift: RecordDrift) => void,
  a: LineReader,
  b: LineReader,
): void {
  for (const field of REQUEST_FIELDS) {
    if (!same(ra[field], rb[field])) {
      throw new CompareError(
        `different request streams at ${recordPlace(a.records - 1)}: ${visible(a.file)} has ${describeRequest(ra)}, ` +
          `${visible(b.file)} has ${describeRequest(rb)}`,
      );
    }
  }
  result.decisionRecords++;
  let differs = false;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) {
    if (CHAIN_FIELDS.has(key) || same(ra[key], rb[key])) continue;
    differs = true;
    result.fieldDifferences[key] = (result.fieldDifferences[key] ?? 0) + 1;
  }
  if (ra.decision !== rb.decision || ra.risk_score !== rb.risk_score) {
    result.drift++;
    const req = ra.request as Rec;
    onDrift({
      sequence: ra.sequence as number,
      method: String(req.method),
      path: String(req.path),
      endpoint_key: [String(ra.endpoint_key), String(rb.endpoint_key)],
      decision: [String(ra.decision), String(rb.decision)],
      risk_score: [ra.risk_score as number, rb.risk_score as number],
    });
  } else if (differs) {
    result.otherwiseDifferent++;
  }
}

async function readVerdicts(first: Rec | null, reader: LineReader): Promise<Map<string, string>> {
  const verdicts = new Map<string, string>();
  // The run's structure (checked as each record is read) puts only verdict records here.
  for (let r = first; r; r = await reader.next()) {
    verdicts.set(r.scope === 'run' ? 'run' : String(r.endpoint_key), String(r.verdict));
  }
  return verdicts;
}

async function compareVerdicts(
  ra: Rec | null,
  rb: Rec | null,
  a: LineReader,
  b: LineReader,
  result: LedgerComparison,
): Promise<void> {
  const va = await readVerdicts(ra, a);
  const vb = await readVerdicts(rb, b);
  const scopes = [...new Set([...va.keys(), ...vb.keys()])].sort((x, y) =>
    x === 'run' ? 1 : y === 'run' ? -1 : x < y ? -1 : x > y ? 1 : 0,
  );
  result.verdicts = scopes.length;
  for (const scope of scopes) {
    const verdict: [string | null, string | null] = [va.get(scope) ?? null, vb.get(scope) ?? null];
    if (verdict[0] !== verdict[1]) result.verdictDrift.push({ scope, verdict });
  }
}
