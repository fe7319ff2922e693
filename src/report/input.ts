/**
 * The precondition every renderer shares: the RunResult satisfies its schema and names each
 * endpoint once. A renderer never writes a report from anything else.
 */
import { formatZodError } from '../model.js';
import { type RunResult, RunResultSchema } from '../result.js';

/** A RunResult that no report can be rendered from; the message says which field and why. */
export class ReportInputError extends Error {
  override name = 'ReportInputError';
}

/** The schema-parsed RunResult (keys in schema order), or a ReportInputError. */
export function checkResult(result: RunResult): RunResult {
  const parsed = RunResultSchema.safeParse(result);
  if (!parsed.success) {
    throw new ReportInputError(`invalid RunResult, no report written:\n${formatZodError(parsed.error)}`);
  }
  const seen = new Set<string>();
  parsed.data.endpoints.forEach((endpoint, i) => {
    if (seen.has(endpoint.endpoint_key)) {
      throw new ReportInputError(
        `invalid RunResult, no report written:\n$.endpoints[${i}].endpoint_key: ${JSON.stringify(endpoint.endpoint_key)} appears twice`,
      );
    }
    seen.add(endpoint.endpoint_key);
  });
  return parsed.data;
}
