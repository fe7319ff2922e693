/**
 * One merge-request note per marker key, updated in place on every run instead of piling up.
 * The note body starts with a hidden marker `<!-- traffic-governance:<key> -->`; the note found is the
 * first non-system note whose body *starts* with that marker (a reply quoting it does not match).
 */
import { MergeRequestNotes } from '@gitbeaker/rest';
import { commentMarker, markedBody } from '../report/comment.js';
import { visible } from '../report/text.js';
import { clientOptions, GitLabError, type GitLabTarget, toGitLabError } from './client.js';

/** GitLab's maximum note length (Note `validates :note, length: { maximum: 1_000_000 }`). */
export const NOTE_LIMIT = 1_000_000;
const PER_PAGE = 100;
/** Upper bound on notes scanned (100 pages × 100); beyond it a new note is created. */
const MAX_PAGES = 100;

/** The hidden marker for a key (shared with the GitHub pull request comment). */
export const noteMarker = commentMarker;

/** Marker + markdown, cut to GitLab's note limit with a line saying so. */
export function noteBody(marker: string, markdown: string): string {
  return markedBody(
    marker,
    markdown,
    NOTE_LIMIT,
    `_Cut to fit GitLab's ${NOTE_LIMIT.toLocaleString('en-US')}-character note limit: the full summary is in the job's artifacts._`,
  );
}

/** Edits this run's note on merge request `mrIid` (found by its marker), or creates it. Needs a PRIVATE-TOKEN with api scope. */
export async function upsertMergeRequestNote(
  target: GitLabTarget,
  mrIid: number,
  markerKey: string,
  markdown: string,
): Promise<{ action: 'created' | 'updated'; noteId: number }> {
  if (target.tokenKind === 'job') {
    throw new GitLabError(
      'CI_JOB_TOKEN cannot post merge request notes: set GITLAB_TOKEN to a project access token with api scope (Reporter role or higher), as a masked CI/CD variable',
    );
  }
  if (!Number.isSafeInteger(mrIid) || mrIid <= 0) {
    throw new GitLabError(`merge request IID '${mrIid}' is not a positive integer: use CI_MERGE_REQUEST_IID`);
  }
  const marker = noteMarker(markerKey);
  const body = noteBody(marker, markdown);
  const notes = new MergeRequestNotes(clientOptions(target));
  try {
    const existing = await notes.all(target.project, mrIid, { perPage: PER_PAGE, maxPages: MAX_PAGES });
    const mine = existing.find(
      (note) => !note.system && typeof note.body === 'string' && note.body.startsWith(marker),
    );
    if (mine) {
      const edited = await notes.edit(target.project, mrIid, mine.id, { body });
      return { action: 'updated', noteId: edited.id };
    }
    const created = await notes.create(target.project, mrIid, body);
    return { action: 'created', noteId: created.id };
  } catch (error) {
    throw toGitLabError(error, target, {
      action: `posting the summary note on merge request !${mrIid}`,
      hints: {
        403: "the token's user needs at least the Reporter role to post notes and can edit only notes it wrote: use the same GITLAB_TOKEN as the run that posted the note",
        404: `merge request !${mrIid} in project ${visible(target.project)} was not found, or the token cannot see it: check CI_MERGE_REQUEST_IID and CI_PROJECT_ID`,
      },
    });
  }
}
