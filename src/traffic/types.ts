/** The shapes every traffic reader shares: formats, source references, items, limits, errors. */
import type { RequestEvent } from '../model.js';
import { visible } from '../report/text.js';

export const TRAFFIC_FORMATS = ['jsonl', 'har', 'k6', 'nginx'] as const;
export type TrafficFormat = (typeof TRAFFIC_FORMATS)[number];

/** Where an item came from. `line` is 1-based; `pointer` is a JSON path such as `$.log.entries[17]`. */
export interface SourceRef {
  file: string;
  line: number;
  pointer?: string;
}

/** One input record: an accepted event, or a rejected record with the reason (the caller counts both). */
export type TrafficItem =
  | {
      ok: true;
      event: RequestEvent;
      source: SourceRef;
      /** HAR `_resourceType` (Chromium, Playwright), for the policy's traffic_filter. */
      resourceType?: string;
    }
  | { ok: false; source: SourceRef; reason: string };

/** Bounds that keep a reader's memory independent of the input size. */
export interface ReaderLimits {
  /** A longer line is rejected (and skipped without being buffered). */
  maxLineBytes: number;
  /** A larger HAR entry is rejected (and skipped without being buffered). */
  maxEntryBytes: number;
}

export const DEFAULT_LIMITS: ReaderLimits = {
  maxLineBytes: 1024 * 1024,
  // Chromium embeds response bodies in HAR entries, so an entry can be large; 64 MiB still bounds memory.
  maxEntryBytes: 64 * 1024 * 1024,
};

/** A whole file cannot be read. The message starts with the file name and says what to do. */
export class TrafficInputError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${visible(file)}: ${message}`);
    this.name = 'TrafficInputError';
    this.file = file;
  }
}

export const accepted = (event: RequestEvent, source: SourceRef): TrafficItem => ({
  ok: true,
  event,
  source,
});
export const rejected = (source: SourceRef, reason: string): TrafficItem => ({ ok: false, source, reason });
