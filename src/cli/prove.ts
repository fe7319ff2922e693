/**
 * `traffic-governance prove`: Merkle proofs about a ledger that a verifier checks without the ledger:
 * one record is in it (inclusion), or a later ledger only appended to an earlier one (consistency).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { quoted, visible } from '../report/text.js';
import { pathFrom } from '../run/files.js';
import { EXIT } from '../run/verdict.js';
import {
  checkpointPathFor,
  formatCheckpointBody,
  ledgerTreeHead,
  type ProofVerification,
  parseCheckpointText,
  proveConsistency,
  proveInclusion,
  TrustMismatch,
  verifyConsistencyProofText,
  verifyInclusionProofText,
} from '../trust/index.js';
import { checkOutput, parse, positionals, required } from './args.js';
import type { Command } from './command.js';
import { type CliIo, ExitError, PROGRAM, UsageError } from './io.js';
import { publicKeyArg } from './policy-source.js';

const usage = `usage: ${PROGRAM} prove inclusion LEDGER INDEX [--checkpoint F] [--out F]
       ${PROGRAM} prove consistency OLD_LEDGER NEW_LEDGER [--old-checkpoint F] [--checkpoint F] [--out F]
       ${PROGRAM} prove verify-inclusion PROOF --record F --checkpoint F [--public-key K]...
       ${PROGRAM} prove verify-consistency PROOF --old-checkpoint F --checkpoint F [--public-key K]...

inclusion           a C2SP tlog-proof that record INDEX (0 = genesis) is in the tree of the ledger's
                    checkpoint (default: the .checkpoint beside LEDGER)
consistency         a proof that NEW_LEDGER's checkpoint extends OLD_LEDGER's (default: the
                    .checkpoint beside each; the old tree is computed when it has none)
verify-inclusion    checks a proof against the record (a file holding its one ledger line) and the
                    checkpoint the verifier trusts (--checkpoint; the proof must carry that one)
verify-consistency  checks a proof against the two checkpoints: the new ledger holds every record
                    of the old one, unchanged and in order

  --out F          write the proof to F (default: stdout)
  --public-key K   require every checkpoint to be signed by one of these Ed25519 keys (PEM,
                   base64 of the raw 32 bytes, or a file holding either); repeatable

exit: 0 ok (a proof written, or verified) · 2 usage error or unreadable file · 4 verification failed
      (also: a ledger that does not match its checkpoint, a NEW_LEDGER that does not extend OLD_LEDGER)`;

const options = {
  checkpoint: { type: 'string' },
  'old-checkpoint': { type: 'string' },
  record: { type: 'string' },
  out: { type: 'string' },
  'public-key': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse<typeof options>>['values'];

function readText(cwd: string, file: string, what: string): string {
  try {
    return readFileSync(pathFrom(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `${visible(file)}: cannot read the ${what} (${code === 'ENOENT' ? 'no such file' : code})`,
    );
  }
}

function emit(text: string, values: Values, io: CliIo, what: string): number {
  if (values.out === undefined) io.out(text.replace(/\n$/, ''));
  else {
    writeFileSync(resolve(io.cwd, values.out), text);
    io.err(`${PROGRAM}: wrote ${what} to ${visible(values.out)}`);
  }
  return 0;
}

function inclusion(args: string[], values: Values, io: CliIo): number {
  const [ledger, indexText] = positionals(args, ['LEDGER', 'INDEX']) as [string, string];
  if (!/^\d+$/.test(indexText) || !Number.isSafeInteger(Number(indexText)))
    throw new UsageError(`INDEX must be a record number (0 = genesis), got ${quoted(indexText)}`);
  const checkpoint = values.checkpoint ?? checkpointPathFor(ledger);
  const proof = proveInclusion(
    pathFrom(io.cwd, ledger),
    Number(indexText),
    readText(io.cwd, checkpoint, 'checkpoint'),
  );
  return emit(proof, values, io, `the inclusion proof of record ${indexText}`);
}

function consistency(args: string[], values: Values, io: CliIo): number {
  const [oldLedger, newLedger] = positionals(args, ['OLD_LEDGER', 'NEW_LEDGER']) as [string, string];
  const newText = readText(io.cwd, values.checkpoint ?? checkpointPathFor(newLedger), 'checkpoint');
  const oldFile = values['old-checkpoint'] ?? checkpointPathFor(oldLedger);
  let oldText: string;
  if (values['old-checkpoint'] !== undefined || existsSync(pathFrom(io.cwd, oldFile))) {
    oldText = readText(io.cwd, oldFile, 'old checkpoint');
  } else {
    const head = ledgerTreeHead(pathFrom(io.cwd, oldLedger));
    const { origin } = parseCheckpointText(newText).checkpoint;
    oldText = formatCheckpointBody({ origin, size: head.count, root: head.root, extensions: [] });
  }
  const proof = proveConsistency(pathFrom(io.cwd, newLedger), oldText, newText, pathFrom(io.cwd, oldLedger));
  return emit(proof, values, io, 'the consistency proof');
}

function verdict(v: ProofVerification, what: string, io: CliIo): number {
  if (!v.valid) {
    io.err(`${PROGRAM}: verification failed: ${v.reason}`);
    return EXIT.VERIFICATION;
  }
  const signed = v.signed_by.length > 0 ? ` (checkpoint signed by ${v.signed_by.join(', ')})` : '';
  io.out(`${what} OK${signed}`);
  return 0;
}

function keys(values: Values, io: CliIo) {
  const given = (values['public-key'] ?? []).map((k) => publicKeyArg(k, io.cwd));
  return given.length > 0 ? { publicKeys: given } : {};
}

function verifyInclusion(args: string[], values: Values, io: CliIo): number {
  const [proofFile] = positionals(args, ['PROOF']) as [string];
  const proof = readText(io.cwd, proofFile, 'proof');
  const trusted = readText(
    io.cwd,
    required(values.checkpoint, '--checkpoint', 'the checkpoint you trust'),
    'checkpoint',
  );
  const record = readText(io.cwd, required(values.record, '--record', 'a file holding the record'), 'record');
  if (!proof.endsWith(`\n\n${trusted}`)) {
    io.err(
      `${PROGRAM}: verification failed: inclusion proof: it carries another checkpoint than ${visible(values.checkpoint!)} (the one you trust)`,
    );
    return EXIT.VERIFICATION;
  }
  return verdict(
    verifyInclusionProofText(proof, record, keys(values, io)),
    `inclusion proof ${visible(proofFile)}`,
    io,
  );
}

function verifyConsistency(args: string[], values: Values, io: CliIo): number {
  const [proofFile] = positionals(args, ['PROOF']) as [string];
  const proof = readText(io.cwd, proofFile, 'proof');
  const oldText = readText(
    io.cwd,
    required(values['old-checkpoint'], '--old-checkpoint', 'the earlier checkpoint'),
    'old checkpoint',
  );
  const newText = readText(
    io.cwd,
    required(values.checkpoint, '--checkpoint', 'the later checkpoint'),
    'checkpoint',
  );
  return verdict(
    verifyConsistencyProofText(proof, oldText, newText, keys(values, io)),
    `consistency proof ${visible(proofFile)}`,
    io,
  );
}

const SUBCOMMANDS: Record<string, (args: string[], values: Values, io: CliIo) => number> = {
  inclusion,
  consistency,
  'verify-inclusion': verifyInclusion,
  'verify-consistency': verifyConsistency,
};

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    io.out(usage);
    return 0;
  }
  const handler = sub === undefined ? undefined : SUBCOMMANDS[sub];
  if (!handler) {
    throw new UsageError(
      sub === undefined
        ? `prove needs a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')}`
        : `unknown prove subcommand ${quoted(sub)}`,
    );
  }
  const { values, positionals: args } = parse(rest, options, true);
  if (values.help) {
    io.out(usage);
    return 0;
  }
  if (values.out !== undefined) {
    checkOutput(
      '--out',
      values.out,
      [
        ...args.flatMap((file) => [
          ['argument', file] as const,
          ['the checkpoint beside', checkpointPathFor(file)] as const,
        ]),
        ['--checkpoint', values.checkpoint],
        ['--old-checkpoint', values['old-checkpoint']],
        ['--record', values.record],
        ...(values['public-key'] ?? []).map((key) => ['--public-key', key] as const),
      ],
      io.cwd,
    );
  }
  try {
    return handler(args, values, io);
  } catch (error) {
    if (error instanceof TrustMismatch)
      throw new ExitError(EXIT.VERIFICATION, `verification failed: ${error.message}`);
    throw error;
  }
}

export const proveCommand: Command = {
  name: 'prove',
  summary: 'Merkle inclusion and consistency proofs for a ledger, and their verification',
  usage,
  run,
};
