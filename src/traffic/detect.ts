/**
 * Format detection by content: the first 64 KiB (after gunzip), never the file name. Also the
 * file-level checks every reader relies on: not empty, not binary, UTF-8.
 */
import { readBytes } from './source.js';
import { type TrafficFormat, TrafficInputError } from './types.js';

const SAMPLE_BYTES = 64 * 1024;
const SAMPLE_LINES = 50;
const EVENT_KEYS = ['url', 'method', 'status_code', 'latency_ms', 'timestamp'];
const ACCESS_LOG_PREFIX = /^\S+ \S+ \S+ \[\d{2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "/;
const HAR_START = /^\{\s*"log"\s*:/;
const FORMATS_HINT =
  'JSONL RequestEvents, a HAR 1.2 file, k6 JSON output (--out json=) or an nginx/Apache access log';

interface Sample {
  bytes: Buffer;
  /** The sample is the whole file. */
  complete: boolean;
}

async function readSample(file: string): Promise<Sample> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of readBytes(file)) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= SAMPLE_BYTES)
      return { bytes: Buffer.concat(parts).subarray(0, SAMPLE_BYTES), complete: false };
  }
  return { bytes: Buffer.concat(parts), complete: true };
}

/** Complete lines of the sample (a cut-off last line is left out unless it is the only one). */
function sampleLines(sample: Sample): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = sample.bytes.indexOf(0x0a); nl !== -1; nl = sample.bytes.indexOf(0x0a, start)) {
    lines.push(sample.bytes.subarray(start, nl));
    start = nl + 1;
  }
  if (start < sample.bytes.length && (sample.complete || lines.length === 0))
    lines.push(sample.bytes.subarray(start));
  return lines;
}

const decodesStrictly = (bytes: Buffer, stream: boolean): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
};

/** Throws unless the file looks like text a reader can go through line by line. */
function assertText(file: string, sample: Sample): void {
  const { bytes } = sample;
  if (bytes.length === 0) {
    throw new TrafficInputError(
      file,
      'is empty (0 bytes): check that the tool that records traffic wrote to it',
    );
  }
  if (/^\s*$/.test(bytes.toString('latin1'))) {
    throw new TrafficInputError(
      file,
      'contains only whitespace: check that the tool that records traffic wrote to it',
    );
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new TrafficInputError(file, 'is UTF-16 text: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)');
  }
  let controls = 0;
  for (const b of bytes) {
    if (b === 0) {
      throw new TrafficInputError(
        file,
        `is binary (it contains NUL bytes), not a traffic file: pass ${FORMATS_HINT}`,
      );
    }
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) controls++;
  }
  if (controls > bytes.length / 10) {
    throw new TrafficInputError(
      file,
      `is binary (${controls} control bytes in its first ${bytes.length}), not a traffic file: pass ${FORMATS_HINT}`,
    );
  }
  const lines = sampleLines(sample).filter((line) => line.length > 0);
  const lastCut = !sample.complete;
  const invalid = lines.filter((line, i) => !decodesStrictly(line, lastCut && i === lines.length - 1)).length;
  if (invalid > 0 && invalid * 2 >= lines.length) {
    throw new TrafficInputError(
      file,
      `is not UTF-8 text (${invalid} of the first ${lines.length} lines are not valid UTF-8): convert it, e.g. iconv -f latin1 -t utf-8`,
    );
  }
}

function classifyJson(value: unknown): TrafficFormat | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if ((record.type === 'Metric' || record.type === 'Point') && typeof record.metric === 'string') return 'k6';
  if (typeof record.log === 'object' && record.log !== null) return 'har';
  if (EVENT_KEYS.some((key) => Object.hasOwn(record, key))) return 'jsonl';
  return undefined;
}

function classify(file: string, sample: Sample): TrafficFormat {
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(sample.bytes).trimStart();
  if (HAR_START.test(text)) return 'har';
  if (text.startsWith('[')) {
    throw new TrafficInputError(
      file,
      "is a JSON array, which no traffic format uses: write one JSON object per line (JSONL), e.g. jq -c '.[]'",
    );
  }
  const lines = sampleLines(sample)
    .map((line) =>
      line
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trim(),
    )
    .filter((line) => line !== '')
    .slice(0, SAMPLE_LINES);
  for (const line of lines) {
    if (ACCESS_LOG_PREFIX.test(line)) return 'nginx';
    if (!line.startsWith('{')) continue;
    try {
      const format = classifyJson(JSON.parse(line));
      if (format) return format;
    } catch {
      // not a complete JSON line: look at the next one
    }
  }
  // A pretty-printed HAR whose first key is not "log" (e.g. a "_comment").
  if (text.startsWith('{') && /"log"\s*:\s*\{/.test(text) && /"entries"\s*:/.test(text)) return 'har';
  const first = JSON.stringify(lines[0]?.slice(0, 60) ?? '');
  throw new TrafficInputError(
    file,
    `has an unknown format (its first line starts ${first}): expected ${FORMATS_HINT}; or name the format with --format`,
  );
}

/** Reads the head of the file and throws TrafficInputError unless it is text a reader can go through. */
export async function checkTrafficFile(file: string): Promise<void> {
  assertText(file, await readSample(file));
}

export async function detectFormat(file: string): Promise<TrafficFormat> {
  const sample = await readSample(file);
  assertText(file, sample);
  return classify(file, sample);
}
