/**
 * evaluate(): traffic files → engine → ledger + reports, the one run every front door shares.
 *
 * Events stream in input order (files sorted, then line order) through the engine; their records
 * are appended to `<outDir>/ledger.jsonl` in batches, and the endpoint and run verdicts are appended
 * last, so the ledger's head hash anchors the whole run. Memory grows with endpoints, not events.
 */
import type { KeyObject } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { TrafficGovernanceEngine } from './engine/engine.js';
import type { GovernancePolicy, PlatformTier } from './model.js';
import { writePolicyArtifact } from './policy/artifact.js';
import { writeReports } from './report/index.js';
import { RESULT_FORMAT, type RejectedLine, type RunResult } from './result.js';
import { EndpointAggregator } from './run/aggregate.js';
import { expandTraffic, OUT_FILES, pathFrom, prepareOutDir } from './run/files.js';
import { InputTally } from './run/input.js';
import { type LedgerSink, LocalSink, startWorkerSink } from './run/ledger-sink.js';
import { verdictRecords } from './run/records.js';
import { addCounts, EXIT, emptyCounts, exitCodeFor, runVerdict } from './run/verdict.js';
import { detectFormat, readTraffic, type TrafficFormat, TrafficInputError } from './traffic/index.js';
import { writeCheckpoint } from './trust/checkpoint.js';

export { expandTraffic, pathFrom } from './run/files.js';
export { EXIT, endpointVerdict, exitCodeFor, runVerdict } from './run/verdict.js';

/** Records per ledger append (one lock and one write per batch). */
export const LEDGER_BATCH = 4096;
/** Input lines between two onProgress calls. */
const PROGRESS_EVERY = 1000;

export interface RunProgress {
  events: number;
  rejected: number;
}

export interface EvaluateOptions {
  policy: GovernancePolicy;
  /** Files or globs, relative to `cwd`. */
  traffic: readonly string[];
  format: TrafficFormat | 'auto';
  tier: PlatformTier;
  outDir: string;
  cwd?: string;
  /** Called every PROGRESS_EVERY (1,000) input lines, and once at the end. */
  onProgress?: (progress: RunProgress) => void;
  /** Called for every rejected input line, in input order. */
  onRejected?: (line: RejectedLine) => void;
  /** Aborting stops reading; the run still writes its ledger and reports, with `error` set (exit 2). */
  signal?: AbortSignal;
  /** SOURCE_DATE_EPOCH for the policy artifact's generated_at; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The trusted key ids whose signatures accepted the policy (recorded in result.json and the dotenv). */
  signedBy?: readonly string[];
  /** `<outDir>/ledger.checkpoint`: its origin (default DEFAULT_ORIGIN) and, to sign it, a private key. */
  checkpoint?: { origin?: string; key?: KeyObject };
  /**
   * Seal and write the ledger (and grow its Merkle tree) on a worker thread, beside the deciding
   * (default: when the traffic files hold WORKER_INPUT_BYTES or more; a worker takes a moment to start).
   */
  ledgerWorker?: boolean;
  /** Called with lines that say how the run went about its work (which thread wrote the ledger); TG_DEBUG=1 prints them. */
  onDebug?: (line: string) => void;
}

export const WORKER_INPUT_BYTES = 4 * 1024 * 1024;

/** The checkpoint origin (C2SP log name) when none is given. */
export const DEFAULT_ORIGIN = 'traffic-governance';

interface TrafficFile {
  /** As the user wrote it (or as the glob matched it, relative to cwd). */
  name: string;
  path: string;
  format: TrafficFormat;
  bytes: number;
}

/** Resolves every file and its format before anything is written: a missing or unreadable file fails fast. */
async function trafficFiles(
  options: EvaluateOptions,
  cwd: string,
  ownLedger: string,
): Promise<TrafficFile[]> {
  const names = await expandTraffic(options.traffic, cwd);
  const files: TrafficFile[] = [];
  for (const name of names) {
    if (resolve(cwd, name) === ownLedger) {
      throw new TrafficInputError(
        name,
        'is the ledger this run writes (in --out): read traffic from elsewhere',
      );
    }
    const path = pathFrom(cwd, name);
    const format = options.format === 'auto' ? await detectFormat(path) : options.format;
    files.push({ name, path, format, bytes: statSync(path).size });
  }
  return files;
}

export async function evaluate(options: EvaluateOptions): Promise<RunResult> {
  const { policy, tier } = options;
  const cwd = options.cwd ?? process.cwd();
  const engine = new TrafficGovernanceEngine({ policy, platform_tier: tier });
  const outDir = resolve(cwd, options.outDir);
  const files = await trafficFiles(options, cwd, resolve(outDir, OUT_FILES.ledger));
  const out = prepareOutDir(outDir);
  writePolicyArtifact(policy, out.artifact, options.env);
  // Sealing, writing and the checkpoint's Merkle tree: on a worker thread for a long run (run/ledger-sink.ts).
  const genesis = { policy_hash: policy.policy_hash, policy_version: policy.version, platform_tier: tier };
  const inputBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const sink =
    (options.ledgerWorker ?? inputBytes >= WORKER_INPUT_BYTES)
      ? startWorkerSink(out.ledger, genesis)
      : new LocalSink(out.ledger, genesis);
  options.onDebug?.(`the ledger is sealed and written on ${sink.thread}`);
  try {
    return await evaluateInto(options, engine, files, out, sink);
  } finally {
    sink.close();
  }
}

async function evaluateInto(
  options: EvaluateOptions,
  engine: TrafficGovernanceEngine,
  files: readonly TrafficFile[],
  out: ReturnType<typeof prepareOutDir>,
  ledger: LedgerSink,
): Promise<RunResult> {
  const { policy, tier, signal } = options;
  const outDir = dirname(out.ledger);

  const tally = new InputTally();
  const endpoints = new EndpointAggregator();
  const states = engine.endpointStates;
  const progress = () => options.onProgress?.({ events: tally.accepted, rejected: tally.rejected });

  let error: string | undefined;

  reading: for (const file of files) {
    const entry = tally.startFile(file.name, file.format);
    try {
      for await (const item of readTraffic(file.path, file.format)) {
        if (signal?.aborted) {
          error = `interrupted after ${tally.read} input lines (${file.name}:${item.source.line} not read); the ledger and reports cover what was read`;
          break reading;
        }
        if (item.ok) {
          const record = engine.evaluate(item.event);
          tally.accept(entry);
          endpoints.add(record, states);
          ledger.add(record);
          if (ledger.pending >= LEDGER_BATCH) await ledger.flush();
        } else {
          const line: RejectedLine = { file: file.name, line: item.source.line, reason: item.reason };
          if (item.source.pointer !== undefined) line.pointer = item.source.pointer;
          tally.reject(entry, line);
          options.onRejected?.(line);
        }
        if (tally.read % PROGRESS_EVERY === 0) progress();
      }
    } catch (thrown) {
      if (!(thrown instanceof TrafficInputError)) throw thrown;
      error = `${thrown.message} (stopped there; the ledger and reports cover the lines read before it)`;
      break;
    }
  }
  progress();

  const endpointResults = endpoints.results(states, policy.gate.min_share);
  const verdict = runVerdict(endpointResults.map((e) => e.verdict));
  const decisions = endpointResults.reduce((sum, e) => addCounts(sum, e.decisions), emptyCounts());
  error ??= inputError(tally, policy.max_rejected_ratio);
  const input = tally.summary(policy.max_rejected_ratio);
  for (const record of verdictRecords(endpointResults, verdict, decisions, input, error)) ledger.add(record);
  const { head, tree } = await ledger.finish();
  // After the last append: the checkpoint commits to the whole ledger (its Merkle root and size).
  writeCheckpoint(out.ledger, {
    origin: options.checkpoint?.origin ?? DEFAULT_ORIGIN,
    ...(options.checkpoint?.key ? { key: options.checkpoint.key } : {}),
    out: out.checkpoint,
    written: tree,
  });

  const result: RunResult = {
    result_format: RESULT_FORMAT,
    verdict,
    exit_code: error === undefined ? exitCodeFor(verdict, tier) : EXIT.USAGE,
    tier,
    policy: {
      version: policy.version,
      hash: policy.policy_hash,
      ...(policy.name === undefined ? {} : { name: policy.name }),
      ...(options.signedBy === undefined ? {} : { signed_by: [...options.signedBy] }),
    },
    gate: { min_share: policy.gate.min_share },
    ledger: {
      file: OUT_FILES.ledger,
      head_hash: head.head_hash,
      records: head.count,
      checkpoint: OUT_FILES.checkpoint,
    },
    input,
    decisions,
    endpoints: endpointResults,
    ...(error === undefined ? {} : { error }),
  };
  writeReports(result, outDir); // validates the result against RunResultSchema first
  return result;
}

/** Too much rejected input, or none at all, makes the run an input error (exit 2). */
function inputError(tally: InputTally, maxRatio: number): string | undefined {
  if (tally.read === 0) return 'the traffic files hold no requests';
  if (tally.ratio <= maxRatio) return undefined;
  const first = tally.samples[0];
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  return (
    `${tally.rejected} of ${tally.read} input lines were rejected (${pct(tally.ratio)}), more than max_rejected_ratio ${pct(maxRatio)}` +
    (first ? `; first: ${first.file}:${first.line}: ${first.reason}` : '')
  );
}
