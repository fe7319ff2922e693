/**
 * nginx/Apache access logs in the `combined` format followed by nginx's `$request_time` (seconds,
 * with a decimal point). Without the request time there is no latency, so a log whose first access
 * line lacks it is refused as a whole, with the log_format to add.
 *
 * The event timestamp is `$time_local`, which nginx writes when the request ends (1 s resolution).
 * A `$host` (or `$http_host`) after the request time is kept as the event's host.
 */
import { REQUEST_HOST } from '../model.js';
import { type FieldLabels, toItem } from './event.js';
import { cutShort, readLineBatches } from './lines.js';
import type { TrafficSource } from './source.js';
import { parseClfTime } from './time.js';
import { type ReaderLimits, rejected, TrafficInputError, type TrafficItem } from './types.js';

const TIMED_FIELDS =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time';
/** The nginx directive that makes a log this reader accepts. */
export const TIMED_LOG_FORMAT = `log_format timed '${TIMED_FIELDS}';`;

const LABELS: FieldLabels = {
  url: '$request (target)',
  method: '$request (method)',
  status_code: '$status',
  latency_ms: '$request_time',
  timestamp: '$time_local',
  error_count: 'error_count',
  retry_count: 'retry_count',
  host: '$host',
};

// Anchored, and every quantifier is followed by a character it cannot match (space, `]`, `"`), so
// matching is linear in the line length: no catastrophic backtracking.
const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const COMBINED = new RegExp(
  String.raw`^(\S+) (\S+) (\S+) \[([^\]]*)\] ${QUOTED} (\d{3}) (\d+|-) ${QUOTED} ${QUOTED}(.*)$`,
);
/** `$request_time`, then optionally the host (`$host` or `$http_host`) for the policy's traffic_filter. */
const REQUEST_TIME = /^ (\d{1,9}\.\d{1,6})(?: (\S{1,300}))?\s*$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/;
/** A trailing field that reads as a number (such as `$upstream_response_time`) is not a host. */
const isHostField = (text: string): boolean =>
  REQUEST_HOST.test(text) && (/[A-Za-z[]/.test(text) || IPV4.test(text));
const REQUEST_LINE = /^([A-Za-z]{1,20}) (\S+)(?: HTTP\/\d(?:\.\d)?)?$/;

/** nginx and Apache write unsafe bytes in `$request` as `\xHH` (and Apache `\"`, `\\`): back to URL form. */
const unescapeTarget = (target: string): string =>
  !target.includes('\\')
    ? target
    : target.replace(
        /\\x([0-9A-Fa-f]{2})|\\(["\\])/g,
        (_, hex: string | undefined, char: string | undefined) =>
          hex ? `%${hex.toUpperCase()}` : char === '"' ? '%22' : '%5C',
      );

function describeBadRequest(request: string): string {
  if (request === '-') {
    return '$request is "-": the client sent no request line (a connection closed or timed out before its request)';
  }
  if (request === '') {
    return '$request is empty: the client sent a blank line and then nothing (nginx logs this as 400 or 408)';
  }
  const shown = JSON.stringify(request.length > 60 ? `${request.slice(0, 60)}…` : request);
  const tls = /^\\x16\\x03/.test(request) ? ': a TLS handshake sent to a plain-HTTP port' : '';
  return `$request is not "METHOD target HTTP/x.y" (got ${shown})${tls}`;
}

type Parsed =
  | { kind: 'event'; candidate: Record<string, unknown> }
  | { kind: 'untimed' } // a combined line with no request time after it
  | { kind: 'bad-field'; reason: string } // an access line with a field that makes no request
  | { kind: 'garbage'; reason: string };

/** $time_local has one-second resolution, so neighbouring lines mostly repeat it: the last one is kept. */
let lastTimeText: string | undefined;
let lastTime: number | undefined;
function clfTime(text: string): number | undefined {
  if (text !== lastTimeText) {
    lastTime = parseClfTime(text);
    lastTimeText = text;
  }
  return lastTime;
}

function parseLine(text: string): Parsed {
  const m = COMBINED.exec(text);
  if (!m) return { kind: 'garbage', reason: `not an access log line of the form ${TIMED_FIELDS}` };
  const [, , , , timeLocal, request, status, , , , tail] = m;
  const time = REQUEST_TIME.exec(tail!);
  const host = time?.[2];
  if (!time || (host !== undefined && !isHostField(host))) return { kind: 'untimed' };
  const requestLine = REQUEST_LINE.exec(request!);
  if (!requestLine) return { kind: 'bad-field', reason: describeBadRequest(request!) };
  const timestamp = clfTime(timeLocal!);
  if (timestamp === undefined) {
    return {
      kind: 'bad-field',
      reason: `$time_local is not dd/Mon/yyyy:HH:MM:SS +hhmm (got ${JSON.stringify(timeLocal)})`,
    };
  }
  return {
    kind: 'event',
    candidate: {
      url: unescapeTarget(requestLine[2]!),
      method: requestLine[1],
      status_code: Number(status),
      latency_ms: Math.round(Number(time[1]) * 1e6) / 1e3,
      timestamp,
      ...(host === undefined ? {} : { host }),
    },
  };
}

function missingTimeError(file: string, line: number): TrafficInputError {
  return new TrafficInputError(
    file,
    `line ${line} is an access log line without a request time (nginx's default "combined" format), so latency cannot be measured. ` +
      `Log with $request_time at the end of the line:\n  ${TIMED_LOG_FORMAT}\n  access_log /var/log/nginx/access.log timed;`,
  );
}

export async function* readNginx(source: TrafficSource, limits: ReaderLimits): AsyncGenerator<TrafficItem> {
  const { file } = source;
  let sawAccessLine = false;
  for await (const batch of readLineBatches(source, limits.maxLineBytes)) {
    for (const line of batch) {
      const at = { file, line: line.line };
      if ('reason' in line) {
        yield rejected(at, line.reason);
        continue;
      }
      const parsed = parseLine(line.text);
      if (line.unterminated && sawAccessLine && (parsed.kind === 'garbage' || parsed.kind === 'untimed')) {
        throw cutShort(source, line.line, 'an incomplete access log line');
      }
      switch (parsed.kind) {
        case 'untimed':
          if (!sawAccessLine) throw missingTimeError(file, line.line);
          yield rejected(
            at,
            'no $request_time after the user agent: every line must use the same log_format',
          );
          break;
        case 'garbage':
          yield rejected(at, parsed.reason);
          break;
        case 'bad-field':
          sawAccessLine = true;
          yield rejected(at, parsed.reason);
          break;
        case 'event':
          sawAccessLine = true;
          yield toItem(parsed.candidate, at, LABELS);
      }
    }
  }
}
