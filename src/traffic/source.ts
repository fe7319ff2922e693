/**
 * The bytes of a traffic file as a stream of chunks, gunzipped when the file starts with the gzip
 * magic bytes (1f 8b), whatever its name. Never holds more than one chunk.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { visible } from '../report/text.js';
import { TrafficInputError } from './types.js';

const CHUNK_BYTES = 64 * 1024;

async function isGzip(file: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } catch (error) {
    throw inputError(file, error, false);
  } finally {
    await handle?.close();
  }
}

function inputError(file: string, error: unknown, gzip: boolean): TrafficInputError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new TrafficInputError(file, 'does not exist: check the path (or the glob)');
  if (code === 'EISDIR') return new TrafficInputError(file, 'is a directory: pass the traffic files in it');
  if (code === 'EACCES' || code === 'EPERM') {
    return new TrafficInputError(file, 'cannot be read (permission denied): fix its permissions');
  }
  const detail = visible(error instanceof Error ? error.message : String(error));
  if (gzip && (code?.startsWith('Z_') || /unexpected end of file/i.test(detail))) {
    return new TrafficInputError(
      file,
      `is gzip-compressed but the compressed data is corrupt or truncated (${detail}): re-create the .gz file or pass it uncompressed`,
    );
  }
  return new TrafficInputError(file, `cannot be read: ${detail}`);
}

/** Chunks of the file's (decompressed) content. */
export async function* readBytes(file: string): AsyncGenerator<Buffer> {
  const gzip = await isGzip(file);
  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const stream = gzip ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : raw;
  if (gzip) raw.on('error', (error) => stream.destroy(error));
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw inputError(file, error, gzip);
  } finally {
    raw.destroy();
    stream.destroy();
  }
}
