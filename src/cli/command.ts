import type { CliIo } from './io.js';

/** One `traffic-governance` subcommand. */
export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** The full help text (usage line first). */
  usage: string;
  /** Returns the exit code; throws UsageError (exit 2 + usage), ExitError, or any Error (exit 2). */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
