/**
 * Optional publishing of the run's policy artifact to a GitLab project's generic package registry,
 * for the GitLab template to fetch and verify against the pinned hash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACT_FILE, publishPolicyArtifact } from '../gitlab/api.js';
import { code, fenced } from '../report/markdown.js';
import type { RunResult } from '../result.js';
import { OUT_FILES } from '../run/files.js';
import type { GitLabSettings } from './inputs.js';

export interface Publication {
  status: 'published' | 'unchanged';
  url: string;
  version: string;
  policy_hash: string;
}

/** Uploads `policy-artifact.json` of `outputDir`; throws GitLabError (token-free) on failure. */
export async function publishArtifact(
  gitlab: GitLabSettings,
  outputDir: string,
  result: RunResult,
): Promise<Publication> {
  const content = readFileSync(join(outputDir, OUT_FILES.artifact));
  const { status, url } = await publishPolicyArtifact(
    { url: gitlab.url, project: gitlab.project, token: gitlab.token, tokenKind: 'private' },
    {
      version: result.policy.version,
      policy_hash: result.policy.hash,
      files: [{ name: ARTIFACT_FILE, content }],
    },
  );
  return { status, url, version: result.policy.version, policy_hash: result.policy.hash };
}

/** The summary section: where the artifact is, and the hash to pin in the GitLab template. */
export function publicationSection(publication: Publication): string {
  const what =
    publication.status === 'published'
      ? `Published policy version ${code(publication.version)}`
      : `Policy version ${code(publication.version)} was already published with this hash (nothing uploaded)`;
  return [
    '### Policy artifact on GitLab',
    '',
    `${what}: ${code(publication.url)}`,
    '',
    'Pin this hash in the GitLab template inputs:',
    '',
    fenced([`expected_policy_hash: ${publication.policy_hash}`]),
    '',
  ].join('\n');
}
