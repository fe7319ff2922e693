/**
 * verify-ledger checks a run's ledger, not just its chain (issue 12, defects 1, 5, 12 and 13): a
 * ledger that mixes two runs (another tier or policy, decisions after verdicts, a second run
 * verdict) or whose run never finished (no run verdict: SIGKILL, ENOSPC) is never "OK"; strict,
 * --fast and parallel verification agree; every message numbers records one way, once.
 * The mixed ledgers are built as two runs writing into one file would: each record chained onto
 * whatever the file held.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/canonical.js';
import { chainRecord, verifyLedger } from '../src/ledger/index.js';
import { mayFollow, RunStructure, SECOND_GENESIS, STAGE } from '../src/ledger/structure.js';
import type { LedgerRecord } from '../src/model.js';
import { cliIn } from './support/cli.js';

const EXAMPLES = join(import.meta.dirname, '..', 'examples');
const root = mkdtempSync(join(tmpdir(), 'tg-verify-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cli = cliIn(root);

const evaluate = (tier: string, traffic = 'traffic.jsonl') =>
  cli([
    'evaluate',
    ...['--policy', join(EXAMPLES, 'policy.yaml'), '--contracts', join(EXAMPLES, 'contracts.yaml')],
    ...['--traffic', join(EXAMPLES, traffic), '--tier', tier, '--out', tier],
  ]);

type Rec = LedgerRecord;
const records = (dir: string): Rec[] =>
  readFileSync(join(root, dir, 'ledger.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec);

/** The ledger a writer makes appending these records one after the other: each chained onto the last. */
function rechain(list: readonly Rec[]): string[] {
  const chained: Rec[] = [list[0]!];
  for (const { sequence: _s, previous_hash: _p, record_hash: _r, ...body } of list.slice(1))
    chained.push(chainRecord(body, chained[chained.length - 1]!.record_hash, chained.length) as Rec);
  return chained.map((r) => canonicalJson(r));
}

function write(name: string, lines: readonly string[]): string {
  writeFileSync(join(root, name), `${lines.join('\n')}\n`);
  return name;
}

/** Byte offset of line `index` (0-based) of a ledger's lines. */
const byteOf = (lines: readonly string[], index: number) =>
  lines.slice(0, index).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);

let control: Rec[];
let observe: Rec[];
beforeAll(async () => {
  // CONTROL fails its gate on the examples (a DROP verdict, exit 1): a complete run all the same.
  expect((await evaluate('CONTROL')).code).toBe(1);
  expect((await evaluate('OBSERVE_ONLY')).code).toBe(0);
  control = records('CONTROL');
  observe = records('OBSERVE_ONLY');
});

const decisions = (list: readonly Rec[]) => list.filter((r) => r.record_type === 'decision');
const verdicts = (list: readonly Rec[]) => list.filter((r) => r.record_type === 'verdict');

/** verify-ledger strict and --fast: the same exit code and words; returns them. */
async function verifyBoth(file: string, ...flags: string[]) {
  const strict = await cli(['verify-ledger', file, ...flags]);
  const fast = await cli(['verify-ledger', file, '--fast', ...flags]);
  expect(fast).toEqual(strict);
  return strict;
}

describe('a ledger two runs wrote into is never OK (defect 1)', () => {
  it('a CONTROL run whose file an OBSERVE_ONLY run appended to: exit 4 at the first foreign decision', async () => {
    const lines = rechain([
      ...control.slice(0, 11),
      ...decisions(observe).slice(10, 20),
      ...decisions(control).slice(20),
      ...verdicts(control),
    ]);
    const file = write('mixed-tier.jsonl', lines);
    const r = await verifyBoth(file);
    expect(r.code).toBe(4);
    expect(r.err.split('\n')[0]).toBe(
      `traffic-governance: verification failed: mixed-tier.jsonl: record 11 (line 12, byte ${byteOf(lines, 11)}): ` +
        'platform_tier "OBSERVE_ONLY" differs from the genesis record\'s "CONTROL": a decision of another run (two runs wrote into one ledger?)',
    );
    expect(r.err.split('\n')[1]).toBe(`  the line: ${lines[11]!.slice(0, 400)}…`);
    expect(r.err.split('\n')[2]).toBe(
      `  verified before the failure: 11 records, head ${JSON.parse(lines[10]!).record_hash}`,
    );
    expect(verifyLedger(join(root, file))).toMatchObject({ valid: true });
    expect(verifyLedger(join(root, file), undefined, { run: true })).toMatchObject({
      valid: false,
      failed_index: 11,
      count: 11,
    });
  });

  it('another policy hash or version in a decision: exit 4 naming the field', async () => {
    for (const [field, value] of [
      ['policy_hash', 'ee'.repeat(32)],
      ['policy_version', '9.9.9'],
    ] as const) {
      const changed = control.map((r, i) => (i === 5 ? { ...r, [field]: value } : r));
      const lines = rechain(changed);
      const r = await verifyBoth(write(`mixed-${field}.jsonl`, lines));
      expect(r.code).toBe(4);
      expect(r.err.split('\n')[0]).toBe(
        `traffic-governance: verification failed: mixed-${field}.jsonl: record 5 (line 6, byte ${byteOf(lines, 5)}): ` +
          `${field} "${value}" differs from the genesis record's "${control[0]![field]}": a decision of another run (two runs wrote into one ledger?)`,
      );
    }
  });

  it('a decision without the policy hash, and an unknown record type or verdict scope: exit 4', async () => {
    const cases: Array<[string, (r: Rec) => Rec, string]> = [
      [
        'no-hash',
        ({ policy_hash: _, ...r }) => r as Rec,
        "policy_hash missing differs from the genesis record's",
      ],
      [
        'note',
        (r) => ({ ...r, record_type: 'note' }),
        'record_type "note" is not one a run writes (genesis, decision, verdict)',
      ],
    ];
    for (const [name, change, words] of cases) {
      const lines = rechain(control.map((r, i) => (i === 3 ? change(r) : r)));
      const r = await verifyBoth(write(`odd-${name}.jsonl`, lines));
      expect([r.code, r.err.split('\n')[0]]).toEqual([
        4,
        expect.stringContaining(`: record 3 (line 4, byte ${byteOf(lines, 3)}): ${words}`),
      ]);
    }
    const run = control.length - 1;
    const lines = rechain(control.map((r, i) => (i === run ? { ...r, scope: 'all' } : r)));
    const r = await verifyBoth(write('odd-scope.jsonl', lines));
    expect(r.err.split('\n')[0]).toContain(
      `: record ${run} (line ${run + 1}, byte ${byteOf(lines, run)}): a verdict record with scope "all" (a run writes "endpoint" or "run")`,
    );
  });

  it('two complete runs of the same tier and policy one after the other: exit 4 after the first run verdict', async () => {
    const lines = rechain([...control, ...control.slice(1)]);
    const file = write('two-runs.jsonl', lines);
    const n = control.length;
    const r = await verifyBoth(file);
    expect([r.code, r.err.split('\n')[0]]).toEqual([
      4,
      `traffic-governance: verification failed: two-runs.jsonl: record ${n} (line ${n + 1}, byte ${byteOf(lines, n)}): ` +
        'a decision record after the run-verdict record, which must be the last record',
    ]);
  });

  it('decisions after endpoint verdicts, a second genesis, a second run verdict: exit 4 each', async () => {
    const endpoint = verdicts(control)[0]!;
    const run = verdicts(control).at(-1)!;
    const cases: Array<[string, Rec[], number, string]> = [
      [
        'decision-after-verdict',
        [...control.slice(0, 6), endpoint, ...control.slice(6)],
        7,
        'a decision record after the verdict records',
      ],
      [
        'second-genesis',
        [...control.slice(0, 4), control[0]!, ...control.slice(4)],
        4,
        'a second genesis record (only record 0 may be one)',
      ],
      [
        'second-run-verdict',
        [...control, run],
        control.length,
        'a run verdict record after the run-verdict record, which must be the last record',
      ],
      [
        'endpoint-after-run',
        [...control, endpoint],
        control.length,
        'an endpoint verdict record after the run-verdict record, which must be the last record',
      ],
    ];
    for (const [name, list, at, words] of cases) {
      const lines = rechain(list);
      const r = await verifyBoth(write(`${name}.jsonl`, lines));
      expect([name, r.code, r.err.split('\n')[0]]).toEqual([
        name,
        4,
        `traffic-governance: verification failed: ${name}.jsonl: record ${at} (line ${at + 1}, byte ${byteOf(lines, at)}): ${words}`,
      ]);
    }
  });

  it('the run structure allows stages only forward, and nothing after the run verdict', () => {
    const { GENESIS, DECISIONS, ENDPOINT_VERDICTS, RUN_VERDICT } = STAGE;
    expect([GENESIS, DECISIONS, ENDPOINT_VERDICTS, RUN_VERDICT]).toEqual([0, 1, 2, 3]);
    expect(mayFollow(GENESIS, DECISIONS)).toBe(true);
    expect(mayFollow(DECISIONS, DECISIONS)).toBe(true);
    expect(mayFollow(DECISIONS, RUN_VERDICT)).toBe(true);
    expect(mayFollow(ENDPOINT_VERDICTS, ENDPOINT_VERDICTS)).toBe(true);
    expect(mayFollow(ENDPOINT_VERDICTS, DECISIONS)).toBe(false);
    expect(mayFollow(RUN_VERDICT, RUN_VERDICT)).toBe(false);
    expect(mayFollow(RUN_VERDICT, ENDPOINT_VERDICTS)).toBe(false);
  });
});

describe('a ledger whose run never finished is not OK (defect 5)', () => {
  const n = () => control.length - verdicts(control).length;

  it('without its verdict records (killed mid-run): exit 4, "incomplete", strict and --fast alike', async () => {
    const lines = rechain(control.slice(0, n()));
    const file = write('killed.jsonl', lines);
    const head = JSON.parse(lines.at(-1)!).record_hash;
    const r = await verifyBoth(file);
    expect([r.code, r.out, r.err]).toEqual([
      4,
      '',
      [
        `traffic-governance: verification failed: killed.jsonl: incomplete: the run that wrote this ledger did not finish: no run-verdict record after record ${n() - 1} (line ${n()}), the last one`,
        `  verified before the failure: ${n()} records, head ${head}`,
      ].join('\n'),
    ]);
  });

  it('--allow-incomplete accepts it when the chain holds, and says what is missing', async () => {
    const lines = rechain(control.slice(0, n() + 2));
    const file = write('killed-in-verdicts.jsonl', lines);
    const head = JSON.parse(lines.at(-1)!).record_hash;
    const r = await verifyBoth(file, '--allow-incomplete');
    expect([r.code, r.out, r.err]).toEqual([
      0,
      `ledger OK: ${file}: ${n() + 2} records, head ${head}\n` +
        `  incomplete (allowed): no run-verdict record after record ${n() + 1} (line ${n() + 2}), the last one`,
      '',
    ]);
    expect((await cli(['verify-ledger', file])).code).toBe(4);
    // A broken chain still fails with --allow-incomplete.
    const broken = [...lines];
    broken[3] = broken[3]!.replace('"latency_ms":', '"latency_ms":1');
    expect(
      (await cli(['verify-ledger', write('killed-broken.jsonl', broken), '--allow-incomplete'])).code,
    ).toBe(4);
  });

  it('a genesis alone (a run that stopped before its first decision) is incomplete too', async () => {
    const r = await verifyBoth(write('genesis-only.jsonl', rechain(control.slice(0, 1))));
    expect([r.code, r.err.split('\n')[0]]).toEqual([
      4,
      'traffic-governance: verification failed: genesis-only.jsonl: incomplete: the run that wrote this ledger did not finish: no run-verdict record after record 0 (line 1), the last one',
    ]);
  });

  it('TG_DEBUG=1 says which path verified it (a small ledger: this thread alone)', async () => {
    const r = await cli(['verify-ledger', 'CONTROL/ledger.jsonl'], { env: { TG_DEBUG: '1' } });
    expect([r.code, r.err]).toEqual([0, 'traffic-governance: debug: verified on this thread']);
    const e = await cli(
      [
        'evaluate',
        ...['--policy', join(EXAMPLES, 'policy.yaml'), '--contracts', join(EXAMPLES, 'contracts.yaml')],
        '--traffic',
        join(EXAMPLES, 'traffic.jsonl'),
        '--out',
        'debug',
      ],
      { env: { TG_DEBUG: '1' } },
    );
    expect(e.err.split('\n')).toContain(
      'traffic-governance: debug: the ledger is sealed and written on this thread',
    );
  });

  it('the complete ledger of the run verifies, and --allow-incomplete changes nothing there', async () => {
    for (const flags of [[], ['--allow-incomplete']]) {
      const r = await verifyBoth('CONTROL/ledger.jsonl', ...flags);
      expect([r.code, r.out]).toEqual([
        0,
        `ledger OK: CONTROL/ledger.jsonl: ${control.length} records, head ${control.at(-1)!.record_hash}`,
      ]);
    }
  });
});

describe('one numbering, stated once (item 12)', () => {
  it('a changed byte names the record, its line and byte once; the text follows unnumbered', async () => {
    const lines = readFileSync(join(root, 'CONTROL', 'ledger.jsonl'), 'utf8')
      .trimEnd()
      .split('\n');
    lines[10] = lines[10]!.replace('"latency_ms":', '"latency_ms":1');
    const r = await verifyBoth(write('one-byte.jsonl', lines));
    const err = r.err.split('\n');
    expect(err[0]).toMatch(
      new RegExp(
        `^traffic-governance: verification failed: one-byte\\.jsonl: record 10 \\(line 11, byte ${byteOf(lines, 10)}\\): record_hash mismatch \\(stored [0-9a-f]{64}, computed [0-9a-f]{64}\\)$`,
      ),
    );
    expect(err[1]).toBe(`  the line: ${lines[10]!.slice(0, 400)}…`);
    expect(r.err.match(/record \d+|line \d+/g)).toEqual(['record 10', 'line 11']);
  });

  it('a missing record names where the ledger ends', async () => {
    const file = write('short.jsonl', rechain(control.slice(0, -1)));
    const r = await cli([
      'verify-ledger',
      file,
      '--expect-count',
      String(control.length),
      '--allow-incomplete',
    ]);
    const n = control.length - 1;
    expect([r.code, r.err.split('\n')[0]]).toEqual([
      4,
      `traffic-governance: verification failed: short.jsonl: expected ${control.length} records, found ${n}: the ledger ends before record ${n} (line ${n + 1})`,
    ]);
  });
});

describe('prove refuses a ledger that is not the one a checkpoint describes: exit 4 (items 6, 12)', () => {
  it('prove inclusion on a ledger that does not match its checkpoint', async () => {
    const lines = readFileSync(join(root, 'CONTROL', 'ledger.jsonl'), 'utf8')
      .trimEnd()
      .split('\n');
    write('other.jsonl', rechain(observe));
    const r = await cli([
      'prove',
      'inclusion',
      'other.jsonl',
      '3',
      '--checkpoint',
      'CONTROL/ledger.checkpoint',
    ]);
    expect([r.code, r.out, r.err]).toEqual([
      4,
      '',
      `traffic-governance: verification failed: ${join(root, 'other.jsonl')}: its first ${lines.length} records do not hash to the checkpoint's root: not the ledger this checkpoint describes`,
    ]);
    write('fewer.jsonl', lines.slice(0, 5));
    const fewer = await cli([
      'prove',
      'inclusion',
      'fewer.jsonl',
      '3',
      '--checkpoint',
      'CONTROL/ledger.checkpoint',
    ]);
    expect([fewer.code, fewer.err]).toEqual([
      4,
      `traffic-governance: verification failed: ${join(root, 'fewer.jsonl')}: has 5 records, fewer than the checkpoint's ${lines.length}: not the ledger this checkpoint describes`,
    ]);
  });

  it('prove consistency OLD NEW when OLD is not a prefix of NEW names the first differing record', async () => {
    const lines = readFileSync(join(root, 'CONTROL', 'ledger.jsonl'), 'utf8')
      .trimEnd()
      .split('\n');
    const old = [...lines.slice(0, 20)];
    old[7] = canonicalJson({ ...JSON.parse(old[7]!), risk_score: 0 });
    write('old.jsonl', old);
    const r = await cli([
      'prove',
      'consistency',
      'old.jsonl',
      'CONTROL/ledger.jsonl',
      '--out',
      'never.proof',
    ]);
    expect([r.code, r.out, r.err]).toEqual([
      4,
      '',
      `traffic-governance: verification failed: ${join(root, 'CONTROL', 'ledger.jsonl')} does not extend the old ledger: record 7 (line 8) differs from ${join(root, 'old.jsonl')}'s`,
    ]);
    expect(() => readFileSync(join(root, 'never.proof'))).toThrow(/ENOENT/);
    // The prefix itself still gets its proof.
    write('prefix.jsonl', lines.slice(0, 20));
    expect((await cli(['prove', 'consistency', 'prefix.jsonl', 'CONTROL/ledger.jsonl'])).code).toBe(0);
  });
});

describe('RunStructure on its own (as a range of a ledger verified apart uses it)', () => {
  const genesisFields = { policy_hash: 'cd'.repeat(32), policy_version: '1.0.0', platform_tier: 'CONTROL' };
  const decision = { record_type: 'decision', ...genesisFields };

  it('refuses a first record that is not a genesis, and a second genesis', () => {
    expect(new RunStructure().accept(decision)).toBe('the first record is not a genesis record');
    const s = new RunStructure();
    expect(s.accept({ record_type: 'genesis', ...genesisFields })).toBeNull();
    expect(s.accept({ record_type: 'genesis', ...genesisFields })).toBe(SECOND_GENESIS);
  });

  it('remembers the stage of the first record it accepted, not a later one', () => {
    const s = new RunStructure(genesisFields);
    expect(s.firstStage).toBeUndefined();
    expect(s.accept(decision)).toBeNull();
    expect(s.accept({ record_type: 'verdict', scope: 'endpoint' })).toBeNull();
    expect(s.accept({ record_type: 'verdict', scope: 'run' })).toBeNull();
    expect([s.firstStage, s.stage]).toEqual([STAGE.DECISIONS, STAGE.RUN_VERDICT]);
  });
});
