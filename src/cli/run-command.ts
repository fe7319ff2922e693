/**
 * One subcommand run with the CLI's error rules: what it throws becomes one
 * `traffic-governance: error: …` line (with the command's usage after a UsageError) and an exit code
 * (2, or the ExitError's own, 4 for a failed verification). A stack trace is printed only with TG_DEBUG=1.
 */
import { EXIT } from '../run/verdict.js';
import type { Command } from './command.js';
import { type CliIo, ExitError, PROGRAM, UsageError } from './io.js';

export interface CommandOutcome {
  code: number;
  /** The error line printed for what the command threw (without the usage that follows it). */
  error?: string;
}

export async function runCommand(
  command: Command,
  argv: readonly string[],
  io: CliIo,
): Promise<CommandOutcome> {
  try {
    return { code: await command.run(argv, io) };
  } catch (error) {
    if (error instanceof UsageError) {
      const line = `${PROGRAM} ${command.name}: error: ${error.message}`;
      io.err(`${line}\n\n${command.usage}`);
      return { code: EXIT.USAGE, error: line };
    }
    if (error instanceof ExitError) {
      const line = `${PROGRAM}: ${error.message}`;
      io.err(line);
      return { code: error.exitCode, error: line };
    }
    const line = `${PROGRAM}: error: ${error instanceof Error ? error.message : String(error)}`;
    io.err(line);
    if (io.env.TG_DEBUG === '1' && error instanceof Error && error.stack) io.err(error.stack);
    return { code: EXIT.USAGE, error: line };
  }
}
