/**
 * result.json: the RunResult itself, parsed by RunResultSchema first (so a bug upstream can never
 * write an invalid file), keys in schema order, record keys sorted, two-space indent, final newline;
 * an array of numbers (a timeline series, up to 240 entries) on one line.
 */
import type { RunResult } from '../result.js';
import { checkResult } from './input.js';
import { compareText } from './order.js';

const sortedRecord = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));

/**
 * A pretty-printed array of numbers and nulls. A JSON string never holds a raw line break, so `[`
 * followed by one opens an array in the structure, never inside a string.
 */
const NUMBER = String.raw`(?:-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|null)`;
const NUMBER_ARRAY = new RegExp(String.raw`\[\n\s*${NUMBER}(?:,\n\s*${NUMBER})*\n\s*\]`, 'g');

export function renderResultJson(result: RunResult): string {
  const r = checkResult(result);
  const stable: RunResult = {
    ...r,
    endpoints: r.endpoints.map((e) => ({
      ...e,
      ...(e.reasons === undefined ? {} : { reasons: sortedRecord(e.reasons) }),
      disallowed_methods: sortedRecord(e.disallowed_methods),
    })),
  };
  const json = JSON.stringify(stable, null, 2).replace(NUMBER_ARRAY, (array) => array.replace(/\n\s*/g, ''));
  return `${json}\n`;
}
