/**
 * Compares two ledgers of the same traffic (different tiers or policies), streaming both files in
 * lockstep. Decision records pair by sequence; a pair drifts when its decision or risk_score
 * differs. Every other field that differs is counted by name (a tier change shows up as
 * platform_tier and actions_taken only). Verdict records pair by scope and endpoint.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
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

class LineReader {
  private readonly lines: AsyncIterator<string>;
  line = 0;

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
      this.line++;
      if (value.trim() === '') continue;
      try {
        const parsed: unknown = JSON.parse(value);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Rec;
      } catch {
        // reported below
      }
      throw new CompareError(
        `${visible(this.file)}:${this.line}: not a ledger record (a JSON object per line)`,
      );
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
      if (g?.record_type !== 'genesis')
        throw new CompareError(`${visible(reader.file)}: the first record is not a genesis record`);
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
        `different request streams at sequence ${visible(String(ra.sequence))}: ${visible(a.file)}:${a.line} is ${describeRequest(ra)}, ` +
          `${visible(b.file)}:${b.line} is ${describeRequest(rb)}`,
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
  for (let r = first; r; r = await reader.next()) {
    if (r.record_type !== 'verdict') {
      throw new CompareError(
        `${visible(reader.file)}:${reader.line}: a ${visible(String(r.record_type))} record after the verdict records`,
      );
    }
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
