/**
 * junit.xml for GitLab's unit test report (and any JUnit consumer): one testsuite per run, one
 * testcase per endpoint (classname = contract id or `unknown`, name = endpoint key).
 *   DROP       → <failure>, its message the reasons in words (report/reasons.ts)
 *   QUARANTINE → <skipped>, its text starting "QUARANTINE (warning)": an allowed-failure warning, not
 *                a failed test, so GitLab's MR widget counts it as skipped (the job's exit code 3
 *                already shows the warning)
 *   THROTTLE   → passes, the detail in <system-out>
 *   ALLOW      → passes
 * A run that stopped (result.error) adds an <error> testcase "input" ("verification" for exit 4).
 * Valid against the Jenkins JUnit XSD (test/fixtures/junit/jenkins-junit.xsd), which allows no
 * attribute on <skipped>. GitLab shows the text of <failure>/<error>/<skipped> (not the message
 * attribute), so the verdict line with its reasons and the detail go in the element's text.
 */
import { DECISION_ORDER } from '../model.js';
import type { EndpointResult, RunResult } from '../result.js';
import { formatNumber, formatPercent } from './format.js';
import { checkResult } from './input.js';
import { worstFirst } from './order.js';
import { endpointReasons } from './reasons.js';
import { xmlLines, xmlText } from './xml.js';

export const JUNIT_SUITE_NAME = 'traffic-governance';

const attrs = (pairs: ReadonlyArray<readonly [string, string | number]>): string =>
  pairs.map(([k, v]) => ` ${k}="${typeof v === 'number' ? v : xmlText(v)}"`).join('');

/** The endpoint's numbers, one per line, after its verdict line (user text raw here; escaped by xmlLines). */
function detail(e: EndpointResult): string[] {
  const known = e.kind === 'contract';
  const lines = [
    `endpoint: ${e.endpoint_key}`,
    `contract: ${known ? (e.contract_id ?? '') : '(none: unknown endpoint)'}`,
    `errors: ${e.errors} of ${e.requests} requests (${formatPercent(e.error_rate)})`,
    `latency ms: p50 ${formatNumber(e.latency_ms.p50)}, p95 ${formatNumber(e.latency_ms.p95)}, p99 ${formatNumber(e.latency_ms.p99)}` +
      (known ? ` (SLO ${formatNumber(e.latency_ms.slo)})` : ''),
    `peak rpm: ${formatNumber(e.rpm.peak)}${known ? ` (limit ${formatNumber(e.rpm.limit)})` : ''}`,
    `decisions: ${DECISION_ORDER.map((d) => `${d} ${e.decisions[d]}`).join(', ')}`,
    `circuit: ${e.circuit_transition_count} transitions, now ${e.circuit_state}`,
  ];
  const methods = Object.keys(e.disallowed_methods).sort();
  if (methods.length > 0) {
    lines.push(`disallowed methods: ${methods.map((m) => `${m} x${e.disallowed_methods[m]}`).join(', ')}`);
  }
  return lines;
}

/** `DROP: error rate 31.25% (budget 5%), circuit OPEN 3× — reached by 28.13% of 128 requests` (user text raw). */
function verdictLine(e: EndpointResult): string {
  const label = e.verdict === 'QUARANTINE' ? 'QUARANTINE (warning)' : e.verdict;
  const reasons = endpointReasons(e);
  const reached = `reached by ${formatPercent(e.verdict_share)} of ${e.requests} requests`;
  return `${label}: ${reasons.length > 0 ? `${reasons.join(', ')} — ` : ''}${reached}`;
}

function testcase(e: EndpointResult): string {
  const open = `    <testcase${attrs([
    ['classname', e.contract_id ?? 'unknown'],
    ['name', e.endpoint_key],
    ['time', '0'],
  ])}`;
  const lines = () => [verdictLine(e), ...detail(e)];
  switch (e.verdict) {
    case 'DROP':
      return `${open}>\n      <failure${attrs([['message', verdictLine(e)]])}>${xmlLines(lines())}</failure>\n    </testcase>`;
    case 'QUARANTINE':
      return `${open}>\n      <skipped>${xmlLines(lines())}</skipped>\n    </testcase>`;
    case 'THROTTLE':
      return `${open}>\n      <system-out>${xmlLines(lines())}</system-out>\n    </testcase>`;
    default:
      return `${open}/>`;
  }
}

function errorCase(r: RunResult, error: string): string {
  const name = r.exit_code === 4 ? 'verification' : 'input';
  const i = r.input;
  const lines = [
    ...error.split('\n'),
    '',
    `input: ${i.read} lines read, ${i.accepted} accepted, ${i.rejected} rejected (${formatPercent(i.rejected_ratio)}; limit ${formatPercent(i.max_rejected_ratio)})`,
    ...i.rejected_samples.map(
      (s) => `${s.file}:${s.line}${s.pointer === undefined ? '' : ` ${s.pointer}`}: ${s.reason}`,
    ),
  ];
  const message = `The run stopped: ${error.split('\n')[0]}`;
  return `    <testcase${attrs([
    ['classname', JUNIT_SUITE_NAME],
    ['name', name],
    ['time', '0'],
  ])}>\n      <error${attrs([['message', message]])}>${xmlLines(lines)}</error>\n    </testcase>`;
}

export function renderJunit(result: RunResult): string {
  const r = checkResult(result);
  const endpoints = worstFirst(r.endpoints);
  const cases = endpoints.map(testcase);
  if (r.error !== undefined) cases.push(errorCase(r, r.error));
  const counts = [
    ['tests', cases.length],
    ['failures', endpoints.filter((e) => e.verdict === 'DROP').length],
    ['errors', r.error === undefined ? 0 : 1],
  ] as const;
  const skipped = endpoints.filter((e) => e.verdict === 'QUARANTINE').length;
  const properties = (
    [
      ['tier', r.tier],
      ['verdict', r.verdict],
      ['exit_code', String(r.exit_code)],
      ['policy_version', r.policy.version],
      ['policy_hash', r.policy.hash],
      ['ledger_file', r.ledger.file],
      ['ledger_head', r.ledger.head_hash],
      ['ledger_records', String(r.ledger.records)],
      ['input_read', String(r.input.read)],
      ['input_accepted', String(r.input.accepted)],
      ['input_rejected', String(r.input.rejected)],
    ] as const
  ).map(
    ([name, value]) =>
      `      <property${attrs([
        ['name', name],
        ['value', value],
      ])}/>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs([['name', JUNIT_SUITE_NAME], ...counts])}>`,
    `  <testsuite${attrs([['name', JUNIT_SUITE_NAME], ...counts, ['skipped', skipped], ['time', '0']])}>`,
    '    <properties>',
    ...properties,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * junit.xml of a job that stopped before a run could report (no RunResult): one <error> test case,
 * named after the step that failed, whose message is the reason's first line and whose text is all of it.
 */
export function renderStoppedJunit(step: string, reason: string): string {
  const counts = [
    ['tests', 1],
    ['failures', 0],
    ['errors', 1],
  ] as const;
  const lines = reason.split('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs([['name', JUNIT_SUITE_NAME], ...counts])}>`,
    `  <testsuite${attrs([['name', JUNIT_SUITE_NAME], ...counts, ['skipped', 0], ['time', '0']])}>`,
    `    <testcase${attrs([
      ['classname', JUNIT_SUITE_NAME],
      ['name', step],
      ['time', '0'],
    ])}>`,
    `      <error${attrs([['message', lines[0] ?? '']])}>${xmlLines(lines)}</error>`,
    '    </testcase>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
