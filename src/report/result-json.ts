/**
 * result.json: the RunResult itself, parsed by RunResultSchema first (so a bug upstream can never
 * write an invalid file), keys in schema order, record keys sorted, two-space indent, final newline.
 */
import type { RunResult } from '../result.js';
import { checkResult } from './input.js';
import { compareText } from './order.js';

const sortedRecord = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));

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
  return `${JSON.stringify(stable, null, 2)}\n`;
}
