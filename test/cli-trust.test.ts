/** The trust layer at the CLI: artifact sign/verify, evaluate's artifact checks, checkpoints and proofs. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import type { RunResult } from '../src/result.js';
import {
  generateKeyPairPem,
  loadPrivateKey,
  serializeSignedArtifact,
  signArtifact,
  writeCheckpoint,
} from '../src/trust/index.js';
import { cliIn } from './support/cli.js';

const EXAMPLES = join(import.meta.dirname, '..', 'examples');
const root = mkdtempSync(join(tmpdir(), 'tg-cli-trust-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const owner = generateKeyPairPem();
const coOwner = generateKeyPairPem();
const stranger = generateKeyPairPem();
const ENV = { OWNER_KEY: owner.private_pem, STRANGER_KEY: stranger.private_pem };

const inRoot = cliIn(root);

async function cli(argv: string[], extra: Partial<CliIo> = {}) {
  const result = await inRoot(argv, { env: ENV, ...extra });
  // No private key material ever reaches the output.
  for (const k of [owner, coOwner, stranger]) {
    const body = k.private_pem.split('\n')[1]!;
    expect(result.out + result.err).not.toContain(body);
  }
  return result;
}

const file = (name: string) => join(root, name);
const read = (name: string) => readFileSync(file(name), 'utf8');
const POLICY = ['--policy', join(EXAMPLES, 'policy.yaml'), '--contracts', join(EXAMPLES, 'contracts.yaml')];
const TRAFFIC = ['--traffic', join(EXAMPLES, 'traffic.jsonl'), join(EXAMPLES, 'access.log')];
const MISSING_TRAFFIC = ['--traffic', 'does-not-exist.jsonl'];

let hash: string;
beforeAll(async () => {
  writeFileSync(file('owner.pub'), owner.public_pem);
  writeFileSync(file('co-owner.pub'), coOwner.public_pem);
  writeFileSync(file('stranger.pub'), stranger.public_pem);
  writeFileSync(file('co-owner.key'), coOwner.private_pem, { mode: 0o600 });
  const created = await cli(['artifact', 'create', ...POLICY, '--out', 'unsigned.json']);
  expect(created.code).toBe(0);
  hash = /policy_hash ([0-9a-f]{64})/.exec(created.out)![1]!;
  const signed = await cli([
    'artifact',
    'sign',
    'unsigned.json',
    '--signing-key-env',
    'OWNER_KEY',
    '--expires',
    '2999-01-01T00:00:00Z',
    '--out',
    'signed.json',
  ]);
  expect([signed.code, signed.err]).toEqual([0, '']);
  expect(signed.out).toContain(`signatures: ${owner.keyid}`);
});

describe('artifact sign and verify', () => {
  it('signing keeps policy_hash; the signed artifact verifies by key, and still by the hash pin', async () => {
    const signed = JSON.parse(read('signed.json'));
    expect(signed.policy_hash).toBe(hash);
    expect(signed.expires).toBe('2999-01-01T00:00:00Z');
    expect(signed.signatures).toEqual([{ keyid: owner.keyid, sig: expect.any(String) }]);
    expect(JSON.parse(read('unsigned.json')).signatures).toBeUndefined();

    const byKey = await cli(['artifact', 'verify', 'signed.json', '--public-key', 'owner.pub']);
    expect([byKey.code, byKey.out]).toEqual([
      0,
      `artifact OK: signed.json: policy 1.0.0, hash ${hash}, signed by ${owner.keyid}, expires 2999-01-01T00:00:00Z`,
    ]);
    const byHash = await cli(['artifact', 'verify', 'signed.json', '--expect-hash', hash]);
    expect(byHash.code).toBe(0);
    // Inline base64 of the raw key works like the file.
    const raw = Buffer.from(owner.public_pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64').subarray(-32);
    const inline = await cli(['artifact', 'verify', 'signed.json', '--public-key', raw.toString('base64')]);
    expect(inline.code).toBe(0);
  });

  it('exits 4 on an unsigned artifact, an untrusted signer, and content edited after signing', async () => {
    const unsigned = await cli(['artifact', 'verify', 'unsigned.json', '--public-key', 'owner.pub']);
    expect([unsigned.code, unsigned.err]).toEqual([4, expect.stringContaining('the artifact is unsigned')]);
    const untrusted = await cli(['artifact', 'verify', 'signed.json', '--public-key', 'stranger.pub']);
    expect([untrusted.code, untrusted.err]).toEqual([
      4,
      expect.stringContaining(`from keys not trusted here: ${owner.keyid}`),
    ]);
    writeFileSync(file('edited.json'), read('signed.json').replace('2999-01-01', '2999-12-31'));
    const edited = await cli(['artifact', 'verify', 'edited.json', '--public-key', 'owner.pub']);
    expect([edited.code, edited.err]).toEqual([4, expect.stringContaining(`INVALID`)]);
  });

  it('--threshold 2 needs two distinct trusted signers; a second owner signs from a key file', async () => {
    const both = ['--public-key', 'owner.pub', '--public-key', 'co-owner.pub', '--threshold', '2'];
    const one = await cli(['artifact', 'verify', 'signed.json', ...both]);
    expect([one.code, one.err]).toEqual([
      4,
      expect.stringContaining('1 valid signature(s) from trusted keys, 2 required'),
    ]);
    const cosign = await cli([
      'artifact',
      'sign',
      'signed.json',
      '--signing-key-file',
      'co-owner.key',
      '--out',
      'cosigned.json',
    ]);
    expect(cosign.code).toBe(0);
    const two = await cli(['artifact', 'verify', 'cosigned.json', ...both]);
    expect(two.code).toBe(0);
    expect(two.out).toContain(`signed by ${[owner.keyid, coOwner.keyid].sort().join(', ')}`);
  });

  it('refuses to sign with an expiry that is already past (exit 2, nothing written)', async () => {
    const past = await cli([
      'artifact',
      'sign',
      'unsigned.json',
      '--signing-key-env',
      'OWNER_KEY',
      '--expires',
      '2020-01-01T00:00:00Z',
      '--out',
      'past.json',
    ]);
    expect([past.code, past.err]).toEqual([
      2,
      expect.stringMatching(
        /expires 2020-01-01T00:00:00Z is not after the signing time .*: every verifier would refuse this artifact as expired; give a later date/,
      ),
    ]);
    expect(existsSync(file('past.json'))).toBe(false);
  });

  it('exits 4 on an expired artifact and on a rollback below --min-policy-version (by key or by hash)', async () => {
    // Signed when it was still valid: the library signs without a clock unless given `now`.
    const stale = signArtifact(JSON.parse(read('unsigned.json')), loadPrivateKey({ env: 'OWNER_KEY' }, ENV), {
      expires: '2020-01-01T00:00:00Z',
    });
    writeFileSync(file('expired.json'), serializeSignedArtifact(stale));
    const expired = await cli(['artifact', 'verify', 'expired.json', '--public-key', 'owner.pub']);
    expect([expired.code, expired.err]).toEqual([
      4,
      expect.stringContaining('expired at 2020-01-01T00:00:00Z'),
    ]);
    for (const pin of [
      ['--public-key', 'owner.pub'],
      ['--expect-hash', hash],
    ]) {
      const old = await cli(['artifact', 'verify', 'signed.json', ...pin, '--min-policy-version', '1.1.0']);
      expect([old.code, old.err]).toEqual([
        4,
        expect.stringContaining('policy version 1.0.0 is older than min_policy_version 1.1.0'),
      ]);
      const same = await cli(['artifact', 'verify', 'signed.json', ...pin, '--min-policy-version', '1.0.0']);
      expect(same.code).toBe(0);
    }
  });

  it('exits 2, naming the fix, on key and option mistakes', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['artifact', 'verify', 'signed.json'],
        /--expect-hash HEX\) or is signed by a trusted key \(--public-key K\)/,
      ],
      [
        ['artifact', 'verify', 'signed.json', '--expect-hash', hash, '--threshold', '1'],
        /--threshold goes with --public-key/,
      ],
      [
        ['artifact', 'verify', 'signed.json', '--public-key', 'owner.pub', '--threshold', '2'],
        /threshold 2 exceeds the 1 distinct public key/,
      ],
      [['artifact', 'verify', 'signed.json', '--public-key', 'co-owner.key'], /this is a PRIVATE key/],
      [
        ['artifact', 'verify', 'signed.json', '--public-key', 'owner.pub', '--min-policy-version', 'v1'],
        /not a semantic version/,
      ],
      [
        ['artifact', 'sign', 'unsigned.json', '--signing-key-env', 'NOT_SET'],
        /environment variable NOT_SET is not set/,
      ],
      [['artifact', 'sign', 'unsigned.json'], /never on the command line/],
      [
        ['artifact', 'sign', 'unsigned.json', '--signing-key-env', 'OWNER_KEY', '--expires', 'tomorrow'],
        /RFC 3339/,
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect([argv.join(' '), r.code, r.err]).toEqual([argv.join(' '), 2, expect.stringMatching(message)]);
    }
  });
});

describe('evaluate --artifact with trust options', () => {
  it('refuses an expired, rolled-back or untrusted artifact with exit 4 before reading traffic', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--artifact', 'expired.json', '--public-key', 'owner.pub'], /expired at/],
      [
        ['--artifact', 'signed.json', '--public-key', 'owner.pub', '--min-policy-version', '2.0.0'],
        /older than min_policy_version 2.0.0/,
      ],
      [['--artifact', 'signed.json', '--public-key', 'stranger.pub'], /0 valid signature/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['evaluate', ...args, ...MISSING_TRAFFIC, '--out', 'never']);
      expect([r.code, r.err]).toEqual([4, expect.stringMatching(message)]);
      expect(r.err).not.toMatch(/does-not-exist/);
      expect(existsSync(file('never'))).toBe(false);
    }
  });

  it('runs a signed artifact without a hash pin; result.json, governance.env and the output carry version and signers', async () => {
    const r = await cli([
      'evaluate',
      '--artifact',
      'cosigned.json',
      '--public-key',
      'owner.pub',
      '--public-key',
      'co-owner.pub',
      '--min-policy-version',
      '1.0.0',
      ...TRAFFIC,
      '--out',
      'signed-run',
    ]);
    expect(r.code).toBe(0);
    const signers = [owner.keyid, coOwner.keyid].sort();
    const result: RunResult = JSON.parse(read('signed-run/result.json'));
    expect(result.policy).toMatchObject({ version: '1.0.0', hash, signed_by: signers });
    const env = read('signed-run/governance.env');
    expect(env).toContain('GOVERNANCE_POLICY_VERSION=1.0.0\n');
    expect(env).toContain(`GOVERNANCE_POLICY_SIGNED_BY=${signers.join(',')}\n`);
    expect(r.out).toContain(`signed by ${signers.join(', ')}`);
    expect(r.out).toContain(`checkpoint: signed-run/ledger.checkpoint`);
    // A policy given as files (no signatures checked) has no SIGNED_BY line.
    const plain = await cli(['evaluate', ...POLICY, ...TRAFFIC, '--out', 'plain-run']);
    expect(plain.code).toBe(0);
    expect(read('plain-run/governance.env')).not.toContain('SIGNED_BY');
    expect(read('plain-run/ledger.jsonl')).toBe(read('signed-run/ledger.jsonl'));
  });
});

describe('checkpoints: evaluate writes one, verify-ledger --checkpoint checks it', () => {
  beforeAll(async () => {
    const signedRun = await cli([
      'evaluate',
      ...POLICY,
      ...TRAFFIC,
      '--out',
      'cp-signed',
      '--origin',
      'example.com/tg',
      '--checkpoint-key-env',
      'OWNER_KEY',
    ]);
    expect(signedRun.code).toBe(0);
  });

  it('writes a C2SP checkpoint (origin, size, root) and verifies it; signed when a key is given', async () => {
    const lines = read('plain-run/ledger.checkpoint').split('\n');
    const records = read('plain-run/ledger.jsonl').split('\n').length - 1;
    expect(lines.slice(0, 2)).toEqual(['traffic-governance', String(records)]);
    expect(lines[2]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const ok = await cli([
      'verify-ledger',
      'plain-run/ledger.jsonl',
      '--checkpoint',
      'plain-run/ledger.checkpoint',
    ]);
    expect([ok.code, ok.out]).toEqual([
      0,
      expect.stringContaining(`checkpoint OK: plain-run/ledger.checkpoint: ${records} records`),
    ]);

    expect(read('cp-signed/ledger.checkpoint')).toMatch(/^example\.com\/tg\n[\s\S]*\n\n— example\.com\/tg /);
    const args = ['verify-ledger', 'cp-signed/ledger.jsonl', '--checkpoint', 'cp-signed/ledger.checkpoint'];
    expect((await cli([...args, '--public-key', 'owner.pub'])).code).toBe(0);
    const wrongKey = await cli([...args, '--public-key', 'stranger.pub']);
    expect(wrongKey.code).toBe(4);
    const unsignedRequired = await cli([
      'verify-ledger',
      'plain-run/ledger.jsonl',
      '--checkpoint',
      'plain-run/ledger.checkpoint',
      '--public-key',
      'owner.pub',
    ]);
    expect([unsignedRequired.code, unsignedRequired.err]).toEqual([
      4,
      expect.stringContaining('is not signed'),
    ]);
  });

  it('exits 4 on truncation, extension and rewrite, naming which', async () => {
    const ledger = read('plain-run/ledger.jsonl');
    const lines = ledger.split('\n').slice(0, -1);
    // Truncation: the last record removed (the chain alone still verifies; the run's structure
    // misses its run verdict, and with that allowed the checkpoint catches it).
    writeFileSync(file('truncated.jsonl'), `${lines.slice(0, -1).join('\n')}\n`);
    const truncated = await cli([
      'verify-ledger',
      'truncated.jsonl',
      '--allow-incomplete',
      '--checkpoint',
      'plain-run/ledger.checkpoint',
    ]);
    expect([truncated.code, truncated.err]).toEqual([4, expect.stringContaining('TRUNCATED')]);
    // Extension: the full ledger against the checkpoint of its prefix.
    writeCheckpoint(file('truncated.jsonl'), {
      origin: 'traffic-governance',
      out: file('prefix.checkpoint'),
    });
    const extended = await cli([
      'verify-ledger',
      'plain-run/ledger.jsonl',
      '--checkpoint',
      'prefix.checkpoint',
    ]);
    expect([extended.code, extended.err]).toEqual([4, expect.stringContaining('EXTENDED')]);
    // Rewrite: another run's valid ledger of the same size against this run's checkpoint.
    const other = await cli(['evaluate', ...POLICY, ...TRAFFIC, '--tier', 'CONTROL', '--out', 'other-run']);
    expect(other.code).not.toBe(2);
    const rewritten = await cli([
      'verify-ledger',
      'other-run/ledger.jsonl',
      '--checkpoint',
      'plain-run/ledger.checkpoint',
    ]);
    expect([rewritten.code, rewritten.err]).toEqual([4, expect.stringContaining('REWRITTEN')]);
  });

  it('exits 2 on --public-key without --checkpoint, a bad origin, or two checkpoint keys', async () => {
    expect((await cli(['verify-ledger', 'plain-run/ledger.jsonl', '--public-key', 'owner.pub'])).code).toBe(
      2,
    );
    const origin = await cli(['evaluate', ...POLICY, ...TRAFFIC, '--out', 'never', '--origin', 'has space']);
    expect([origin.code, origin.err]).toEqual([2, expect.stringContaining('--origin "has space"')]);
    const two = await cli([
      'evaluate',
      ...POLICY,
      ...TRAFFIC,
      '--out',
      'never',
      '--checkpoint-key-env',
      'OWNER_KEY',
      '--checkpoint-key-file',
      'co-owner.key',
    ]);
    expect(two.code).toBe(2);
    expect(existsSync(file('never'))).toBe(false);
  });
});

describe('prove', () => {
  it('inclusion: a proof for one record verifies against the record and the trusted checkpoint only', async () => {
    const made = await cli(['prove', 'inclusion', 'cp-signed/ledger.jsonl', '3', '--out', 'incl.proof']);
    expect(made.code).toBe(0);
    expect(read('incl.proof')).toMatch(/^c2sp\.org\/tlog-proof@v1\nindex 3\n/);
    const lines = read('cp-signed/ledger.jsonl').split('\n');
    writeFileSync(file('record3.jsonl'), `${lines[3]}\n`);
    writeFileSync(file('record4.jsonl'), `${lines[4]}\n`);
    const verify = (record: string, checkpoint: string, ...more: string[]) =>
      cli([
        'prove',
        'verify-inclusion',
        'incl.proof',
        '--record',
        record,
        '--checkpoint',
        checkpoint,
        ...more,
      ]);
    const ok = await verify('record3.jsonl', 'cp-signed/ledger.checkpoint', '--public-key', 'owner.pub');
    expect([ok.code, ok.out]).toEqual([
      0,
      expect.stringContaining(`inclusion proof incl.proof OK (checkpoint signed by example.com/tg`),
    ]);
    const wrongRecord = await verify('record4.jsonl', 'cp-signed/ledger.checkpoint');
    expect([wrongRecord.code, wrongRecord.err]).toEqual([4, expect.stringContaining('is not entry 3')]);
    const otherCheckpoint = await verify('record3.jsonl', 'plain-run/ledger.checkpoint');
    expect([otherCheckpoint.code, otherCheckpoint.err]).toEqual([
      4,
      expect.stringContaining('another checkpoint'),
    ]);
    const outside = await cli(['prove', 'inclusion', 'cp-signed/ledger.jsonl', '100000']);
    expect(outside.code).toBe(2);
  });

  it('consistency: a grown ledger extends its prefix; a different ledger does not', async () => {
    const made = await cli([
      'prove',
      'consistency',
      'truncated.jsonl',
      'plain-run/ledger.jsonl',
      '--old-checkpoint',
      'prefix.checkpoint',
      '--out',
      'cons.proof',
    ]);
    expect(made.code).toBe(0);
    expect(read('cons.proof')).toMatch(/^traffic-governance\/consistency-proof@v1\nold \d+\nnew \d+\n/);
    const ok = await cli([
      'prove',
      'verify-consistency',
      'cons.proof',
      '--old-checkpoint',
      'prefix.checkpoint',
      '--checkpoint',
      'plain-run/ledger.checkpoint',
    ]);
    expect([ok.code, ok.out]).toEqual([0, 'consistency proof cons.proof OK']);
    const bad = await cli([
      'prove',
      'verify-consistency',
      'cons.proof',
      '--old-checkpoint',
      'prefix.checkpoint',
      '--checkpoint',
      'other-run/ledger.checkpoint',
    ]);
    expect([bad.code, bad.err]).toEqual([4, expect.stringContaining('does not extend')]);
    // Without a checkpoint beside the old ledger, its tree is computed from it.
    const computed = await cli(['prove', 'consistency', 'truncated.jsonl', 'plain-run/ledger.jsonl']);
    expect(`${computed.out}\n`).toBe(read('cons.proof'));
  });
});
