/**
 * The report prefix (`evaluate --report-prefix`, the GitLab template's report_prefix) and the reports
 * of a job that stopped before a run could write its own (renderStoppedDotenv, renderStoppedJunit).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDotenv, renderStoppedDotenv, renderStoppedJunit } from '../src/report/index.js';
import type { RunResult } from '../src/result.js';
import { cliIn } from './support/cli.js';
import { parseOpenMetricsBytes } from './support/openmetrics-parser.js';

let dir: string;
let cli: ReturnType<typeof cliIn>;
const read = (name: string) => readFileSync(join(dir, name), 'utf8');
const evaluate = (out: string, extra: string[] = []) =>
  cli([
    'evaluate',
    '--policy',
    'traffic/policy.yaml',
    '--tier',
    'CONTROL',
    '--out',
    out,
    ...extra,
    '--traffic',
    'traffic/quarantine.jsonl',
  ]);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tg-prefix-'));
  cpSync(join(import.meta.dirname, 'fixtures/gitlab'), join(dir, 'traffic'), { recursive: true });
  cli = cliIn(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('evaluate --report-prefix', () => {
  it('names every dotenv variable and metric family; the other reports stay byte for byte', async () => {
    const plain = await evaluate('plain');
    const named = await evaluate('named', ['--report-prefix', 'CHECKOUT']);
    expect([plain.code, named.code], named.err).toEqual([3, 3]);
    const keys = (text: string) =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('=')[0]);
    expect(keys(read('named/governance.env'))).toEqual(
      keys(read('plain/governance.env')).map((k) => k?.replace(/^GOVERNANCE_/, 'CHECKOUT_')),
    );
    expect(read('named/governance.env')).toContain('CHECKOUT_VERDICT=QUARANTINE\n');
    const families = parseOpenMetricsBytes(Buffer.from(read('named/metrics.txt')));
    expect(families.length).toBeGreaterThan(0);
    for (const f of families) expect(f.name).toMatch(/^traffic_governance_checkout_/);
    expect(read('named/metrics.txt')).toBe(
      read('plain/metrics.txt').replaceAll('traffic_governance_', 'traffic_governance_checkout_'),
    );
    for (const same of ['summary.md', 'junit.xml', 'result.json', 'ledger.jsonl']) {
      expect(read(`named/${same}`), same).toBe(read(`plain/${same}`));
    }
  });

  it('GOVERNANCE, the default, changes nothing', async () => {
    await evaluate('default-named', ['--report-prefix', 'GOVERNANCE']);
    await evaluate('default');
    expect(read('default-named/governance.env')).toBe(read('default/governance.env'));
    expect(read('default-named/metrics.txt')).toBe(read('default/metrics.txt'));
  });

  it.each(['checkout', '1ST', 'A-B', 'A'.repeat(33), 'A B'])(
    'refuses %j with exit 2 before reading traffic',
    async (prefix) => {
      const r = await evaluate('refused', ['--report-prefix', prefix]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(
        '--report-prefix must be 1 to 32 capital letters, digits or _, starting with a letter, got',
      );
    },
  );

  it('the renderers refuse a bad prefix too', () => {
    const result = JSON.parse(read('plain/result.json')) as RunResult;
    expect(() => renderDotenv(result, { prefix: 'a$b' })).toThrow(
      /report prefix "a\$b" must be 1 to 32 capital/,
    );
    expect(() => renderStoppedDotenv(2, { prefix: '' })).toThrow(/report prefix "" must be/);
  });
});

describe('reports of a job that stopped before a run', () => {
  it('governance.env: verdict ERROR and the exit code, under the prefix', () => {
    expect(renderStoppedDotenv(4)).toBe('GOVERNANCE_VERDICT=ERROR\nGOVERNANCE_EXIT_CODE=4\n');
    expect(renderStoppedDotenv(2, { prefix: 'CHECKOUT' })).toBe(
      'CHECKOUT_VERDICT=ERROR\nCHECKOUT_EXIT_CODE=2\n',
    );
  });

  it('junit.xml: one <error> case named after the step, the first line as message, all lines as text, user text escaped', () => {
    const reason = 'traffic-governance: error: "a<b>&c" \u001b[31mred\nsecond line';
    const xml = renderStoppedJunit('evaluate', reason);
    expect(xml).toContain('<testsuites name="traffic-governance" tests="1" failures="0" errors="1">');
    expect(xml).toContain('<testcase classname="traffic-governance" name="evaluate" time="0">');
    expect(xml).toContain(
      '<error message="traffic-governance: error: &quot;a&lt;b&gt;&amp;c&quot; \\x1B[31mred">traffic-governance: error: &quot;a&lt;b&gt;&amp;c&quot; \\x1B[31mred\nsecond line</error>',
    );
    expect(xml).not.toContain('\u001b');
    if (spawnSync('xmllint', ['--version']).error === undefined) {
      const file = join(dir, 'stopped-junit.xml');
      writeFileSync(file, xml);
      const lint = spawnSync(
        'xmllint',
        ['--noout', '--schema', join(import.meta.dirname, 'fixtures/junit/jenkins-junit.xsd'), file],
        { encoding: 'utf8' },
      );
      expect(lint.status, lint.stderr).toBe(0);
    }
  });
});
