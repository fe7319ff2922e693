import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateKeyPairPem,
  keyId,
  loadPrivateKey,
  loadPublicKey,
  publicKeyOf,
  rawPublicKey,
  TrustError,
} from '../src/trust/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-keys-'));
const pair = generateKeyPairPem();
const seedOf = (pem: string) =>
  Buffer.from(
    (loadPrivateKey({ env: 'K' }, { K: pem }).export({ format: 'jwk' }) as { d: string }).d,
    'base64url',
  );

/** Every TrustError thrown while loading must be free of key material. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TrustError);
    return (error as Error).message;
  }
  throw new Error('expected a TrustError');
}

describe('loading keys', () => {
  it('loads the same private key from a PEM file, a PEM env var and a base64 seed env var', () => {
    const file = join(dir, 'signing.pem');
    writeFileSync(file, pair.private_pem, { mode: 0o600 });
    const seed = seedOf(pair.private_pem).toString('base64');
    const fromFile = loadPrivateKey({ file });
    const fromEnv = loadPrivateKey({ env: 'TG_SIGNING_KEY' }, { TG_SIGNING_KEY: pair.private_pem });
    const fromSeed = loadPrivateKey({ env: 'TG_SIGNING_KEY' }, { TG_SIGNING_KEY: `${seed}\n` });
    for (const key of [fromFile, fromEnv, fromSeed]) {
      expect(key.type).toBe('private');
      expect(keyId(key)).toBe(pair.keyid);
    }
    // The seed form signs exactly like the PEM form (Ed25519 is deterministic).
    const msg = Buffer.from('policy');
    expect(sign(null, msg, fromSeed).equals(sign(null, msg, fromFile))).toBe(true);
  });

  it('needs exactly one source, and says where a key may come from', () => {
    expect(messageOf(() => loadPrivateKey({}))).toMatch(
      /exactly one place: a file .* or the name of an environment variable .*never on the command line/,
    );
    expect(messageOf(() => loadPrivateKey({ file: 'a', env: 'B' }))).toMatch(/exactly one place/);
    expect(messageOf(() => loadPrivateKey({ env: 'MISSING' }, {}))).toMatch(
      /environment variable MISSING is not set or empty: define it as a masked CI\/CD secret/,
    );
    expect(messageOf(() => loadPrivateKey({ file: join(dir, 'nope.pem') }))).toMatch(
      /nope\.pem: cannot read \(ENOENT\)/,
    );
  });

  it('never echoes key material in an error', () => {
    const secretish = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA'; // not 32 bytes: rejected
    const m1 = messageOf(() => loadPrivateKey({ env: 'K' }, { K: secretish }));
    expect(m1).toMatch(/environment variable K: not an Ed25519 private key/);
    expect(m1).not.toContain(secretish);
    const broken = pair.private_pem.replace(/[A-Za-z]{10}/, 'AAAAAAAAAA');
    const m2 = messageOf(() => loadPrivateKey({ env: 'K' }, { K: broken }));
    expect(m2).not.toContain(broken.split('\n')[1]!);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const m3 = messageOf(() => loadPrivateKey({ env: 'K' }, { K: rsa }));
    expect(m3).toMatch(/the key is rsa, not Ed25519/);
    expect(m3).not.toContain(rsa.split('\n')[1]!);
  });

  it('refuses an encrypted PEM with the command that decrypts it', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const encrypted = privateKey
      .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    expect(messageOf(() => loadPrivateKey({ env: 'K' }, { K: encrypted }))).toMatch(
      /encrypted; store it unencrypted .*openssl pkey/,
    );
  });

  it('loads public keys from PEM text, a file or raw base64, and refuses a private key', () => {
    const file = join(dir, 'signing.pub');
    writeFileSync(file, pair.public_pem);
    const raw = rawPublicKey(loadPublicKey(pair.public_pem)).toString('base64');
    for (const source of [pair.public_pem, file, raw]) expect(keyId(loadPublicKey(source))).toBe(pair.keyid);
    expect(messageOf(() => loadPublicKey(pair.private_pem))).toMatch(
      /this is a PRIVATE key; give the public key instead \(openssl pkey -in KEY -pubout\)/,
    );
    expect(messageOf(() => loadPublicKey(join(dir, 'absent.pub')))).toMatch(
      /not a PEM block, not a base64 key and not a readable file \(ENOENT\)/,
    );
    const rsaPub = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString();
    expect(messageOf(() => loadPublicKey(rsaPub))).toMatch(/not Ed25519/);
  });

  it('key id = first 16 hex digits of sha256(raw 32-byte public key), the same from either half', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const x = Buffer.from((publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url');
    expect(x.length).toBe(32);
    expect(keyId(publicKey)).toBe(createHash('sha256').update(x).digest('hex').slice(0, 16));
    expect(keyId(privateKey)).toBe(keyId(publicKey));
    expect(rawPublicKey(privateKey).equals(x)).toBe(true);
    const sig = sign(null, Buffer.from('m'), privateKey);
    expect(verify(null, Buffer.from('m'), publicKeyOf(privateKey), sig)).toBe(true);
  });
});
