/**
 * verifyLedger's opt-in byte-level mode ({ fast: true }) gives the same verdict, failed index and
 * reason as the default check on every valid ledger and every tampered one (changed byte, deleted,
 * swapped, duplicated or inserted line, cut tail), at any read size, as a plain chain and as a
 * run's ledger (structure.ts), whatever look-alikes of the chain and run fields records nest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../src/canonical.js';
import { chainRecord, type GenesisInfo, genesisRecord } from '../src/ledger/index.js';
import { READ_CHUNK_BYTES, verifyLedgerBytes } from '../src/ledger/verify.js';
import type { LedgerRecord } from '../src/model.js';
import { fuzzOptions } from './support/fuzz.js';

const options = fuzzOptions(300, 5_000);
const GENESIS: GenesisInfo = {
  policy_hash: 'cd'.repeat(32),
  policy_version: '2.0.0',
  platform_tier: 'CONTROL',
};

/** The genesis's run fields, which a decision of this run repeats; another run's differ in one. */
const RUN = {
  policy_hash: GENESIS.policy_hash,
  policy_version: GENESIS.policy_version,
  platform_tier: GENESIS.platform_tier,
};
const runFields = fc.oneof(
  { weight: 6, arbitrary: fc.constant(RUN) },
  fc.constant({ ...RUN, platform_tier: 'OBSERVE_ONLY' }),
  fc.constant({ ...RUN, policy_hash: 'ef'.repeat(32) }),
  fc.constant({ ...RUN, policy_version: '2.0.1' }),
  fc.constant({ policy_hash: RUN.policy_hash, platform_tier: RUN.platform_tier }),
);

/** What a record may nest: look-alikes of every chain and run field, given the real values when it is chained. */
const CHAIN_AND_RUN_FIELDS = [
  'previous_hash',
  'record_hash',
  'record_type',
  'sequence',
  'policy_hash',
  'policy_version',
  'platform_tier',
  'scope',
] as const;
interface Place {
  head: string;
  sequence: number;
}
const lookAlikes = fc.record({
  // Nested before the top-level members ('a'), among them ('request'), or after them ('zz').
  under: fc.constantFrom('a', 'request', 'zz'),
  fields: fc.subarray([...CHAIN_AND_RUN_FIELDS], { minLength: 1 }),
  /** The real value (the chain's head, the record's sequence, the genesis's fields) or another. */
  real: fc.boolean(),
});
function nested(
  { under, fields, real }: typeof lookAlikes extends fc.Arbitrary<infer T> ? T : never,
  at: Place,
) {
  const values: Record<string, unknown> = {
    previous_hash: real ? at.head : 'ab'.repeat(32),
    record_hash: real ? at.head : 'cd'.repeat(32),
    record_type: real ? 'decision' : 'genesis',
    sequence: real ? at.sequence : at.sequence + 1,
    scope: 'run',
    ...(real ? RUN : { policy_hash: 'ef'.repeat(32), policy_version: '9', platform_tier: 'AUTONOMOUS' }),
  };
  return { [under]: { inner: Object.fromEntries(fields.map((f) => [f, values[f]])) } };
}

/** A body to chain at `at`, and the previous_hash to chain it with (the head, or a wrong one kept nested). */
type Shape = (at: Place) => { body: Record<string, unknown>; previous: string };

/** Decision records as the engine writes them (record_hash directly followed by record_type), nesting look-alikes or not. */
const decision: fc.Arbitrary<Shape> = fc
  .record({
    fields: runFields,
    decision: fc.constantFrom('ALLOW', 'DROP'),
    request: fc.record({ latency_ms: fc.double({ min: 0, max: 1e4, noNaN: true }), path: fc.string() }),
    risk_score: fc.double({ min: 0, max: 1, noNaN: true }),
    timestamp: fc.double({ min: 0, max: 4e9, noNaN: true }),
    lookAlikes: fc.option(lookAlikes, { freq: 2 }),
    // The forgery: a wrong top-level previous_hash, the real head nested.
    wrongLink: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, fc.constant(true)),
  })
  .map(({ fields, lookAlikes: l, wrongLink, ...rest }) => (at: Place) => ({
    body: {
      actions_taken: ['log'],
      reason_codes: ['LATENCY_SCORE'],
      record_type: 'decision',
      ...fields,
      ...rest,
      ...(l ? nested(l, at) : {}),
      ...(wrongLink ? { a: { previous_hash: at.head } } : {}),
    },
    previous: wrongLink ? 'ab'.repeat(32) : at.head,
  }));

const verdict = (scope: string) =>
  fc.option(lookAlikes).map((l) => (at: Place) => ({
    body: {
      decisions: { ALLOW: 1 },
      record_type: 'verdict',
      scope,
      verdict: 'ALLOW',
      ...(scope === 'endpoint' ? { endpoint_key: 'GET /a', requests: 1 } : {}),
      ...(l ? nested(l, at) : {}),
    },
    previous: at.head,
  }));

/** Odd bodies: other record types, a second genesis, a verdict of no known scope, any fields. */
const odd: fc.Arbitrary<Shape> = fc
  .tuple(
    fc.constantFrom('note', 'genesis', 'x', 'verdict'),
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  )
  .map(([record_type, fields]) => (at: Place) => ({ body: { ...fields, record_type }, previous: at.head }));

/** A run's ledger (decisions, endpoint verdicts, the run verdict; any part may be missing), odd records mixed in now and then. */
const ledger = fc
  .tuple(
    fc.array(decision, { maxLength: 5 }),
    fc.array(verdict('endpoint'), { maxLength: 2 }),
    fc.oneof(
      { weight: 6, arbitrary: fc.tuple(verdict('run')) },
      fc.constant([]),
      fc.tuple(verdict('run'), verdict('run')),
    ),
    fc.option(fc.tuple(fc.nat(), odd), { freq: 4 }),
  )
  .map(([decisions, endpoints, run, extra]) => {
    const shapes = [...decisions, ...endpoints, ...run];
    if (extra) shapes.splice(extra[0] % (shapes.length + 1), 0, extra[1]);
    const records: LedgerRecord[] = [genesisRecord(GENESIS) as unknown as LedgerRecord];
    for (const shape of shapes) {
      const head = records[records.length - 1]!.record_hash;
      const { body, previous } = shape({ head, sequence: records.length });
      records.push(chainRecord(body as { record_type: string }, previous, records.length));
    }
    return records.map((r) => canonicalJson(r));
  });

type Tamper = (lines: string[], bytes: Buffer) => Buffer;
const tamper: fc.Arbitrary<Tamper> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<Tamper>((_, bytes) => bytes) },
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(
    ([at, delta]): Tamper =>
      (_, bytes) => {
        const b = Buffer.from(bytes);
        b[at % b.length] = (b[at % b.length]! + delta) % 256;
        return b;
      },
  ),
  fc.nat().map(
    (at): Tamper =>
      (lines) =>
        join(lines.filter((_, i) => i !== at % lines.length)),
  ),
  fc.nat().map(
    (at): Tamper =>
      (lines) =>
        join([...lines.slice(0, (at % lines.length) + 1), ...lines.slice(at % lines.length)]),
  ),
  fc.tuple(fc.nat(), fc.nat()).map(
    ([a, b]): Tamper =>
      (lines) => {
        const copy = [...lines];
        const [i, j] = [a % copy.length, b % copy.length];
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
        return join(copy);
      },
  ),
  fc.nat().map(
    (cut): Tamper =>
      (_, bytes) =>
        bytes.subarray(0, cut % (bytes.length + 1)),
  ),
  fc.constant<Tamper>((lines) =>
    join(lines.map((l, i) => (i === lines.length - 1 ? l.replace(':', ': ') : l))),
  ),
);

const join = (lines: readonly string[]) => Buffer.from(`${lines.join('\n')}\n`);

interface Mode {
  run: boolean;
  allowIncomplete: boolean;
}

function verify(bytes: Buffer, chunk: number, fast: boolean, count?: number, mode?: Mode) {
  const read = (buffer: Buffer, length: number, position: number) =>
    bytes.copy(buffer, 0, position, position + length);
  return verifyLedgerBytes(read, bytes.length, count === undefined ? undefined : { count }, chunk, {
    fast,
    ...mode,
  });
}

describe('verifyLedger { fast: true }', () => {
  it('agrees with the default check on valid and tampered ledgers', () => {
    const verdicts = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(
        ledger,
        tamper,
        fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant(READ_CHUNK_BYTES)),
        fc.boolean(),
        fc.record({ run: fc.boolean(), allowIncomplete: fc.boolean() }),
        (lines, change, chunk, withCount, mode) => {
          const bytes = change(lines, join(lines));
          const count = withCount ? lines.length : undefined;
          const strict = verify(bytes, chunk, false, count, mode);
          expect(verify(bytes, chunk, true, count, mode)).toEqual(strict);
          verdicts[strict.valid ? 'valid' : 'invalid']++;
        },
      ),
      options,
    );
    console.log(`verdicts compared: ${verdicts.valid} valid, ${verdicts.invalid} invalid`);
    // Both kinds of verdict were compared, not just failures.
    expect(verdicts.valid).toBeGreaterThan(options.numRuns / 10);
    expect(verdicts.invalid).toBeGreaterThan(options.numRuns / 10);
  });
});

/**
 * A line in a non-canonical layout whose record_hash is the sha256 of its own bytes (without that
 * member): what --fast does not check. The fast path accepts it, the default check refuses it, so
 * which one ran shows in the verdict.
 */
function carelessLine(
  body: Record<string, unknown>,
  previous: string,
  sequence: number,
): { line: string; hash: string } {
  const record = chainRecord(body as { record_type: string }, previous, sequence);
  const line = canonicalJson(record).replace('"request":{"a":1,"b":2}', '"request":{"b":2,"a":1}');
  const hash = sha256Hex(line.replace(`,"record_hash":"${record.record_hash}"`, ''));
  return { line: line.replace(record.record_hash, hash), hash };
}

describe('which records take the fast path', () => {
  const genesis = genesisRecord(GENESIS);
  const ledgerOf = (decision: Record<string, unknown>, verdictLayout: 'canonical' | 'careless') => {
    const first = carelessLine(
      { record_type: 'decision', ...decision, request: { a: 1, b: 2 } },
      genesis.record_hash,
      1,
    );
    const run = { record_type: 'verdict', scope: 'run', verdict: 'ALLOW', request: { a: 1, b: 2 } };
    const last =
      verdictLayout === 'careless'
        ? carelessLine(run, first.hash, 2).line
        : canonicalJson(chainRecord(run, first.hash, 2));
    return join([canonicalJson(genesis), first.line, last]);
  };
  const NOT_CANONICAL =
    'not canonical JSON (RFC 8785: sorted keys, no whitespace, shortest numbers); its content does not match its record_hash';

  it("a decision of the genesis's policy and tier: fast accepts it, the default check refuses it", () => {
    const bytes = ledgerOf(RUN, 'canonical');
    for (const mode of [
      { run: true, allowIncomplete: false },
      { run: false, allowIncomplete: false },
    ]) {
      expect(verify(bytes, READ_CHUNK_BYTES, true, undefined, mode)).toMatchObject({ valid: true, count: 3 });
      expect(verify(bytes, READ_CHUNK_BYTES, false, undefined, mode)).toMatchObject({
        valid: false,
        failed_index: 1,
        reason: `record 1 (line 2, byte ${canonicalJson(genesis).length + 1}): ${NOT_CANONICAL}`,
      });
    }
  });

  it("in a run's ledger, a decision of another tier and any verdict record get the full check", () => {
    const otherTier = ledgerOf({ ...RUN, platform_tier: 'AUTONOMOUS' }, 'canonical');
    const careless = ledgerOf(RUN, 'careless');
    const run = { run: true, allowIncomplete: false };
    expect(verify(otherTier, READ_CHUNK_BYTES, true, undefined, run)).toMatchObject({
      valid: false,
      failed_index: 1,
      reason: `record 1 (line 2, byte ${canonicalJson(genesis).length + 1}): ${NOT_CANONICAL}`,
    });
    expect(verify(careless, READ_CHUNK_BYTES, true, undefined, run)).toMatchObject({
      valid: false,
      failed_index: 2,
      reason: expect.stringMatching(/^record 2 \(line 3, byte \d+\): not canonical JSON/),
    });
    // As a plain chain, the fast path takes any record type but a genesis.
    expect(
      verify(careless, READ_CHUNK_BYTES, true, undefined, { run: false, allowIncomplete: false }),
    ).toMatchObject({
      valid: true,
      count: 3,
    });
  });

  it("the issue's forgery: a wrong top-level previous_hash with the real head nested fails fast as it fails strict", () => {
    const body = { record_type: 'decision', ...RUN, a: { previous_hash: genesis.record_hash } };
    const forged = chainRecord(body, 'ab'.repeat(32), 1);
    const bytes = join([canonicalJson(genesis), canonicalJson(forged)]);
    const reason = `record 1 (line 2, byte ${canonicalJson(genesis).length + 1}): previous_hash does not match record 0's record_hash`;
    for (const run of [true, false]) {
      const mode = { run, allowIncomplete: true };
      expect(verify(bytes, READ_CHUNK_BYTES, true, undefined, mode)).toMatchObject({
        valid: false,
        failed_index: 1,
        reason,
      });
      expect(verify(bytes, READ_CHUNK_BYTES, false, undefined, mode)).toMatchObject({
        valid: false,
        failed_index: 1,
        reason,
      });
    }
  });
});

/**
 * The fast path at each of its boundaries. A careless line (see carelessLine) shows which check
 * ran: the fast path accepts it, the full check refuses it. So a fast path that gave up on a line
 * it should take changes the verdict, and one that took a line it should not is caught by the
 * lines that must fail.
 */
describe('the fast path at its boundaries', () => {
  const genesis = genesisRecord(GENESIS);
  const PLAIN = { run: false, allowIncomplete: false };
  const RUN_LEDGER = { run: true, allowIncomplete: false };

  /** Genesis, then careless decisions chained one after another (sequence 1 to n), then a run verdict. */
  function carelessRun(n: number, body: (sequence: number) => Record<string, unknown>): Buffer {
    const lines = [canonicalJson(genesis)];
    let head = genesis.record_hash;
    for (let sequence = 1; sequence <= n; sequence++) {
      const careless = carelessLine({ ...body(sequence), request: { a: 1, b: 2 } }, head, sequence);
      lines.push(careless.line);
      head = careless.hash;
    }
    lines.push(
      canonicalJson(chainRecord({ record_type: 'verdict', scope: 'run', verdict: 'ALLOW' }, head, n + 1)),
    );
    return join(lines);
  }
  const fastAndStrict = (bytes: Buffer, mode: Mode) => ({
    fast: verify(bytes, READ_CHUNK_BYTES, true, undefined, mode),
    strict: verify(bytes, READ_CHUNK_BYTES, false, undefined, mode),
  });

  it('takes every decision of the run, at sequences of one and two digits (0 and 9 among them), with sequence last or not', () => {
    // Sequence is the last key when nothing sorts after it; a timestamp follows it with a comma.
    const bytes = carelessRun(21, (s) => ({
      record_type: 'decision',
      ...RUN,
      ...(s % 2 ? { timestamp: s } : {}),
    }));
    for (const mode of [RUN_LEDGER, PLAIN]) {
      const { fast, strict } = fastAndStrict(bytes, mode);
      expect(fast).toEqual({ valid: true, failed_index: null, count: 23, head_hash: expect.any(String) });
      expect(strict).toMatchObject({ valid: false, failed_index: 1, count: 1 });
    }
  });

  it('as a plain chain, takes a record type that only begins or nearly spells "genesis"', () => {
    for (const type of ['genesisx', 'genesi', 'g']) {
      const { fast, strict } = fastAndStrict(
        carelessRun(2, () => ({ record_type: type })),
        PLAIN,
      );
      expect([type, fast.valid, fast.count]).toEqual([type, true, 4]);
      expect([type, strict.valid, strict.failed_index]).toEqual([type, false, 1]);
    }
  });

  it('never takes an escaped record type: an escaped "genesis" fails fast as it fails strict', () => {
    const record = chainRecord({ record_type: 'gXnesis' }, genesis.record_hash, 1);
    const line = canonicalJson(record).replace('"record_type":"gXnesis"', '"record_type":"g\\u0065nesis"');
    const hash = sha256Hex(line.replace(`,"record_hash":"${record.record_hash}"`, ''));
    const bytes = join([canonicalJson(genesis), line.replace(record.record_hash, hash)]);
    const { fast, strict } = fastAndStrict(bytes, PLAIN);
    expect(strict).toMatchObject({ valid: false, failed_index: 1 });
    expect(fast).toEqual(strict);
  });

  it('in a run\'s ledger, a record type that only begins with "decision" fails fast as it fails strict', () => {
    for (const type of ['decisionx', 'decisio']) {
      const record = chainRecord({ record_type: type, ...RUN }, genesis.record_hash, 1);
      const bytes = join([canonicalJson(genesis), canonicalJson(record)]);
      const { fast, strict } = fastAndStrict(bytes, RUN_LEDGER);
      expect(strict).toMatchObject({
        valid: false,
        failed_index: 1,
        reason: `record 1 (line 2, byte ${canonicalJson(genesis).length + 1}): record_type "${type}" is not one a run writes (genesis, decision, verdict)`,
      });
      expect(fast).toEqual(strict);
    }
  });

  it('reads at most 15 digits of a sequence: a zero-padded one fails fast as it fails strict', () => {
    const careless = carelessLine(
      { record_type: 'decision', ...RUN, request: { a: 1, b: 2 } },
      genesis.record_hash,
      1,
    );
    const padded = careless.line.replace('"sequence":1', `"sequence":${'0'.repeat(15)}1`);
    const hash = sha256Hex(padded.replace(`,"record_hash":"${careless.hash}"`, ''));
    const bytes = join([canonicalJson(genesis), padded.replace(careless.hash, hash)]);
    for (const mode of [RUN_LEDGER, PLAIN]) {
      const { fast, strict } = fastAndStrict(bytes, mode);
      expect(strict).toMatchObject({ valid: false, failed_index: 1 });
      expect(fast).toEqual(strict);
    }
  });

  it('a line cut inside its record type fails fast as it fails strict', () => {
    const record = canonicalJson(chainRecord({ record_type: 'decision', ...RUN }, genesis.record_hash, 1));
    const cut = record.slice(0, record.indexOf('"record_type":"decision') + '"record_type":"deci'.length);
    const bytes = join([canonicalJson(genesis), cut]);
    for (const mode of [RUN_LEDGER, PLAIN]) {
      const { fast, strict } = fastAndStrict(bytes, mode);
      expect(strict).toMatchObject({ valid: false, failed_index: 1 });
      expect(fast).toEqual(strict);
    }
  });

  it('verifying one ledger in either mode after the other takes the same lines fast', () => {
    const bytes = carelessRun(1, () => ({ record_type: 'decision', ...RUN }));
    for (const mode of [PLAIN, RUN_LEDGER, PLAIN, RUN_LEDGER]) {
      expect(verify(bytes, READ_CHUNK_BYTES, true, undefined, mode)).toMatchObject({ valid: true, count: 3 });
    }
  });

  it('a line without a sequence member fails fast as it fails strict, whatever its first bytes read as', () => {
    // `{"aaaaaaa":1,` puts a digit where a sequence's digits would start were its member found at -1.
    const body = { aaaaaaa: 1, record_type: 'x', z: { record_type: 0 } };
    const record = chainRecord(body, genesis.record_hash, 1) as Record<string, unknown>;
    const { sequence: _, ...withoutSequence } = record;
    const unhashed = canonicalJson({ ...withoutSequence, record_hash: 'H' });
    const hash = sha256Hex(unhashed.replace(',"record_hash":"H"', ''));
    const bytes = join([canonicalJson(genesis), unhashed.replace('"H"', `"${hash}"`)]);
    const { fast, strict } = fastAndStrict(bytes, PLAIN);
    expect(strict).toMatchObject({
      valid: false,
      failed_index: 1,
      reason: `record 1 (line 2, byte ${canonicalJson(genesis).length + 1}): sequence undefined, expected 1`,
    });
    expect(fast).toEqual(strict);
  });

  it('a record_hash of 64 bytes but not hex digits (non-ASCII among them) fails fast as it fails strict, the line put back byte for byte', () => {
    const record = chainRecord({ record_type: 'decision', ...RUN }, genesis.record_hash, 1);
    const line = canonicalJson(record).replace(record.record_hash, `${'a'.repeat(62)}é`);
    const bytes = join([canonicalJson(genesis), line]);
    for (const mode of [RUN_LEDGER, PLAIN]) {
      const { fast, strict } = fastAndStrict(bytes, mode);
      expect(strict).toMatchObject({
        valid: false,
        failed_index: 1,
        reason: `record 1 (line 2, byte ${canonicalJson(genesis).length + 1}): record_hash is missing or not 64 lowercase hex digits`,
      });
      expect(fast).toEqual(strict);
    }
  });

  it('a record_hash whose 64 digits are not closed by a quote fails fast as it fails strict', () => {
    const record = chainRecord({ record_type: 'decision', ...RUN }, genesis.record_hash, 1);
    const member = `,"record_hash":"${record.record_hash}"`;
    const text = canonicalJson(record);
    const hash = sha256Hex(text.replace(member, ''));
    const bytes = join([canonicalJson(genesis), text.replace(member, `,"record_hash":"${hash}X`)]);
    for (const mode of [RUN_LEDGER, PLAIN]) {
      const { fast, strict } = fastAndStrict(bytes, mode);
      expect(strict).toMatchObject({
        valid: false,
        failed_index: 1,
        reason: expect.stringContaining('not JSON'),
      });
      expect(fast).toEqual(strict);
    }
  });

  it("in a run's ledger, a run field nested as well gets the full check (each key read once)", () => {
    const bytes = carelessRun(1, () => ({
      aa: { policy_hash: RUN.policy_hash },
      record_type: 'decision',
      ...RUN,
    }));
    const { fast, strict } = fastAndStrict(bytes, RUN_LEDGER);
    expect(strict).toMatchObject({ valid: false, failed_index: 1 });
    expect(fast).toEqual(strict);
  });

  it.each([
    [
      'previous_hash nested, the rest at the top',
      (h: string) =>
        `{"a":{"previous_hash":"${h}","reason_codes":[]},"record_hash":"H","record_type":"decision","sequence":1}`,
    ],
    [
      'sequence nested, the rest at the top',
      (h: string) =>
        `{"previous_hash":"${h}","record_hash":"H","record_type":"decision","request":{"sequence":1}}`,
    ],
    [
      'a top-level object closed early',
      (h: string) => `{"previous_hash":"${h}","record_hash":"H","record_type":"decision","sequence":1}}`,
    ],
    [
      'a line that does not open an object',
      (h: string) => ` "previous_hash":"${h}","record_hash":"H","record_type":"decision","sequence":1}`,
    ],
    [
      'record_hash one object deeper than the link',
      (h: string) =>
        `{"previous_hash":"${h}","x":{"a":1,"record_hash":"H","record_type":"decision"},"sequence":1}`,
    ],
    [
      'sequence one object deeper than the chain members',
      (h: string) =>
        `{"previous_hash":"${h}","record_hash":"H","record_type":"decision","r":{"a":1,"sequence":1},"t":2}`,
    ],
    [
      'the chain members all nested in one object',
      (h: string) => `{"a":{"previous_hash":"${h}","record_hash":"H","record_type":"decision","sequence":1}}`,
    ],
  ])('%s: fails fast as it fails strict', (_name, make) => {
    const body = make(genesis.record_hash);
    const hash = sha256Hex(body.replace(',"record_hash":"H"', ''));
    const bytes = join([canonicalJson(genesis), body.replace('"H"', `"${hash}"`)]);
    const { fast, strict } = fastAndStrict(bytes, PLAIN);
    expect(strict).toMatchObject({ valid: false, failed_index: 1 });
    expect(fast).toEqual(strict);
  });

  it('takes a decision whose string values hold escaped quotes, braces and brackets, and arrays before and after its chain members', () => {
    const bytes = carelessRun(2, () => ({
      record_type: 'decision',
      ...RUN,
      reason_codes: ['A"}]', 'B\\'],
      risk_factors: { list: [1, [2, { x: '"{[' }]] },
    }));
    for (const mode of [RUN_LEDGER, PLAIN]) {
      const { fast, strict } = fastAndStrict(bytes, mode);
      expect(fast).toEqual({ valid: true, failed_index: null, count: 4, head_hash: expect.any(String) });
      expect(strict).toMatchObject({ valid: false, failed_index: 1 });
    }
  });
});
