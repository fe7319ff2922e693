/**
 * Ed25519 keys for signing artifacts and checkpoints. A private key comes from a file or from an
 * environment variable's content (a CI secret), never from a command-line argument, and no error
 * message ever contains key material. Accepted encodings:
 *   private: PEM PKCS#8 (`-----BEGIN PRIVATE KEY-----`, what `openssl genpkey -algorithm ed25519`
 *            writes) or the base64 of the raw 32-byte seed;
 *   public:  PEM SPKI (`-----BEGIN PUBLIC KEY-----`) or the base64 of the raw 32-byte key,
 *            given inline or as a file path.
 * A key id is the first 16 hex digits of sha256(raw 32-byte public key).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sha256Hex } from '../canonical.js';
import { quoted, visible } from '../report/text.js';
import { TrustError } from './errors.js';

/** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows (RFC 8410 §7). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** DER prefix of an SPKI Ed25519 public key; the 32-byte key follows (RFC 8410 §4). */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

export interface PrivateKeySource {
  /** A file holding the key (mode 0600 recommended). */
  file?: string;
  /** The NAME of an environment variable whose content is the key (a masked CI secret). */
  env?: string;
}

/**
 * Loads an Ed25519 private key from exactly one of `file` or `env`. `environment` defaults to
 * process.env (tests pass their own).
 */
export function loadPrivateKey(
  source: PrivateKeySource,
  environment: NodeJS.ProcessEnv = process.env,
): KeyObject {
  const given = [source.file, source.env].filter((s) => s !== undefined && s !== '');
  if (given.length !== 1) {
    throw new TrustError(
      'give the signing key in exactly one place: a file (--signing-key-file PATH) or the name of an environment variable holding it (--signing-key-env NAME); never on the command line',
    );
  }
  let text: string;
  let where: string;
  if (source.file) {
    where = `signing key file ${visible(source.file)}`;
    try {
      text = readFileSync(source.file, 'utf8');
    } catch (error) {
      throw new TrustError(`${where}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else {
    const name = source.env!;
    where = `environment variable ${visible(name)}`;
    const value = environment[name];
    if (value === undefined || value.trim() === '') {
      throw new TrustError(
        `${where} is not set or empty: define it as a masked CI/CD secret holding the Ed25519 private key`,
      );
    }
    text = value;
  }
  return parsePrivateKey(text, where);
}

/** An Ed25519 private key from PEM PKCS#8 or base64 seed text; `where` names the source in errors. */
export function parsePrivateKey(text: string, where = 'private key'): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  if (trimmed.startsWith('-----BEGIN')) {
    if (trimmed.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
      throw new TrustError(
        `${where}: the PEM key is encrypted; store it unencrypted in a masked secret (openssl pkey -in KEY -out PLAIN)`,
      );
    }
    if (!trimmed.startsWith('-----BEGIN PRIVATE KEY-----')) {
      throw new TrustError(
        `${where}: expected a PEM PKCS#8 private key ("-----BEGIN PRIVATE KEY-----"), as written by openssl genpkey -algorithm ed25519`,
      );
    }
    try {
      key = createPrivateKey({ key: trimmed, format: 'pem' });
    } catch {
      throw new TrustError(`${where}: the PEM block does not decode to a private key`);
    }
  } else if (BASE64_32_BYTES.test(trimmed)) {
    const seed = Buffer.from(trimmed, 'base64');
    key = createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    seed.fill(0);
  } else {
    throw new TrustError(
      `${where}: not an Ed25519 private key: expected PEM PKCS#8 ("-----BEGIN PRIVATE KEY-----") or the base64 of a 32-byte seed`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TrustError(
      `${where}: the key is ${key.asymmetricKeyType ?? 'of an unknown type'}, not Ed25519`,
    );
  }
  return key;
}

/**
 * An Ed25519 public key from PEM SPKI text, the base64 of the raw 32 bytes, or a file holding
 * either. A private key is refused: it must not be where public keys are kept.
 */
export function loadPublicKey(fileOrPem: string): KeyObject {
  const trimmed = fileOrPem.trim();
  if (trimmed.startsWith('-----BEGIN') || BASE64_32_BYTES.test(trimmed))
    return parsePublicKey(trimmed, 'public key');
  let text: string;
  try {
    text = readFileSync(fileOrPem, 'utf8');
  } catch (error) {
    throw new TrustError(
      `public key ${quoted(fileOrPem)}: not a PEM block, not a base64 key and not a readable file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return parsePublicKey(text, `public key file ${visible(fileOrPem)}`);
}

export function parsePublicKey(text: string, where: string): KeyObject {
  const trimmed = text.trim();
  if (/^-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(trimmed)) {
    throw new TrustError(
      `${where}: this is a PRIVATE key; give the public key instead (openssl pkey -in KEY -pubout) and keep the private key secret`,
    );
  }
  let key: KeyObject;
  if (BASE64_32_BYTES.test(trimmed)) {
    key = createPublicKey({
      key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(trimmed, 'base64')]),
      format: 'der',
      type: 'spki',
    });
  } else if (trimmed.startsWith('-----BEGIN PUBLIC KEY-----')) {
    try {
      key = createPublicKey({ key: trimmed, format: 'pem' });
    } catch {
      throw new TrustError(`${where}: the PEM block does not decode to a public key`);
    }
  } else {
    throw new TrustError(
      `${where}: expected a PEM public key ("-----BEGIN PUBLIC KEY-----") or the base64 of a raw 32-byte Ed25519 key`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TrustError(
      `${where}: the key is ${key.asymmetricKeyType ?? 'of an unknown type'}, not Ed25519`,
    );
  }
  return key;
}

/** The public half of a key pair (a public key is returned as it is). */
export function publicKeyOf(key: KeyObject): KeyObject {
  return key.type === 'public' ? key : createPublicKey(key);
}

/** The raw 32-byte Ed25519 public key (RFC 8032 encoding). */
export function rawPublicKey(key: KeyObject): Buffer {
  const der = publicKeyOf(key).export({ format: 'der', type: 'spki' });
  if (
    der.length !== SPKI_ED25519_PREFIX.length + 32 ||
    !der.subarray(0, SPKI_ED25519_PREFIX.length).equals(SPKI_ED25519_PREFIX)
  ) {
    throw new TrustError('not an Ed25519 key');
  }
  return der.subarray(SPKI_ED25519_PREFIX.length);
}

/** First 16 hex digits of sha256(raw public key): names a key in artifact signatures. */
export function keyId(key: KeyObject): string {
  return sha256Hex(rawPublicKey(key)).slice(0, 16);
}

export interface GeneratedKeyPair {
  /** PEM PKCS#8: write it to a 0600 file or a masked secret, never to a log. */
  private_pem: string;
  public_pem: string;
  keyid: string;
}

/** A fresh Ed25519 key pair as PEM text. */
export function generateKeyPairPem(): GeneratedKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    private_pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    public_pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyid: keyId(publicKey),
  };
}
