/**
 * Streaming line splitter: numbered lines (1-based), each validated as UTF-8 on its own so one bad
 * line is one rejected line. A line longer than the limit is skipped without being buffered.
 * LF and CRLF endings; a UTF-8 byte order mark on line 1 is dropped. Blank lines are skipped and
 * counted: more of them than BLANK_LINE_ALLOWANCE beyond one per other line refuses the file, so a
 * file of newlines (a few KiB of gzip can unpack to gigabytes of them) ends at once.
 */
import { isUtf8 } from 'node:buffer';
import type { TrafficSource } from './source.js';
import { TrafficInputError } from './types.js';
import { decodeUtf8 } from './utf8.js';

/** `unterminated`: the file's last line, with no newline after it (it may have been cut short). */
export type Line = { line: number; text: string; unterminated?: true } | { line: number; reason: string };

/** Blank lines a file may hold beyond one per non-blank line. */
export const BLANK_LINE_ALLOWANCE = 1000;

class TooManyBlankLines extends Error {
  constructor(
    readonly line: number,
    readonly blank: number,
    readonly other: number,
  ) {
    super('too many blank lines');
  }
}

const LF = 0x0a;
const CR = 0x0d;

const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private tooLong = false;
  private lineNo = 0;
  private blank = 0;
  private nonBlank = 0;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): Line[] {
    const lines: Line[] = [];
    let start = 0;
    const first = chunk.indexOf(LF);
    if (first === -1) {
      this.keep(chunk);
      return lines;
    }
    if (this.partBytes > 0 || this.tooLong) {
      this.finish(chunk.subarray(0, first), lines);
      start = first + 1;
    }
    const last = chunk.lastIndexOf(LF);
    if (start <= last) {
      // Whole lines only; LF never occurs inside a UTF-8 sequence, so one check covers every line.
      if (isUtf8(chunk.subarray(start, last))) this.splitValid(chunk, start, last, lines);
      else {
        for (let newline = chunk.indexOf(LF, start); newline !== -1; newline = chunk.indexOf(LF, start)) {
          this.finish(chunk.subarray(start, newline), lines);
          start = newline + 1;
        }
      }
    }
    this.keep(chunk.subarray(last + 1));
    return lines;
  }

  /** finish() for each line of `chunk[start, last]`, known to be valid UTF-8 (and none carried over). */
  private splitValid(chunk: Buffer, start: number, last: number, lines: Line[]): void {
    for (let from = start; from <= last; ) {
      const newline = chunk.indexOf(LF, from);
      const line = ++this.lineNo;
      if (newline - from > this.maxLineBytes) {
        this.reject(lines, line, `line is longer than ${this.maxLineBytes} bytes: skipped`);
      } else {
        const end = newline > from && chunk[newline - 1] === CR ? newline - 1 : newline;
        const text = chunk.toString('utf8', from, end);
        this.text(lines, line, line === 1 ? withoutBom(text) : text);
      }
      from = newline + 1;
    }
  }

  /** The last line when the input does not end with a newline. */
  end(): Line[] {
    if (this.partBytes === 0 && !this.tooLong) return [];
    const lines: Line[] = [];
    this.finish(Buffer.alloc(0), lines);
    const last = lines[0];
    if (last && 'text' in last) last.unterminated = true;
    return lines;
  }

  /** Adds a decoded line, or counts it when it is blank. */
  private text(lines: Line[], line: number, text: string): void {
    if (text.trim() === '') {
      this.blank++;
      if (this.blank > BLANK_LINE_ALLOWANCE + this.nonBlank) {
        throw new TooManyBlankLines(line, this.blank, this.nonBlank);
      }
      return;
    }
    this.nonBlank++;
    lines.push({ line, text });
  }

  private reject(lines: Line[], line: number, reason: string): void {
    this.nonBlank++;
    lines.push({ line, reason });
  }

  private keep(piece: Buffer): void {
    if (this.tooLong || piece.length === 0) return;
    this.partBytes += piece.length;
    if (this.partBytes > this.maxLineBytes) {
      this.tooLong = true;
      this.parts = [];
    } else {
      this.parts.push(piece);
    }
  }

  private finish(lastPiece: Buffer, lines: Line[]): void {
    const line = ++this.lineNo;
    const length = this.partBytes + lastPiece.length;
    const tooLong = this.tooLong || length > this.maxLineBytes;
    const bytes = tooLong || this.parts.length === 0 ? lastPiece : Buffer.concat([...this.parts, lastPiece]);
    this.parts = [];
    this.partBytes = 0;
    this.tooLong = false;
    if (tooLong) {
      this.reject(lines, line, `line is longer than ${this.maxLineBytes} bytes: skipped`);
      return;
    }
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    const decoded = decodeUtf8(bytes.subarray(0, end));
    if ('reason' in decoded) this.reject(lines, line, decoded.reason);
    else this.text(lines, line, line === 1 ? withoutBom(decoded.text) : decoded.text);
  }
}

/**
 * The file's non-blank lines, one batch per chunk read (so callers pay one await per chunk, not per
 * line). Throws TrafficInputError when blank lines outnumber the others by BLANK_LINE_ALLOWANCE.
 */
export async function* readLineBatches(source: TrafficSource, maxLineBytes: number): AsyncGenerator<Line[]> {
  const splitter = new LineSplitter(maxLineBytes);
  try {
    for await (const chunk of source.chunks()) yield splitter.push(chunk);
    yield splitter.end();
  } catch (error) {
    if (!(error instanceof TooManyBlankLines)) throw error;
    throw new TrafficInputError(
      source.file,
      `has ${error.blank} blank lines and ${error.other} non-blank line${error.other === 1 ? '' : 's'} by line ${error.line}: more than ${BLANK_LINE_ALLOWANCE} blank lines beyond one per record is refused (a padded file, or a few KiB of gzip that unpack to gigabytes of newlines); remove the blank lines, e.g. grep -v '^[[:space:]]*$'`,
    );
  }
}

/** The file's last line has no newline and is not a complete record: the file was cut while it was written. */
export function cutShort(source: TrafficSource, line: number, what: string): TrafficInputError {
  return new TrafficInputError(
    source.file,
    `ends in the middle of line ${line} (at byte ${source.contentBytes}, with no newline after ${what}): the file is truncated, e.g. copied while it was still being written; record it again, or remove the partial last line`,
  );
}
