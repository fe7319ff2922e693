/**
 * The decision writer (src/ledger/decision-text.ts) stages exactly the bytes of the generic sealing
 * paths for every engine record, and declines (undefined, staging untouched) every body whose
 * JSON text it could get wrong.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashWithout } from '../src/canonical.js';
import { TrafficGovernanceEngine } from '../src/engine/engine.js';
import { LineBuffer, prepareBody, sealInto, sealRecord, stagedDecision } from '../src/ledger/chain.js';
import { loadPolicy } from '../src/policy/load.js';
import { fuzzOptions } from './support/fuzz.js';
import { generateEvents } from './support/generate-events.js';

const PREVIOUS = 'ab'.repeat(32);
const policy = loadPolicy('examples/policy.yaml', ['examples/contracts.yaml']);

/** The line the generic path writes for `body`, and the one the decision writer writes (or undefined). */
function bothLines(body: object, sequence = 7): { generic: string; fast: string | undefined } {
  const generic = `${sealRecord(prepareBody(body as { record_type: string }, 'body'), PREVIOUS, sequence).line}\n`;
  const staging = new LineBuffer(16);
  staging.length = 3; // something staged before it: offsets must be relative to the body's own start
  const prepared = stagedDecision(body, staging);
  if (prepared === undefined) {
    expect(staging.length).toBe(3);
    return { generic, fast: undefined };
  }
  const out = new LineBuffer(16);
  sealInto(prepared, PREVIOUS, sequence, out, staging);
  return { generic, fast: out.view().toString('utf8') };
}

function engineRecords(count: number, seed: number, tier: 'CONTROL' | 'OBSERVE_ONLY' = 'CONTROL') {
  const engine = new TrafficGovernanceEngine({ policy, platform_tier: tier });
  const events = [...generateEvents({ count, seed, unknownShare: 0.05 })];
  // An outage at the end: the circuit of one endpoint opens (and later half-opens).
  const last = events[events.length - 1]!;
  for (let i = 1; i <= 300; i++) {
    events.push({ ...last, status_code: 503, timestamp: last.timestamp + i * (i > 150 ? 5 : 0.1) });
  }
  return events.map((e) => engine.evaluate(e));
}

describe('decision writer', () => {
  it('writes every engine record exactly as the generic path does', () => {
    const records = [...engineRecords(3000, 1), ...engineRecords(500, 2, 'OBSERVE_ONLY')];
    records.forEach((record, i) => {
      const { generic, fast } = bothLines(record, i);
      expect(fast).toBe(generic);
    });
    // The sample covers every decision, circuit transitions and unknown endpoints.
    expect(records.some((r) => r.circuit_transitions.length > 0)).toBe(true);
    expect(records.some((r) => r.contract_id === null)).toBe(true);
    expect(new Set(records.map((r) => r.decision)).size).toBe(4);
  });

  const base = () => structuredClone(engineRecords(40, 3)[39]!) as unknown as Record<string, unknown>;

  it('writes strings JSON.stringify escapes (quotes, controls, non-ASCII, lone surrogates) the same', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 12 }),
        fc.string({ maxLength: 6 }),
        (path, method) => {
          const body = base();
          (body.request as Record<string, unknown>).path = path;
          (body.request as Record<string, unknown>).method = method;
          body.endpoint_key = `${method} ${path}"\\\u0001é\ud800`;
          const { generic, fast } = bothLines(body);
          expect(fast).toBe(generic);
          const record = JSON.parse(generic);
          expect(generic).toBe(`${canonicalJson(record)}\n`);
          expect(record.record_hash).toBe(hashWithout(record, 'record_hash'));
        },
      ),
      fuzzOptions(300, 300),
    );
  });

  it('writes numbers as JSON does, and declines the ones JSON cannot hold', () => {
    for (const n of [0, -0, 1e21, 1e-7, 0.1 + 0.2, -5, 2 ** 53 + 2, 123456789.125]) {
      const body = base();
      (body.risk_factors as Record<string, unknown>).latency_score = n;
      body.timestamp = n;
      const { generic, fast } = bothLines(body);
      expect(fast).toBe(generic);
    }
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const body = base();
      body.risk_score = n;
      const staging = new LineBuffer(16);
      expect(stagedDecision(body, staging)).toBeUndefined();
      expect(staging.length).toBe(0);
    }
  });

  /** Bodies the writer must leave to the generic paths (which then write them correctly). */
  const declined: Array<[string, (b: Record<string, unknown>) => unknown]> = [
    ['an extra key', (b) => ({ ...b, zeta: 1 })],
    ['a missing key', (b) => ({ ...b, phases: undefined })],
    ['keys out of order', ({ actions_taken, ...rest }) => ({ ...rest, actions_taken })],
    ['a null prototype', (b) => Object.assign(Object.create(null), b)],
    ['a toJSON method', (b) => ({ ...b, request: { ...(b.request as object), toJSON: () => 1 } })],
    ['a string where a number goes', (b) => ({ ...b, timestamp: '1' })],
    ['a number where a string goes', (b) => ({ ...b, decision: 1 })],
    ['a hole in an array', (b) => ({ ...b, reason_codes: Object.assign(new Array(2), { 1: 'X' }) })],
    ['a typed array', (b) => ({ ...b, phases: new Uint8Array([1, 2]) })],
    ['a null path in the request', (b) => ({ ...b, request: { ...(b.request as object), path: null } })],
    ['another record type', (b) => ({ ...b, record_type: 'decisionx' })],
    ['a boolean as 1', (b) => ({ ...b, risk_factors: { ...(b.risk_factors as object), retry_storm: 1 } })],
    ['an extra factor', (b) => ({ ...b, risk_factors: { ...(b.risk_factors as object), zz: 0 } })],
    [
      'a transition with a third key',
      (b) => ({ ...b, circuit_transitions: [{ from: 'CLOSED', to: 'OPEN', at: 1 }] }),
    ],
    ['a chain member', (b) => ({ ...b, sequence: 3 })],
  ];
  for (const [name, edit] of declined) {
    it(`declines a body with ${name}`, () => {
      const body = edit(base()) as object;
      expect(bothLines(body).fast).toBeUndefined();
    });
  }

  it('shares the text of frozen invariant checks but reads unfrozen ones every time', () => {
    const body = base();
    const checks = body.invariant_checks as Array<Record<string, unknown>>;
    const mutable = { ...checks[0]!, passed: true };
    body.invariant_checks = [mutable];
    expect(bothLines(body).fast).toBe(bothLines(body).generic);
    mutable.passed = false;
    const again = bothLines(body);
    expect(again.fast).toContain('"passed":false');
    expect(again.fast).toBe(again.generic);
    const getter = Object.freeze(
      Object.defineProperty({ invariant: 'risk_score_bounded', passed: true }, 'phase', {
        enumerable: true,
        get: () => 3,
      }),
    );
    body.invariant_checks = [getter];
    expect(bothLines(body).fast).toBe(bothLines(body).generic);
  });

  it('accepts a record with circuit transitions and a null contract', () => {
    const body = base();
    body.contract_id = null;
    body.circuit_transitions = [
      { from: 'CLOSED', to: 'OPEN' },
      { from: 'OPEN', to: 'HALF_OPEN' },
    ];
    const { generic, fast } = bothLines(body);
    expect(fast).toBeDefined();
    expect(fast).toBe(generic);
  });
});
