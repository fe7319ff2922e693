/** `traffic-governance verify-ledger`: recomputes every hash of a ledger; exit 4 on any failure. */
import type { KeyObject } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import type { LedgerExpectation, LedgerVerification } from '../ledger/index.js';
import { recoverLedger, verifyLedger } from '../ledger/index.js';
import { quoted, visible } from '../report/text.js';
import { pathFrom } from '../run/files.js';
import { EXIT } from '../run/verdict.js';
import { verifyCheckpoint } from '../trust/index.js';
import { hashArg, parse, positionals } from './args.js';
import type { Command } from './command.js';
import { type CliIo, PROGRAM, UsageError } from './io.js';
import { publicKeyArg } from './policy-source.js';

const usage = `usage: ${PROGRAM} verify-ledger FILE [--expect-head HEX] [--expect-count N] [--recover] [--fast]
                            [--allow-incomplete] [--checkpoint F [--public-key K]... [--origin NAME]]

Recomputes every record hash of a ledger and checks the chain (sequence, previous_hash, one
genesis) and the run's structure: every decision under the genesis's policy and tier, then the
endpoint verdicts and the run verdict, last. A chain alone cannot see its last lines removed: pass
the head hash or the record count kept elsewhere (result.json, governance.env), or the ledger's
checkpoint, to catch that. Record N (0 = genesis) is line N+1 of the file.

  --expect-head HEX    the record_hash the last record must have
  --expect-count N     the number of records (genesis included) the ledger must hold
  --checkpoint F       a C2SP checkpoint (evaluate writes ledger.checkpoint): the ledger's Merkle
                       root and size must match it (catches truncation, extension and rewrite)
  --public-key K       require the checkpoint to be signed by this Ed25519 key (PEM, base64 of the
                       raw 32 bytes, or a file holding either); repeatable
  --origin NAME        require the checkpoint's origin to be NAME
  --allow-incomplete   accept a ledger whose run did not finish (no run-verdict record: killed, or
                       out of disk space) when its chain holds, and say what is missing
  --recover            first move an interrupted write's bytes (a torn tail) aside into
                       FILE.torn-<offset> and cut the ledger back to its last complete record
  --fast               check every hash and link over the lines' bytes, but prove a line is
                       canonical JSON only when its layout looks off: catches every edit, insertion,
                       removal and reordering alike, several times faster; what it does not check is
                       that the writer wrote canonical JSON in the first place

exit: 0 valid · 2 usage error or unreadable file · 4 verification failed (a changed, missing or
      extra record; two runs in one ledger; a run that did not finish, unless --allow-incomplete)`;

const options = {
  'expect-head': { type: 'string' },
  'expect-count': { type: 'string' },
  recover: { type: 'boolean' },
  fast: { type: 'boolean' },
  'allow-incomplete': { type: 'boolean' },
  checkpoint: { type: 'string' },
  'public-key': { type: 'string', multiple: true },
  origin: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MAX_SHOWN_BYTES = 400;

/** The text of line `index` (0-based), cut to a readable length; null when the file has no such line. */
export function ledgerLine(path: string, index: number): string | null {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    let line = 0;
    let current: Buffer[] = [];
    let currentBytes = 0;
    for (let position = 0; ; ) {
      const n = readSync(fd, chunk, 0, chunk.length, position);
      if (n === 0) break;
      position += n;
      let from = 0;
      for (let nl = chunk.indexOf(0x0a, 0); nl !== -1 && nl < n; nl = chunk.indexOf(0x0a, from)) {
        if (line === index) return shown(Buffer.concat([...current, chunk.subarray(from, nl)]));
        current = [];
        currentBytes = 0;
        line++;
        from = nl + 1;
      }
      if (line === index && currentBytes < MAX_SHOWN_BYTES) {
        current.push(Buffer.from(chunk.subarray(from, n)));
        currentBytes += n - from;
      }
    }
    return line === index && currentBytes > 0 ? shown(Buffer.concat(current)) : null;
  } finally {
    closeSync(fd);
  }
}

function shown(bytes: Buffer): string {
  const text = visible(bytes.subarray(0, MAX_SHOWN_BYTES).toString('utf8'));
  return bytes.length > MAX_SHOWN_BYTES ? `${text}…` : text;
}

function expectation(values: { 'expect-head'?: string; 'expect-count'?: string }): LedgerExpectation {
  const expect: LedgerExpectation = {};
  if (values['expect-head'] !== undefined) expect.head = hashArg(values['expect-head'], '--expect-head');
  const count = values['expect-count'];
  if (count !== undefined) {
    if (!/^\d+$/.test(count) || !Number.isSafeInteger(Number(count))) {
      throw new UsageError(`--expect-count must be a whole number of records, got ${quoted(count)}`);
    }
    expect.count = Number(count);
  }
  return expect;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals: args } = parse(argv, options, true);
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const [file] = positionals(args, ['FILE (the ledger)']) as [string];
  const expect = expectation(values);
  if (values.checkpoint === undefined && (values['public-key'] ?? values.origin) !== undefined)
    throw new UsageError('--public-key and --origin go with --checkpoint');
  const keys = (values['public-key'] ?? []).map((k) => publicKeyArg(k, io.cwd));
  const path = pathFrom(io.cwd, file);
  if (!existsSync(path)) throw new Error(`${visible(file)}: no such ledger file`);
  if (values.recover) {
    const recovery = recoverLedger(path);
    io.out(
      recovery.saved_to === null
        ? `recover: nothing to do, ${recovery.kept} complete lines, no torn tail`
        : `recover: kept ${recovery.kept} complete lines; moved ${recovery.torn_bytes} torn bytes to ${visible(recovery.saved_to)}`,
    );
  }
  const verification = verifyLedger(path, expect, {
    fast: values.fast === true,
    run: true,
    allowIncomplete: values['allow-incomplete'] === true,
  });
  if (io.env.TG_DEBUG === '1') io.err(`${PROGRAM}: debug: ${verifiedBy(verification)}`);
  if (verification.valid) {
    io.out(`ledger OK: ${visible(file)}: ${verification.count} records, head ${verification.head_hash}`);
    if (verification.incomplete) io.out(`  incomplete (allowed): ${verification.incomplete}`);
    return values.checkpoint === undefined ? 0 : checkpointCheck(path, values, io, keys);
  }
  io.err(`${PROGRAM}: verification failed: ${visible(file)}: ${verification.reason}`);
  if (verification.torn_tail) {
    io.err(
      `  torn tail: ${verification.torn_tail.bytes} bytes at byte ${verification.torn_tail.offset} without a newline (an interrupted write); --recover moves them aside`,
    );
  }
  if (verification.failed_index !== null) {
    const text = ledgerLine(path, verification.failed_index);
    if (text !== null) io.err(`  the line: ${text}`);
  }
  io.err(
    `  verified before the failure: ${verification.count} records, head ${verification.head_hash ?? 'none'}`,
  );
  return EXIT.VERIFICATION;
}

function verifiedBy(v: LedgerVerification): string {
  if (v.parallel === undefined) return 'verified on this thread';
  const { threads, ranges, helper_ranges } = v.parallel;
  return `verified on ${threads} threads: ${ranges} ranges, ${helper_ranges} of them by helper threads`;
}

function checkpointCheck(
  path: string,
  values: { checkpoint?: string | undefined; origin?: string | undefined },
  io: CliIo,
  keys: KeyObject[],
): number {
  const file = values.checkpoint!;
  const checkpointPath = pathFrom(io.cwd, file);
  const v = verifyCheckpoint(path, checkpointPath, {
    ...(keys.length > 0 ? { publicKeys: keys } : {}),
    ...(values.origin === undefined ? {} : { origin: values.origin }),
  });
  if (v.valid) {
    const signed = v.signed_by.length > 0 ? `, signed by ${v.signed_by.join(', ')}` : ', unsigned';
    io.out(
      `checkpoint OK: ${visible(file)}: ${v.checkpoint_size} records, root ${v.checkpoint_root}${signed}`,
    );
    return 0;
  }
  io.err(`${PROGRAM}: verification failed: ${v.reason}`);
  return EXIT.VERIFICATION;
}

export const verifyLedgerCommand: Command = {
  name: 'verify-ledger',
  summary: 'recompute every hash of a ledger (exit 4 on tampering or truncation)',
  usage,
  run,
};
