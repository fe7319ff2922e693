/** `traffic-governance artifact create|sign|verify`: the policy with its contracts as one hashed, signed file. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writePolicyArtifact } from '../policy/artifact.js';
import { quoted, visible } from '../report/text.js';
import { pathFrom } from '../run/files.js';
import { loadPrivateKey, serializeSignedArtifact, signArtifact } from '../trust/index.js';
import { checkOutput, parse, positionals, required } from './args.js';
import type { Command } from './command.js';
import { type CliIo, PROGRAM, UsageError } from './io.js';
import { policyFromFiles, TRUST_OPTIONS, TRUST_USAGE, verifiedArtifact } from './policy-source.js';

const usage = `usage: ${PROGRAM} artifact create --policy FILE [--contracts FILE]... --out FILE
       ${PROGRAM} artifact sign FILE (--signing-key-file PATH | --signing-key-env NAME)
                            [--expires RFC3339] [--out FILE]
       ${PROGRAM} artifact verify FILE (--expect-hash HEX | --public-key K... [--threshold k])
                            [--min-policy-version V]

create   writes the policy, its contracts and its sha256 policy hash (RFC 8785 canonical JSON)
         to --out and prints the hash to pin (generated_at comes from SOURCE_DATE_EPOCH, if set,
         and is not covered by the hash)
sign     adds an Ed25519 signature (over the hash, the policy and expires) to FILE, or writes the
         signed artifact to --out; other keys' signatures are kept (k owners sign in turn). The
         private key is read from a file or from the environment variable NAME (a CI secret),
         never from the command line. --expires sets the date after which verifiers refuse it.
verify   recomputes the hash from the artifact's content and checks it against --expect-hash,
         and/or checks >= k valid signatures by trusted keys; then refuses an expired artifact
         and a policy version below --min-policy-version. The declared hash is never trusted.

${TRUST_USAGE}

exit: 0 ok · 2 usage or configuration error · 4 verification failed`;

const createOptions = {
  policy: { type: 'string' },
  contracts: { type: 'string', multiple: true },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const signOptions = {
  'signing-key-file': { type: 'string' },
  'signing-key-env': { type: 'string' },
  expires: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const verifyOptions = { ...TRUST_OPTIONS, help: { type: 'boolean', short: 'h' } } as const;

function create(argv: readonly string[], io: CliIo): number {
  const { values } = parse(argv, createOptions);
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const out = required(values.out, '--out', 'the artifact file to write');
  checkOutput(
    '--out',
    out,
    [['--policy', values.policy], ...(values.contracts ?? []).map((file) => ['--contracts', file] as const)],
    io.cwd,
  );
  const policy = policyFromFiles(values, io.cwd);
  const artifact = writePolicyArtifact(policy, resolve(io.cwd, out), io.env);
  io.out(
    `wrote ${visible(out)}: policy ${policy.name ? `${visible(policy.name)} ` : ''}${policy.version}, ${policy.contracts.length} contracts`,
  );
  io.out(`policy_hash ${artifact.policy_hash}`);
  return 0;
}

function sign(argv: readonly string[], io: CliIo): number {
  const { values, positionals: args } = parse(argv, signOptions, true);
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const [file] = positionals(args, ['FILE (the artifact)']) as [string];
  const key = loadPrivateKey(
    {
      file: values['signing-key-file'] && pathFrom(io.cwd, values['signing-key-file']),
      env: values['signing-key-env'],
    },
    io.env,
  );
  let artifact: unknown;
  try {
    artifact = JSON.parse(readFileSync(pathFrom(io.cwd, file), 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `${visible(file)}: cannot read the artifact (${code ?? visible((error as Error).message)})`,
    );
  }
  const signed = signArtifact(artifact as Parameters<typeof signArtifact>[0], key, {
    ...(values.expires === undefined ? {} : { expires: values.expires }),
    now: new Date(),
  });
  const out = values.out ?? file;
  checkOutput('--out', out, [['--signing-key-file', values['signing-key-file']]], io.cwd);
  writeFileSync(resolve(io.cwd, out), serializeSignedArtifact(signed));
  const mine = signed.signatures!.map((s) => s.keyid);
  io.out(
    `signed ${visible(out)}: policy ${String(signed.policy.version)}, hash ${signed.policy_hash}, expires ${signed.expires ?? 'never'}`,
  );
  io.out(`signatures: ${mine.join(', ')}`);
  return 0;
}

function verify(argv: readonly string[], io: CliIo): number {
  const { values, positionals: args } = parse(argv, verifyOptions, true);
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const [file] = positionals(args, ['FILE (the artifact)']) as [string];
  const accepted = verifiedArtifact(file, values, io.cwd, new Date());
  const { policy } = accepted;
  const signed = accepted.signed_by ? `, signed by ${accepted.signed_by.join(', ')}` : '';
  const expires = accepted.expires ? `, expires ${accepted.expires}` : '';
  io.out(
    `artifact OK: ${visible(file)}: policy ${policy.version}, hash ${policy.policy_hash}${signed}${expires}`,
  );
  return 0;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'create') return create(rest, io);
  if (sub === 'sign') return sign(rest, io);
  if (sub === 'verify') return verify(rest, io);
  if (sub === '--help' || sub === '-h') {
    io.out(usage);
    return 0;
  }
  throw new UsageError(
    sub === undefined
      ? 'artifact needs a subcommand: create, sign or verify'
      : `unknown artifact subcommand ${quoted(sub)}`,
  );
}

export const artifactCommand: Command = {
  name: 'artifact',
  summary: 'create, sign or verify a policy artifact (pinned hash or trusted keys)',
  usage,
  run,
};
