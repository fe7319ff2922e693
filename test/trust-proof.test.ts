import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../src/ledger/index.js';
import {
  CONSISTENCY_PROOF_HEADER,
  consistencyProof,
  INCLUSION_PROOF_HEADER,
  inclusionProof,
  ledgerLeafHashes,
  proveConsistency,
  proveInclusion,
  publicKeyOf,
  TrustMismatch,
  verifyConsistencyProofText,
  verifyInclusionProofText,
  writeCheckpoint,
} from '../src/trust/index.js';

const GENESIS = { policy_hash: 'cd'.repeat(32), policy_version: '1.0.0', platform_tier: 'CONTROL' as const };
const ORIGIN = 'proofs.example/log';
const key = generateKeyPairSync('ed25519').privateKey;
const trusted = { publicKeys: [publicKeyOf(key)] };

function setup(records: number) {
  const path = join(mkdtempSync(join(tmpdir(), 'tg-proof-')), 'ledger.jsonl');
  const ledger = new Ledger(path, GENESIS);
  ledger.appendSync(Array.from({ length: records }, (_, n) => ({ record_type: 'probe', n })));
  return { path, ledger, lines: () => readFileSync(path, 'utf8').split('\n').slice(0, -1) };
}

describe('inclusion proofs (C2SP tlog-proof)', () => {
  it('proves one record against a signed checkpoint without the rest of the ledger', () => {
    const { path, lines } = setup(9);
    const checkpoint = writeCheckpoint(path, { origin: ORIGIN, key }).text;
    const proof = proveInclusion(path, 3, checkpoint);
    const expectedPath = inclusionProof(ledgerLeafHashes(path).leaves, 3).map((h) => h.toString('base64'));
    expect(proof).toBe(`${INCLUSION_PROOF_HEADER}\nindex 3\n${expectedPath.join('\n')}\n\n${checkpoint}`);
    const record = lines()[3]!;
    expect(verifyInclusionProofText(proof, record, trusted)).toEqual({ valid: true, signed_by: [ORIGIN] });
    expect(verifyInclusionProofText(proof, `${record}\n`).valid).toBe(true); // a line as read, newline and all
    expect(verifyInclusionProofText(proof, lines()[4]!).reason).toMatch(
      /the record is not entry 3 of the 10-record tree with root [0-9a-f]{64}/,
    );
    expect(verifyInclusionProofText(proof, record.replace('"n":2', '"n":3')).valid).toBe(false);
  });

  it('rejects a forged path, a wrong index, an untrusted signer and a malformed proof', () => {
    const { path, lines } = setup(5);
    const checkpoint = writeCheckpoint(path, { origin: ORIGIN, key }).text;
    const proof = proveInclusion(path, 2, checkpoint);
    const record = lines()[2]!;
    const [, , firstHash] = proof.split('\n');
    const forged = proof.replace(firstHash!, Buffer.alloc(32, 7).toString('base64'));
    expect(verifyInclusionProofText(forged, record).valid).toBe(false);
    expect(verifyInclusionProofText(proof.replace('index 2', 'index 3'), record).valid).toBe(false);
    const stranger = { publicKeys: [generateKeyPairSync('ed25519').publicKey] };
    expect(verifyInclusionProofText(proof, record, stranger).reason).toMatch(
      /checkpoint no signature by a trusted key/,
    );
    expect(
      verifyInclusionProofText(proof.replace(INCLUSION_PROOF_HEADER, 'tlog-proof'), record).reason,
    ).toMatch(/the first line must be c2sp.org\/tlog-proof@v1/);
    expect(verifyInclusionProofText(proof.replace('index 2', 'index 02'), record).reason).toMatch(
      /expected "index <number>"/,
    );
    expect(verifyInclusionProofText(proof.replace(firstHash!, 'AAAA'), record).reason).toMatch(
      /inclusion proof hash 1: not the base64 of a 32-byte hash/,
    );
    expect(() => proveInclusion(path, 6, checkpoint)).toThrow(
      /index 6 is outside the checkpoint's 6 records \(0 to 5\)/,
    );
  });

  it('refuses to prove against a checkpoint of a different ledger', () => {
    const a = setup(4);
    const b = setup(4);
    writeFileSync(b.path, readFileSync(b.path, 'utf8').replace('"n":1', '"n":9'));
    const checkpoint = writeCheckpoint(a.path, { origin: ORIGIN }).text;
    expect(() => proveInclusion(b.path, 0, checkpoint)).toThrow(
      /its first 5 records do not hash to the checkpoint's root: not the ledger this checkpoint describes/,
    );
  });
});

describe('consistency proofs', () => {
  it('proves the ledger only grew between two signed checkpoints', () => {
    const { path, ledger } = setup(5);
    const oldCp = writeCheckpoint(path, { origin: ORIGIN, key, out: `${path}.old` }).text;
    ledger.appendSync(Array.from({ length: 7 }, (_, n) => ({ record_type: 'probe', n: 100 + n })));
    const newCp = writeCheckpoint(path, { origin: ORIGIN, key }).text;
    const proof = proveConsistency(path, oldCp, newCp);
    expect(proof.startsWith(`${CONSISTENCY_PROOF_HEADER}\nold 6\nnew 13\n`)).toBe(true);
    expect(verifyConsistencyProofText(proof, oldCp, newCp, trusted)).toEqual({
      valid: true,
      signed_by: [ORIGIN],
    });
    expect(verifyConsistencyProofText(proof, newCp, oldCp).reason).toMatch(
      /the proof is for sizes 6 → 13, the checkpoints have 13 → 6/,
    );
  });

  it('fails when history was rewritten, even though the new checkpoint is validly signed', () => {
    const { path, lines } = setup(5);
    const oldCp = writeCheckpoint(path, { origin: ORIGIN, key }).text;
    // The operator rewrites record 2, re-seals everything after it, appends more and signs again.
    const fresh = join(mkdtempSync(join(tmpdir(), 'tg-proof-')), 'ledger.jsonl');
    writeFileSync(fresh, `${lines().slice(0, 2).join('\n')}\n`);
    new Ledger(fresh, GENESIS).appendSync([
      { record_type: 'probe', n: 5 },
      ...Array.from({ length: 8 }, (_, n) => ({ record_type: 'probe', n: 200 + n })),
    ]);
    const newCp = writeCheckpoint(fresh, { origin: ORIGIN, key }).text;
    // No proof is made for it (exit 4 at the CLI), naming the first record that differs ...
    expect(() => proveConsistency(fresh, oldCp, newCp, path)).toThrow(TrustMismatch);
    expect(() => proveConsistency(fresh, oldCp, newCp, path)).toThrow(
      `${fresh} does not extend the old ledger: record 2 (line 3) differs from ${path}'s`,
    );
    expect(() => proveConsistency(fresh, oldCp, newCp)).toThrow(
      `${fresh} does not extend the old ledger: its first 6 records do not hash to the old checkpoint's root`,
    );
    // ... and a proof made over the new tree anyway does not verify.
    const path11 = consistencyProof(ledgerLeafHashes(fresh).leaves, 6).map(
      (h) => `${h.toString('base64')}\n`,
    );
    const proof = `${CONSISTENCY_PROOF_HEADER}\nold 6\nnew 11\n${path11.join('')}`;
    expect(verifyConsistencyProofText(proof, oldCp, newCp, trusted).reason).toMatch(
      /the 11-record ledger does not extend the 6-record one: records were changed, removed or reordered/,
    );
  });

  it('rejects checkpoints of different logs and unsigned checkpoints when keys are required', () => {
    const { path } = setup(3);
    const a = writeCheckpoint(path, { origin: ORIGIN, out: `${path}.a` }).text;
    const b = writeCheckpoint(path, { origin: 'other.example/log', out: `${path}.b` }).text;
    const proof = proveConsistency(path, a, a);
    expect(proof).toBe(`${CONSISTENCY_PROOF_HEADER}\nold 4\nnew 4\n`);
    expect(verifyConsistencyProofText(proof, a, a).valid).toBe(true);
    expect(verifyConsistencyProofText(proof, a, b).reason).toMatch(/the checkpoints are of different logs/);
    expect(verifyConsistencyProofText(proof, a, a, trusted).reason).toMatch(
      /old checkpoint is not signed, but a signature by a trusted key is required/,
    );
  });
});
