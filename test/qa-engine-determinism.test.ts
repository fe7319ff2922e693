/**
 * QA (issue 2 acceptance): the same 10,000 generated events through two fresh engines give
 * byte-identical ledgers. Added by the QA review because no test covered this item as written.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy, TrafficGovernanceEngine, verifyLedger } from '../src/index.js';
import { generateEvents } from './support/generate-events.js';

const EXAMPLES = join(import.meta.dirname, '..', 'examples');
const root = mkdtempSync(join(tmpdir(), 'tg-qa-determinism-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function runEngine(name: string): Buffer {
  const policy = loadPolicy(join(EXAMPLES, 'policy.yaml'), [join(EXAMPLES, 'contracts.yaml')]);
  const ledger_path = join(root, `${name}.jsonl`);
  const engine = new TrafficGovernanceEngine({ policy, platform_tier: 'CONTROL', ledger_path });
  for (const event of generateEvents({ count: 10_000, seed: 42, unknownShare: 0.02 }))
    engine.processRequest(event);
  expect(verifyLedger(ledger_path, { count: 10_001 })).toMatchObject({ valid: true });
  return readFileSync(ledger_path);
}

describe('QA: engine determinism', () => {
  it('10,000 generated events through two fresh engines give byte-identical ledgers', {
    timeout: 900_000,
  }, () => {
    const a = runEngine('a');
    const b = runEngine('b');
    expect(a.equals(b)).toBe(true);
    // not trivially identical: the traffic reaches more than one decision
    const decisions = new Set(
      a
        .toString('utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => (JSON.parse(l) as { decision: string }).decision),
    );
    expect(decisions.size).toBeGreaterThan(1);
  });
});
