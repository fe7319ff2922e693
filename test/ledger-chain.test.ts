/**
 * chain.ts, path by path: which sealing path a body takes, and that every path writes exactly
 * canonicalJson(record) with its record_hash; the validation messages; the line buffer.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashWithout, sha256Hex } from '../src/canonical.js';
import { createPolicy, TrafficGovernanceEngine } from '../src/index.js';
import {
  chained,
  chainRecord,
  genesisBody,
  genesisRecord,
  HEX64,
  LEDGER_FORMAT,
  LineBuffer,
  prepareBody,
  sealBytes,
  sealInto,
  sealRecord,
  stageDecisionInto,
  stagedDecision,
  stageTemplate,
} from '../src/ledger/chain.js';
import { LedgerError } from '../src/ledger/errors.js';
import { GENESIS_PREVIOUS_HASH } from '../src/model.js';

const PREVIOUS = 'ab'.repeat(32);
const PLACEHOLDER = 'ccb1e1d2a7c6b1d04cbe3a1b4f1b6e5a9a6f3d2c1b0a99887766554433221100';

/** Every way of sealing one body gives the same canonical line and record. */
function sealEveryWay(body: { record_type: string; [key: string]: unknown }, sequence = 12) {
  const reference = sealRecord(prepareBody(body, 'b'), PREVIOUS, sequence);
  const expected = { ...body, previous_hash: PREVIOUS, sequence } as Record<string, unknown>;
  for (const [k, v] of Object.entries(expected))
    if (v === undefined || typeof v === 'function') delete expected[k];
  expected.record_hash = sha256Hex(canonicalJson(expected));
  expect(reference.record).toEqual({
    ...body,
    previous_hash: PREVIOUS,
    sequence,
    record_hash: expected.record_hash,
  });
  expect(reference.line).toBe(canonicalJson(expected));

  const out = new LineBuffer(8);
  out.bytes.write('xyz', 0);
  out.length = 3; // what the buffer already holds stays
  const direct = sealInto(prepareBody(body, 'b'), PREVIOUS, sequence, out);
  const staging = new LineBuffer(4);
  const staged = prepareBody(body, 'b');
  stageTemplate(staged, staging);
  const hash = sealBytes(staged, PREVIOUS, sequence, out, staging);
  expect(direct).toEqual(reference.record);
  expect(hash).toBe(expected.record_hash);
  expect(out.view().toString('utf8')).toBe(`xyz${reference.line}\n${reference.line}\n`);
  return reference;
}

describe('which path a body takes', () => {
  it('templates a body whose native JSON is canonical, at every place the chain members sort in', () => {
    for (const keys of [
      ['a'],
      ['a', 'previous_hasg', 'previous_hasi'],
      ['previous_hash0', 'record_type'],
      ['record_hash0', 'record_type', 'sequence0'],
      ['record_type', 'sequencd', 'sequence_', 'z'],
      ['record_type', 'z', 'zz'],
    ]) {
      const body = Object.fromEntries(keys.map((k, i) => [k, k === 'record_type' ? 'note' : i])) as {
        record_type: string;
      };
      body.record_type = 'note';
      const sorted = Object.fromEntries(
        Object.entries(body).sort(([a], [b]) => (a < b ? -1 : 1)),
      ) as typeof body;
      const prepared = prepareBody(sorted, 'b');
      expect([keys, typeof prepared.template, prepared.plain]).toEqual([keys, 'string', true]);
      expect(prepared.template!.split(PLACEHOLDER)).toHaveLength(4);
      sealEveryWay(sorted);
    }
  });

  it('takes the member path for unsorted keys, chain members, __proto__ and the placeholder text', () => {
    const proto = JSON.parse('{"__proto__":{"x":1},"record_type":"note"}');
    for (const body of [
      { z: 1, a: 2, record_type: 'note' },
      { a: 1, record_type: 'note', sequence: 3 },
      { previous_hash: 'x', record_type: 'note' },
      { record_hash: 'x', record_type: 'note' },
      { a: PLACEHOLDER, record_type: 'note' },
      { a: `${PLACEHOLDER}${PLACEHOLDER}`, record_type: 'note' },
      proto,
    ]) {
      const prepared = prepareBody(body, 'b');
      expect(prepared.template).toBeUndefined();
      expect(prepared.plain).toBeUndefined();
    }
    const r = sealEveryWay(proto);
    expect(Object.keys(r.record)).toContain('__proto__');
    expect(r.line).toBe(
      `{"__proto__":{"x":1},"previous_hash":"${PREVIOUS}","record_hash":"${r.record.record_hash}","record_type":"note","sequence":12}`,
    );
  });

  it('leaves out undefined and function members on both paths', () => {
    const f = () => 1;
    sealEveryWay({ a: undefined, b: f, record_type: 'note', z: 1 } as unknown as { record_type: string });
    sealEveryWay({ z: 1, b: f, a: undefined, record_type: 'note' } as unknown as { record_type: string });
    const line = sealRecord(prepareBody({ a: undefined, record_type: 'n' }, 'b'), PREVIOUS, 0).line;
    expect(line).not.toContain('"a"');
  });

  it('seals non-ASCII bodies (character offsets are not byte offsets) on every path', () => {
    sealEveryWay({ a: 'é😀', record_type: 'ü', z: '€' });
    sealEveryWay({ z: 'é😀', record_type: 'note', a: '€' });
    const staging = new LineBuffer(4);
    const prepared = prepareBody({ a: 'é', record_type: 'n' }, 'b');
    stageTemplate(prepared, staging);
    expect(prepared.template).toBeDefined(); // a non-ASCII template keeps its string
    expect(prepared.stagedAt).toBeUndefined();
    expect(staging.length).toBe(0);
  });

  it('stages an ASCII template and lets go of its string', () => {
    const staging = new LineBuffer(4);
    staging.length = 2;
    const prepared = prepareBody({ a: 1, record_type: 'n' }, 'b');
    const template = prepared.template!;
    stageTemplate(prepared, staging);
    expect(prepared).toMatchObject({ template: undefined, stagedAt: 2, stagedLength: template.length });
    expect(staging.length).toBe(2 + template.length);
    expect(staging.view().subarray(2).toString('latin1')).toBe(template);
    const member = prepareBody({ z: 1, a: 1, record_type: 'n' }, 'b');
    stageTemplate(member, staging);
    expect(member.stagedAt).toBeUndefined();
    expect(staging.length).toBe(2 + template.length);
  });

  it('writes sequences of any width', () => {
    for (const sequence of [0, 9, 10, 123_456_789, Number.MAX_SAFE_INTEGER]) {
      sealEveryWay({ a: 1, record_type: 'n' }, sequence);
      sealEveryWay({ z: 1, a: 1, record_type: 'n' }, sequence);
    }
  });
});

describe('chained', () => {
  it('adds the chain members after the body, by copy, on both paths', () => {
    const body = { a: 1, record_type: 'n' };
    for (const prepared of [prepareBody(body, 'b'), prepareBody({ z: 1, ...body }, 'b')]) {
      const record = chained(prepared, 4, PREVIOUS, 'cd'.repeat(32));
      expect(record).toEqual({
        ...prepared.body,
        sequence: 4,
        previous_hash: PREVIOUS,
        record_hash: 'cd'.repeat(32),
      });
      expect(Object.keys(record).slice(-3)).toEqual(['sequence', 'previous_hash', 'record_hash']);
      expect(record).not.toBe(prepared.body);
      expect(prepared.body).not.toHaveProperty('sequence');
    }
  });
});

describe('validation', () => {
  it('refuses a body that is not an object, or has no record_type', () => {
    for (const body of [null, [], 'x', 3]) {
      expect(() => prepareBody(body as never, 'body 3')).toThrow(
        new LedgerError('body 3: a ledger record must be a JSON object'),
      );
    }
    for (const body of [{}, { record_type: '' }, { record_type: 4 }]) {
      expect(() => prepareBody(body as never, 'body 3')).toThrow(
        new LedgerError('body 3: record_type must be a non-empty string'),
      );
    }
  });

  it('takes previous_hash as 64 lowercase hex digits and sequence as a non-negative safe integer', () => {
    const body = { record_type: 'n' };
    expect(chainRecord(body, GENESIS_PREVIOUS_HASH, 0).sequence).toBe(0);
    for (const bad of ['AB'.repeat(32), 'ab'.repeat(31), `${'ab'.repeat(32)}0`, ` ${'ab'.repeat(32)}`]) {
      expect(() => chainRecord(body, bad, 1)).toThrow(
        new LedgerError('previous_hash must be 64 lowercase hex digits'),
      );
    }
    for (const bad of [-1, 1.5, 2 ** 53, Number.NaN]) {
      expect(() => chainRecord(body, PREVIOUS, bad)).toThrow(
        new LedgerError(`sequence must be a non-negative integer, got ${bad}`),
      );
    }
    expect(HEX64.test('0f'.repeat(32))).toBe(true);
  });

  it('builds the genesis from checked info', () => {
    const info = { policy_hash: 'ef'.repeat(32), policy_version: '2.0.0', platform_tier: 'CONTROL' as const };
    expect(LEDGER_FORMAT).toBe(1);
    expect(genesisBody(info)).toEqual({ record_type: 'genesis', ledger_format: 1, ...info });
    const g = genesisRecord(info);
    expect(g).toMatchObject({ sequence: 0, previous_hash: GENESIS_PREVIOUS_HASH });
    expect(g.record_hash).toBe(hashWithout(g, 'record_hash'));
    expect(() => genesisBody({ ...info, platform_tier: 'X' as 'CONTROL' })).toThrow(
      /^invalid genesis info:\n/,
    );
  });
});

describe('LineBuffer', () => {
  it('grows to what is needed or twice its size, keeping what it holds', () => {
    const b = new LineBuffer(4);
    b.bytes.write('abcd', 0);
    b.length = 4;
    b.reserve(0);
    expect(b.bytes.length).toBe(4);
    b.reserve(1);
    expect(b.bytes.length).toBe(8);
    expect(b.view().toString()).toBe('abcd');
    b.reserve(100);
    expect(b.bytes.length).toBe(104);
    b.length = 100;
    b.reserve(4);
    expect(b.bytes.length).toBe(104);
    expect(b.view().subarray(0, 4).toString()).toBe('abcd');
    expect(new LineBuffer().bytes.length).toBe(64 * 1024);
  });
});

describe('staged decision records', () => {
  const engine = new TrafficGovernanceEngine({
    policy: createPolicy({ version: '1.0.0', contracts: [{ contract_id: 's', endpoint_pattern: 'GET /s' }] }),
    platform_tier: 'CONTROL',
  });
  const {
    previous_hash: _p,
    record_hash: _r,
    sequence: _s,
    ...decisionBody
  } = engine.processRequest({
    url: '/s',
    method: 'GET',
    status_code: 200,
    latency_ms: 5,
    timestamp: 1_790_000_000,
  });

  it('writes an engine decision straight into the staging bytes, and seals it to the canonical line', () => {
    const staging = new LineBuffer(16);
    staging.length = 5;
    const prepared = stagedDecision(decisionBody, staging)!;
    expect(prepared).toMatchObject({ body: decisionBody, plain: true, stagedAt: 5 });
    expect(prepared.stagedLength).toBe(staging.length - 5);
    const out = new LineBuffer(8);
    const hash = sealBytes(prepared, PREVIOUS, 3, out, staging);
    const reference = sealRecord(prepareBody(decisionBody, 'b'), PREVIOUS, 3);
    expect(hash).toBe(reference.record.record_hash);
    expect(out.view().toString('utf8')).toBe(`${reference.line}\n`);
    const offsets = { stagedAt: 0, stagedLength: 0, previousAt: 0, recordHashAt: 0, sequenceAt: 0 };
    expect(stageDecisionInto(decisionBody, staging, offsets)).toBe(true);
    expect(offsets).toMatchObject({
      stagedAt: 5 + prepared.stagedLength!,
      stagedLength: prepared.stagedLength,
      previousAt: prepared.previousAt,
      recordHashAt: prepared.recordHashAt,
      sequenceAt: prepared.sequenceAt,
    });
  });

  it('leaves any other body to the other paths', () => {
    const staging = new LineBuffer(16);
    expect(stagedDecision({ a: 1, record_type: 'note' }, staging)).toBeUndefined();
    expect(stageDecisionInto({ a: 1, record_type: 'note' }, staging, {} as never)).toBe(false);
  });
});
