/**
 * A strict parser for the OpenMetrics 1.0 text format, written from the specification
 * (https://prometheus.io/docs/specs/om/open_metrics_spec/, "Text format" ABNF and the MetricFamily
 * rules). It throws an OpenMetricsError naming the line for anything the spec forbids:
 *
 *  - no BOM, no CR, valid UTF-8 only (checked by the caller on bytes: parseOpenMetricsBytes);
 *  - `# EOF` exactly once, as the last line (optionally followed by one LF), nothing after it;
 *  - only `# TYPE`, `# UNIT`, `# HELP` comment lines; at most one of each per family, before its
 *    samples; a known type; a non-empty UNIT must be the `_unit` suffix of the family name, and is
 *    forbidden for stateset/info;
 *  - metric names `[a-zA-Z_:][a-zA-Z0-9_:]*`, label names `[a-zA-Z_][a-zA-Z0-9_]*` not starting
 *    with `_` (reserved), unique within a label set; label values and HELP escaped per the ABNF
 *    (only `\\`, `\"`, `\n`; an undefined escape is rejected here, stricter than the spec's SHOULD);
 *  - sample names are the family name plus a suffix its type allows (counter `_total`/`_created`,
 *    summary ``/`_sum`/`_count`/`_created`, histogram `_bucket`/`_sum`/`_count`/`_created`, ...);
 *  - family names unique, and no family name equal to a sample name another family may produce;
 *  - families, metrics (label sets without quantile/le) and samples not interleaved; no duplicate
 *    (sample name, label set);
 *  - numbers per the ABNF (`realnumber`, case-insensitive inf/infinity/nan); counters' `_total`
 *    non-negative and not NaN; summary quantile label in [0, 1] and values not negative; `_count`
 *    an integer.
 * Exemplars are not supported and rejected (this project does not write them).
 */

export class OpenMetricsError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'OpenMetricsError';
  }
}

export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'gaugehistogram'
  | 'stateset'
  | 'info'
  | 'summary'
  | 'unknown';

export interface OmSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
  line: number;
}

export interface OmFamily {
  name: string;
  type: MetricType;
  /** Whether a TYPE line declared the type (else it is 'unknown' by default). */
  typed: boolean;
  unit?: string;
  help?: string;
  samples: OmSample[];
}

const TYPES: readonly MetricType[] = [
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'stateset',
  'info',
  'summary',
  'unknown',
];
const SUFFIXES: Record<MetricType, readonly string[]> = {
  counter: ['_total', '_created'],
  summary: ['', '_sum', '_count', '_created'],
  histogram: ['_bucket', '_sum', '_count', '_created'],
  gaugehistogram: ['_bucket', '_gsum', '_gcount'],
  info: ['_info'],
  gauge: [''],
  stateset: [''],
  unknown: [''],
};

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const REAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** Parses an OpenMetrics number (ABNF `number`); returns NaN for "nan". */
export function parseNumber(text: string, line: number): number {
  if (/^nan$/i.test(text)) return Number.NaN;
  const inf = /^([+-]?)(inf|infinity)$/i.exec(text);
  if (inf) return inf[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (!REAL.test(text)) throw new OpenMetricsError(line, `not a number: ${JSON.stringify(text)}`);
  const value = Number(text);
  if (!Number.isFinite(value)) throw new OpenMetricsError(line, `number outside float64: ${text}`);
  return value;
}

/** Decodes an escaped-string up to (not including) an unescaped `"` or the end; returns [value, end]. */
function readEscaped(text: string, start: number, line: number, quoted: boolean): [string, number] {
  let out = '';
  let i = start;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      if (quoted) return [out, i];
      throw new OpenMetricsError(line, 'unescaped double quote');
    }
    if (c === '\\') {
      const n = text[i + 1];
      if (n === 'n') out += '\n';
      else if (n === '\\' || n === '"') out += n;
      else throw new OpenMetricsError(line, `undefined escape \\${n ?? ''}`);
      i += 2;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp >= 0xd800 && cp <= 0xdfff) throw new OpenMetricsError(line, 'lone surrogate (not UTF-8)');
    out += String.fromCodePoint(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  if (quoted) throw new OpenMetricsError(line, 'unterminated label value');
  return [out, i];
}

function parseLabels(text: string, start: number, line: number): [Record<string, string>, number] {
  const labels: Record<string, string> = Object.create(null);
  let i = start + 1; // after '{'
  if (text[i] === '}') return [labels, i + 1];
  for (;;) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new OpenMetricsError(line, 'label without "="');
    const name = text.slice(i, eq);
    if (!LABEL_NAME.test(name))
      throw new OpenMetricsError(line, `invalid label name ${JSON.stringify(name)}`);
    if (name.startsWith('_')) throw new OpenMetricsError(line, `reserved label name ${name}`);
    if (name in labels) throw new OpenMetricsError(line, `label ${name} repeated`);
    if (text[eq + 1] !== '"') throw new OpenMetricsError(line, `label ${name}: value must be quoted`);
    const [value, end] = readEscaped(text, eq + 2, line, true);
    labels[name] = value;
    i = end + 1;
    if (text[i] === '}') return [labels, i + 1];
    if (text[i] !== ',') throw new OpenMetricsError(line, `expected "," or "}" after label ${name}`);
    i += 1;
  }
}

function parseSample(text: string, line: number): Omit<OmSample, 'line'> & { line: number } {
  let i = 0;
  while (i < text.length && text[i] !== '{' && text[i] !== ' ') i++;
  const name = text.slice(0, i);
  if (!METRIC_NAME.test(name))
    throw new OpenMetricsError(line, `invalid metric name ${JSON.stringify(name)}`);
  let labels: Record<string, string> = Object.create(null);
  if (text[i] === '{') [labels, i] = parseLabels(text, i, line);
  if (text[i] !== ' ') throw new OpenMetricsError(line, 'expected a single space before the value');
  const rest = text.slice(i + 1).split(' ');
  if (rest.includes('#')) throw new OpenMetricsError(line, 'exemplars are not supported');
  if (rest.length > 2 || rest.some((t) => t === ''))
    throw new OpenMetricsError(line, 'malformed value/timestamp');
  const value = parseNumber(rest[0]!, line);
  const sample: OmSample = { name, labels, value, line };
  if (rest.length === 2) {
    const ts = parseNumber(rest[1]!, line);
    if (!Number.isFinite(ts)) throw new OpenMetricsError(line, 'timestamp must be a real number');
    sample.timestamp = ts;
  }
  return sample;
}

const labelKey = (labels: Record<string, string>, without: readonly string[] = []): string =>
  JSON.stringify(
    Object.keys(labels)
      .filter((k) => !without.includes(k))
      .sort()
      .map((k) => [k, labels[k]]),
  );

function checkFamily(f: OmFamily): void {
  const seen = new Set<string>();
  const finished = new Set<string>();
  let current: string | undefined;
  for (const s of f.samples) {
    const suffix = s.name.slice(f.name.length);
    const key = `${s.name} ${labelKey(s.labels)}`;
    if (seen.has(key)) throw new OpenMetricsError(s.line, `duplicate sample ${s.name} with the same labels`);
    seen.add(key);
    const metric = labelKey(s.labels, ['quantile', 'le']);
    if (metric !== current) {
      if (current !== undefined) finished.add(current);
      if (finished.has(metric))
        throw new OpenMetricsError(s.line, `metric ${f.name}${metric} is interleaved`);
      current = metric;
    }
    if (f.type === 'counter' && suffix === '_total' && (Number.isNaN(s.value) || s.value < 0)) {
      throw new OpenMetricsError(s.line, 'a counter total must be a non-negative number');
    }
    if (f.type === 'summary') {
      if (suffix === '') {
        const q = s.labels.quantile;
        if (q === undefined)
          throw new OpenMetricsError(s.line, 'summary quantile sample without a quantile label');
        const qv = parseNumber(q, s.line);
        if (!(qv >= 0 && qv <= 1)) throw new OpenMetricsError(s.line, `quantile ${q} outside [0, 1]`);
        if (s.value < 0) throw new OpenMetricsError(s.line, 'quantile values must not be negative');
      } else if ('quantile' in s.labels) {
        throw new OpenMetricsError(s.line, `${s.name} must not have a quantile label`);
      }
      if (suffix === '_count' && !Number.isInteger(s.value))
        throw new OpenMetricsError(s.line, 'count must be an integer');
    } else if ('quantile' in s.labels && f.type !== 'gauge' && f.type !== 'unknown') {
      throw new OpenMetricsError(s.line, `quantile label on a ${f.type}`);
    }
  }
}

/** Parses and validates an exposition given as text (see parseOpenMetricsBytes for the byte checks). */
export function parseOpenMetrics(text: string): OmFamily[] {
  if (text.includes('\r')) throw new OpenMetricsError(1, 'carriage return (line endings must be LF)');
  if (text.startsWith('\ufeff')) throw new OpenMetricsError(1, 'byte order mark');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[lines.length - 1] !== '# EOF')
    throw new OpenMetricsError(lines.length, 'the exposition must end with "# EOF"');
  const families: OmFamily[] = [];
  const byName = new Map<string, OmFamily>();
  let family: OmFamily | undefined;
  let inSamples = false;

  const start = (name: string, line: number): OmFamily => {
    if (byName.has(name)) throw new OpenMetricsError(line, `metric family ${name} appears twice`);
    const f: OmFamily = { name, type: 'unknown', typed: false, samples: [] };
    families.push(f);
    byName.set(name, f);
    inSamples = false;
    return f;
  };

  for (let n = 0; n < lines.length - 1; n++) {
    const line = n + 1;
    const text = lines[n]!;
    if (text.startsWith('#')) {
      const m = /^# (TYPE|UNIT|HELP) ([^ ]+)(?: (.*))?$/.exec(text);
      if (!m)
        throw new OpenMetricsError(
          line,
          `not a TYPE, UNIT or HELP line: ${JSON.stringify(text.slice(0, 80))}`,
        );
      const [, kind, name, rest = ''] = m;
      if (!METRIC_NAME.test(name!))
        throw new OpenMetricsError(line, `invalid metric name ${JSON.stringify(name)}`);
      if (!family || family.name !== name || inSamples) family = start(name!, line);
      if (kind === 'TYPE') {
        if (family.typed) throw new OpenMetricsError(line, `second TYPE for ${name}`);
        if (!TYPES.includes(rest as MetricType))
          throw new OpenMetricsError(line, `unknown type ${JSON.stringify(rest)}`);
        family.type = rest as MetricType;
        family.typed = true;
      } else if (kind === 'UNIT') {
        if (family.unit !== undefined) throw new OpenMetricsError(line, `second UNIT for ${name}`);
        if (!/^[a-zA-Z0-9_:]*$/.test(rest))
          throw new OpenMetricsError(line, `invalid unit ${JSON.stringify(rest)}`);
        family.unit = rest;
      } else {
        if (family.help !== undefined) throw new OpenMetricsError(line, `second HELP for ${name}`);
        family.help = readEscaped(rest, 0, line, false)[0];
      }
      continue;
    }
    if (text === '') throw new OpenMetricsError(line, 'empty line');
    const sample = parseSample(text, line);
    const belongs = family && SUFFIXES[family.type].some((s) => sample.name === family!.name + s);
    if (!belongs) family = start(sample.name, line);
    inSamples = true;
    family!.samples.push(sample);
  }

  const produced = new Map<string, string>();
  for (const f of families) {
    if (f.unit) {
      if (f.type === 'stateset' || f.type === 'info')
        throw new OpenMetricsError(1, `${f.name}: ${f.type} must not have a unit`);
      if (!f.name.endsWith(`_${f.unit}`))
        throw new OpenMetricsError(1, `${f.name}: unit ${f.unit} is not its suffix`);
    }
    for (const suffix of SUFFIXES[f.type]) {
      const sampleName = f.name + suffix;
      const other = produced.get(sampleName);
      if (other !== undefined && other !== f.name) {
        throw new OpenMetricsError(
          1,
          `families ${other} and ${f.name} can both produce samples named ${sampleName}`,
        );
      }
      produced.set(sampleName, f.name);
    }
    checkFamily(f);
  }
  for (const f of families) {
    const clash = produced.get(f.name);
    if (clash !== undefined && clash !== f.name) {
      throw new OpenMetricsError(1, `family name ${f.name} clashes with a sample name of ${clash}`);
    }
  }
  return families;
}

/** Parses bytes: they must be valid UTF-8 without a BOM, then parseOpenMetrics. */
export function parseOpenMetricsBytes(bytes: Uint8Array): OmFamily[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new OpenMetricsError(1, 'not valid UTF-8');
  }
  return parseOpenMetrics(text);
}
