import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../src/ledger/index.js';
import {
  checkpointPathFor,
  formatVerifierKey,
  leafHash,
  merkleRoot,
  noteKeyId,
  parseCheckpointText,
  parseNote,
  parsePrivateKey,
  parseVerifierKey,
  publicKeyOf,
  signNote,
  TrustError,
  verifyCheckpoint,
  verifyCheckpointText,
  verifyNoteSignatures,
  writeCheckpoint,
} from '../src/trust/index.js';

// golang.org/x/mod/sumdb/note's published example (note_test.go / package doc), used as test data:
// the same key and text must give the same signature line byte for byte (Ed25519 is deterministic),
// which shows our notes interoperate with Go's note.Open and every C2SP verifier.
const GO_SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const goPrivateKey = () => {
  const material = Buffer.from(GO_SIGNER.split('+').slice(4).join('+'), 'base64');
  expect(material[0]).toBe(0x01);
  return parsePrivateKey(material.subarray(1).toString('base64'));
};

const GENESIS = { policy_hash: 'ab'.repeat(32), policy_version: '1.0.0', platform_tier: 'CONTROL' as const };
const ORIGIN = 'ci.example.com/team/traffic-governance';

function ledgerWith(records: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tg-checkpoint-')), 'ledger.jsonl');
  new Ledger(path, GENESIS).appendSync(
    Array.from({ length: records }, (_, n) => ({ record_type: 'probe', n })),
  );
  return path;
}

describe('C2SP signed notes', () => {
  it('reproduces the Go sumdb/note example signature byte for byte and verifies it', () => {
    const key = goPrivateKey();
    expect(signNote(GO_TEXT, 'PeterNeumann', key)).toBe(GO_NOTE);
    expect(formatVerifierKey('PeterNeumann', key)).toBe(GO_VKEY);
    expect(noteKeyId('PeterNeumann', publicKeyOf(key)).toString(16)).toBe('c74f20a3');
    const verifier = parseVerifierKey(GO_VKEY);
    expect(verifyNoteSignatures(parseNote(GO_NOTE), [verifier])).toEqual({
      valid: true,
      verified_by: ['PeterNeumann'],
    });
    const edited = parseNote(GO_NOTE.replace('cryptography', 'cryptographY'));
    expect(verifyNoteSignatures(edited, [verifier]).reason).toMatch(
      /the signature by PeterNeumann \(key ID c74f20a3\) does not verify/,
    );
  });

  it('ignores unknown signers, requires one known signer, and rejects malformed notes', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const twice =
      signNote(GO_TEXT, 'PeterNeumann', goPrivateKey()) +
      signNote(GO_TEXT, 'witness.example', other).split('\n\n').pop()!;
    const parsed = parseNote(twice);
    expect(parsed.signatures.map((s) => s.name)).toEqual(['PeterNeumann', 'witness.example']);
    expect(verifyNoteSignatures(parsed, [parseVerifierKey(GO_VKEY)]).valid).toBe(true);
    // Same name, different key: not the known key, so ignored; and then nobody known signed.
    const impostor = parseNote(signNote(GO_TEXT, 'PeterNeumann', other));
    expect(verifyNoteSignatures(impostor, [parseVerifierKey(GO_VKEY)]).reason).toMatch(
      /no signature by a trusted key: the note is signed by \[PeterNeumann\+[0-9a-f]{8}\], trusted are \[PeterNeumann\+c74f20a3\]/,
    );
    for (const bad of [
      GO_TEXT,
      `${GO_TEXT}\n`,
      `${GO_TEXT}\n- PeterNeumann AAAA\n`,
      GO_NOTE.slice(0, -1),
      `${GO_TEXT}\n— Peter Neumann x08go/ZJ=\n`,
    ]) {
      expect(() => parseNote(bad), JSON.stringify(bad.slice(-40))).toThrow(TrustError);
    }
    expect(() => parseNote(GO_NOTE.replace('you', 'y\u0001u'))).toThrow(/control character/);
    expect(() => parseVerifierKey(GO_VKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(
      /key ID c74f20a4 does not match the key/,
    );
  });
});

describe('ledger checkpoints', () => {
  it('writes ledger.checkpoint next to the ledger in the tlog-checkpoint format', () => {
    const path = ledgerWith(4);
    const written = writeCheckpoint(path, { origin: ORIGIN });
    expect(written.path).toBe(checkpointPathFor(path));
    expect(written.path.endsWith('/ledger.checkpoint')).toBe(true);
    const lines = readFileSync(path, 'utf8').split('\n').slice(0, -1);
    const root = merkleRoot(lines.map((l) => leafHash(Buffer.from(l))));
    expect(readFileSync(written.path, 'utf8')).toBe(`${ORIGIN}\n5\n${root.toString('base64')}\n`);
    expect(written).toMatchObject({ size: 5, root_hex: root.toString('hex') });
    expect(verifyCheckpoint(path, written.path)).toMatchObject({
      valid: true,
      checkpoint_size: 5,
      ledger_size: 5,
      signed_by: [],
    });
  });

  it('signs with the origin as key name, and verifies with a KeyObject or a verifier key', () => {
    const path = ledgerWith(3);
    const key = generateKeyPairSync('ed25519').privateKey;
    const { text, path: cp } = writeCheckpoint(path, { origin: ORIGIN, key });
    expect(text).toMatch(
      new RegExp(`^${ORIGIN}\\n4\\n[A-Za-z0-9+/]{43}=\\n\\n— ${ORIGIN} [A-Za-z0-9+/]{91}=\\n$`),
    );
    expect(parseCheckpointText(text).checkpoint.size).toBe(4);
    expect(verifyCheckpoint(path, cp, { publicKeys: [publicKeyOf(key)] })).toMatchObject({
      valid: true,
      signed_by: [ORIGIN],
    });
    expect(
      verifyCheckpoint(path, cp, { publicKeys: [formatVerifierKey(ORIGIN, key)], origin: ORIGIN }).valid,
    ).toBe(true);
    const stranger = generateKeyPairSync('ed25519').publicKey;
    expect(verifyCheckpoint(path, cp, { publicKeys: [stranger] }).reason).toMatch(
      /no signature by a trusted key/,
    );
    expect(verifyCheckpoint(path, cp, { origin: 'other.example/log' }).reason).toMatch(
      /is for origin "ci.example.com\/team\/traffic-governance", expected "other.example\/log": a checkpoint of another ledger/,
    );
    // An unsigned checkpoint cannot satisfy a verifier that holds keys.
    const unsigned = writeCheckpoint(path, { origin: ORIGIN, out: `${cp}.unsigned` });
    expect(verifyCheckpoint(path, unsigned.path, { publicKeys: [publicKeyOf(key)] }).reason).toMatch(
      /is not signed, but a signature by a trusted key is required/,
    );
    // A forged root under a copied signature fails the signature.
    const forged = text.replace(
      /^(.*\n.*\n)(.)/,
      (_, head: string, c: string) => head + (c === 'A' ? 'B' : 'A'),
    );
    expect(verifyCheckpointText(path, forged, { publicKeys: [publicKeyOf(key)] }).reason).toMatch(
      /does not verify: the text was changed after signing/,
    );
  });

  it('key rotation: signed with old and new keys, it verifies for holders of either; an unknown signer is ignored', () => {
    const path = ledgerWith(2);
    const oldKey = generateKeyPairSync('ed25519').privateKey;
    const newKey = generateKeyPairSync('ed25519').privateKey;
    const { path: cp, text } = writeCheckpoint(path, { origin: ORIGIN, key: [oldKey, newKey] });
    expect(parseNote(text).signatures).toHaveLength(2);
    expect(verifyCheckpoint(path, cp, { publicKeys: [publicKeyOf(oldKey)] }).valid).toBe(true);
    expect(verifyCheckpoint(path, cp, { publicKeys: [publicKeyOf(newKey)] }).valid).toBe(true);
    // After the rotation the old key is dropped: a checkpoint signed only by it no longer verifies.
    const { path: stale } = writeCheckpoint(path, { origin: ORIGIN, key: oldKey, out: `${cp}.old` });
    expect(verifyCheckpoint(path, stale, { publicKeys: [publicKeyOf(newKey)] }).reason).toMatch(
      /no signature by a trusted key/,
    );
  });

  it('names truncation, extension, rewrite and a torn tail precisely', () => {
    const path = ledgerWith(6);
    const { path: cp } = writeCheckpoint(path, { origin: ORIGIN });
    const original = readFileSync(path);
    const lines = original.toString('utf8').split('\n').slice(0, -1);

    writeFileSync(path, `${lines.slice(0, 5).join('\n')}\n`);
    expect(verifyCheckpoint(path, cp)).toMatchObject({ valid: false, ledger_size: 5, checkpoint_size: 7 });
    expect(verifyCheckpoint(path, cp).reason).toMatch(
      /TRUNCATED: the ledger has 5 records but the checkpoint commits to 7; 2 record\(s\) were removed/,
    );

    writeFileSync(path, original);
    new Ledger(path, GENESIS).appendSync([{ record_type: 'probe', n: 99 }]);
    expect(verifyCheckpoint(path, cp).reason).toMatch(
      /EXTENDED: the first 7 records match the checkpoint, but 1 record\(s\) were appended after it/,
    );
    expect(verifyCheckpoint(path, cp, { allowExtension: true })).toMatchObject({
      valid: true,
      extended_by: 1,
    });

    const edited = [...lines];
    edited[3] = edited[3]!.replace('"n":2', '"n":7');
    writeFileSync(path, `${edited.join('\n')}\n`);
    expect(verifyCheckpoint(path, cp).reason).toMatch(
      /REWRITTEN: the ledger's 7 records hash to [0-9a-f]{64}, not the checkpoint's root/,
    );
    appendFileSync(path, `${lines[6]}\n`);
    expect(verifyCheckpoint(path, cp).reason).toMatch(
      /REWRITTEN: the ledger's first 7 records hash to [0-9a-f]{64}, not the checkpoint's root [0-9a-f]{64}, and 1 more follow/,
    );

    writeFileSync(path, original);
    appendFileSync(path, '{"record_type":"pro');
    expect(verifyCheckpoint(path, cp).reason).toMatch(
      new RegExp(`torn tail: 19 bytes after byte offset ${original.length} have no newline`),
    );
    expect(() => writeCheckpoint(path, { origin: ORIGIN })).toThrow(
      /ends in a torn tail .* run verify-ledger --recover before writing a checkpoint/,
    );
    truncateSync(path, original.length);
    expect(verifyCheckpoint(path, cp).valid).toBe(true);
  });

  it('reports a malformed checkpoint as invalid and bad configuration as TrustError', () => {
    const path = ledgerWith(1);
    const bad = (text: string) => verifyCheckpointText(path, text, {}, 'ledger.checkpoint').reason;
    expect(bad(`${ORIGIN}\n2\n`)).toMatch(
      /^ledger.checkpoint: malformed: checkpoint has 2 line\(s\); it needs origin, tree size and root hash/,
    );
    expect(bad(`${ORIGIN}\n02\n${Buffer.alloc(32).toString('base64')}\n`)).toMatch(
      /tree size \(line 2\) "02" is not a decimal number without leading zeros/,
    );
    expect(bad(`${ORIGIN}\n2\nAAAA\n`)).toMatch(/root hash \(line 3\) is not the base64 of 32 bytes/);
    expect(bad(`${ORIGIN}\n2\n${Buffer.alloc(32).toString('base64')}`)).toMatch(
      /does not end with a newline/,
    );
    expect(() => writeCheckpoint(path, { origin: 'has space' })).toThrow(
      /origin "has space" must be non-empty with no spaces/,
    );
    expect(() => verifyCheckpoint(path, join(tmpdir(), 'absent.checkpoint'))).toThrow(
      /cannot read the checkpoint \(ENOENT\)/,
    );
    expect(() =>
      verifyCheckpointText(
        path,
        writeCheckpoint(path, { origin: ORIGIN, key: generateKeyPairSync('ed25519').privateKey }).text,
        { publicKeys: ['not-a-vkey'] },
      ),
    ).toThrow(/checkpoint public keys: verifier key/);
  });
});
