/**
 * Streaming line splitter: numbered lines (1-based), each validated as UTF-8 on its own so one bad
 * line is one rejected line. A line longer than the limit is skipped without being buffered.
 * LF and CRLF endings; a UTF-8 byte order mark on line 1 is dropped.
 */
import { isUtf8 } from 'node:buffer';
import { readBytes } from './source.js';
import { decodeUtf8 } from './utf8.js';

export type Line = { line: number; text: string } | { line: number; reason: string };

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private tooLong = false;
  private lineNo = 0;

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
      lines.push(this.finish(chunk.subarray(0, first)));
      start = first + 1;
    }
    const last = chunk.lastIndexOf(LF);
    if (start <= last) {
      // Whole lines only; LF never occurs inside a UTF-8 sequence, so one check covers every line.
      if (isUtf8(chunk.subarray(start, last))) this.splitValid(chunk, start, last, lines);
      else {
        for (let newline = chunk.indexOf(LF, start); newline !== -1; newline = chunk.indexOf(LF, start)) {
          lines.push(this.finish(chunk.subarray(start, newline)));
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
        lines.push({ line, reason: `line is longer than ${this.maxLineBytes} bytes: skipped` });
      } else {
        const end = newline > from && chunk[newline - 1] === CR ? newline - 1 : newline;
        const text = chunk.toString('utf8', from, end);
        lines.push({ line, text: line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text });
      }
      from = newline + 1;
    }
  }

  /** The last line when the input does not end with a newline. */
  end(): Line[] {
    return this.partBytes > 0 || this.tooLong ? [this.finish(Buffer.alloc(0))] : [];
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

  private finish(lastPiece: Buffer): Line {
    const line = ++this.lineNo;
    const length = this.partBytes + lastPiece.length;
    const tooLong = this.tooLong || length > this.maxLineBytes;
    const bytes = tooLong || this.parts.length === 0 ? lastPiece : Buffer.concat([...this.parts, lastPiece]);
    this.parts = [];
    this.partBytes = 0;
    this.tooLong = false;
    if (tooLong) return { line, reason: `line is longer than ${this.maxLineBytes} bytes: skipped` };
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    const decoded = decodeUtf8(bytes.subarray(0, end));
    if ('reason' in decoded) return { line, reason: decoded.reason };
    const text = line === 1 && decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text;
    return { line, text };
  }
}

/** The file's lines, one batch per chunk read (so callers pay one await per chunk, not per line). */
export async function* readLineBatches(file: string, maxLineBytes: number): AsyncGenerator<Line[]> {
  const splitter = new LineSplitter(maxLineBytes);
  for await (const chunk of readBytes(file)) yield splitter.push(chunk);
  yield splitter.end();
}
