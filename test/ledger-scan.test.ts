/**
 * The ledger line scanner (src/ledger/scan.ts) only accepts lines that checkLine accepts, and reads
 * the same chain members and the same hash out of them: a line it accepts verifies exactly as a
 * parsed one would, and every other line is left to checkLine.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../src/canonical.js';
import { chainRecord } from '../src/ledger/chain.js';
import { checkLine } from '../src/ledger/line.js';
import { ScannedLine, scanCanonicalLine } from '../src/ledger/scan.js';
import { fuzzOptions } from './support/fuzz.js';

const options = fuzzOptions(1_500, 50_000);

const leaf = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom(
    0.1,
    1e21,
    1e-7,
    -5,
    123456789012345680,
    0.09359999999999999,
    '\u0000\u001f\b"\\/',
    '\u2028',
  ),
);
const record = fc
  .tuple(
    fc.dictionary(fc.string({ maxLength: 6 }), leaf, { maxKeys: 6 }),
    fc.nat(),
    fc.constantFrom('decision', 'verdict', 'ü\\'),
  )
  .map(([fields, sequence, record_type]) => {
    const { previous_hash: _p, record_hash: _r, sequence: _s, ...rest } = fields;
    return canonicalJson(chainRecord({ ...rest, record_type }, 'ab'.repeat(32), sequence + 1));
  });

/** Edits that keep or break canonical form in the ways a hand-edited or foreign line would. */
const edit = fc.oneof(
  fc.constant((s: string) => s),
  fc.constant((s: string) => s.replace(':', ': ')),
  fc.constant((s: string) => s.replace(/(\d)([,}\]])/, '$1.0$2')),
  fc.constant((s: string) => s.replace(/:(\d+)/, ':0$1')),
  fc.constant((s: string) => s.replace(/:(\d+)/, ':$1e0')),
  fc.constant((s: string) => s.replace(/:0([,}])/, ':-0$1')),
  fc.constant((s: string) => s.replace('a', '\\u0061')),
  fc.constant((s: string) => s.replace('/', '\\/')),
  fc.constant((s: string) => s.replace('\\n', '\\u000a')),
  fc.constant((s: string) => s.replace('\\u001f', '\\u001F')),
  fc.constant((s: string) => s.replace(/"([a-z_]+)":/, '"$1":1,"$1":')),
  fc.constant((s: string) => s.replace('true', 'tru')),
  fc.constant((s: string) => `${s} `),
  fc.constant((s: string) => s.slice(0, -1)),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => (s: string) => {
    const b = Buffer.from(s);
    b[at % b.length] = byte;
    return b.toString('latin1');
  }),
);

describe('ledger line scanner', () => {
  it('accepts only lines checkLine accepts, with the same members and hash', () => {
    const out = new ScannedLine();
    let accepted = 0;
    fc.assert(
      fc.property(record, edit, (line, change) => {
        const edited = change(line);
        const bytes = Buffer.from(edited, edited === line ? 'utf8' : 'latin1');
        // The verifier only scans valid UTF-8.
        if (!Buffer.from(bytes.toString('utf8')).equals(bytes)) return;
        if (!scanCanonicalLine(bytes, 0, bytes.length, out)) return;
        accepted++;
        const checked = checkLine(bytes);
        expect(checked.problem).toBeUndefined();
        if (checked.problem !== undefined) return;
        const cut = Buffer.concat([
          bytes.subarray(0, out.recordHashMemberStart),
          bytes.subarray(out.recordHashMemberEnd),
        ]);
        expect(sha256Hex(cut)).toBe(checked.computed_hash);
        expect(out.recordHash).toBe(checked.record.record_hash);
        expect(out.previousHash).toBe(checked.record.previous_hash);
        expect(out.sequence).toBe(checked.record.sequence);
        expect(out.recordType).toBe(checked.record.record_type);
      }),
      options,
    );
    expect(accepted).toBeGreaterThan(options.numRuns / 10);
  });

  it('leaves non-canonical and unusual lines to checkLine', () => {
    const out = new ScannedLine();
    const line = canonicalJson(chainRecord({ record_type: 'note', n: 1.5, s: 'x' }, 'ab'.repeat(32), 3));
    const scan = (text: string) => scanCanonicalLine(Buffer.from(text), 0, Buffer.byteLength(text), out);
    expect(scan(line)).toBe(true);
    expect(scan(line.replace('1.5', '1.50'))).toBe(false);
    expect(scan(line.replace('"x"', '"\\u0078"'))).toBe(false);
    expect(scan(line.replace('"n"', '"\\u006e"'))).toBe(false);
    expect(scan(line.replace(',"s"', ' ,"s"'))).toBe(false);
    expect(scan(`${line}x`)).toBe(false);
  });
});
