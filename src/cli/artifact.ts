/** `traffic-governance artifact create|verify`: the policy with its contracts as one hashed file. */
import { resolve } from 'node:path';
import { writePolicyArtifact } from '../policy/artifact.js';
import { parse, positionals, required } from './args.js';
import type { Command } from './command.js';
import { type CliIo, PROGRAM, UsageError } from './io.js';
import { policyFromFiles, verifiedArtifact } from './policy-source.js';

const usage = `usage: ${PROGRAM} artifact create --policy FILE [--contracts FILE]... --out FILE
       ${PROGRAM} artifact verify FILE --expect-hash HEX

create   writes the policy, its contracts and its sha256 policy hash (RFC 8785 canonical JSON)
         to --out and prints the hash to pin (generated_at comes from SOURCE_DATE_EPOCH, if set,
         and is not covered by the hash)
verify   recomputes the hash from the artifact's content and compares it with --expect-hash;
         the hash the file declares is never trusted

exit: 0 ok · 2 usage or configuration error · 4 verification failed`;

const createOptions = {
  policy: { type: 'string' },
  contracts: { type: 'string', multiple: true },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const verifyOptions = {
  'expect-hash': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function create(argv: readonly string[], io: CliIo): number {
  const { values } = parse(argv, createOptions);
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const out = required(values.out, '--out', 'the artifact file to write');
  const policy = policyFromFiles(values, io.cwd);
  const artifact = writePolicyArtifact(policy, resolve(io.cwd, out), io.env);
  io.out(
    `wrote ${out}: policy ${policy.name ? `${policy.name} ` : ''}${policy.version}, ${policy.contracts.length} contracts`,
  );
  io.out(`policy_hash ${artifact.policy_hash}`);
  return 0;
}

function verify(argv: readonly string[], io: CliIo): number {
  const { values, positionals: args } = parse(argv, verifyOptions, true);
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const [file] = positionals(args, ['FILE (the artifact)']) as [string];
  const expected = required(values['expect-hash'], '--expect-hash', 'the pinned policy hash');
  const policy = verifiedArtifact(file, expected, io.cwd);
  io.out(`artifact OK: ${file}: policy ${policy.version}, hash ${policy.policy_hash}`);
  return 0;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'create') return create(rest, io);
  if (sub === 'verify') return verify(rest, io);
  if (sub === '--help' || sub === '-h') {
    io.out(usage);
    return 0;
  }
  throw new UsageError(
    sub === undefined
      ? 'artifact needs a subcommand: create or verify'
      : `unknown artifact subcommand "${sub}"`,
  );
}

export const artifactCommand: Command = {
  name: 'artifact',
  summary: 'create a policy artifact, or verify one against a pinned hash',
  usage,
  run,
};
