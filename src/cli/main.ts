/**
 * The `traffic-governance` command: dispatches to one module per subcommand, run with the CLI's
 * error rules (run-command.ts).
 */
import pkg from '../../package.json' with { type: 'json' };
import { quoted } from '../report/text.js';
import { EXIT } from '../run/verdict.js';
import { artifactCommand } from './artifact.js';
import type { Command } from './command.js';
import { compareCommand } from './compare.js';
import { evaluateCommand } from './evaluate.js';
import { gitlabCommand } from './gitlab.js';
import { type CliIo, PROGRAM, processIo } from './io.js';
import { proveCommand } from './prove.js';
import { runCommand } from './run-command.js';
import { verifyLedgerCommand } from './verify-ledger.js';

export const VERSION: string = pkg.version;

const COMMANDS: readonly Command[] = [
  evaluateCommand,
  verifyLedgerCommand,
  artifactCommand,
  compareCommand,
  proveCommand,
  gitlabCommand,
];

function topUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `usage: ${PROGRAM} <command> [options]    (${PROGRAM} <command> --help for its options)`,
    '',
    'Replays recorded HTTP traffic (HAR, k6 JSON, nginx logs, JSONL) against service contracts,',
    'decides ALLOW / THROTTLE / QUARANTINE / DROP per request and writes a hash-chained ledger.',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'exit: 0 pass · 1 DROP verdict (CONTROL/AUTONOMOUS) · 2 usage, configuration or input error',
    '      · 3 QUARANTINE verdict (CONTROL/AUTONOMOUS) · 4 verification failed',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(topUsage());
    return name === undefined ? EXIT.USAGE : 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(VERSION);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`${PROGRAM}: error: unknown command ${quoted(name)}\n\n${topUsage()}`);
    return EXIT.USAGE;
  }
  return (await runCommand(command, rest, io)).code;
}
