/**
 * Turns a candidate object into a validated RequestEvent item. Reasons name the field as the user
 * wrote it (a JSON path for JSONL, `response.status` for HAR, `$status` for nginx) and the value.
 */
import type { z } from 'zod';
import {
  HTTP_METHODS,
  MAX_LATENCY_MS,
  MAX_TIMESTAMP_S,
  REQUEST_HOST,
  type RequestEvent,
  RequestEventSchema,
} from '../model.js';
import { describe } from './json.js';
import { accepted, rejected, type SourceRef, type TrafficItem } from './types.js';

type EventField = keyof z.input<typeof RequestEventSchema>;
/** For each event field, how the source format names it. */
export type FieldLabels = Record<EventField, string>;

export const JSON_PATH_LABELS: FieldLabels = {
  url: '$.url',
  method: '$.method',
  status_code: '$.status_code',
  latency_ms: '$.latency_ms',
  timestamp: '$.timestamp',
  error_count: '$.error_count',
  retry_count: '$.retry_count',
  host: '$.host',
};

export function toItem(
  candidate: Record<string, unknown>,
  source: SourceRef,
  labels: FieldLabels,
): TrafficItem {
  const event = validEvent(candidate);
  if (event !== undefined) return accepted(event, source);
  // Not `reportInput: true`: it makes every parse about 3x slower; the input is read off the candidate.
  const result = RequestEventSchema.safeParse(candidate);
  if (result.success) return accepted(result.data as RequestEvent, source);
  return rejected(
    source,
    result.error.issues.map((issue) => describeIssue(issue, candidate, labels)).join('; '),
  );
}

const METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);
const count = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1_000_000;

/**
 * RequestEventSchema's accepting path, by hand: a candidate every check of the schema passes comes
 * out as the very object zod would build (same keys in the same order, method uppercased, counts
 * defaulted to 0). Anything else returns undefined and goes through zod itself, so zod alone decides
 * what is rejected and words every reason. test/traffic-validate.test.ts holds the two to the same
 * answers.
 */
export function validEvent(c: Record<string, unknown>): RequestEvent | undefined {
  for (const key in c) {
    switch (key) {
      case 'url':
      case 'method':
      case 'status_code':
      case 'latency_ms':
      case 'timestamp':
      case 'error_count':
      case 'retry_count':
      case 'host':
        continue;
      default:
        return undefined;
    }
  }
  const { url, method, status_code, latency_ms, timestamp, error_count, retry_count, host } = c;
  if (typeof url !== 'string' || url.length < 1 || url.length > 8192) return undefined;
  if (typeof method !== 'string') return undefined;
  const upper = method.toUpperCase();
  if (!METHODS.has(upper)) return undefined;
  if (
    typeof status_code !== 'number' ||
    !Number.isInteger(status_code) ||
    status_code < 0 ||
    status_code > 599
  ) {
    return undefined;
  }
  if (typeof latency_ms !== 'number' || !(latency_ms >= 0 && latency_ms <= MAX_LATENCY_MS)) return undefined;
  if (typeof timestamp !== 'number' || !(timestamp >= 0 && timestamp <= MAX_TIMESTAMP_S)) return undefined;
  if (error_count !== undefined && !count(error_count)) return undefined;
  if (retry_count !== undefined && !count(retry_count)) return undefined;
  const event: RequestEvent = {
    url,
    method: upper as RequestEvent['method'],
    status_code,
    latency_ms,
    timestamp,
    error_count: error_count ?? 0,
    retry_count: retry_count ?? 0,
  };
  if (host === undefined) return 'host' in c ? undefined : event;
  if (typeof host !== 'string' || host.length > 300 || !REQUEST_HOST.test(host)) return undefined;
  event.host = host;
  return event;
}

function describeIssue(
  issue: z.core.$ZodIssue,
  candidate: Record<string, unknown>,
  labels: FieldLabels,
): string {
  const field = issue.path[0];
  const isField = typeof field === 'string' && Object.hasOwn(labels, field);
  const label = isField ? labels[field as EventField] : '$';
  const input = isField ? candidate[field] : candidate;
  const got = ` (got ${describe(input)})`;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}: a RequestEvent has only ${Object.keys(labels).join(', ')}`;
    case 'too_small':
      return `${label} must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}${lengthWord(issue.origin)}${got}`;
    case 'too_big':
      return `${label} must be ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}${lengthWord(issue.origin)}${got}${timestampHint(field, input)}`;
    case 'invalid_type':
      return input === undefined
        ? `${label} is missing`
        : `${label} must be ${TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`}${got}`;
    case 'invalid_value':
      return `${label} must be one of ${issue.values.map(String).join(', ')}${got}`;
    default:
      return `${label}: ${issue.message}${got}`;
  }
}

const TYPE_WORDS: Record<string, string> = {
  int: 'an integer',
  number: 'a finite number',
  string: 'a string',
};
const lengthWord = (origin: string): string => (origin === 'string' ? ' characters long' : '');

/** Seconds since the epoch of 2000-01-01: a value / 1000 in [this, MAX] is a timestamp in milliseconds. */
const Y2K_S = 946_684_800;

function timestampHint(field: unknown, input: unknown): string {
  if (field !== 'timestamp' || typeof input !== 'number') return '';
  if (input / 1000 < Y2K_S || input / 1000 > MAX_TIMESTAMP_S) return '';
  return ': this looks like milliseconds; timestamp is seconds since the epoch';
}
