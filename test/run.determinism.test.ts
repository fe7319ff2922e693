import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/canonical.js';
import { main } from '../src/cli/main.js';
import type { PlatformTier } from '../src/model.js';
import { loadPolicy } from '../src/policy/load.js';
import { createPolicy } from '../src/policy/policy.js';
import { compareLedgers } from '../src/run/compare.js';
import { evaluate } from '../src/run.js';

const EXAMPLES = join(import.meta.dirname, '..', 'examples');
const TRAFFIC = ['access.log', 'k6.json', 'traffic.har', 'traffic.jsonl'];
const policy = loadPolicy(join(EXAMPLES, 'policy.yaml'), [join(EXAMPLES, 'contracts.yaml')]);
const root = mkdtempSync(join(tmpdir(), 'tg-determinism-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (outDir: string, tier: PlatformTier, p = policy) =>
  evaluate({
    policy: p,
    traffic: TRAFFIC,
    format: 'auto',
    tier,
    outDir: join(root, outDir),
    cwd: EXAMPLES,
    env: {},
  });

/** File name → sha256 of its bytes (comparing digests, not megabytes of buffers element by element). */
const filesOf = (dir: string) =>
  Object.fromEntries(
    readdirSync(join(root, dir))
      .sort()
      .map((f) => [f, sha256Hex(readFileSync(join(root, dir, f)))]),
  );

describe('determinism', () => {
  it('the same inputs give byte-identical files in --out, in another folder and on a rerun', async () => {
    await run('first', 'CONTROL');
    await run('second', 'CONTROL');
    const first = filesOf('first');
    expect(Object.keys(first)).toEqual([
      'governance.env',
      'junit.xml',
      'ledger.checkpoint',
      'ledger.jsonl',
      'metrics.txt',
      'policy-artifact.json',
      'report.html',
      'result.json',
      'summary.md',
    ]);
    expect(filesOf('second')).toEqual(first);
    await run('first', 'CONTROL');
    expect(filesOf('first')).toEqual(first);
  });

  it('OBSERVE_ONLY and CONTROL differ only in tier and actions, and compare says so (exit 0)', async () => {
    const observe = await run('observe', 'OBSERVE_ONLY');
    const control = await run('control', 'CONTROL');
    expect(observe.verdict).toBe(control.verdict);
    expect(observe.endpoints).toEqual(control.endpoints);
    expect([observe.exit_code, control.exit_code]).toEqual([0, 1]);

    const a = join(root, 'observe', 'ledger.jsonl');
    const b = join(root, 'control', 'ledger.jsonl');
    const comparison = await compareLedgers(a, b);
    expect(comparison.drift).toBe(0);
    expect(comparison.verdictDrift).toEqual([]);
    expect(comparison.decisionRecords).toBe(control.input.accepted);
    expect(Object.keys(comparison.fieldDifferences).sort()).toEqual(['actions_taken', 'platform_tier']);
    expect(comparison.fieldDifferences.platform_tier).toBe(comparison.decisionRecords);
    // Only non-ALLOW decisions recommend more than `log`, which OBSERVE_ONLY filters out.
    const nonAllow = control.decisions.THROTTLE + control.decisions.QUARANTINE + control.decisions.DROP;
    expect(comparison.fieldDifferences.actions_taken).toBe(nonAllow);

    const out: string[] = [];
    const code = await main(['compare', a, b], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      env: {},
      cwd: root,
    });
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/drift: 0 records differ in decision or risk_score/);
    expect(out.join('\n')).toMatch(
      /fields that differ \(in any record\): actions_taken \d+, platform_tier \d+/,
    );
  });

  it('a stricter policy on the same traffic drifts, record by record (exit 1)', async () => {
    const strict = createPolicy({
      ...policy,
      risk_thresholds: { throttle: 0.05, quarantine: 0.55, drop: 0.8 },
    });
    await run('lenient', 'CONTROL');
    await run('strict', 'CONTROL', strict);
    const out: string[] = [];
    const code = await main(
      ['compare', join(root, 'lenient', 'ledger.jsonl'), join(root, 'strict', 'ledger.jsonl')],
      {
        out: (l) => out.push(l),
        err: (l) => out.push(l),
        env: {},
        cwd: root,
      },
    );
    expect(code).toBe(1);
    const drifted = out.filter((l) => /^ {2}#\d+ /.test(l));
    expect(drifted.length).toBeGreaterThan(0);
    const pairs = drifted.map((l) => /\]: ([A-Z]+ → [A-Z]+), risk ([\d.]+) → ([\d.]+)$/.exec(l));
    expect(
      pairs.every((m) => m !== null && ['ALLOW → THROTTLE', 'THROTTLE → THROTTLE'].includes(m[1]!)),
    ).toBe(true);
    expect(pairs.some((m) => m?.[1] === 'ALLOW → THROTTLE')).toBe(true);
    // A decision that stays THROTTLE drifts by its score only: a critical override lifts the score to
    // the policy's own threshold, which the stricter policy lowered.
    expect(pairs.filter((m) => m?.[1] === 'THROTTLE → THROTTLE').every((m) => m![2] !== m![3])).toBe(true);
    expect(out).toContain(`drift: ${drifted.length} records differ in decision or risk_score`);
  });
});
