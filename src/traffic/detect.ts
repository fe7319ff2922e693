/**
 * Format detection by content: the source's sample, its first 64 KiB (after gunzip), never the file
 * name. Also the file-level checks every reader relies on: not empty, not binary, UTF-8, not a ledger.
 */
import { SAMPLE_BYTES, type Sample, TrafficSource } from './source.js';
import { type TrafficFormat, TrafficInputError } from './types.js';

const SAMPLE_LINES = 50;
const EVENT_KEYS = ['url', 'method', 'status_code', 'latency_ms', 'timestamp'];
const ACCESS_LOG_PREFIX = /^\S+ \S+ \S+ \[\d{2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "/;
const HAR_START = /^\{\s*"log"\s*:/;
const FORMATS_HINT =
  'JSONL RequestEvents, a HAR 1.2 file, k6 JSON output (--out json=) or an nginx/Apache access log';

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

function classifyJson(record: Record<string, unknown>): TrafficFormat | undefined {
  if ((record.type === 'Metric' || record.type === 'Point') && typeof record.metric === 'string') return 'k6';
  if (typeof record.log === 'object' && record.log !== null) return 'har';
  if (EVENT_KEYS.some((key) => Object.hasOwn(record, key))) return 'jsonl';
  return undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first `SAMPLE_LINES` non-blank lines of the sample, decoded and trimmed, with their line numbers. */
function firstLines(sample: Sample): Array<{ line: number; text: string; cut: boolean }> {
  const lines = sampleLines(sample);
  // sampleLines keeps a line the sample ends in only when it is the only one: then it is cut short.
  const cutLast = !sample.complete && sample.bytes.indexOf(0x0a) === -1;
  return lines
    .map((bytes, i) => ({
      line: i + 1,
      text: bytes
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trim(),
      cut: cutLast && i === lines.length - 1,
    }))
    .filter(({ text }) => text !== '')
    .slice(0, SAMPLE_LINES);
}

/** What keeps a line that starts with `{` from being a record of a known format. */
function jsonLineProblem(text: string, cut: boolean): string {
  if (cut) {
    return `is longer than the ${SAMPLE_BYTES / 1024} KiB read to detect the format, so its kind cannot be seen`;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `is not valid JSON (${(error as Error).message})`;
  }
  const keys = Object.keys(value as object);
  const shown = keys.slice(0, 5).map((key) => JSON.stringify(key.slice(0, 40)));
  return keys.length === 0
    ? 'is an empty JSON object'
    : `is a JSON object without the keys of a traffic record (its keys: ${shown.join(', ')}${keys.length > 5 ? ', …' : ''})`;
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
  const lines = firstLines(sample);
  let problem: string | undefined;
  for (const { line, text, cut } of lines) {
    if (ACCESS_LOG_PREFIX.test(text)) return 'nginx';
    if (!text.startsWith('{')) continue;
    try {
      const value: unknown = cut ? undefined : JSON.parse(text);
      const format = isObject(value) ? classifyJson(value) : undefined;
      if (format) return format;
    } catch {
      // not a complete JSON line: look at the next one
    }
    problem ??= `line ${line} ${jsonLineProblem(text, cut)}`;
  }
  // A pretty-printed HAR whose first key is not "log" (e.g. a "_comment").
  if (text.startsWith('{') && /"log"\s*:\s*\{/.test(text) && /"entries"\s*:/.test(text)) return 'har';
  const what = problem ?? `its first line starts ${JSON.stringify(lines[0]?.text.slice(0, 60) ?? '')}`;
  throw new TrafficInputError(
    file,
    `has an unknown format (${what}): expected ${FORMATS_HINT}; or name the format with --format`,
  );
}

/** Throws when the first record of the sample is a ledger record: a ledger given as traffic. */
function refuseLedger(file: string, sample: Sample): void {
  const first = firstLines(sample)[0];
  if (!first || first.cut || !first.text.startsWith('{') || !first.text.includes('"record_hash"')) return;
  let value: unknown;
  try {
    value = JSON.parse(first.text);
  } catch {
    return;
  }
  if (isObject(value) && typeof value.record_type === 'string' && typeof value.record_hash === 'string') {
    throw new TrafficInputError(
      file,
      `is a ledger written by traffic-governance (line ${first.line} is a "${value.record_type}" record), not traffic: pass the recorded traffic (${FORMATS_HINT}); to check a ledger, run traffic-governance verify-ledger`,
    );
  }
}

/** The file-level checks every reader relies on (TrafficInputError when one fails). */
export function checkSource(source: TrafficSource): void {
  assertText(source.file, source.sample);
  refuseLedger(source.file, source.sample);
}

/** The source's format by its content, after checkSource. */
export function detectSourceFormat(source: TrafficSource): TrafficFormat {
  checkSource(source);
  return classify(source.file, source.sample);
}

/** Opens the file, detects its format by content and closes it again (a regular file, not a pipe). */
export async function detectFormat(file: string): Promise<TrafficFormat> {
  const source = await TrafficSource.open(file);
  try {
    return detectSourceFormat(source);
  } finally {
    source.close();
  }
}
