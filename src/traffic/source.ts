/**
 * A traffic file opened once and read once, front to back: gunzipped when it starts with the gzip
 * magic bytes (1f 8b), whatever its name, with its first bytes kept as a sample for format detection
 * and then handed to the reader. Nothing seeks or opens the file twice, so a pipe, a FIFO,
 * `/dev/stdin` and process substitution (`<(zcat x.gz)`) read like a regular file.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { visible } from '../report/text.js';
import { TrafficInputError } from './types.js';

const CHUNK_BYTES = 64 * 1024;
/** Format detection and the file-level checks look at this much of the (decompressed) content. */
export const SAMPLE_BYTES = 64 * 1024;

export interface Sample {
  bytes: Buffer;
  /** The sample is the whole content. */
  complete: boolean;
}

type Chunks = AsyncIterator<Buffer>;

/** Reads from `chunks` until `want` bytes are buffered or it ends. */
async function buffer(chunks: Chunks, want: number): Promise<{ parts: Buffer[]; ended: boolean }> {
  const parts: Buffer[] = [];
  for (let size = 0; size < want; ) {
    const next = await chunks.next();
    if (next.done) return { parts, ended: true };
    parts.push(next.value);
    size += next.value.length;
  }
  return { parts, ended: false };
}

async function* replay(parts: readonly Buffer[], rest: Chunks, ended: boolean): AsyncGenerator<Buffer> {
  yield* parts;
  if (ended) return;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/** How far a source has got: bytes read from the file, bytes of content (after gunzip) handed on. */
interface Position {
  file: number;
  content: number;
}

export class TrafficSource {
  private taken = false;

  private constructor(
    readonly file: string,
    readonly gzip: boolean,
    readonly sample: Sample,
    private readonly content: AsyncGenerator<Buffer>,
    private readonly streams: Readable[],
    private readonly reached: Position,
  ) {}

  /** Opens the file and reads its sample; throws TrafficInputError when it cannot be read. */
  static async open(file: string): Promise<TrafficSource> {
    const reached: Position = { file: 0, content: 0 };
    // Opening /dev/stdin again fails (ENXIO) when stdin is a socket, as a Node parent process gives it.
    const raw =
      file === '/dev/stdin' ? process.stdin : createReadStream(file, { highWaterMark: CHUNK_BYTES });
    const streams: Readable[] = [raw];
    const counted = (async function* () {
      for await (const chunk of raw) {
        reached.file += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    })();
    let gzip = false;
    try {
      const head = await buffer(counted, 2);
      const first = Buffer.concat(head.parts);
      gzip = first[0] === 0x1f && first[1] === 0x8b;
      let content: Chunks = replay(head.parts, counted, head.ended);
      if (gzip) {
        const compressed = Readable.from(content as AsyncGenerator<Buffer>, { objectMode: false });
        const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
        compressed.on('error', (error) => gunzip.destroy(error));
        streams.push(compressed, gunzip);
        content = compressed.pipe(gunzip)[Symbol.asyncIterator]();
      }
      const start = await buffer(content, SAMPLE_BYTES);
      const bytes = Buffer.concat(start.parts);
      const sample = { bytes: bytes.subarray(0, SAMPLE_BYTES), complete: start.ended };
      const chunks = replay(start.parts, content, start.ended);
      return new TrafficSource(file, gzip, sample, chunks, streams, reached);
    } catch (error) {
      for (const stream of streams) stream.destroy();
      throw sourceError(file, error, gzip, reached);
    }
  }

  /** The content, sample first: a source is read once. */
  async *chunks(): AsyncGenerator<Buffer> {
    if (this.taken) throw new Error(`${this.file} is read a second time`);
    this.taken = true;
    try {
      for await (const chunk of this.content) {
        this.reached.content += chunk.length;
        yield chunk;
      }
    } catch (error) {
      throw sourceError(this.file, error, this.gzip, this.reached);
    } finally {
      this.close();
    }
  }

  /** Content bytes handed to the reader so far: where the content ended, once it has. */
  get contentBytes(): number {
    return this.reached.content;
  }

  close(): void {
    for (const stream of this.streams) stream.destroy();
  }
}

function sourceError(file: string, error: unknown, gzip: boolean, reached: Position): TrafficInputError {
  if (error instanceof TrafficInputError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new TrafficInputError(file, 'does not exist: check the path (or the glob)');
  if (code === 'EISDIR') return new TrafficInputError(file, 'is a directory: pass the traffic files in it');
  if (code === 'EACCES' || code === 'EPERM') {
    return new TrafficInputError(file, 'cannot be read (permission denied): fix its permissions');
  }
  const detail = visible(error instanceof Error ? error.message : String(error));
  if (gzip && /unexpected end of file/i.test(detail)) {
    const where = ` after ${reached.file} compressed bytes`;
    return new TrafficInputError(
      file,
      `is gzip-compressed but ends before its compressed data does${where}: the file is truncated; copy or download it again, or pass it uncompressed`,
    );
  }
  if (gzip && code?.startsWith('Z_')) {
    return new TrafficInputError(
      file,
      `is gzip-compressed but the compressed data is corrupt (${detail}): re-create the .gz file or pass it uncompressed`,
    );
  }
  return new TrafficInputError(file, `cannot be read: ${detail}`);
}
