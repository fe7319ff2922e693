/** Strict argument parsing (node:util parseArgs) that turns every mistake into a UsageError. */
import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { quoted, visible } from '../report/text.js';
import { type InputFile, inputAt } from '../run/out-dir.js';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs, strict, and stricter: an option that takes one value may be given once (`--out a --out b`
 * would silently take b), and no option value may be empty (`--out ""` would mean the working folder).
 */
export function parse<T extends Options>(argv: readonly string[], options: T, allowPositionals = false) {
  const parsed = parseStrict(argv, options, allowPositionals);
  const given = new Map<string, string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (token.value.trim() === '') throw new UsageError(`${token.rawName} was given an empty value`);
    const earlier = given.get(token.name);
    if (earlier !== undefined && options[token.name]?.multiple !== true) {
      throw new UsageError(
        `--${token.name} was given twice (${quoted(earlier)}, then ${quoted(token.value)}): give it once`,
      );
    }
    given.set(token.name, token.value);
  }
  return parsed;
}

function parseStrict<T extends Options>(argv: readonly string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals, tokens: true });
  } catch (error) {
    throw new UsageError(
      visible((error as Error).message).replace(/\. To specify a positional argument.*$/s, ''),
    );
  }
}

export type GivenFiles = ReadonlyArray<readonly [option: string, path: string | undefined]>;

/** The input files a command was given, by option (absent ones left out), resolved against `cwd`. */
export function inputFiles(given: GivenFiles, cwd: string): InputFile[] {
  return given.flatMap(([option, path]) =>
    path === undefined ? [] : [{ option, path: resolve(cwd, path) }],
  );
}

/** Refuses an output file that is one of the command's input files (compared as files, not as names). */
export function checkOutput(option: string, out: string, inputs: GivenFiles, cwd: string): void {
  const input = inputAt(resolve(cwd, out), inputFiles(inputs, cwd));
  if (input)
    throw new UsageError(
      `${option} ${visible(out)} is an input of this command (${input.option} ${visible(input.path)}): write the output elsewhere`,
    );
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
