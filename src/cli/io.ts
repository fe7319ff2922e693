import { logSafe } from '../report/text.js';

/** What a command may touch of the process: output lines, the environment, the working folder. */
export interface CliIo {
  /** One line on stdout (the newline is added). */
  out(line: string): void;
  /** One line on stderr (the newline is added). */
  err(line: string): void;
  /** Redraws a one-line status on stderr; only present when stderr is a terminal. '' clears it. */
  status?: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborting stops a running evaluation (the CLI wires it to Ctrl-C). */
  signal?: AbortSignal;
  /** Milliseconds, for progress rates only (never for anything that is written to a file). */
  now?: () => number;
}

/**
 * The process's own streams. Every line passes logSafe(): whatever a message quotes, the CLI (run in
 * CI job steps) never prints a terminal control sequence nor a line a runner reads as a command.
 */
export function processIo(signal?: AbortSignal): CliIo {
  const io: CliIo = {
    out: (line) => process.stdout.write(`${logSafe(line)}\n`),
    err: (line) => process.stderr.write(`${logSafe(line)}\n`),
    env: process.env,
    cwd: process.cwd(),
    now: () => performance.now(),
  };
  if (signal) io.signal = signal;
  if (process.stderr.isTTY) io.status = (text) => process.stderr.write(`\r\x1b[K${logSafe(text)}`);
  return io;
}

export const PROGRAM = 'traffic-governance';

/** Bad command line: exit 2, followed by the command's usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure with its own exit code (4 for verification) and a message already worded for the user. */
export class ExitError extends Error {
  override name = 'ExitError';
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}
