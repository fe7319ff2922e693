/**
 * The two streaming primitives under every reader, checked against whole-input oracles
 * (JSON.parse, String.split) for every way the input can be cut into chunks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonArrayScanner, type ScanEvent } from '../src/traffic/json-scanner.js';
import { BLANK_LINE_ALLOWANCE, LineSplitter } from '../src/traffic/lines.js';
import { parseClfTime, parseIsoTime } from '../src/traffic/time.js';
import { fuzzOptions } from './support/fuzz.js';

/** Cuts `bytes` at the given fractions (0..1), in order. */
function cut(bytes: Buffer, fractions: number[]): Buffer[] {
  const points = [...new Set(fractions.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

function scan(chunks: Buffer[], max = 1 << 20) {
  const scanner = new JsonArrayScanner(['log', 'entries'], max);
  const events: ScanEvent[] = chunks.flatMap((c) => scanner.push(c));
  return { events, end: scanner.end() };
}

const elementValues = (events: ScanEvent[]) =>
  events.map((e) => (e.kind === 'element' ? JSON.parse(e.bytes.toString('utf8')) : e));

describe('JsonArrayScanner', () => {
  const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });
  const anyJson = fc.jsonValue({ maxDepth: 4 });

  it('finds exactly $.log.entries elements, however the document is chunked and indented', () => {
    fc.assert(
      fc.property(
        fc.array(anyJson, { maxLength: 8 }),
        anyJson,
        fc.constantFrom(undefined, 1, 2, '\t'),
        fractions,
        (entries, decoy, indent, at) => {
          // Decoys: other arrays named "entries" off the path, strings full of brackets and quotes.
          const doc = {
            pages: [{ entries: [decoy] }],
            log: { comment: '"]}{[\\', pages: { entries: decoy }, entries },
            entries: [decoy],
          };
          const bytes = Buffer.from(JSON.stringify(doc, null, indent));
          const { events, end } = scan(cut(bytes, at));
          expect(elementValues(events)).toEqual(entries.map((e) => JSON.parse(JSON.stringify(e))));
          expect(end).toEqual({ kind: 'complete', found: true });
        },
      ),
      fuzzOptions(300, 300),
    );
  });

  it('reports the 1-based line where each element starts', () => {
    const text = '{\n "log": {\n  "entries": [\n   {"a": 1},\n\n   "x\\n",\n   [\n    2\n   ]\n  ]\n }\n}\n';
    const { events } = scan([Buffer.from(text)]);
    expect(
      events.map((e) => [e.kind, e.kind === 'element' && e.index, e.kind === 'element' && e.line]),
    ).toEqual([
      ['element', 0, 4],
      ['element', 1, 6],
      ['element', 2, 7],
    ]);
  });

  it('matches keys written with escapes and skips a UTF-8 byte order mark', () => {
    const text = '\ufeff{"\\u006cog": {"entr\\u0069es": [1]}}';
    expect(elementValues(scan([Buffer.from(text)]).events)).toEqual([1]);
  });

  it('tells where a cut document ends, and whether the array was reached', () => {
    const doc = Buffer.from('{"log":{"entries":[{"a":1},{"b":"unfinished');
    fc.assert(
      fc.property(fractions, (at) => {
        const { events, end } = scan(cut(doc, at));
        expect(elementValues(events)).toEqual([{ a: 1 }]);
        expect(end).toEqual({ kind: 'truncated', found: true, index: 1, line: 1 });
      }),
    );
    expect(scan([Buffer.from('{"log":{"version":"1.2"')]).end).toEqual({
      kind: 'truncated',
      found: false,
      index: undefined,
      line: 1,
    });
  });

  it('refuses what is not an object at the top, or an entries object', () => {
    expect(scan([Buffer.from('  [1]')]).events).toEqual([
      {
        kind: 'error',
        found: false,
        index: undefined,
        line: 1,
        message: 'expected a JSON object at the start, found "["',
      },
    ]);
    expect(scan([Buffer.from('{"log":{"entries":{}}}')]).events[0]).toMatchObject({
      kind: 'error',
      message: '$.log.entries must be an array, found an object',
    });
  });

  it('keeps nothing of an oversized element but its size', () => {
    const big = `"${'z'.repeat(100)}"`;
    const { events } = scan(cut(Buffer.from(`{"log":{"entries":[1,${big},2]}}`), [0.3, 0.5, 0.7]), 50);
    expect(events.map((e) => (e.kind === 'element' ? e.bytes.toString() : e))).toEqual([
      '1',
      { kind: 'oversize', index: 1, line: 1, bytes: big.length },
      '2',
    ]);
  });
});

describe('LineSplitter', () => {
  it('gives the non-blank lines String.split gives, numbered, for any chunking and CRLF mix', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, '')),
          { maxLength: 10 },
        ),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 }),
        (lines, crlf, finalNewline, at) => {
          const text = lines.join(crlf ? '\r\n' : '\n') + (finalNewline && lines.length > 0 ? '\n' : '');
          const splitter = new LineSplitter(1 << 20);
          const got = [...cut(Buffer.from(text), at).flatMap((c) => splitter.push(c)), ...splitter.end()];
          const split = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
          const expected = split.flatMap((t, i) => {
            if (t.trim() === '') return [];
            const last = i === split.length - 1 && !/\n$/.test(text);
            return [last ? { line: i + 1, text: t, unterminated: true } : { line: i + 1, text: t }];
          });
          expect(got).toEqual(expected);
        },
      ),
      fuzzOptions(300, 300),
    );
  });

  it('bounds a long line even when it arrives in many chunks, and drops a leading BOM', () => {
    const splitter = new LineSplitter(10);
    const chunks = ['\ufeffok\n', 'abcdef', 'ghijkl', 'mno\nend'].map((s) => Buffer.from(s));
    expect([...chunks.flatMap((c) => splitter.push(c)), ...splitter.end()]).toEqual([
      { line: 1, text: 'ok' },
      { line: 2, reason: 'line is longer than 10 bytes: skipped' },
      { line: 3, text: 'end', unterminated: true },
    ]);
  });

  it('counts blank lines and refuses more than BLANK_LINE_ALLOWANCE beyond one per other line', () => {
    const splitter = new LineSplitter(100);
    const lines = splitter.push(Buffer.from(`a\n${'\n'.repeat(BLANK_LINE_ALLOWANCE + 1)}b\n`));
    expect(lines).toEqual([
      { line: 1, text: 'a' },
      { line: BLANK_LINE_ALLOWANCE + 3, text: 'b' },
    ]);
    // 1,002 blank lines against 2 others so far is still allowed; 1,003 is not.
    expect(splitter.push(Buffer.from(' \t\r\n'))).toEqual([]);
    expect(() => splitter.push(Buffer.from('\n'))).toThrow(/too many blank lines/);
  });
});

describe('timestamps', () => {
  it('ISO 8601 with zones and up to nanoseconds, equal to Date.parse / 1000 for millisecond times', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1971-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMin) => {
          const local = new Date(date.getTime() + offsetMin * 60_000).toISOString().slice(0, 23);
          const sign = offsetMin < 0 ? '-' : '+';
          const abs = Math.abs(offsetMin);
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseIsoTime(`${local}${zone}`)).toBe(date.getTime() / 1000);
        },
      ),
    );
    expect(parseIsoTime('2026-12-01T16:00:00.000184771+02:00')).toBeCloseTo(1796133600 + 0.000184771, 6);
    for (const bad of [
      '2026-02-30T00:00:00Z',
      '2026-12-01T24:00:00Z',
      '2026-12-01T10:00:00',
      '2026-12-01T10:00:00+25:00',
      'soon',
    ]) {
      expect(parseIsoTime(bad)).toBeUndefined();
    }
  });

  it('Common Log Format time with its offset', () => {
    expect(parseClfTime('10/Oct/2026:13:55:36 -0700')).toBe(Date.parse('2026-10-10T20:55:36Z') / 1000);
    for (const bad of [
      '10/Oct/2026:13:55:36',
      '10/oct/2026:13:55:36 +0000',
      '29/Feb/2026:00:00:00 +0000',
      '10/Oct/2026:13:55:60 +0000',
    ]) {
      expect(parseClfTime(bad)).toBeUndefined();
    }
  });
});
