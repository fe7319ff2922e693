/** Strict argument parsing (node:util parseArgs) that turns every mistake into a UsageError. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { quoted, visible } from '../report/text.js';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<T extends Options>(argv: readonly string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals, tokens: true });
  } catch (error) {
    throw new UsageError(
      visible((error as Error).message).replace(/\. To specify a positional argument.*$/s, ''),
    );
  }
}

export const HEX64 = /^[0-9a-f]{64}$/;

/** A sha256 given on the command line: 64 hex digits (case-insensitive), returned lowercase. */
export function hashArg(value: string, flag: string): string {
  const hex = value.trim().toLowerCase();
  if (!HEX64.test(hex)) throw new UsageError(`${flag} must be a sha256: 64 hex digits, got ${quoted(value)}`);
  return hex;
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got ${quoted(value)}`);
  }
  return value as T;
}

export function required<T>(value: T | undefined, flag: string, what: string): T {
  if (value === undefined) throw new UsageError(`${flag} is required (${what})`);
  return value;
}

/** Exactly `n` positionals, named for the message. */
export function positionals(values: readonly string[], names: readonly string[]): string[] {
  if (values.length < names.length)
    throw new UsageError(`missing ${names.slice(values.length).join(' and ')}`);
  if (values.length > names.length)
    throw new UsageError(`unexpected argument ${quoted(values[names.length]!)}`);
  return [...values];
}
