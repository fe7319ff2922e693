/**
 * C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 signatures:
 *   <text ending in '\n'>
 *   <blank line>
 *   — <key name> <base64(4-byte key ID ‖ 64-byte signature)>      (one line per signature)
 * The signatures cover the text including its final newline. Key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖
 * 32-byte public key)[:4]. Verification follows the spec: signatures from unknown keys (name and ID
 * not both matching) are ignored; a known key's failing signature rejects the note; at least one
 * known key must verify. A verifier key can be written as `<name>+<hex key ID>+<base64(0x01 ‖ key)>`
 * (Go's sumdb/note format).
 */
import { createHash, type KeyObject, sign, verify } from 'node:crypto';
import { quoted } from '../report/text.js';
import { TrustError } from './errors.js';
import { parsePublicKey, publicKeyOf, rawPublicKey } from './keys.js';

const EM_DASH_SPACE = '\u2014 ';
const ED25519_TYPE = 0x01;
/** Go's note.Open caps signatures at 100; the spec asks for at least 16. */
export const MAX_NOTE_SIGNATURES = 100;

export interface NoteSignature {
  name: string;
  /** Big-endian uint32 key ID. */
  key_id: number;
  /** The signature bytes after the key ID. */
  signature: Buffer;
}

export interface ParsedNote {
  text: string;
  signatures: NoteSignature[];
}

export interface NoteVerifier {
  name: string;
  key_id: number;
  key: KeyObject;
}

/** Key names are non-empty, with no Unicode space and no '+' (and, here, no control characters). */
export function isKeyName(name: unknown): name is string {
  return (
    typeof name === 'string' && name !== '' && !/[\s+]/u.test(name) && !/[\u0000-\u001f\u007f]/.test(name)
  );
}

export function checkKeyName(name: string, label = 'key name'): void {
  if (!isKeyName(name)) {
    throw new TrustError(
      `${label} ${quoted(name)} must be non-empty with no spaces, control characters or '+', like example.com/traffic-governance`,
    );
  }
}

export function noteKeyId(name: string, publicKey: KeyObject): number {
  checkKeyName(name);
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519_TYPE]))
    .update(rawPublicKey(publicKey))
    .digest();
  return digest.readUInt32BE(0);
}

export function noteVerifier(name: string, key: KeyObject): NoteVerifier {
  const pub = publicKeyOf(key);
  return { name, key_id: noteKeyId(name, pub), key: pub };
}

/** `<name>+<hex8 key ID>+<base64(0x01 ‖ public key)>`. */
export function formatVerifierKey(name: string, key: KeyObject): string {
  const v = noteVerifier(name, key);
  const material = Buffer.concat([Buffer.from([ED25519_TYPE]), rawPublicKey(v.key)]).toString('base64');
  return `${name}+${v.key_id.toString(16).padStart(8, '0')}+${material}`;
}

export function parseVerifierKey(vkey: string): NoteVerifier {
  const first = vkey.indexOf('+');
  const second = first === -1 ? -1 : vkey.indexOf('+', first + 1);
  if (first <= 0 || second === -1) {
    throw new TrustError(`verifier key ${quoted(vkey.slice(0, 80))}: expected <name>+<hex8>+<base64 key>`);
  }
  const name = vkey.slice(0, first);
  const hex = vkey.slice(first + 1, second);
  const material = Buffer.from(vkey.slice(second + 1), 'base64');
  checkKeyName(name, 'verifier key name');
  if (
    !/^[0-9a-f]{8}$/.test(hex) ||
    material.length !== 33 ||
    material[0] !== ED25519_TYPE ||
    material.toString('base64') !== vkey.slice(second + 1)
  ) {
    throw new TrustError(
      `verifier key for ${name}: not an Ed25519 verifier key (<name>+<hex8>+<base64(0x01 ‖ 32-byte key)>)`,
    );
  }
  const key = parsePublicKey(material.subarray(1).toString('base64'), `verifier key for ${name}`);
  const v = noteVerifier(name, key);
  if (v.key_id !== Number.parseInt(hex, 16))
    throw new TrustError(`verifier key for ${name}: key ID ${hex} does not match the key`);
  return v;
}

function checkText(text: string, what: string): void {
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text))
    throw new TrustError(`${what} contains a control character other than newline`);
}

/**
 * Signs `text` (non-empty, ending in exactly one newline) with one or more keys, all under `name`:
 * one signature line each, so verifiers holding either an old or a new key accept it during a rotation.
 */
export function signNote(text: string, name: string, privateKeys: KeyObject | readonly KeyObject[]): string {
  if (!text.endsWith('\n') || text.endsWith('\n\n') || text === '\n') {
    throw new TrustError('a note text must be non-empty and end in exactly one newline');
  }
  checkText(text, 'note text');
  const keys = Array.isArray(privateKeys) ? privateKeys : [privateKeys as KeyObject];
  if (keys.length === 0 || keys.length > MAX_NOTE_SIGNATURES)
    throw new TrustError(`sign a note with 1 to ${MAX_NOTE_SIGNATURES} keys`);
  const lines = keys.map((key) => {
    const keyIdBytes = Buffer.alloc(4);
    keyIdBytes.writeUInt32BE(noteKeyId(name, publicKeyOf(key)));
    const signature = sign(null, Buffer.from(text, 'utf8'), key);
    return `${EM_DASH_SPACE}${name} ${Buffer.concat([keyIdBytes, signature]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/** Splits a signed note into text and signature lines; throws TrustError when malformed. */
export function parseNote(note: string): ParsedNote {
  checkText(note, 'signed note');
  if (!note.endsWith('\n')) throw new TrustError('signed note does not end with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split === -1) throw new TrustError('not a signed note: no blank line before signature lines');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES)
    throw new TrustError(`signed note has more than ${MAX_NOTE_SIGNATURES} signatures`);
  const signatures = lines.map((line, i) => {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    const bytes = m ? Buffer.from(m[2]!, 'base64') : undefined;
    if (!m || !bytes || bytes.length < 5 || bytes.toString('base64') !== m[2]) {
      throw new TrustError(
        `signed note: signature line ${i + 1} is not "— <key name> <base64(key ID ‖ signature)>"`,
      );
    }
    checkKeyName(m[1]!, `signature line ${i + 1} key name`);
    return { name: m[1]!, key_id: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

export interface NoteVerification {
  valid: boolean;
  reason?: string;
  /** Names of the known keys whose signatures verified. */
  verified_by: string[];
}

/** Verifies a parsed note against the known keys, by the spec's rules. */
export function verifyNoteSignatures(note: ParsedNote, verifiers: readonly NoteVerifier[]): NoteVerification {
  const verified = new Set<string>();
  const message = Buffer.from(note.text, 'utf8');
  for (const sig of note.signatures) {
    const known = verifiers.find((v) => v.name === sig.name && v.key_id === sig.key_id);
    if (!known) continue;
    if (sig.signature.length !== 64 || !verify(null, message, known.key, sig.signature)) {
      return {
        valid: false,
        verified_by: [],
        reason: `the signature by ${sig.name} (key ID ${sig.key_id.toString(16).padStart(8, '0')}) does not verify: the text was changed after signing`,
      };
    }
    verified.add(sig.name);
  }
  if (verified.size === 0) {
    const seen = note.signatures.map((s) => `${s.name}+${s.key_id.toString(16).padStart(8, '0')}`);
    const wanted = verifiers.map((v) => `${v.name}+${v.key_id.toString(16).padStart(8, '0')}`);
    return {
      valid: false,
      verified_by: [],
      reason: `no signature by a trusted key: the note is signed by [${seen.join(', ') || 'nobody'}], trusted are [${wanted.join(', ')}]`,
    };
  }
  return { valid: true, verified_by: [...verified].sort() };
}

/** A public key for notes: a KeyObject (named `defaultName`) or a verifier key string. */
export function toNoteVerifier(key: KeyObject | string, defaultName: string): NoteVerifier {
  return typeof key === 'string' ? parseVerifierKey(key) : noteVerifier(defaultName, key);
}
