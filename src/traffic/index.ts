/**
 * Traffic readers: detect a file's format by content and stream it as validated RequestEvents,
 * one TrafficItem per input record (accepted or rejected with file, line/pointer and reason).
 */
import { checkTrafficFile, detectFormat } from './detect.js';
import { readHar } from './har.js';
import { readJsonl } from './jsonl.js';
import { readK6 } from './k6.js';
import { readNginx } from './nginx.js';
import {
  DEFAULT_LIMITS,
  type ReaderLimits,
  TRAFFIC_FORMATS,
  type TrafficFormat,
  TrafficInputError,
  type TrafficItem,
} from './types.js';

export { detectFormat } from './detect.js';
export { TIMED_LOG_FORMAT } from './nginx.js';
export {
  DEFAULT_LIMITS,
  type ReaderLimits,
  type SourceRef,
  TRAFFIC_FORMATS,
  type TrafficFormat,
  TrafficInputError,
  type TrafficItem,
} from './types.js';

const READERS: Record<TrafficFormat, (file: string, limits: ReaderLimits) => AsyncGenerator<TrafficItem>> = {
  jsonl: readJsonl,
  har: readHar,
  k6: readK6,
  nginx: readNginx,
};

/**
 * Streams the file's records (transparently gunzipped). Throws TrafficInputError when the whole file
 * cannot be read: missing, empty, binary, not UTF-8, unknown format, corrupt gzip, a HAR without
 * entries, an access log without request times.
 */
export async function* readTraffic(
  file: string,
  format: TrafficFormat | 'auto' = 'auto',
  limits: Partial<ReaderLimits> = {},
): AsyncGenerator<TrafficItem> {
  if (format !== 'auto' && !(TRAFFIC_FORMATS as readonly string[]).includes(format)) {
    throw new TrafficInputError(file, `unknown format "${format}": use auto, ${TRAFFIC_FORMATS.join(', ')}`);
  }
  let resolved: TrafficFormat;
  if (format === 'auto') resolved = await detectFormat(file);
  else {
    await checkTrafficFile(file);
    resolved = format;
  }
  yield* READERS[resolved](file, { ...DEFAULT_LIMITS, ...limits });
}
