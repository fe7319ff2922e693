/** `traffic-governance compare`: two ledgers of the same traffic; exit 1 when a decision or score drifted. */
import { existsSync } from 'node:fs';
import { verifyLedger } from '../ledger/index.js';
import { visible } from '../report/text.js';
import { CompareError, compareLedgers, type LedgerComparison, type RecordDrift } from '../run/compare.js';
import { pathFrom } from '../run/files.js';
import { EXIT } from '../run/verdict.js';
import { parse, positionals } from './args.js';
import type { Command } from './command.js';
import { type CliIo, ExitError, PROGRAM } from './io.js';
import { count } from './progress.js';

const usage = `usage: ${PROGRAM} compare LEDGER_A LEDGER_B

Compares two ledgers of the same traffic evaluated under different tiers or policies. Both are
verified first. Decision records pair by sequence; every pair whose decision or risk_score differs
is listed (drift). Pairs that differ in other fields only (a tier changes platform_tier and
actions_taken, a policy also policy_hash …) are counted by field. Endpoint and run verdicts are
compared too.

exit: 0 no drift · 1 drift · 2 not the same traffic, or unreadable · 4 a ledger fails verification`;

const options = { help: { type: 'boolean', short: 'h' } } as const;

function verified(file: string, path: string): void {
  if (!existsSync(path)) throw new Error(`${visible(file)}: no such ledger file`);
  const v = verifyLedger(path, undefined, { run: true });
  if (!v.valid) {
    throw new ExitError(
      EXIT.VERIFICATION,
      `verification failed: ${visible(file)}: ${v.reason} (run verify-ledger for details)`,
    );
  }
}

const score = (x: number) => x.toFixed(6);

function driftLine(d: RecordDrift): string {
  const key =
    d.endpoint_key[0] === d.endpoint_key[1]
      ? visible(d.endpoint_key[0])
      : `${visible(d.endpoint_key[0])} | ${visible(d.endpoint_key[1])}`;
  return `  #${d.sequence} ${visible(d.method)} ${visible(d.path)} [${key}]: ${visible(d.decision[0])} → ${visible(d.decision[1])}, risk ${score(d.risk_score[0])} → ${score(d.risk_score[1])}`;
}

function genesisLine(label: string, g: Record<string, unknown>): string {
  return `${label}: tier ${visible(String(g.platform_tier))}, policy ${visible(String(g.policy_version))} ${visible(String(g.policy_hash))}`;
}

function summary(c: LedgerComparison): string[] {
  const lines = [`decision records: ${count(c.decisionRecords)} paired`];
  lines.push(`drift: ${count(c.drift)} records differ in decision or risk_score`);
  const fields = Object.keys(c.fieldDifferences).sort();
  lines.push(
    fields.length === 0
      ? 'other differences: none'
      : `other differences: ${count(c.otherwiseDifferent)} records differ only outside decision and risk_score; fields that differ (in any record): ` +
          fields.map((f) => `${visible(f)} ${count(c.fieldDifferences[f]!)}`).join(', '),
  );
  if (c.verdictDrift.length === 0) lines.push(`verdicts: all ${c.verdicts} the same`);
  else {
    lines.push(`verdicts: ${c.verdictDrift.length} of ${c.verdicts} differ`);
    for (const v of c.verdictDrift)
      lines.push(
        `  ${visible(v.scope)}: ${visible(v.verdict[0] ?? '(absent)')} → ${visible(v.verdict[1] ?? '(absent)')}`,
      );
  }
  return lines;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals: args } = parse(argv, options, true);
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const [a, b] = positionals(args, ['LEDGER_A', 'LEDGER_B']) as [string, string];
  const pathA = pathFrom(io.cwd, a);
  const pathB = pathFrom(io.cwd, b);
  verified(a, pathA);
  verified(b, pathB);
  let comparison: LedgerComparison;
  let headerShown = false;
  try {
    comparison = await compareLedgers(pathA, pathB, (d) => {
      if (!headerShown) io.out('records whose decision or risk_score differ (A → B):');
      headerShown = true;
      io.out(driftLine(d));
    });
  } catch (error) {
    if (error instanceof CompareError)
      throw new Error(
        error.message.replaceAll(visible(pathA), visible(a)).replaceAll(visible(pathB), visible(b)),
      );
    throw error;
  }
  io.out(genesisLine(`A ${visible(a)}`, comparison.genesis[0]));
  io.out(genesisLine(`B ${visible(b)}`, comparison.genesis[1]));
  for (const line of summary(comparison)) io.out(line);
  const drifted = comparison.drift > 0 || comparison.verdictDrift.length > 0;
  io.out(
    drifted ? 'result: drift (exit 1)' : 'result: no drift: the decisions and scores are the same (exit 0)',
  );
  return drifted ? EXIT.GATE_FAILED : EXIT.PASS;
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare two ledgers of the same traffic (exit 1 when decisions drift)',
  usage,
  run,
};
