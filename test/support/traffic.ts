/** Helpers for the traffic reader tests: temp files, collecting items, asserting file-level errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import {
  type ReaderLimits,
  readTraffic,
  type TrafficFormat,
  TrafficInputError,
  type TrafficItem,
  type TrafficSource,
} from '../../src/traffic/index.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/traffic/', import.meta.url));
export const fixture = (name: string): string => join(FIXTURES, name);

/** A temp directory removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tg-traffic-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let counter = 0;
export function writeTemp(dir: string, content: string | Uint8Array, name = `input-${++counter}`): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

export async function collect(
  file: string | TrafficSource,
  format: TrafficFormat | 'auto' = 'auto',
  limits?: Partial<ReaderLimits>,
): Promise<TrafficItem[]> {
  const items: TrafficItem[] = [];
  for await (const item of readTraffic(file, format, limits)) items.push(item);
  return items;
}

export const events = (items: TrafficItem[]) => items.flatMap((item) => (item.ok ? [item.event] : []));
export const rejections = (items: TrafficItem[]) =>
  items.flatMap((item) => (item.ok ? [] : [{ ...item.source, reason: item.reason }]));

/** The promise fails with a TrafficInputError whose message starts with the file name and matches. */
export async function expectInputError(
  promise: Promise<unknown>,
  file: string,
  pattern: RegExp,
): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrafficInputError);
  const { message } = error as TrafficInputError;
  expect(message.startsWith(`${file}: `)).toBe(true);
  expect(message).toMatch(pattern);
  return message;
}
