import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNode24, NODE24_INSTALL } from './support/node24.js';

// The examples have hundreds of events with varied latencies, so latency_regression and the
// reported quantiles go through the sketch's floating-point math on both runtimes.
const ARGS = [
  'dist/cli/index.js',
  'evaluate',
  '--policy',
  'examples/policy.yaml',
  '--contracts',
  'examples/contracts.yaml',
  '--traffic',
  'examples/traffic.jsonl',
  'examples/traffic.har',
  'examples/k6.json',
  'examples/access.log',
  '--tier',
  'CONTROL',
];

describe('the CLI bundle under Node 20 and Node 24', () => {
  it('writes byte-identical ledgers and reports', (context) => {
    const node24 = findNode24();
    if (!node24) {
      const message = `Node 24 not found: install it with \`${NODE24_INSTALL}\` (or set TG_NODE24)`;
      if (process.env.CI) throw new Error(message);
      console.warn(`\n!!!!!!!! SKIPPED: ${message} !!!!!!!!\n`);
      context.skip();
    }
    const outs = [process.execPath, node24!].map((node) => {
      const out = mkdtempSync(join(tmpdir(), 'tg-runtime-'));
      try {
        execFileSync(node, [...ARGS, '--out', out], { stdio: 'pipe' });
      } catch (error) {
        // CONTROL on the examples is a DROP verdict: exit 1 is the expected outcome.
        expect((error as { status: number }).status).toBe(1);
      }
      return out;
    });
    const files = readdirSync(outs[0]!).sort();
    expect(files).toContain('ledger.jsonl');
    expect(files).toContain('report.html');
    expect(readdirSync(outs[1]!).sort()).toEqual(files);
    for (const file of files) {
      const [a, b] = outs.map((dir) => readFileSync(join(dir, file), 'utf8'));
      expect(b, file).toBe(a);
    }
    const ledger = readFileSync(join(outs[0]!, 'ledger.jsonl'), 'utf8');
    expect(ledger).toMatch(/"latency_regression":[1-9]/);
  });
});
