/** Native JSONL: one RequestEvent (the wire format) per line. Blank lines are skipped. */
import { JSON_PATH_LABELS, toItem } from './event.js';
import { parseJsonObject } from './json.js';
import { readLineBatches } from './lines.js';
import { type ReaderLimits, rejected, type TrafficItem } from './types.js';

export async function* readJsonl(file: string, limits: ReaderLimits): AsyncGenerator<TrafficItem> {
  for await (const batch of readLineBatches(file, limits.maxLineBytes)) {
    for (const line of batch) {
      const source = { file, line: line.line };
      if ('reason' in line) {
        yield rejected(source, line.reason);
        continue;
      }
      if (line.text.trim() === '') continue;
      const parsed = parseJsonObject(line.text);
      yield 'reason' in parsed
        ? rejected(source, parsed.reason)
        : toItem(parsed.value, source, JSON_PATH_LABELS);
    }
  }
}
