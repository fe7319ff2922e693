/** `traffic-governance evaluate`: policy (or verified artifact) + traffic → ledger, reports, exit code. */
import { resolve } from 'node:path';
import { PlatformTierSchema } from '../model.js';
import { DEFAULT_REPORT_PREFIX, REPORT_PREFIX_PATTERN, REPORT_PREFIX_RULE } from '../report/dotenv.js';
import { formatPercent } from '../report/format.js';
import { ciRunUrl } from '../report/run-url.js';
import { quoted, visible } from '../report/text.js';
import type { RejectedLine } from '../result.js';
import { pathFrom } from '../run/files.js';
import { describeOutOfOrder } from '../run/input.js';
import { DEFAULT_ORIGIN, evaluate } from '../run.js';
import { TRAFFIC_FORMATS } from '../traffic/index.js';
import { loadPrivateKey } from '../trust/index.js';
import { checkKeyName } from '../trust/note.js';
import { inputFiles, oneOf, parse, required } from './args.js';
import type { Command } from './command.js';
import { formatRun } from './format.js';
import { type CliIo, PROGRAM, UsageError } from './io.js';
import { resolvePolicy, TRUST_OPTIONS, TRUST_USAGE } from './policy-source.js';
import { progressLine } from './progress.js';

/** Rejected lines printed as they come; the rest are counted (and sampled in result.json). */
const REJECTED_SHOWN = 10;

const usage = `usage: ${PROGRAM} evaluate --policy FILE [--contracts FILE]...
                            | --artifact FILE (--expect-hash HEX | --public-key K... [--threshold k])
                              [--min-policy-version V]
                            --traffic FILE|GLOB... [--format auto|jsonl|har|k6|nginx]
                            [--tier OBSERVE_ONLY|CONTROL|AUTONOMOUS] --out DIR
                            [--origin NAME] [--checkpoint-key-file PATH | --checkpoint-key-env NAME]
                            [--report-prefix NAME]

Replays recorded traffic against the policy's contracts, decides every request, and writes
ledger.jsonl, ledger.checkpoint, policy-artifact.json, summary.md, junit.xml, metrics.txt,
governance.env and result.json to --out DIR, all at once when every one is written (a failed or
interrupted run leaves the previous run there untouched; one run at a time may write to a folder).

  --policy FILE        policy, YAML or JSON
  --contracts FILE     more contracts (a list, {contracts: [...]}, or an OpenAPI document); repeatable
  --artifact FILE      a policy artifact instead of --policy, verified before any traffic is read
                       (hash pin and/or signatures, expiry, minimum version; a failure exits 4)
${TRUST_USAGE}
  --traffic FILE|GLOB  traffic files or quoted globs; several may follow one --traffic; repeatable
  --format FORMAT      auto (default: detected per file by content), jsonl, har, k6 or nginx
  --tier TIER          OBSERVE_ONLY (default: never gates), CONTROL or AUTONOMOUS
  --out DIR            output folder (created if missing)
  --origin NAME        the checkpoint's origin line, naming this ledger (default ${DEFAULT_ORIGIN})
  --checkpoint-key-file PATH, --checkpoint-key-env NAME
                       sign ledger.checkpoint with the Ed25519 private key in a file, or in the
                       environment variable NAME (never on the command line)
  --report-prefix NAME first word of governance.env's variables and of the metric names (default
                       ${DEFAULT_REPORT_PREFIX}: GOVERNANCE_VERDICT, traffic_governance_*); another NAME lets a
                       later job read two runs' reports (CHECKOUT: CHECKOUT_VERDICT, traffic_governance_checkout_*)

exit: 0 pass · 1 DROP verdict (CONTROL/AUTONOMOUS) · 2 usage, configuration or input error
      · 3 QUARANTINE verdict (CONTROL/AUTONOMOUS) · 4 artifact verification failed`;

const options = {
  policy: { type: 'string' },
  contracts: { type: 'string', multiple: true },
  artifact: { type: 'string' },
  ...TRUST_OPTIONS,
  traffic: { type: 'string', multiple: true },
  format: { type: 'string' },
  tier: { type: 'string' },
  out: { type: 'string' },
  origin: { type: 'string' },
  'checkpoint-key-file': { type: 'string' },
  'checkpoint-key-env': { type: 'string' },
  'report-prefix': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `--traffic a b c`: the positionals right after a --traffic value are traffic too; anything else is a mistake. */
function trafficArgs(tokens: ReturnType<typeof parse>['tokens']): string[] {
  const traffic: string[] = [];
  let inList = false;
  for (const token of tokens ?? []) {
    if (token.kind === 'option') {
      inList = token.name === 'traffic';
      if (inList && token.value !== undefined) traffic.push(token.value);
    } else if (token.kind === 'positional') {
      if (!inList)
        throw new UsageError(`unexpected argument ${quoted(token.value)} (traffic files go after --traffic)`);
      traffic.push(token.value);
    }
  }
  return traffic;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, tokens } = parse(argv, options, true);
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const traffic = trafficArgs(tokens);
  if (traffic.length === 0) throw new UsageError('--traffic FILE|GLOB is required');
  const format = oneOf(values.format ?? 'auto', ['auto', ...TRAFFIC_FORMATS] as const, '--format');
  const tier = oneOf(values.tier ?? 'OBSERVE_ONLY', PlatformTierSchema.options, '--tier');
  const outDir = resolve(io.cwd, required(values.out, '--out', 'the folder for the ledger and reports'));
  const { policy, signed_by } = resolvePolicy(values, io.cwd);
  const keyFile = values['checkpoint-key-file'];
  const keyEnv = values['checkpoint-key-env'];
  if (keyFile !== undefined && keyEnv !== undefined)
    throw new UsageError('give --checkpoint-key-file or --checkpoint-key-env, not both');
  checkKeyName(values.origin ?? DEFAULT_ORIGIN, '--origin');
  const reportPrefix = values['report-prefix'];
  const runUrl = ciRunUrl(io.env);
  if (reportPrefix !== undefined && !REPORT_PREFIX_PATTERN.test(reportPrefix)) {
    throw new UsageError(`--report-prefix must be ${REPORT_PREFIX_RULE}, got ${quoted(reportPrefix)}`);
  }
  const checkpointKey =
    keyFile === undefined && keyEnv === undefined
      ? undefined
      : loadPrivateKey(
          {
            ...(keyFile === undefined ? {} : { file: pathFrom(io.cwd, keyFile) }),
            ...(keyEnv === undefined ? {} : { env: keyEnv }),
          },
          io.env,
        );

  io.err(
    `${PROGRAM}: tier ${tier}${values.tier === undefined ? ' (the default; --tier CONTROL gates on the verdict)' : ''}`,
  );
  let rejected = 0;
  const onRejected = (line: RejectedLine) => {
    rejected++;
    if (rejected <= REJECTED_SHOWN) {
      io.err(
        `${PROGRAM}: rejected ${visible(line.file)}:${line.line}${line.pointer ? ` ${visible(line.pointer)}` : ''}: ${visible(line.reason)}`,
      );
    }
  };
  const progress = progressLine(io);
  let result: Awaited<ReturnType<typeof evaluate>>;
  try {
    result = await evaluate({
      policy,
      traffic,
      format,
      tier,
      outDir,
      // The files read besides traffic: no output may replace one.
      inputs: inputFiles(
        [
          ['--policy', values.policy],
          ...(values.contracts ?? []).map((file) => ['--contracts', file] as const),
          ['--artifact', values.artifact],
          ...(values['public-key'] ?? []).map((key) => ['--public-key', key] as const),
          ['--checkpoint-key-file', values['checkpoint-key-file']],
        ],
        io.cwd,
      ),
      cwd: io.cwd,
      onRejected,
      env: io.env,
      checkpoint: {
        origin: values.origin ?? DEFAULT_ORIGIN,
        ...(checkpointKey ? { key: checkpointKey } : {}),
      },
      ...(signed_by ? { signedBy: signed_by } : {}),
      ...(reportPrefix === undefined ? {} : { reportPrefix }),
      ...(runUrl === undefined ? {} : { runUrl }),
      ...(progress.update ? { onProgress: progress.update } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      ...(io.env.TG_DEBUG === '1' ? { onDebug: (line: string) => io.err(`${PROGRAM}: debug: ${line}`) } : {}),
    });
  } finally {
    progress.done();
  }
  if (rejected > REJECTED_SHOWN) {
    io.err(
      `${PROGRAM}: … ${rejected - REJECTED_SHOWN} more rejected lines (the first 100 are in result.json)`,
    );
  }
  for (const line of formatRun(result, outDir, io.cwd)) io.out(line);
  const late = result.input.out_of_order;
  if (late && late.events > 0 && late.ratio <= late.max_ratio) {
    io.err(
      `${PROGRAM}: warning: ${describeOutOfOrder(late, result.input.accepted)}; within max_out_of_order_ratio ${formatPercent(late.max_ratio)}, they count at their endpoint's latest time`,
    );
  }
  if (result.error) io.err(`${PROGRAM}: error: ${result.error}`);
  return result.exit_code;
}

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'replay traffic against a policy: ledger, reports and a verdict',
  usage,
  run,
};
