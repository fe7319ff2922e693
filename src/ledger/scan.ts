/**
 * The common case of line.ts's checkLine without parsing: one pass over the bytes of a line that
 * proves it is canonical JSON (RFC 8785 as canonical.ts writes it) and picks out the four top-level
 * members the chain needs. It is deliberately narrower than canonical JSON: keys with escapes or
 * non-ASCII characters, `\u` escapes other than control characters, deep nesting and the genesis
 * line are left to checkLine (say `undefined`), which then decides and words any problem. So the
 * scanner never accepts a line that checkLine would refuse, and never changes a verdict or a reason.
 *
 * What it accepts is canonical because JSON.stringify writes exactly this: no whitespace; object keys
 * in strictly ascending order (ASCII bytes compare like UTF-16 code units); strings with every
 * character literal except `"`, `\` and U+0000–U+001F, which are escaped as \" \\ \b \t \n \f \r or
 * \u00xx (lowercase hex) for the other control characters; numbers in ECMAScript's shortest form
 * (checked by String(Number(token)) === token unless the token is a short plain integer).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MAX_DEPTH = 64;

/** Top-level members by their key bytes' length and first byte, compared in full on a hit. */
const PREVIOUS_HASH = Buffer.from('previous_hash');
const RECORD_HASH = Buffer.from('record_hash');
const RECORD_TYPE = Buffer.from('record_type');
const SEQUENCE = Buffer.from('sequence');
/** Top-level members a run's ledger structure needs (structure.ts), picked out alike. */
const RUN_MEMBERS = [
  ['policy_hash', Buffer.from('policy_hash')],
  ['policy_version', Buffer.from('policy_version')],
  ['platform_tier', Buffer.from('platform_tier')],
  ['scope', Buffer.from('scope')],
] as const;

/** Short escapes JSON.stringify writes: b t n f r " \ (and nothing else but \u00xx). */
const SHORT_ESCAPE = new Uint8Array(128);
for (const c of 'btnfr"\\') SHORT_ESCAPE[c.charCodeAt(0)] = 1;
/** Control characters JSON.stringify writes as \u00xx (those without a short escape). */
const LONG_ESCAPE = new Uint8Array(32).fill(1);
for (const c of [0x08, 0x09, 0x0a, 0x0c, 0x0d]) LONG_ESCAPE[c] = 0;

const isLowerHex = (b: number) => (b >= ZERO && b <= NINE) || (b >= 0x61 && b <= 0x66);
const hexValue = (b: number) => (b <= NINE ? b - ZERO : b - 0x61 + 10);

/** The chain members of a canonical line: byte offsets into the line's buffer. */
export class ScannedLine {
  /** `,"record_hash":"<64 hex>"` member, comma included (it is never the first member). */
  recordHashMemberStart = -1;
  recordHashMemberEnd = -1;
  recordHash = '';
  previousHash: string | undefined;
  sequence: number | undefined;
  recordType: string | undefined;
  /** policy_hash, policy_version, platform_tier and scope, when the line has them. */
  readonly run: Record<(typeof RUN_MEMBERS)[number][0], string | undefined> = {
    policy_hash: undefined,
    policy_version: undefined,
    platform_tier: undefined,
    scope: undefined,
  };
}

/**
 * Scans `bytes[start, end)` (valid UTF-8, no newline). True when it is canonical JSON with a
 * record_hash of 64 lowercase hex digits, with the members filled in `out`; false means "ask
 * checkLine" (which may still accept it).
 */
export function scanCanonicalLine(bytes: Buffer, start: number, end: number, out: ScannedLine): boolean {
  out.recordHashMemberStart = -1;
  out.previousHash = undefined;
  out.sequence = undefined;
  out.recordType = undefined;
  for (const [name] of RUN_MEMBERS) out.run[name] = undefined;
  const scanner = SCANNER;
  scanner.bytes = bytes;
  scanner.pos = start;
  scanner.end = end;
  scanner.out = out;
  if (end <= start || bytes[start] !== OPEN_BRACE) return false;
  if (!scanner.object(0) || scanner.pos !== end) return false;
  return out.recordHashMemberStart >= 0;
}

class Scanner {
  bytes: Buffer = Buffer.alloc(0);
  pos = 0;
  end = 0;
  out = new ScannedLine();
  escaped = false;

  value(depth: number): boolean {
    if (this.pos >= this.end) return false;
    const b = this.bytes[this.pos]!;
    if (b === QUOTE) return this.string();
    if (b === OPEN_BRACE) return depth < MAX_DEPTH && this.object(depth + 1);
    if (b === OPEN_BRACKET) return depth < MAX_DEPTH && this.array(depth + 1);
    if (b === MINUS || (b >= ZERO && b <= NINE)) return this.number() !== undefined;
    return this.literal(b);
  }

  /** `{` at pos; depth 0 is the line's own object, whose chain members are recorded. */
  object(depth: number): boolean {
    const bytes = this.bytes;
    let pos = ++this.pos;
    if (pos < this.end && bytes[pos] === CLOSE_BRACE) {
      this.pos = pos + 1;
      return true;
    }
    let previousKey = -1;
    let previousKeyEnd = -1;
    for (;;) {
      if (pos >= this.end || bytes[pos] !== QUOTE) return false;
      const memberStart = pos;
      const key = pos + 1;
      // Keys: printable ASCII without escapes (anything else is left to checkLine).
      pos = key;
      for (;;) {
        if (pos >= this.end) return false;
        const c = bytes[pos]!;
        if (c === QUOTE) break;
        if (c < 0x20 || c >= 0x7f || c === BACKSLASH) return false;
        pos++;
      }
      const keyEnd = pos;
      if (previousKey >= 0 && compareBytes(bytes, previousKey, previousKeyEnd, key, keyEnd) >= 0)
        return false;
      previousKey = key;
      previousKeyEnd = keyEnd;
      pos++;
      if (pos >= this.end || bytes[pos] !== COLON) return false;
      this.pos = pos + 1;
      if (depth === 0) {
        if (!this.topLevelMember(key, keyEnd, memberStart)) return false;
      } else if (!this.value(depth)) return false;
      pos = this.pos;
      if (pos >= this.end) return false;
      const next = bytes[pos];
      if (next === CLOSE_BRACE) {
        this.pos = pos + 1;
        return true;
      }
      if (next !== COMMA) return false;
      pos++;
    }
  }

  private topLevelMember(key: number, keyEnd: number, memberStart: number): boolean {
    const bytes = this.bytes;
    const out = this.out;
    if (equals(bytes, key, keyEnd, RECORD_HASH)) {
      const valueStart = this.pos;
      if (!this.hex64()) return false;
      // Never the first member: previous_hash (or anything else) sorts before it, or checkLine decides.
      if (bytes[memberStart - 1] !== COMMA) return false;
      out.recordHashMemberStart = memberStart - 1;
      out.recordHashMemberEnd = this.pos;
      out.recordHash = bytes.toString('latin1', valueStart + 1, valueStart + 65);
      return true;
    }
    if (equals(bytes, key, keyEnd, PREVIOUS_HASH)) {
      out.previousHash = this.plainString();
      return out.previousHash !== undefined;
    }
    if (equals(bytes, key, keyEnd, RECORD_TYPE)) {
      out.recordType = this.plainString();
      return out.recordType !== undefined;
    }
    if (equals(bytes, key, keyEnd, SEQUENCE)) {
      const n = this.number();
      if (n === undefined) return false;
      out.sequence = n;
      return true;
    }
    for (const [name, word] of RUN_MEMBERS) {
      if (!equals(bytes, key, keyEnd, word)) continue;
      out.run[name] = this.plainString();
      return out.run[name] !== undefined;
    }
    return this.value(0);
  }

  /** The string value at `this.pos` as text when it has no escapes; undefined otherwise (checkLine decides). */
  private plainString(): string | undefined {
    const valueStart = this.pos;
    if (this.bytes[valueStart] !== QUOTE || !this.string() || this.escaped) return undefined;
    return this.bytes.toString('utf8', valueStart + 1, this.pos - 1);
  }

  /** `"` followed by 64 lowercase hex digits and `"`. */
  private hex64(): boolean {
    const bytes = this.bytes;
    let pos = this.pos;
    if (pos + 66 > this.end || bytes[pos] !== QUOTE || bytes[pos + 65] !== QUOTE) return false;
    for (pos++; pos < this.pos + 65; pos++) if (!isLowerHex(bytes[pos]!)) return false;
    this.pos = pos + 1;
    return true;
  }

  /** The string at pos (its opening quote); `escaped` tells whether it held an escape. */
  private string(): boolean {
    const bytes = this.bytes;
    const end = this.end;
    let pos = this.pos + 1;
    this.escaped = false;
    for (;;) {
      if (pos >= end) return false;
      const c = bytes[pos]!;
      if (c === QUOTE) {
        this.pos = pos + 1;
        return true;
      }
      if (c < 0x20) return false;
      if (c !== BACKSLASH) {
        pos++;
        continue;
      }
      if (pos + 1 >= end) return false;
      this.escaped = true;
      const e = bytes[pos + 1]!;
      if (e < 128 && SHORT_ESCAPE[e] === 1) {
        pos += 2;
        continue;
      }
      // \u00xx for a control character without a short escape, lowercase hex; others: checkLine.
      if (e !== 0x75 || pos + 5 >= end) return false;
      if (bytes[pos + 2] !== ZERO || bytes[pos + 3] !== ZERO) return false;
      const h = bytes[pos + 4]!;
      const l = bytes[pos + 5]!;
      if ((h !== ZERO && h !== 0x31) || !isLowerHex(l)) return false;
      if (LONG_ESCAPE[(h - ZERO) * 16 + hexValue(l)] !== 1) return false;
      pos += 6;
    }
  }

  private array(depth: number): boolean {
    const bytes = this.bytes;
    this.pos++;
    if (this.pos < this.end && bytes[this.pos] === CLOSE_BRACKET) {
      this.pos++;
      return true;
    }
    for (;;) {
      if (!this.value(depth)) return false;
      if (this.pos >= this.end) return false;
      const next = bytes[this.pos];
      this.pos++;
      if (next === CLOSE_BRACKET) return true;
      if (next !== COMMA) return false;
    }
  }

  /** A number token in ECMAScript's shortest form: its value, or undefined. */
  private number(): number | undefined {
    const bytes = this.bytes;
    const start = this.pos;
    let pos = start;
    if (bytes[pos] === MINUS) pos++;
    const intStart = pos;
    while (pos < this.end && bytes[pos]! >= ZERO && bytes[pos]! <= NINE) pos++;
    const intDigits = pos - intStart;
    if (intDigits === 0 || (intDigits > 1 && bytes[intStart] === ZERO)) return undefined;
    let plain = true;
    if (pos < this.end && bytes[pos] === 0x2e) {
      plain = false;
      pos++;
      const fraction = pos;
      while (pos < this.end && bytes[pos]! >= ZERO && bytes[pos]! <= NINE) pos++;
      if (pos === fraction) return undefined;
    }
    if (pos < this.end && (bytes[pos] === 0x65 || bytes[pos] === 0x45)) {
      plain = false;
      pos++;
      if (pos < this.end && (bytes[pos] === 0x2b || bytes[pos] === MINUS)) pos++;
      const exponent = pos;
      while (pos < this.end && bytes[pos]! >= ZERO && bytes[pos]! <= NINE) pos++;
      if (pos === exponent) return undefined;
    }
    this.pos = pos;
    // Short integers are canonical as written (no leading zero, not -0); anything else round-trips.
    if (plain && intDigits <= 15 && !(intDigits === 1 && bytes[intStart] === ZERO && intStart > start)) {
      let value = 0;
      for (let i = intStart; i < pos; i++) value = value * 10 + (bytes[i]! - ZERO);
      return intStart > start ? -value : value;
    }
    const token = bytes.toString('latin1', start, pos);
    const value = Number(token);
    return String(value) === token ? value : undefined;
  }

  private literal(b: number): boolean {
    const bytes = this.bytes;
    const pos = this.pos;
    const word = b === 0x74 ? TRUE : b === 0x66 ? FALSE : b === 0x6e ? NULL : undefined;
    if (word === undefined || pos + word.length > this.end) return false;
    if (!equals(bytes, pos, pos + word.length, word)) return false;
    this.pos = pos + word.length;
    return true;
  }
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');
const SCANNER = new Scanner();

/** Whether `bytes[start, end)` holds exactly `word`. */
function equals(bytes: Buffer, start: number, end: number, word: Buffer): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (bytes[start + i] !== word[i]) return false;
  return true;
}

/** Byte order of two ASCII ranges (= UTF-16 code unit order for ASCII). */
function compareBytes(bytes: Buffer, a: number, aEnd: number, b: number, bEnd: number): number {
  const n = Math.min(aEnd - a, bEnd - b);
  for (let i = 0; i < n; i++) {
    const d = bytes[a + i]! - bytes[b + i]!;
    if (d !== 0) return d;
  }
  return aEnd - a - (bEnd - b);
}
