/**
 * QA (issue 4 acceptance): `npx -y @github/local-action@7.0.1 run . src/github/main.ts .env.example`
 * works, as docs/development.md tells contributors. Runs the exact documented command
 * (it fetches @github/local-action from the npm registry on first use) and checks that the Action ran
 * on the example inputs: outputs set, files written, and a ledger that verifies against its outputs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyLedger, verifyPolicyArtifact } from '../src/index.js';

const ROOT = join(import.meta.dirname, '..');
const COMMAND = ['-y', '@github/local-action@7.0.1', 'run', '.', 'src/github/main.ts', '.env.example'];

describe('@github/local-action (contributors)', () => {
  it('is the command docs/development.md and .env.example document', () => {
    const documented = `npx ${COMMAND.join(' ')}`;
    expect(readFileSync(join(ROOT, 'docs/development.md'), 'utf8')).toContain(documented);
    expect(readFileSync(join(ROOT, '.env.example'), 'utf8')).toContain(documented);
  });

  it('runs src/github/main.ts on the .env.example inputs and sets every output', () => {
    const env = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const outDir = /^INPUT_OUTPUT-DIR=(.+)$/m.exec(env)?.[1]?.trim();
    expect(outDir, '.env.example sets INPUT_OUTPUT-DIR').toBeTruthy();
    rmSync(join(ROOT, outDir!), { recursive: true, force: true });

    const run = spawnSync('npx', COMMAND, {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const text = `${run.stdout}\n${run.stderr}`;
    expect(run.status, text).toBe(0);
    expect(text).not.toMatch(/::error::/);

    const outputs: Record<string, string> = {};
    for (const m of run.stdout.matchAll(/^::set-output name=([\w-]+)::(.*)$/gm)) outputs[m[1]!] = m[2]!;
    expect(Object.keys(outputs).sort(), text).toEqual(
      [
        'artifact-path',
        'ledger-head',
        'ledger-path',
        'output-dir',
        'policy-hash',
        'records',
        'rejected',
        'report-path',
        'summary-path',
        'verdict',
      ].sort(),
    );
    expect(outputs.verdict).toMatch(/^(ALLOW|THROTTLE|QUARANTINE|DROP)$/);
    expect(outputs['output-dir']).toBe(join(ROOT, outDir!));
    for (const file of [
      'ledger.jsonl',
      'policy-artifact.json',
      'summary.md',
      'junit.xml',
      'metrics.txt',
      'report.html',
    ]) {
      expect(existsSync(join(outputs['output-dir']!, file)), file).toBe(true);
    }
    const ledger = verifyLedger(outputs['ledger-path']!, {
      head: outputs['ledger-head']!,
      count: Number(outputs.records),
    });
    expect(ledger.reason).toBeUndefined();
    expect(ledger.valid).toBe(true);
    expect(verifyPolicyArtifact(outputs['artifact-path']!, outputs['policy-hash']!).valid).toBe(true);
  }, 320_000);
});
