/**
 * The few lines `evaluate` prints: the verdict, the input, the worst endpoints, why each that is not
 * ALLOW got its verdict, where the files are.
 */
import { isAbsolute, join, relative } from 'node:path';
import { DECISION_ORDER } from '../model.js';
import { VERDICT_ERROR } from '../report/dotenv.js';
import { worstFirst } from '../report/order.js';
import { reasonLines } from '../report/reasons.js';
import { visible } from '../report/text.js';
import { type DecisionCounts, describeFiltered, type Filtered, type RunResult } from '../result.js';
import { count } from './progress.js';

const MAX_ENDPOINT_LINES = 20;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

function decisionList(counts: DecisionCounts): string {
  return DECISION_ORDER.filter((d) => counts[d] > 0)
    .map((d) => `${d} ${count(counts[d])}`)
    .join(', ');
}

/** `, 5 filtered (hosts 2, resource_types 3)` when the policy has a traffic_filter. */
const filtered = (f: Filtered | undefined): string =>
  f === undefined ? '' : `, ${count(f.total)} filtered (${describeFiltered(f)})`;

export function formatRun(result: RunResult, outDir: string, cwd: string): string[] {
  const near = relative(cwd, outDir);
  const where = visible(near === '' ? '.' : near.startsWith('..') || isAbsolute(near) ? outDir : near);
  const gate = result.tier === 'OBSERVE_ONLY' ? ' (OBSERVE_ONLY never gates)' : '';
  const lines = [
    result.error === undefined
      ? `verdict: ${result.verdict} (tier ${result.tier}) → exit ${result.exit_code}${gate}`
      : `verdict: ${VERDICT_ERROR} (tier ${result.tier}) → exit ${result.exit_code} (the run stopped: the requests read give ${result.verdict})`,
    `policy: ${result.policy.name ? `${visible(result.policy.name)} ` : ''}${result.policy.version}, hash ${result.policy.hash}` +
      (result.policy.signed_by ? `, signed by ${result.policy.signed_by.join(', ')}` : ''),
    `input: ${result.input.files.length} file(s), ${count(result.input.read)} read, ${count(result.input.accepted)} accepted, ` +
      `${count(result.input.rejected)} rejected (${pct(result.input.rejected_ratio)}, max ${pct(result.input.max_rejected_ratio)})` +
      filtered(result.input.filtered),
    `decisions: ${decisionList(result.decisions) || 'none'}`,
  ];
  const endpoints = worstFirst(result.endpoints);
  if (endpoints.length > 0)
    lines.push(`endpoints (${endpoints.length}, gate min_share ${result.gate.min_share}):`);
  const width = Math.min(60, Math.max(...endpoints.map((e) => visible(e.endpoint_key).length)));
  for (const e of endpoints.slice(0, MAX_ENDPOINT_LINES)) {
    const kind = e.kind === 'unknown' ? ' [no contract]' : '';
    lines.push(
      `  ${e.verdict.padEnd(10)}  ${visible(e.endpoint_key).padEnd(width)}  ${count(e.requests)} req: ${decisionList(e.decisions)}${kind}`,
    );
  }
  if (endpoints.length > MAX_ENDPOINT_LINES) {
    lines.push(
      `  … and ${endpoints.length - MAX_ENDPOINT_LINES} more endpoints in ${join(where, 'summary.md')}`,
    );
  }
  const why = reasonLines(result, MAX_ENDPOINT_LINES);
  if (why.length > 0) lines.push('why:', ...why.map((line) => `  ${line}`));
  lines.push(
    `ledger: ${join(where, visible(result.ledger.file))} (${count(result.ledger.records)} records), head ${result.ledger.head_hash}`,
  );
  if (result.ledger.checkpoint) lines.push(`checkpoint: ${join(where, visible(result.ledger.checkpoint))}`);
  lines.push(
    `reports: ${where}/ summary.md, junit.xml, metrics.txt, governance.env, result.json, policy-artifact.json`,
  );
  return lines;
}
