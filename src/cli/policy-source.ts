/**
 * Where a command's policy comes from: `--policy FILE [--contracts FILE]...`, or a policy artifact
 * verified against a pinned hash (`--artifact FILE --expect-hash HEX`) before anything else is read.
 */
import { readFileSync } from 'node:fs';
import type { GovernancePolicy } from '../model.js';
import { verifyPolicyArtifactText } from '../policy/artifact.js';
import { loadPolicy } from '../policy/load.js';
import { pathFrom } from '../run/files.js';
import { EXIT } from '../run/verdict.js';
import { hashArg } from './args.js';
import { ExitError, UsageError } from './io.js';

export interface PolicyFlags {
  policy?: string | undefined;
  contracts?: string[] | undefined;
  artifact?: string | undefined;
  'expect-hash'?: string | undefined;
}

export function policyFromFiles(flags: PolicyFlags, cwd: string): GovernancePolicy {
  if (flags.policy === undefined) throw new UsageError('--policy FILE is required');
  return loadPolicy(
    pathFrom(cwd, flags.policy),
    (flags.contracts ?? []).map((c) => pathFrom(cwd, c)),
  );
}

/** Reads an artifact and checks it against the pin; a mismatch is exit 4 with both hashes. */
export function verifiedArtifact(file: string, expectHash: string, cwd: string): GovernancePolicy {
  const expected = hashArg(expectHash, '--expect-hash');
  let text: string;
  try {
    text = readFileSync(pathFrom(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `${file}: cannot read the policy artifact (${code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message)})`,
    );
  }
  const verification = verifyPolicyArtifactText(text, expected, file);
  if (!verification.valid || !verification.policy) {
    const hashes = verification.found_hash
      ? `\n  found:    ${verification.found_hash}\n  expected: ${expected}`
      : '';
    throw new ExitError(EXIT.VERIFICATION, `artifact verification failed: ${verification.reason}${hashes}`);
  }
  return verification.policy;
}

/** Exactly one source; the artifact is verified here, first. */
export function resolvePolicy(flags: PolicyFlags, cwd: string): GovernancePolicy {
  if (flags.artifact !== undefined) {
    if (flags.policy !== undefined) throw new UsageError('give --policy or --artifact, not both');
    if (flags.contracts !== undefined)
      throw new UsageError('--contracts goes with --policy (an artifact already holds its contracts)');
    if (flags['expect-hash'] === undefined) {
      throw new UsageError(
        '--artifact needs --expect-hash HEX: an artifact is only used once it matches a pinned hash',
      );
    }
    return verifiedArtifact(flags.artifact, flags['expect-hash'], cwd);
  }
  if (flags['expect-hash'] !== undefined) throw new UsageError('--expect-hash goes with --artifact');
  if (flags.policy === undefined)
    throw new UsageError('give --policy FILE [--contracts FILE]... or --artifact FILE --expect-hash HEX');
  return policyFromFiles(flags, cwd);
}
