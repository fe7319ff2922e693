/** Native JSONL: one RequestEvent (the wire format) per line. Blank lines are skipped. */
import { JSON_PATH_LABELS, toItem } from './event.js';
import { parseJsonObject } from './json.js';
import { cutShort, readLineBatches } from './lines.js';
import type { TrafficSource } from './source.js';
import { type ReaderLimits, rejected, type TrafficItem } from './types.js';

export async function* readJsonl(source: TrafficSource, limits: ReaderLimits): AsyncGenerator<TrafficItem> {
  const { file } = source;
  for await (const batch of readLineBatches(source, limits.maxLineBytes)) {
    for (const line of batch) {
      const at = { file, line: line.line };
      if ('reason' in line) {
        yield rejected(at, line.reason);
        continue;
      }
      const parsed = parseJsonObject(line.text);
      if ('reason' in parsed && line.unterminated)
        throw cutShort(source, line.line, 'an incomplete JSON record');
      yield 'reason' in parsed ? rejected(at, parsed.reason) : toItem(parsed.value, at, JSON_PATH_LABELS);
    }
  }
}
