/**
 * evaluate(): traffic files → engine → ledger + reports, the one run every front door shares.
 *
 * Events stream in input order (files sorted, then line order) through the engine; their records
 * are appended to `ledger.jsonl` in batches, and the endpoint and run verdicts are appended last, so
 * the ledger's head hash anchors the whole run. Memory grows with endpoints, not events.
 *
 * The run holds `outDir` alone for its whole life and writes into a staging folder there; its outputs
 * replace the previous run's only once all are written (run/out-dir.ts), and never replace an input.
 */
import type { KeyObject } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TrafficGovernanceEngine } from './engine/engine.js';
import type { GovernancePolicy, PlatformTier } from './model.js';
import { writePolicyArtifact } from './policy/artifact.js';
import { formatPercent } from './report/format.js';
import { REPORT_FILES, renderReports } from './report/index.js';
import { visible } from './report/text.js';
import {
  describeFiltered,
  type OutOfOrder,
  RESULT_FORMAT,
  type RejectedLine,
  type RunResult,
} from './result.js';
import { EndpointAggregator } from './run/aggregate.js';
import { expandTraffic, OUT_FILES, pathFrom } from './run/files.js';
import { describeOutOfOrder, InputTally, outOfOrderTally } from './run/input.js';
import { type LedgerSink, LocalSink, startWorkerSink } from './run/ledger-sink.js';
import { holdOutDir, type InputFile, inputAt, OutDirError, type OutDirHold } from './run/out-dir.js';
import { verdictRecords } from './run/records.js';
import { addCounts, EXIT, emptyCounts, exitCodeFor, runVerdict } from './run/verdict.js';
import { activeRules, requestFilter } from './traffic/filter.js';
import {
  detectFormat,
  detectSourceFormat,
  readTraffic,
  type TrafficFormat,
  TrafficInputError,
  TrafficSource,
} from './traffic/index.js';
import { writeCheckpoint } from './trust/checkpoint.js';

export { expandTraffic, matchTraffic, pathFrom } from './run/files.js';
export { type InputFile, OutDirError } from './run/out-dir.js';
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
  /** How messages name outDir (default `--out`; the Action says `input output-dir`). */
  outDirName?: string;
  /** The other files the run reads (policy, contracts, artifact, keys): no output may replace one. */
  inputs?: readonly InputFile[];
  cwd?: string;
  /** How messages name `cwd` (default `the working directory`; the Action names the workspace). */
  cwdName?: string;
  /** Called every PROGRESS_EVERY (1,000) input lines, and once at the end. */
  onProgress?: (progress: RunProgress) => void;
  /** Called for every rejected input line, in input order. */
  onRejected?: (line: RejectedLine) => void;
  /** Aborting stops reading; the run then throws RunInterruptedError, leaving outDir as it was. */
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
  /** The first word of governance.env's variables and of the metric names (report/dotenv.ts). */
  reportPrefix?: string;
  /** The CI run or job page summary.md links to (report/run-url.ts reads it from the runner's variables). */
  runUrl?: string;
}

/** Every file a run writes into outDir. */
export const OUTPUT_FILES: readonly string[] = [...Object.values(OUT_FILES), ...Object.values(REPORT_FILES)];

/** The run was interrupted (its signal aborted): nothing was written to outDir. */
export class RunInterruptedError extends Error {
  override name = 'RunInterruptedError';
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
  /** A pipe, FIFO or device, opened once to detect its format and read on from there (it cannot be reopened). */
  source?: TrafficSource;
}

/** A regular file is opened twice (detection, then reading); anything else once, and kept open. */
async function trafficFile(name: string, path: string, format: TrafficFormat | 'auto'): Promise<TrafficFile> {
  const stat = statSync(path);
  if (stat.isFile()) {
    return { name, path, format: format === 'auto' ? await detectFormat(path) : format, bytes: stat.size };
  }
  const source = await TrafficSource.open(path);
  try {
    return { name, path, format: format === 'auto' ? detectSourceFormat(source) : format, bytes: 0, source };
  } catch (error) {
    source.close();
    throw error;
  }
}

/** Every file's format and size, before anything is written: an unreadable file fails fast. */
async function trafficFiles(
  names: readonly string[],
  options: EvaluateOptions,
  cwd: string,
): Promise<TrafficFile[]> {
  const files: TrafficFile[] = [];
  for (const name of names) {
    try {
      files.push(await trafficFile(name, pathFrom(cwd, name), options.format));
    } catch (error) {
      for (const file of files) file.source?.close();
      throw error;
    }
  }
  return files;
}

export async function evaluate(options: EvaluateOptions): Promise<RunResult> {
  const { policy, tier } = options;
  const cwd = options.cwd ?? process.cwd();
  const engine = new TrafficGovernanceEngine({ policy, platform_tier: tier });
  const outDir = resolve(cwd, options.outDir);
  const outDirName = options.outDirName ?? '--out';
  const names = await expandTraffic(options.traffic, cwd, options.cwdName);
  const inputs = [
    ...(options.inputs ?? []),
    ...names.map((name) => ({ option: '--traffic', path: resolve(cwd, name) })),
  ];
  for (const name of OUTPUT_FILES) {
    const input = inputAt(join(outDir, name), inputs);
    if (input) {
      throw new OutDirError(
        `${outDirName} ${outDir}: its ${name} would replace an input (${input.option} ${input.path}): choose another ${outDirName}, or move that input out of it`,
      );
    }
  }
  const files = await trafficFiles(names, options, cwd);
  for (const file of files) {
    const size = file.source ? 'not a regular file, read as a stream' : `${file.bytes} bytes`;
    options.onDebug?.(`traffic file ${visible(file.name)}: format ${file.format}, ${size}`);
  }
  const out = holdOutDir(outDir, outDirName, options.env);
  try {
    const result = await stageRun(options, engine, files, out);
    out.commit(OUTPUT_FILES);
    return result;
  } finally {
    out.release();
  }
}

/** The whole run, written into the staging folder of `out`. */
async function stageRun(
  options: EvaluateOptions,
  engine: TrafficGovernanceEngine,
  files: readonly TrafficFile[],
  out: OutDirHold,
): Promise<RunResult> {
  const { policy, tier } = options;
  const staged = (name: string) => join(out.staging, name);
  out.writing(OUT_FILES.artifact, () => writePolicyArtifact(policy, staged(OUT_FILES.artifact), options.env));
  // Sealing, writing and the checkpoint's Merkle tree: on a worker thread for a long run (run/ledger-sink.ts).
  const genesis = { policy_hash: policy.policy_hash, policy_version: policy.version, platform_tier: tier };
  const inputBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const ledgerPath = staged(OUT_FILES.ledger);
  const sink = out.writing(OUT_FILES.ledger, () =>
    (options.ledgerWorker ?? inputBytes >= WORKER_INPUT_BYTES)
      ? startWorkerSink(ledgerPath, genesis)
      : new LocalSink(ledgerPath, genesis),
  );
  options.onDebug?.(`the ledger is sealed and written on ${sink.thread}`);
  let result: RunResult;
  try {
    result = await evaluateInto(options, engine, files, out, sink);
  } finally {
    sink.close();
    for (const file of files) file.source?.close();
  }
  // Validates the result against RunResultSchema first.
  const reports = renderReports(result, {
    ...(options.reportPrefix === undefined ? {} : { prefix: options.reportPrefix }),
    ...(options.runUrl === undefined ? {} : { runUrl: options.runUrl }),
  });
  for (const key of Object.keys(REPORT_FILES) as (keyof typeof REPORT_FILES)[]) {
    out.writing(REPORT_FILES[key], () => writeFileSync(staged(REPORT_FILES[key]), reports[key]));
  }
  return result;
}

async function evaluateInto(
  options: EvaluateOptions,
  engine: TrafficGovernanceEngine,
  files: readonly TrafficFile[],
  out: OutDirHold,
  sink: LedgerSink,
): Promise<RunResult> {
  const { policy, tier, signal } = options;
  const ledger = {
    add: (body: Parameters<LedgerSink['add']>[0]) => sink.add(body),
    get pending() {
      return sink.pending;
    },
    flush: () => out.writing(OUT_FILES.ledger, () => sink.flush()),
    finish: () => out.writing(OUT_FILES.ledger, () => sink.finish()),
  };

  const filter = requestFilter(policy.traffic_filter);
  const tally = new InputTally(policy.traffic_filter && activeRules(policy.traffic_filter));
  const endpoints = new EndpointAggregator();
  const states = engine.endpointStates;
  const progress = () => options.onProgress?.({ events: tally.accepted, rejected: tally.rejected });

  let error: string | undefined;

  for (const file of files) {
    const entry = tally.startFile(file.name, file.format);
    try {
      for await (const item of readTraffic(file.source ?? file.path, file.format)) {
        if (signal?.aborted) {
          throw new RunInterruptedError(
            `interrupted after ${tally.read} input lines (${visible(file.name)}:${item.source.line} not read): nothing was written to ${options.outDirName ?? '--out'}, it still holds the previous run`,
          );
        }
        const removedBy = item.ok ? filter?.(item.event, item.resourceType) : undefined;
        if (removedBy !== undefined) {
          tally.filter(entry, removedBy);
        } else if (item.ok) {
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
  const outOfOrder = outOfOrderTally(states, tally.accepted, policy.max_out_of_order_ratio);
  error ??= inputError(tally, policy.max_rejected_ratio) ?? outOfOrderError(outOfOrder, tally.accepted);
  const input = tally.summary(policy.max_rejected_ratio, outOfOrder);
  for (const record of verdictRecords(endpointResults, verdict, decisions, input, error)) ledger.add(record);
  const { head, tree } = await ledger.finish();
  // After the last append: the checkpoint commits to the whole ledger (its Merkle root and size).
  out.writing(OUT_FILES.checkpoint, () =>
    writeCheckpoint(join(out.staging, OUT_FILES.ledger), {
      origin: options.checkpoint?.origin ?? DEFAULT_ORIGIN,
      ...(options.checkpoint?.key ? { key: options.checkpoint.key } : {}),
      out: join(out.staging, OUT_FILES.checkpoint),
      written: tree,
    }),
  );

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
    ...endpoints.timeline(endpointResults),
    ...(error === undefined ? {} : { error }),
  };
  return result;
}

/** Too much rejected input, or no request evaluated at all, makes the run an input error (exit 2). */
function inputError(tally: InputTally, maxRatio: number): string | undefined {
  if (tally.read === 0) return 'the traffic files hold no requests';
  const first = tally.samples[0];
  const firstRejected = first
    ? `; first: ${visible(first.file)}:${first.line}: ${visible(first.reason)}`
    : '';
  const counted = tally.accepted + tally.rejected;
  if (tally.ratio > maxRatio) {
    const filtered = tally.filtered?.total
      ? `, not counting the ${tally.filtered.total} traffic_filter removed`
      : '';
    return `${tally.rejected} of ${counted} input lines were rejected (${formatPercent(tally.ratio)}${filtered}), more than max_rejected_ratio ${formatPercent(maxRatio)}${firstRejected}`;
  }
  if (tally.accepted > 0) return undefined;
  // Even where the policy tolerates every line being rejected, a gate that judged nothing cannot pass.
  if (tally.filtered === undefined || tally.filtered.total === 0) {
    return `no request was evaluated: all ${tally.read} input lines were rejected${firstRejected}`;
  }
  const rejected =
    tally.rejected === 0 ? '' : ` and ${tally.rejected} input lines were rejected${firstRejected}`;
  return (
    `no request was evaluated: the policy's traffic_filter removed all ${tally.filtered.total} requests (${describeFiltered(tally.filtered)})${rejected}; ` +
    'check that its hosts, resource_types and exclude_paths keep the API calls you mean to govern'
  );
}

/** Too many events out of time order make the run an input error (exit 2): their order, not the traffic, shaped the windows. */
function outOfOrderError(o: OutOfOrder, accepted: number): string | undefined {
  if (o.ratio <= o.max_ratio) return undefined;
  return (
    `${describeOutOfOrder(o, accepted)}, more than max_out_of_order_ratio ${formatPercent(o.max_ratio)}: ` +
    'the windows would see them at the wrong time; sort the traffic by timestamp (files are read in name order), or raise max_out_of_order_ratio in the policy'
  );
}
