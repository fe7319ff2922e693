/**
 * The policy artifact in a GitLab project's generic package registry: package `traffic-governance`,
 * version = policy version. Publishing is idempotent per version (same hash → no-op) and refuses to
 * replace a published version (a policy version is immutable). Fetching writes the exact bytes.
 * Every call is gitbeaker's PackageRegistry (publish / download) over the file transfer requester
 * (transfer.ts: raw upload body, redirects that never carry the token off GitLab's origin).
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PackageRegistry } from '@gitbeaker/rest';
import { sha256Hex } from '../canonical.js';
import { visible } from '../report/text.js';
import {
  clientOptions,
  GitLabError,
  type GitLabTarget,
  hasStatus,
  instanceUrl,
  redact,
  requestFailure,
  toGitLabError,
} from './client.js';
import { fileTransferRequester } from './transfer.js';

export const PACKAGE_NAME = 'traffic-governance';
export const ARTIFACT_FILE = 'policy-artifact.json';

/** GitLab's generic package version and file name rules (Gitlab::Regex maven_version / maven_file_name). */
const VERSION_RE = /^(?!.*\.\.)[A-Za-z0-9_+.-]+$/;
const FILE_NAME_RE = /^[A-Za-z0-9._+-]+$/;

export interface PackageFileInput {
  name: string;
  content: string | Uint8Array;
}

export interface PolicyArtifactUpload {
  version: string;
  policy_hash: string;
  /** Must include `policy-artifact.json`; may add others (a signature). */
  files: PackageFileInput[];
}

/** The API URL of one file of the package, for summaries and for `curl` users. */
export function packageFileUrl(target: GitLabTarget, version: string, fileName = ARTIFACT_FILE): string {
  const parts = [target.project, PACKAGE_NAME, version, fileName].map(encodeURIComponent);
  return `${instanceUrl(target)}/api/v4/projects/${parts[0]}/packages/generic/${parts.slice(1).join('/')}`;
}

function checkVersion(version: string): void {
  if (!VERSION_RE.test(version)) {
    throw new GitLabError(
      `policy version '${visible(version)}' cannot be a GitLab generic package version: use only letters, digits and . _ + - (no '..')`,
    );
  }
}

function checkFileName(name: string): void {
  if (!FILE_NAME_RE.test(name)) {
    throw new GitLabError(
      `package file name '${visible(name)}' is not allowed by GitLab: use only letters, digits and . _ + -`,
    );
  }
}

function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

/** gitbeaker's PackageRegistry with the file transfer requester (raw uploads, byte-exact and token-safe downloads). */
function registry(target: GitLabTarget) {
  return new PackageRegistry({ ...clientOptions(target), requesterFn: fileTransferRequester });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The exact bytes of one package file, checked against GitLab's X-Checksum-SHA256 when it sends one. */
async function downloadFile(target: GitLabTarget, version: string, fileName: string): Promise<Uint8Array> {
  const response = await registry(target).download(target.project, PACKAGE_NAME, version, fileName, {
    showExpanded: true,
  });
  const bytes = new Uint8Array(await (response.data as unknown as Blob).arrayBuffer());
  const expected = response.headers['x-checksum-sha256'];
  if (expected && expected.toLowerCase() !== sha256Hex(bytes)) {
    throw new GitLabError(
      `download of ${packageFileUrl(target, version, fileName)} is corrupt: sha256 ${sha256Hex(bytes)}, GitLab says ${expected}; try again`,
    );
  }
  return bytes;
}

async function downloadIfPresent(
  target: GitLabTarget,
  version: string,
  fileName: string,
): Promise<Uint8Array | null> {
  try {
    return await downloadFile(target, version, fileName);
  } catch (error) {
    if (hasStatus(error, 404)) return null;
    throw error;
  }
}

function declaredPolicyHash(bytes: Uint8Array): string | undefined {
  const parsed = safeJson(new TextDecoder().decode(bytes)) as { policy_hash?: unknown } | undefined;
  return typeof parsed?.policy_hash === 'string' ? parsed.policy_hash : undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Why a file already in the registry blocks this publish, or null when it matches. */
function conflict(upload: PolicyArtifactUpload, file: PackageFileInput, existing: Uint8Array): string | null {
  if (sameBytes(existing, bytesOf(file.content))) return null;
  if (file.name === ARTIFACT_FILE) {
    const published = declaredPolicyHash(existing) ?? 'none (not a policy artifact)';
    if (published === upload.policy_hash) return null;
    return `policy version ${upload.version} is already published with hash ${published}, not ${upload.policy_hash}; a policy version is immutable: bump version`;
  }
  return `${file.name} of policy version ${upload.version} is already published with different content; a policy version is immutable: bump version`;
}

async function uploadFile(target: GitLabTarget, version: string, file: PackageFileInput): Promise<void> {
  const bytes = bytesOf(file.content);
  const stored = await registry(target).publish(
    target.project,
    PACKAGE_NAME,
    version,
    { content: new Blob([bytes]), filename: file.name },
    { select: 'package_file' },
  );
  const storedSha = (stored as { file_sha256?: unknown }).file_sha256;
  if (typeof storedSha === 'string' && storedSha !== sha256Hex(bytes)) {
    throw new GitLabError(
      `GitLab stored ${file.name} with sha256 ${storedSha} but the file sent has ${sha256Hex(bytes)}: a proxy changed the upload; delete package version ${version} and publish again`,
    );
  }
}

/**
 * Publishes the artifact files as generic package `traffic-governance/<version>`. Files already there
 * with the same content (the artifact: the same policy_hash) are skipped; a different one is an error
 * and nothing is uploaded. `unchanged` when every file was already there.
 */
export async function publishPolicyArtifact(
  target: GitLabTarget,
  upload: PolicyArtifactUpload,
): Promise<{ status: 'published' | 'unchanged'; url: string }> {
  checkVersion(upload.version);
  for (const file of upload.files) checkFileName(file.name);
  if (!upload.files.some((file) => file.name === ARTIFACT_FILE)) {
    throw new GitLabError(`nothing to publish: the files must include ${ARTIFACT_FILE}`);
  }
  const url = packageFileUrl(target, upload.version);
  let current = ARTIFACT_FILE;
  try {
    const missing: PackageFileInput[] = [];
    for (const file of upload.files) {
      current = file.name;
      const existing = await downloadIfPresent(target, upload.version, file.name);
      if (existing === null) missing.push(file);
      else {
        const reason = conflict(upload, file, existing);
        if (reason) throw new GitLabError(`${reason} (${packageFileUrl(target, upload.version, file.name)})`);
      }
    }
    for (const file of missing) {
      current = file.name;
      await uploadFile(target, upload.version, file);
    }
    return { status: missing.length > 0 ? 'published' : 'unchanged', url };
  } catch (error) {
    const duplicate = `the project rejects duplicate package files and ${PACKAGE_NAME}/${upload.version}/${current} was published meanwhile (by another run?): run again to compare hashes, or bump the policy version`;
    const isDuplicate = /duplicate/i.test(requestFailure(error)?.said ?? '');
    throw toGitLabError(error, target, {
      action: `publishing policy version ${upload.version} to project ${visible(target.project)}`,
      hints: isDuplicate ? { 400: duplicate, 409: duplicate } : { 409: duplicate },
    });
  }
}

/** Downloads `traffic-governance/<version>/<fileName>` to `destPath` (written whole or not at all). */
export async function fetchPolicyArtifact(
  target: GitLabTarget,
  version: string,
  destPath: string,
  fileName = ARTIFACT_FILE,
): Promise<void> {
  checkVersion(version);
  checkFileName(fileName);
  let bytes: Uint8Array;
  try {
    bytes = await downloadFile(target, version, fileName);
  } catch (error) {
    const failure = requestFailure(error);
    if (failure?.status === 404) {
      const what = fileName === ARTIFACT_FILE ? 'policy artifact' : fileName;
      throw new GitLabError(
        redact(
          `no ${what} for version ${version} in project ${visible(target.project)} (GitLab answered ${failure.said} for ${failure.where}): publish it from the GitHub Action first (gitlab-url/gitlab-project/gitlab-token)`,
          target.token,
        ),
        404,
      );
    }
    throw toGitLabError(error, target, { action: `fetching policy version ${version}` });
  }
  const partial = `${destPath}.partial-${process.pid}`;
  try {
    await mkdir(dirname(destPath), { recursive: true });
    await writeFile(partial, bytes);
    await rename(partial, destPath);
  } catch (error) {
    await rm(partial, { force: true });
    throw new GitLabError(`cannot write ${visible(destPath)}: ${visible((error as Error).message)}`);
  }
}
