/**
 * Turns a candidate object into a validated RequestEvent item. Reasons name the field as the user
 * wrote it (a JSON path for JSONL, `response.status` for HAR, `$status` for nginx) and the value.
 */
import type { z } from 'zod';
import { MAX_TIMESTAMP_S, type RequestEvent, RequestEventSchema } from '../model.js';
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
};

export function toItem(
  candidate: Record<string, unknown>,
  source: SourceRef,
  labels: FieldLabels,
): TrafficItem {
  // Not `reportInput: true`: it makes every parse about 3x slower; the input is read off the candidate.
  const result = RequestEventSchema.safeParse(candidate);
  if (result.success) return accepted(result.data as RequestEvent, source);
  return rejected(
    source,
    result.error.issues.map((issue) => describeIssue(issue, candidate, labels)).join('; '),
  );
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
