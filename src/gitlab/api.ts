/** The GitLab API surface the front doors use (re-exports only). */
export { GitLabError, type GitLabTarget } from './client.js';
export { upsertMergeRequestNote } from './notes.js';
export {
  ARTIFACT_FILE,
  fetchPolicyArtifact,
  PACKAGE_NAME,
  packageFileUrl,
  publishPolicyArtifact,
} from './packages.js';
