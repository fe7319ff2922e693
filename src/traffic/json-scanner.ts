/**
 * An incremental JSON scanner that finds the elements of one array inside a large JSON document
 * (for HAR: `$.log.entries`) and hands out each element's raw bytes, so a caller can JSON.parse
 * elements one at a time. Memory is bounded by the largest element (and a cap on that), never by
 * the document. It works on bytes: every structural character is ASCII and UTF-8 continuation bytes
 * are never ASCII, so no decoding is needed until an element is complete.
 *
 * Only the containers on the way to the array are tracked in full; everything else is skipped by
 * counting brackets. Elements themselves are validated by JSON.parse, not here.
 */

export type ScanEvent =
  | { kind: 'element'; index: number; line: number; bytes: Buffer }
  | { kind: 'oversize'; index: number; line: number; bytes: number }
  /** The input stops being scannable JSON; nothing after it is reported. */
  | { kind: 'error'; found: boolean; index: number | undefined; line: number; message: string };

export type ScanEnd =
  | { kind: 'complete'; found: boolean }
  /** The input ends inside the document; `index` is the element it ends in (or before), if any. */
  | { kind: 'truncated'; found: boolean; index: number | undefined; line: number };

interface Frame {
  isObject: boolean;
  /** On the way to the target: its ancestors all sit under the target path's keys. */
  onPath: boolean;
  key: string | undefined;
  expectKey: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const isWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const MAX_KEY_BYTES = 1024;

export class JsonArrayScanner {
  private line = 1;
  private depth = 0;
  private readonly frames: Frame[] = [];
  private inString = false;
  private escape = false;
  private done = false;
  private failed = false;
  private sawBytes = false;
  private started = false;
  private found = false;
  /** The target array is open right now. */
  private inTarget = false;

  /** The string being read is a key of a tracked object (its parts, until it gets too long). */
  private inKey = false;
  private keyParts: Buffer[] | undefined;
  private keyBytes = 0;

  private index = 0;
  private capturing = false;
  private captureParts: Buffer[] = [];
  private captureBytes = 0;
  private captureLine = 0;

  private readonly targetDepth: number;

  /** `path`: the object keys from the root to the array, e.g. `['log', 'entries']`. */
  constructor(
    private readonly path: readonly string[],
    private readonly maxElementBytes: number,
  ) {
    this.targetDepth = path.length + 1;
  }

  push(chunk: Buffer): ScanEvent[] {
    const events: ScanEvent[] = [];
    if (this.failed) return events;
    const n = chunk.length;
    let captureStart = 0;
    let keyStart = 0;
    let i = 0;
    if (!this.sawBytes && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3; // BOM
    if (n > 0) this.sawBytes = true;
    const fail = (message: string) => {
      this.failed = true;
      this.capturing = false;
      const index = this.inTarget ? this.index : undefined;
      events.push({ kind: 'error', found: this.found, index, line: this.line, message });
    };

    while (i < n) {
      if (this.inString) {
        i = this.skipString(chunk, i);
        if (i === n) break;
        this.inString = false;
        if (this.inKey) {
          this.keepKey(chunk.subarray(keyStart, i));
          this.endKey();
        }
        i++;
        continue;
      }

      const c = chunk[i]!;
      if (isWhitespace(c)) {
        if (c === LF) this.line++;
        i++;
        continue;
      }
      if (this.done) {
        fail('unexpected content after the end of the JSON document');
        break;
      }
      if (!this.started) {
        if (c !== 0x7b) {
          fail(`expected a JSON object at the start, found ${JSON.stringify(String.fromCharCode(c))}`);
          break;
        }
        this.started = true;
      }
      if (this.inTarget && this.depth === this.targetDepth && !this.capturing && c !== 0x2c && c !== 0x5d) {
        this.capturing = true;
        this.captureLine = this.line;
        captureStart = i;
      }

      if (c === QUOTE) {
        this.inString = true;
        if (this.frames[this.depth - 1]?.expectKey) {
          this.inKey = true;
          this.keyParts = [];
          this.keyBytes = 0;
          keyStart = i + 1;
        }
      } else if (c === 0x7b || c === 0x5b) {
        const error = this.open(c === 0x7b);
        if (error) {
          fail(error);
          break;
        }
      } else if (c === 0x7d || c === 0x5d) {
        if (this.capturing && this.depth === this.targetDepth) {
          events.push(this.endElement(chunk.subarray(captureStart, i)));
        }
        const error = this.close(c === 0x7d);
        if (error) {
          fail(error);
          break;
        }
      } else if (c === 0x2c) {
        if (this.capturing && this.depth === this.targetDepth) {
          events.push(this.endElement(chunk.subarray(captureStart, i)));
        }
        const top = this.frames[this.depth - 1];
        if (top?.isObject) top.expectKey = true;
      }
      i++;
    }

    if (this.capturing) this.keepCapture(chunk.subarray(captureStart));
    if (this.inString && this.inKey) this.keepKey(chunk.subarray(keyStart));
    return events;
  }

  /**
   * The index of the quote that closes the current string, or chunk.length (with `escape` set when
   * the chunk ends in an unpaired backslash). Jumps from quote to quote with indexOf: a quote is
   * escaped when an odd run of backslashes precedes it. Raw newlines are invalid inside JSON strings,
   * so none are counted here.
   */
  private skipString(chunk: Buffer, from: number): number {
    const n = chunk.length;
    let i = from;
    if (this.escape) {
      if (i >= n) return n;
      this.escape = false;
      i++;
    }
    for (;;) {
      const quote = chunk.indexOf(QUOTE, i);
      const stop = quote === -1 ? n : quote;
      let k = stop - 1;
      while (k >= i && chunk[k] === BACKSLASH) k--;
      const escaped = (stop - 1 - k) % 2 === 1;
      if (quote === -1) {
        this.escape = escaped;
        return n;
      }
      if (!escaped) return quote;
      i = quote + 1;
    }
  }

  end(): ScanEnd {
    if (this.failed || (this.done && !this.inString)) return { kind: 'complete', found: this.found };
    const index = this.inTarget ? this.index : undefined;
    const line = this.capturing ? this.captureLine : this.line;
    return { kind: 'truncated', found: this.found, index, line };
  }

  /** Frames exist for the containers at depths up to the target's; deeper ones are only counted. */
  private open(isObject: boolean): string | undefined {
    this.depth++;
    if (this.depth > this.targetDepth) return undefined;
    const parent = this.frames[this.depth - 2];
    const onPath = parent
      ? parent.onPath && parent.isObject && parent.key === this.path[this.depth - 2]
      : isObject;
    this.frames.push({ isObject, onPath, key: undefined, expectKey: isObject });
    if (onPath && this.depth === this.targetDepth) {
      if (isObject) return `$.${this.path.join('.')} must be an array, found an object`;
      this.found = true;
      this.inTarget = true;
    }
    return undefined;
  }

  /** Returns an error message for a mismatched bracket. */
  private close(isObject: boolean): string | undefined {
    if (this.depth === 0) return `unexpected ${isObject ? '}' : ']'}`;
    if (this.frames.length === this.depth) {
      const frame = this.frames.pop()!;
      if (frame.isObject !== isObject)
        return `expected ${frame.isObject ? '}' : ']'}, found ${isObject ? '}' : ']'}`;
      if (frame.onPath && this.depth === this.targetDepth) this.inTarget = false;
    }
    this.depth--;
    if (this.depth === 0) this.done = true;
    return undefined;
  }

  private keepKey(piece: Buffer): void {
    this.keyBytes += piece.length;
    if (this.keyBytes > MAX_KEY_BYTES)
      this.keyParts = undefined; // too long to be a key we look for
    else this.keyParts?.push(piece);
  }

  private endKey(): void {
    const top = this.frames[this.depth - 1]!;
    top.expectKey = false;
    top.key = undefined;
    this.inKey = false;
    if (!this.keyParts) return;
    try {
      top.key = JSON.parse(`"${Buffer.concat(this.keyParts).toString('utf8')}"`) as string;
    } catch {
      // an invalid escape: not a key on the path
    }
    this.keyParts = undefined;
  }

  private keepCapture(piece: Buffer): void {
    this.captureBytes += piece.length;
    if (this.captureBytes > this.maxElementBytes) this.captureParts = [];
    else this.captureParts.push(piece);
  }

  private endElement(last: Buffer): ScanEvent {
    this.keepCapture(last);
    const index = this.index++;
    const line = this.captureLine;
    const size = this.captureBytes;
    const parts = this.captureParts;
    this.capturing = false;
    this.captureParts = [];
    this.captureBytes = 0;
    if (size > this.maxElementBytes) return { kind: 'oversize', index, line, bytes: size };
    return { kind: 'element', index, line, bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts) };
  }
}
