export const id = 500;
export const ids = [500,759];
export const modules = {

/***/ 3905:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  FETCH_ARTIFACT_OPTIONS: () => (/* binding */ FETCH_ARTIFACT_OPTIONS),
  MR_NOTE_OPTIONS: () => (/* binding */ MR_NOTE_OPTIONS),
  fetchArtifactCommand: () => (/* binding */ fetchArtifactCommand),
  mrNoteCommand: () => (/* binding */ mrNoteCommand)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/report/text.ts
var report_text = __webpack_require__(5655);
// EXTERNAL MODULE: ./node_modules/@gitbeaker/rest/dist/index.mjs + 2 modules
var dist = __webpack_require__(342);
;// CONCATENATED MODULE: ./src/gitlab/client.ts
/**
 * What every GitLab call shares: the target (instance, project, token), the gitbeaker client options
 * built from it, and the one place that turns a failed call into a GitLabError that says what to fix.
 * No message ever carries the token, and no GitLabError keeps the failed request (its headers hold
 * the token) as a `cause`.
 */


class client_GitLabError extends Error {
    name = 'GitLabError';
    /** The HTTP status GitLab answered, when there was an answer. */
    status;
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
const QUERY_TIMEOUT_MS = 120_000;
/** The instance URL gitbeaker wants as `host` (it appends `/api/v4` itself). */
function instanceUrl(target) {
    let url;
    try {
        url = new URL(target.url.trim());
    }
    catch {
        throw new client_GitLabError(`GitLab URL '${(0,report_text/* visible */.RK)(redact(target.url, target.token))}' is not a URL: give the instance, e.g. https://gitlab.com`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new client_GitLabError(`GitLab URL '${(0,report_text/* visible */.RK)(redact(target.url, target.token))}' must start with https:// (or http://)`);
    }
    if (url.username || url.password || url.search) {
        throw new client_GitLabError('GitLab URL must not carry credentials or a query: give the instance only and pass the token separately');
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
}
/** Options for any @gitbeaker/rest resource class: host plus the right auth header for the token kind. */
function clientOptions(target) {
    if (!target.token)
        throw new client_GitLabError('no GitLab token given: set gitlab-token / GITLAB_TOKEN or CI_JOB_TOKEN');
    if (!target.project)
        throw new client_GitLabError('no GitLab project given: use its numeric id or full path (group/project)');
    const base = { host: instanceUrl(target), queryTimeout: QUERY_TIMEOUT_MS };
    return target.tokenKind === 'job' ? { ...base, jobToken: target.token } : { ...base, token: target.token };
}
function redact(text, token) {
    return token ? text.split(token).join('[redacted]') : text;
}
function tokenName(target) {
    return target.tokenKind === 'job' ? 'CI_JOB_TOKEN' : 'token';
}
function defaultHint(status, target) {
    switch (status) {
        case 401:
            return target.tokenKind === 'job'
                ? 'CI_JOB_TOKEN is valid only while its job runs; for another project, add this project to its CI/CD job token allowlist'
                : 'the token is invalid or expired, or lacks a scope: check that gitlab-token / GITLAB_TOKEN is a personal or project access token with api scope';
        case 403:
            return target.tokenKind === 'job'
                ? 'the job token lacks permission on this project: check its CI/CD job token allowlist and permissions'
                : 'the token lacks a scope or its user lacks a role: it needs api scope, and at least the Developer role to publish packages (Reporter to post notes)';
        case 404:
            return `project '${(0,report_text/* visible */.RK)(target.project)}' (or what was asked for in it) was not found, or the token cannot see it: check gitlab-project (numeric id or full path like group/sub/project)`;
        case 301:
        case 302:
        case 307:
        case 308:
            return "GitLab redirected the request: set the GitLab URL to the instance's canonical address (https://…)";
        default:
            return status >= 500
                ? 'GitLab failed on its side: try again later'
                : 'check the request against the GitLab answer';
    }
}
/** GitLab's own words for the failure (`401 Unauthorized`, `400 Bad request - Duplicate package is not allowed`). */
function answer(status, description) {
    const text = (0,report_text/* visible */.RK)(description)
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 200);
    if (!text)
        return String(status);
    return text.startsWith(String(status)) ? text : `${status} ${text}`;
}
/** A URL for a message: no query, which may hold a pre-signed object storage signature. */
function withoutQuery(url) {
    const parsed = new URL(url);
    parsed.search = '';
    return parsed.href;
}
/** Status, GitLab's own words and `METHOD url` of a failed gitbeaker request; null for any other error. */
function client_requestFailure(error) {
    if (!(error instanceof dist/* GitbeakerRequestError */.UNz))
        return null;
    const cause = error.cause;
    const status = cause?.response?.status ?? 0;
    const where = cause?.request ? `${cause.request.method} ${withoutQuery(cause.request.url)}` : 'GitLab';
    return { status, said: answer(status, cause?.description ?? error.message), where };
}
/** Any failure of a gitbeaker call → GitLabError naming status, method and URL (never the token) and what to do. */
function client_toGitLabError(error, target, context) {
    if (error instanceof client_GitLabError)
        return new client_GitLabError(redact(error.message, target.token), error.status);
    const fail = (message, status) => new client_GitLabError(redact(message, target.token), status);
    const failure = client_requestFailure(error);
    if (failure) {
        const { status, said, where } = failure;
        const hint = context.hints?.[status] ?? defaultHint(status, target);
        if (status === 401)
            return fail(`GitLab rejected the ${tokenName(target)} (${said}) for ${where}: ${hint}`, status);
        return fail(`GitLab answered ${said} for ${where} while ${context.action}: ${hint}`, status);
    }
    if (error instanceof dist/* GitbeakerRetryError */.xQt) {
        return fail(`GitLab kept answering 429/502 while ${context.action}: ${(0,report_text/* visible */.RK)(error.message)} Try again later.`);
    }
    if (error instanceof dist/* GitbeakerTimeoutError */._dR) {
        return fail(`GitLab at ${instanceUrl(target)} did not answer within ${QUERY_TIMEOUT_MS / 1000} s while ${context.action}: check that the instance is up`);
    }
    const cause = error?.cause;
    if (error instanceof TypeError && cause) {
        return fail(`cannot reach GitLab at ${instanceUrl(target)} (${cause.code ?? (0,report_text/* visible */.RK)(cause.message ?? '')}) while ${context.action}: check gitlab-url / CI_API_V4_URL and the network`);
    }
    const message = error instanceof Error ? error.message : String(error);
    return fail(`${context.action} failed: ${(0,report_text/* visible */.RK)(message)}`);
}
/** True when `error` is a gitbeaker request error with this HTTP status. */
function client_hasStatus(error, status) {
    return client_requestFailure(error)?.status === status;
}

;// CONCATENATED MODULE: ./src/report/comment.ts
/**
 * A report posted as a comment that later runs edit in place (a GitHub pull request comment, a GitLab
 * merge request note): it starts with a hidden marker naming its key, and it fits the platform's limit.
 */
/**
 * The hidden marker for a key. The key is percent-encoded (and `-` too), so no key can close the
 * HTML comment early or make two different keys produce the same marker.
 */
function commentMarker(key) {
    const safe = encodeURIComponent(key).replace(/-/g, '%2D');
    return `<!-- traffic-governance:${safe} -->`;
}
/** Marker + markdown, cut to `limit` UTF-16 code units with `cutNote` (a Markdown paragraph) saying so. */
function markedBody(marker, markdown, limit, cutNote) {
    const head = `${marker}\n`;
    if (head.length + markdown.length <= limit)
        return head + markdown;
    const tail = `\n\n${cutNote}`;
    let cut = markdown.slice(0, limit - head.length - tail.length);
    if (/[\uD800-\uDBFF]$/.test(cut))
        cut = cut.slice(0, -1); // never split a surrogate pair
    return head + cut + tail;
}

;// CONCATENATED MODULE: ./src/gitlab/notes.ts
/**
 * One merge-request note per marker key, updated in place on every run instead of piling up.
 * The note body starts with a hidden marker `<!-- traffic-governance:<key> -->`; the note found is the
 * first non-system note whose body *starts* with that marker (a reply quoting it does not match).
 */




/** GitLab's maximum note length (Note `validates :note, length: { maximum: 1_000_000 }`). */
const NOTE_LIMIT = 1_000_000;
const PER_PAGE = 100;
/** Upper bound on notes scanned (100 pages × 100); beyond it a new note is created. */
const MAX_PAGES = 100;
/** The hidden marker for a key (shared with the GitHub pull request comment). */
const noteMarker = commentMarker;
/** Marker + markdown, cut to GitLab's note limit with a line saying so. */
function noteBody(marker, markdown) {
    return markedBody(marker, markdown, NOTE_LIMIT, `_Cut to fit GitLab's ${NOTE_LIMIT.toLocaleString('en-US')}-character note limit: the full summary is in the job's artifacts._`);
}
/** Edits this run's note on merge request `mrIid` (found by its marker), or creates it. Needs a PRIVATE-TOKEN with api scope. */
async function upsertMergeRequestNote(target, mrIid, markerKey, markdown) {
    if (target.tokenKind === 'job') {
        throw new client_GitLabError('CI_JOB_TOKEN cannot post merge request notes: set GITLAB_TOKEN to a project access token with api scope (Reporter role or higher), as a masked CI/CD variable');
    }
    if (!Number.isSafeInteger(mrIid) || mrIid <= 0) {
        throw new client_GitLabError(`merge request IID '${mrIid}' is not a positive integer: use CI_MERGE_REQUEST_IID`);
    }
    const marker = noteMarker(markerKey);
    const body = noteBody(marker, markdown);
    const notes = new dist/* MergeRequestNotes */.vxy(clientOptions(target));
    try {
        const existing = await notes.all(target.project, mrIid, { perPage: PER_PAGE, maxPages: MAX_PAGES });
        const mine = existing.find((note) => !note.system && typeof note.body === 'string' && note.body.startsWith(marker));
        if (mine) {
            const edited = await notes.edit(target.project, mrIid, mine.id, { body });
            return { action: 'updated', noteId: edited.id };
        }
        const created = await notes.create(target.project, mrIid, body);
        return { action: 'created', noteId: created.id };
    }
    catch (error) {
        throw client_toGitLabError(error, target, {
            action: `posting the summary note on merge request !${mrIid}`,
            hints: {
                403: "the token's user needs at least the Reporter role to post notes and can edit only notes it wrote: use the same GITLAB_TOKEN as the run that posted the note",
                404: `merge request !${mrIid} in project ${(0,report_text/* visible */.RK)(target.project)} was not found, or the token cannot see it: check CI_MERGE_REQUEST_IID and CI_PROJECT_ID`,
            },
        });
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/canonical.ts
var canonical = __webpack_require__(7221);
;// CONCATENATED MODULE: ./src/gitlab/transfer.ts
/**
 * A gitbeaker requester (its documented `requesterFn` extension point) for the generic package
 * endpoints, which move files rather than JSON. gitbeaker's default requester gets two things wrong
 * for them:
 *
 * - Upload: `PackageRegistry.publish` builds a multipart form, but GitLab stores the raw request body
 *   of a generic package PUT as the file (Workhorse `requestBodyUploader`), envelope included
 *   (gitbeaker#3580, semantic-release/gitlab#490). Here the form's `file` part is sent as the raw body
 *   and its other fields (`select`, `status`) as query parameters, where GitLab reads them.
 * - Download: GitLab may redirect a download to object storage (a pre-signed URL). `fetch` forwards
 *   custom headers such as PRIVATE-TOKEN / JOB-TOKEN across origins (only `Authorization` is
 *   dropped), so the token would reach the storage host. Here redirects are followed by hand and the
 *   auth header is sent to GitLab's own origin only. The body is returned as raw bytes (a Blob),
 *   never parsed as JSON, whatever its Content-Type.
 *
 * Failures are GitbeakerRequestError / GitbeakerTimeoutError, like gitbeaker's own, so one mapping
 * (client.ts) serves every call.
 */

const MAX_REDIRECTS = 5;
const fileTransferRequester = (resource) => {
    const unsupported = () => Promise.reject(new Error('the file transfer requester only does GET and PUT'));
    return {
        get: (endpoint, options) => download(resource, endpoint, options ?? {}),
        put: (endpoint, options) => upload(resource, endpoint, options ?? {}),
        post: unsupported,
        patch: unsupported,
        delete: unsupported,
    };
};
function endpointUrl(resource, endpoint) {
    return new URL(endpoint, resource.url.endsWith('/') ? resource.url : `${resource.url}/`);
}
async function authHeaders(resource) {
    const headers = {};
    for (const [name, value] of Object.entries(resource.authHeaders))
        headers[name] = await value();
    return headers;
}
async function send(request) {
    try {
        return await fetch(request);
    }
    catch (error) {
        const name = error.name;
        if (name === 'TimeoutError' || name === 'AbortError')
            throw new dist/* GitbeakerTimeoutError */._dR('Query timeout was reached');
        throw error;
    }
}
/** GitLab's words from an error response, the way gitbeaker reads them (`error`, else `message`). */
async function failed(request, response) {
    const text = await response.text();
    let description = text;
    if ((response.headers.get('content-type') ?? '').includes('application/json')) {
        try {
            const said = JSON.parse(text) ?? {};
            const value = said.error ?? said.message ?? '';
            description = typeof value === 'string' ? value : JSON.stringify(value);
        }
        catch {
            // not JSON after all: keep the text
        }
    }
    return new dist/* GitbeakerRequestError */.UNz(description, { cause: { description, request, response } });
}
async function download(resource, endpoint, options) {
    let url = endpointUrl(resource, endpoint);
    for (const [key, value] of Object.entries(options.searchParams ?? {}))
        url.searchParams.set(key, String(value));
    const origin = url.origin;
    const auth = await authHeaders(resource);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const headers = url.origin === origin ? { ...resource.headers, ...auth } : {};
        const request = new Request(url, { method: 'GET', headers, redirect: 'manual', signal: options.signal });
        const response = await send(request);
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
            await response.body?.cancel();
            url = new URL(location, url);
            continue;
        }
        if (!response.ok)
            throw await failed(request, response);
        return {
            body: await response.blob(),
            headers: Object.fromEntries(response.headers),
            status: response.status,
        };
    }
    throw new Error(`more than ${MAX_REDIRECTS} redirects from ${origin}`);
}
async function upload(resource, endpoint, options) {
    const form = options.body;
    const file = form instanceof FormData ? form.get('file') : null;
    if (!(form instanceof FormData) || !(file instanceof Blob))
        throw new Error('an upload needs a file part');
    const url = endpointUrl(resource, endpoint);
    for (const [key, value] of form)
        if (key !== 'file' && typeof value === 'string')
            url.searchParams.set(key, value);
    const headers = {
        ...resource.headers,
        ...(await authHeaders(resource)),
        'content-type': 'application/octet-stream',
    };
    const request = new Request(url, {
        method: 'PUT',
        headers,
        body: file,
        redirect: 'manual',
        signal: options.signal,
    });
    const response = await send(request);
    if (!response.ok)
        throw await failed(request, response);
    const text = await response.text();
    let body = text;
    try {
        body = JSON.parse(text);
    }
    catch {
        // GitLab answers JSON; anything else is kept as text
    }
    return { body, headers: Object.fromEntries(response.headers), status: response.status };
}

;// CONCATENATED MODULE: ./src/gitlab/packages.ts
/**
 * The policy artifact in a GitLab project's generic package registry: package `traffic-governance`,
 * version = policy version. Publishing is idempotent per version (same hash → no-op) and refuses to
 * replace a published version (a policy version is immutable). Fetching writes the exact bytes.
 * Every call is gitbeaker's PackageRegistry (publish / download) over the file transfer requester
 * (transfer.ts: raw upload body, redirects that never carry the token off GitLab's origin).
 */







const PACKAGE_NAME = 'traffic-governance';
const ARTIFACT_FILE = 'policy-artifact.json';
/** GitLab's generic package version and file name rules (Gitlab::Regex maven_version / maven_file_name). */
const VERSION_RE = /^(?!.*\.\.)[A-Za-z0-9_+.-]+$/;
const FILE_NAME_RE = /^[A-Za-z0-9._+-]+$/;
/** The API URL of one file of the package, for summaries and for `curl` users. */
function packageFileUrl(target, version, fileName = ARTIFACT_FILE) {
    const parts = [target.project, PACKAGE_NAME, version, fileName].map(encodeURIComponent);
    return `${instanceUrl(target)}/api/v4/projects/${parts[0]}/packages/generic/${parts.slice(1).join('/')}`;
}
function checkVersion(version) {
    if (!VERSION_RE.test(version)) {
        throw new client_GitLabError(`policy version '${(0,report_text/* visible */.RK)(version)}' cannot be a GitLab generic package version: use only letters, digits and . _ + - (no '..')`);
    }
}
function checkFileName(name) {
    if (!FILE_NAME_RE.test(name)) {
        throw new client_GitLabError(`package file name '${(0,report_text/* visible */.RK)(name)}' is not allowed by GitLab: use only letters, digits and . _ + -`);
    }
}
function bytesOf(content) {
    return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}
/** gitbeaker's PackageRegistry with the file transfer requester (raw uploads, byte-exact and token-safe downloads). */
function registry(target) {
    return new dist/* PackageRegistry */.qoL({ ...clientOptions(target), requesterFn: fileTransferRequester });
}
function safeJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/** The exact bytes of one package file, checked against GitLab's X-Checksum-SHA256 when it sends one. */
async function downloadFile(target, version, fileName) {
    const response = await registry(target).download(target.project, PACKAGE_NAME, version, fileName, {
        showExpanded: true,
    });
    const bytes = new Uint8Array(await response.data.arrayBuffer());
    const expected = response.headers['x-checksum-sha256'];
    if (expected && expected.toLowerCase() !== (0,canonical/* sha256Hex */.fg)(bytes)) {
        throw new client_GitLabError(`download of ${packageFileUrl(target, version, fileName)} is corrupt: sha256 ${(0,canonical/* sha256Hex */.fg)(bytes)}, GitLab says ${expected}; try again`);
    }
    return bytes;
}
async function downloadIfPresent(target, version, fileName) {
    try {
        return await downloadFile(target, version, fileName);
    }
    catch (error) {
        if (hasStatus(error, 404))
            return null;
        throw error;
    }
}
function declaredPolicyHash(bytes) {
    const parsed = safeJson(new TextDecoder().decode(bytes));
    return typeof parsed?.policy_hash === 'string' ? parsed.policy_hash : undefined;
}
function sameBytes(a, b) {
    return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
/** Why a file already in the registry blocks this publish, or null when it matches. */
function conflict(upload, file, existing) {
    if (sameBytes(existing, bytesOf(file.content)))
        return null;
    if (file.name === ARTIFACT_FILE) {
        const published = declaredPolicyHash(existing) ?? 'none (not a policy artifact)';
        if (published === upload.policy_hash)
            return null;
        return `policy version ${upload.version} is already published with hash ${published}, not ${upload.policy_hash}; a policy version is immutable: bump version`;
    }
    return `${file.name} of policy version ${upload.version} is already published with different content; a policy version is immutable: bump version`;
}
async function uploadFile(target, version, file) {
    const bytes = bytesOf(file.content);
    const stored = await registry(target).publish(target.project, PACKAGE_NAME, version, { content: new Blob([bytes]), filename: file.name }, { select: 'package_file' });
    const storedSha = stored.file_sha256;
    if (typeof storedSha === 'string' && storedSha !== sha256Hex(bytes)) {
        throw new GitLabError(`GitLab stored ${file.name} with sha256 ${storedSha} but the file sent has ${sha256Hex(bytes)}: a proxy changed the upload; delete package version ${version} and publish again`);
    }
}
/**
 * Publishes the artifact files as generic package `traffic-governance/<version>`. Files already there
 * with the same content (the artifact: the same policy_hash) are skipped; a different one is an error
 * and nothing is uploaded. `unchanged` when every file was already there.
 */
async function publishPolicyArtifact(target, upload) {
    checkVersion(upload.version);
    for (const file of upload.files)
        checkFileName(file.name);
    if (!upload.files.some((file) => file.name === ARTIFACT_FILE)) {
        throw new GitLabError(`nothing to publish: the files must include ${ARTIFACT_FILE}`);
    }
    const url = packageFileUrl(target, upload.version);
    let current = ARTIFACT_FILE;
    try {
        const missing = [];
        for (const file of upload.files) {
            current = file.name;
            const existing = await downloadIfPresent(target, upload.version, file.name);
            if (existing === null)
                missing.push(file);
            else {
                const reason = conflict(upload, file, existing);
                if (reason)
                    throw new GitLabError(`${reason} (${packageFileUrl(target, upload.version, file.name)})`);
            }
        }
        for (const file of missing) {
            current = file.name;
            await uploadFile(target, upload.version, file);
        }
        return { status: missing.length > 0 ? 'published' : 'unchanged', url };
    }
    catch (error) {
        const duplicate = `the project rejects duplicate package files and ${PACKAGE_NAME}/${upload.version}/${current} was published meanwhile (by another run?): run again to compare hashes, or bump the policy version`;
        const isDuplicate = /duplicate/i.test(requestFailure(error)?.said ?? '');
        throw toGitLabError(error, target, {
            action: `publishing policy version ${upload.version} to project ${visible(target.project)}`,
            hints: isDuplicate ? { 400: duplicate, 409: duplicate } : { 409: duplicate },
        });
    }
}
/** Downloads `traffic-governance/<version>/<fileName>` to `destPath` (written whole or not at all). */
async function fetchPolicyArtifact(target, version, destPath, fileName = ARTIFACT_FILE) {
    checkVersion(version);
    checkFileName(fileName);
    let bytes;
    try {
        bytes = await downloadFile(target, version, fileName);
    }
    catch (error) {
        const failure = client_requestFailure(error);
        if (failure?.status === 404) {
            const what = fileName === ARTIFACT_FILE ? 'policy artifact' : fileName;
            throw new client_GitLabError(redact(`no ${what} for version ${version} in project ${(0,report_text/* visible */.RK)(target.project)} (GitLab answered ${failure.said} for ${failure.where}): publish it from the GitHub Action first (gitlab-url/gitlab-project/gitlab-token)`, target.token), 404);
        }
        throw client_toGitLabError(error, target, { action: `fetching policy version ${version}` });
    }
    const partial = `${destPath}.partial-${process.pid}`;
    try {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(destPath), { recursive: true });
        await (0,promises_.writeFile)(partial, bytes);
        await (0,promises_.rename)(partial, destPath);
    }
    catch (error) {
        await (0,promises_.rm)(partial, { force: true });
        throw new client_GitLabError(`cannot write ${(0,report_text/* visible */.RK)(destPath)}: ${(0,report_text/* visible */.RK)(error.message)}`);
    }
}

;// CONCATENATED MODULE: ./src/gitlab/cli-commands.ts
/**
 * The two GitLab-job subcommands the main CLI mounts:
 *
 *   fetch-artifact --version V [--out FILE] [--file NAME] [--project P] [--url U]
 *   mr-note --summary FILE [--mr IID] [--marker-key KEY] [--project P] [--url U]
 *
 * Defaults come from GitLab's predefined variables (CI_API_V4_URL, CI_PROJECT_ID,
 * CI_MERGE_REQUEST_IID, CI_PIPELINE_ID, CI_JOB_NAME). Tokens come only from the environment, never
 * from argv (argv shows up in process lists and job logs): fetch-artifact uses GITLAB_TOKEN when set,
 * else CI_JOB_TOKEN; mr-note needs GITLAB_TOKEN. Exit codes: 0 ok, 2 configuration or GitLab error.
 */






const defaultContext = {
    env: process.env,
    stdout: (line) => process.stdout.write(`${(0,report_text/* logSafe */.sN)(line)}\n`),
    stderr: (line) => process.stderr.write(`${(0,report_text/* logSafe */.sN)(line)}\n`),
};
const targetFlags = { project: { type: 'string' }, url: { type: 'string' } };
const FETCH_ARTIFACT_OPTIONS = {
    ...targetFlags,
    version: { type: 'string' },
    out: { type: 'string', default: ARTIFACT_FILE },
    file: { type: 'string', default: ARTIFACT_FILE },
};
const MR_NOTE_OPTIONS = {
    ...targetFlags,
    summary: { type: 'string' },
    mr: { type: 'string' },
    'marker-key': { type: 'string' },
};
function parse(argv, options) {
    try {
        return (0,external_node_util_.parseArgs)({ args: [...argv], options, strict: true, allowPositionals: false })
            .values;
    }
    catch (error) {
        throw new Error((0,report_text/* visible */.RK)(error.message));
    }
}
function required(value, what) {
    if (!value)
        throw new Error(`${what} is required`);
    return value;
}
function target(values, env, token) {
    return {
        url: required(values.url ?? env.CI_API_V4_URL, '--url or CI_API_V4_URL'),
        project: required(values.project ?? env.CI_PROJECT_ID, '--project or CI_PROJECT_ID'),
        ...token,
    };
}
/** Runs a command body; any failure becomes one line on stderr (tokens redacted, no stack) and exit code 2. */
async function run(ctx, name, body) {
    const secrets = [ctx.env.GITLAB_TOKEN, ctx.env.CI_JOB_TOKEN].filter((s) => Boolean(s));
    const clean = (text) => secrets.reduce((out, secret) => redact(out, secret), text);
    try {
        ctx.stdout(clean(await body()));
        return 0;
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        ctx.stderr(clean(`${name}: ${message}`));
        return 2;
    }
}
/** `fetch-artifact`: downloads the policy artifact of a version from the project's generic package registry. */
function fetchArtifactCommand(argv, ctx = defaultContext) {
    return run(ctx, 'fetch-artifact', async () => {
        const values = parse(argv, FETCH_ARTIFACT_OPTIONS);
        const version = required(values.version, '--version (the policy version to fetch)');
        const token = ctx.env.GITLAB_TOKEN
            ? { token: ctx.env.GITLAB_TOKEN, tokenKind: 'private' }
            : { token: required(ctx.env.CI_JOB_TOKEN, 'GITLAB_TOKEN or CI_JOB_TOKEN'), tokenKind: 'job' };
        const where = target(values, ctx.env, token);
        await fetchPolicyArtifact(where, version, values.out, values.file);
        return `fetched ${PACKAGE_NAME}/${version}/${values.file} from project ${(0,report_text/* visible */.RK)(where.project)} into ${(0,report_text/* visible */.RK)(values.out)}`;
    });
}
/** `mr-note`: posts or updates this pipeline's summary note on the merge request. */
function mrNoteCommand(argv, ctx = defaultContext) {
    return run(ctx, 'mr-note', async () => {
        const values = parse(argv, MR_NOTE_OPTIONS);
        const summaryPath = required(values.summary, '--summary (the summary.md to post)');
        const mr = values.mr ?? ctx.env.CI_MERGE_REQUEST_IID;
        if (!mr)
            return 'not a merge request pipeline (CI_MERGE_REQUEST_IID is not set): no note posted';
        if (!/^[1-9]\d*$/.test(mr))
            throw new Error(`merge request IID '${(0,report_text/* visible */.RK)(mr)}' is not a positive integer`);
        if (!ctx.env.GITLAB_TOKEN) {
            throw new Error('posting a merge request note needs GITLAB_TOKEN: a project access token with api scope (Reporter role or higher) as a masked CI/CD variable; CI_JOB_TOKEN cannot post notes');
        }
        const markerKey = values['marker-key'] ?? defaultMarkerKey(ctx.env);
        const markdown = await (0,promises_.readFile)(summaryPath, 'utf8').catch((error) => {
            throw new Error(`cannot read --summary ${(0,report_text/* visible */.RK)(summaryPath)}: ${error.code ?? (0,report_text/* visible */.RK)(error.message)}`);
        });
        const where = target(values, ctx.env, { token: ctx.env.GITLAB_TOKEN, tokenKind: 'private' });
        const result = await upsertMergeRequestNote(where, Number(mr), markerKey, markdown);
        return `${result.action} note ${result.noteId} on merge request !${mr}`;
    });
}
/**
 * One note per pipeline and job: `pipeline=<CI_PIPELINE_ID>;job=<CI_JOB_NAME>`. The job name keeps two
 * includes of the template in one pipeline from overwriting each other's note; a retried job updates its own.
 */
function defaultMarkerKey(env) {
    const pipeline = required(env.CI_PIPELINE_ID, '--marker-key or CI_PIPELINE_ID');
    return env.CI_JOB_NAME ? `pipeline=${pipeline};job=${env.CI_JOB_NAME}` : `pipeline=${pipeline}`;
}


/***/ }),

/***/ 6860:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gitlabJob: () => (/* binding */ gitlabJob)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _cli_evaluate_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(341);
/* harmony import */ var _cli_io_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1604);
/* harmony import */ var _cli_policy_source_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6502);
/* harmony import */ var _cli_run_command_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5863);
/* harmony import */ var _cli_verify_ledger_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2167);
/* harmony import */ var _model_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6408);
/* harmony import */ var _policy_artifact_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(5406);
/* harmony import */ var _report_index_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(9571);
/* harmony import */ var _report_text_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(5655);
/* harmony import */ var _run_files_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(3613);
/* harmony import */ var _run_verdict_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(8972);
/* harmony import */ var _cli_commands_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(3905);
/* harmony import */ var _job_variables_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(888);
/**
 * `traffic-governance gitlab job`: the GitLab template's job once the engine runs, configured by the
 * TG_* variables the template sets from its inputs (JOB_VARIABLES). In order:
 *   1. the inputs the job reads itself (tier, warn_exit_code, mr_note, report_prefix);
 *   2. the pin rule: CONTROL and AUTONOMOUS need expected_policy_hash or policy_public_key;
 *   3. policy_version: the artifact is fetched from the project's generic packages;
 *   4. OBSERVE_ONLY without a pin: the artifact's own recomputed hash, labelled UNPINNED;
 *   5. evaluate, the artifact verified first;
 *   6. verify-ledger against the checkpoint the run wrote, and against expected_checkpoint (exit 4);
 *   7. mr_note (a failed note turns a pass into exit 2, never hides a verdict);
 *   8. the exit: QUARANTINE's 3 becomes warn_exit_code.
 * The commands run in this process (no shell, no quoting), so the template's one line serves every
 * runner shell. Whatever the exit, <output_dir>/governance.env and junit.xml tell later jobs and the
 * MR widget: a run's own reports stay when the job exits with the run's code; otherwise they say
 * <PREFIX>_VERDICT=ERROR, the exit code, and the reason in one junit <error>.
 */















/** A variable's value (surrounding blanks dropped), or its default when unset or blank. */
const variable = (env, name) => env[name]?.trim() || _job_variables_js__WEBPACK_IMPORTED_MODULE_14__/* .JOB_VARIABLES */ .m[name].default;
const words = (text) => text.split(/\s+/).filter(Boolean);
class JobStop extends Error {
    stop;
    constructor(stop) {
        super(stop.reason);
        this.stop = stop;
    }
}
const stop = (code, step, reason, printed = false) => new JobStop({ code, step, reason, printed });
/** Exit codes the job gives other meanings: pass, DROP, configuration error, verification failure. */
const RESERVED_EXIT_CODES = [_run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.PASS, _run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.GATE_FAILED, _run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.USAGE, _run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.VERIFICATION];
function warnExitCode(text) {
    const code = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
    if (code <= 255 && !RESERVED_EXIT_CODES.includes(code))
        return code;
    // Exit 2 is the configuration error, unless 2 is the allowed failure: then 1, so the job fails.
    throw stop(code === _run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.USAGE ? _run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.GATE_FAILED : _run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.USAGE, 'inputs', `${_cli_io_js__WEBPACK_IMPORTED_MODULE_3__/* .PROGRAM */ .RX}: error: inputs: warn_exit_code ${(0,_report_text_js__WEBPACK_IMPORTED_MODULE_10__/* .visible */ .RK)(text)} cannot mark a QUARANTINE warning: use 3 (the default) or 5..255 (0, 1, 2 and 4 mean pass, DROP, configuration error and verification failure)`);
}
function settingsFrom(env) {
    const get = (name) => variable(env, name);
    const invalid = (input, value, rule) => stop(_run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.USAGE, 'inputs', `${_cli_io_js__WEBPACK_IMPORTED_MODULE_3__/* .PROGRAM */ .RX}: error: inputs: ${input} ${(0,_report_text_js__WEBPACK_IMPORTED_MODULE_10__/* .quoted */ .TL)(value)}: ${rule}`);
    const tier = get('TG_TIER');
    if (!_model_js__WEBPACK_IMPORTED_MODULE_7__/* .PlatformTierSchema */ .R2.options.includes(tier))
        throw invalid('tier', tier, `use one of ${_model_js__WEBPACK_IMPORTED_MODULE_7__/* .PlatformTierSchema */ .R2.options.join(', ')}`);
    const mrNote = get('TG_MR_NOTE');
    if (mrNote !== 'true' && mrNote !== 'false')
        throw invalid('mr_note', mrNote, 'use true or false');
    const reportPrefix = get('TG_REPORT_PREFIX');
    if (!_report_index_js__WEBPACK_IMPORTED_MODULE_9__/* .REPORT_PREFIX_PATTERN */ .N_.test(reportPrefix))
        throw invalid('report_prefix', reportPrefix, 'use capital letters, digits and _, starting with a letter');
    const traffic = words(get('TG_TRAFFIC'));
    if (traffic.length === 0)
        throw invalid('traffic', '', 'give the traffic files or globs the job reads, e.g. test-results/**/*.har');
    return {
        traffic,
        format: get('TG_FORMAT'),
        artifact: get('TG_POLICY_ARTIFACT'),
        policyVersion: get('TG_POLICY_VERSION'),
        pin: get('TG_EXPECTED_POLICY_HASH'),
        publicKeys: words(get('TG_POLICY_PUBLIC_KEY')),
        threshold: get('TG_POLICY_THRESHOLD'),
        minPolicyVersion: get('TG_MIN_POLICY_VERSION'),
        expectedCheckpoint: get('TG_EXPECTED_CHECKPOINT'),
        tier,
        warnExitCode: warnExitCode(get('TG_WARN_EXIT_CODE')),
        mrNote: mrNote === 'true',
        outputDir: get('TG_OUTPUT_DIR'),
        reportPrefix,
    };
}
/** A gate on a policy nobody pinned proves nothing: CONTROL and AUTONOMOUS refuse to start. */
function checkPinned(s) {
    if (s.pin !== '' || s.publicKeys.length > 0 || s.tier === 'OBSERVE_ONLY')
        return;
    throw stop(_run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.USAGE, 'inputs', [
        `${_cli_io_js__WEBPACK_IMPORTED_MODULE_3__/* .PROGRAM */ .RX}: error: tier ${s.tier} enforces the policy, so the artifact must be pinned (a hash checked only against itself proves nothing). Fix:`,
        '  set inputs: expected_policy_hash: <the policy-hash printed by the GitHub step>',
        "  or inputs: policy_public_key: <the policy owners' Ed25519 public key(s)> (a signed artifact)",
    ].join('\n'));
}
/** Lines a step prints on stderr, passed through and kept for the reason of a failure. */
function capturing(io) {
    const lines = [];
    return {
        lines,
        io: {
            ...io,
            err: (line) => {
                lines.push(line);
                io.err(line);
            },
        },
    };
}
/** A GitLab helper command (fetch-artifact, mr-note); a failure stops the job with what it printed. */
async function gitlabStep(io, command, argv) {
    const step = capturing(io);
    const code = await command(argv, { env: io.env, stdout: io.out, stderr: step.io.err });
    return { code, reason: step.lines.join('\n') };
}
const ZERO_HASH = '0'.repeat(64);
/** OBSERVE_ONLY without a pin: the hash the artifact's content has, recomputed (never the declared one). */
function recomputedHash(file, io) {
    let text;
    try {
        text = (0,_cli_policy_source_js__WEBPACK_IMPORTED_MODULE_4__/* .readArtifact */ .R9)(file, io.cwd);
    }
    catch (error) {
        throw stop(_run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.USAGE, 'artifact', `${_cli_io_js__WEBPACK_IMPORTED_MODULE_3__/* .PROGRAM */ .RX}: error: ${error.message}`);
    }
    const { found_hash: found, reason } = (0,_policy_artifact_js__WEBPACK_IMPORTED_MODULE_8__/* .verifyPolicyArtifactText */ .fY)(text, ZERO_HASH, file);
    if (found === undefined)
        throw stop(_run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.VERIFICATION, 'artifact', `${_cli_io_js__WEBPACK_IMPORTED_MODULE_3__/* .PROGRAM */ .RX}: artifact verification failed: ${reason}`);
    io.out(`${_cli_io_js__WEBPACK_IMPORTED_MODULE_3__/* .PROGRAM */ .RX}: WARNING: UNPINNED: expected_policy_hash is empty, so OBSERVE_ONLY runs against the artifact's own recomputed hash ${found}; nothing shows this is the policy you reviewed. Pin the policy-hash printed by the GitHub step.`);
    return found;
}
function evaluateArgs(s, pin) {
    return [
        ...['--artifact', s.artifact, '--format', s.format, '--tier', s.tier, '--out', s.outputDir],
        ...(pin === '' ? [] : ['--expect-hash', pin]),
        ...s.publicKeys.flatMap((key) => ['--public-key', key]),
        ...(s.publicKeys.length > 0 ? ['--threshold', s.threshold] : []),
        ...(s.minPolicyVersion === '' ? [] : ['--min-policy-version', s.minPolicyVersion]),
        ...['--report-prefix', s.reportPrefix],
        // Last: the engine expands the globs, the shell never sees them.
        '--traffic',
        ...s.traffic,
    ];
}
/** The ledger against its own checkpoint and the expected one: the first failure, or undefined. */
async function verifyLedger(s, io) {
    const checkpoints = [(0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(s.outputDir, _run_files_js__WEBPACK_IMPORTED_MODULE_11__/* .OUT_FILES */ .Ti.checkpoint), ...words(s.expectedCheckpoint)];
    let failed;
    for (const checkpoint of checkpoints) {
        const step = capturing(io);
        const outcome = await (0,_cli_run_command_js__WEBPACK_IMPORTED_MODULE_5__/* .runCommand */ .d)(_cli_verify_ledger_js__WEBPACK_IMPORTED_MODULE_6__/* .verifyLedgerCommand */ .O, [(0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(s.outputDir, _run_files_js__WEBPACK_IMPORTED_MODULE_11__/* .OUT_FILES */ .Ti.ledger), '--checkpoint', checkpoint], step.io);
        if (outcome.code !== 0) {
            failed ??= {
                code: _run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.VERIFICATION,
                step: 'verify-ledger',
                reason: step.lines.join('\n'),
                printed: true,
                afterRun: true,
            };
        }
    }
    return failed;
}
async function runSteps(io) {
    const s = settingsFrom(io.env);
    checkPinned(s);
    if (s.policyVersion !== '') {
        const fetched = await gitlabStep(io, _cli_commands_js__WEBPACK_IMPORTED_MODULE_13__.fetchArtifactCommand, [
            '--version',
            s.policyVersion,
            '--out',
            (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, s.artifact),
        ]);
        if (fetched.code !== 0)
            throw stop(fetched.code, 'fetch-artifact', fetched.reason, true);
    }
    const pin = s.pin === '' && s.publicKeys.length === 0 ? recomputedHash(s.artifact, io) : s.pin;
    const run = await (0,_cli_run_command_js__WEBPACK_IMPORTED_MODULE_5__/* .runCommand */ .d)(_cli_evaluate_js__WEBPACK_IMPORTED_MODULE_2__/* .evaluateCommand */ .p, evaluateArgs(s, pin), io);
    if (run.error !== undefined)
        throw stop(run.code, 'evaluate', run.error, true);
    let code = run.code;
    let failed = await verifyLedger(s, io);
    if (failed)
        code = failed.code;
    const summary = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, s.outputDir, _report_index_js__WEBPACK_IMPORTED_MODULE_9__/* .REPORT_FILES */ .JL.summary);
    if (s.mrNote && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(summary)) {
        const note = await gitlabStep(io, _cli_commands_js__WEBPACK_IMPORTED_MODULE_13__.mrNoteCommand, ['--summary', summary]);
        if (note.code !== 0) {
            const hint = `${_cli_io_js__WEBPACK_IMPORTED_MODULE_3__/* .PROGRAM */ .RX}: error: inputs: mr_note is true but the note was not posted (see above): add a masked GITLAB_TOKEN CI/CD variable (project access token, api scope; CI_JOB_TOKEN cannot post notes) or set mr_note: false`;
            io.err(hint);
            if (code === _run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.PASS) {
                code = _run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.USAGE;
                failed = { code, step: 'mr-note', reason: `${note.reason}\n${hint}`, printed: true, afterRun: true };
            }
        }
    }
    if (code === _run_verdict_js__WEBPACK_IMPORTED_MODULE_12__/* .EXIT */ .dc.GATE_WARNING) {
        io.out(`${_cli_io_js__WEBPACK_IMPORTED_MODULE_3__/* .PROGRAM */ .RX}: QUARANTINE verdict: exit ${s.warnExitCode} (allowed failure: the job shows as a warning)`);
        return { code: s.warnExitCode };
    }
    return failed ? { code, stop: failed } : { code };
}
/**
 * governance.env and junit.xml of a job whose exit is not its run's: from the run's result.json when
 * the run finished (its variables and test cases kept, plus the error), else the stopped forms.
 */
function writeStopReports(io, stopped) {
    const outputDir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, variable(io.env, 'TG_OUTPUT_DIR'));
    const given = variable(io.env, 'TG_REPORT_PREFIX');
    const prefix = _report_index_js__WEBPACK_IMPORTED_MODULE_9__/* .REPORT_PREFIX_PATTERN */ .N_.test(given) ? given : _report_index_js__WEBPACK_IMPORTED_MODULE_9__/* .DEFAULT_REPORT_PREFIX */ .mt;
    const resultPath = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(outputDir, _report_index_js__WEBPACK_IMPORTED_MODULE_9__/* .REPORT_FILES */ .JL.result);
    try {
        let dotenv;
        let junit;
        if (stopped.afterRun) {
            const ran = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(resultPath, 'utf8'));
            const failed = { ...ran, exit_code: stopped.code, error: stopped.reason };
            dotenv = (0,_report_index_js__WEBPACK_IMPORTED_MODULE_9__/* .renderDotenv */ .JZ)(failed, { prefix });
            junit = (0,_report_index_js__WEBPACK_IMPORTED_MODULE_9__/* .renderJunit */ .RV)(failed);
        }
        else {
            dotenv = (0,_report_index_js__WEBPACK_IMPORTED_MODULE_9__/* .renderStoppedDotenv */ .GE)(stopped.code, { prefix });
            junit = (0,_report_index_js__WEBPACK_IMPORTED_MODULE_9__/* .renderStoppedJunit */ .Mu)(stopped.step, stopped.reason);
        }
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(outputDir, { recursive: true });
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(outputDir, _report_index_js__WEBPACK_IMPORTED_MODULE_9__/* .REPORT_FILES */ .JL.dotenv), dotenv);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(outputDir, _report_index_js__WEBPACK_IMPORTED_MODULE_9__/* .REPORT_FILES */ .JL.junit), junit);
    }
    catch (error) {
        io.err(`${_cli_io_js__WEBPACK_IMPORTED_MODULE_3__/* .PROGRAM */ .RX}: warning: could not write ${_report_index_js__WEBPACK_IMPORTED_MODULE_9__/* .REPORT_FILES */ .JL.dotenv} and ${_report_index_js__WEBPACK_IMPORTED_MODULE_9__/* .REPORT_FILES */ .JL.junit} into ${(0,_report_text_js__WEBPACK_IMPORTED_MODULE_10__/* .visible */ .RK)(outputDir)}: ${(0,_report_text_js__WEBPACK_IMPORTED_MODULE_10__/* .visible */ .RK)(error.message)}`);
    }
}
/** The whole job; returns its exit code. */
async function gitlabJob(io) {
    let outcome;
    try {
        outcome = await runSteps(io);
    }
    catch (error) {
        if (!(error instanceof JobStop))
            throw error;
        if (!error.stop.printed)
            io.err(error.stop.reason);
        outcome = { code: error.stop.code, stop: error.stop };
    }
    if (outcome.stop)
        writeStopReports(io, outcome.stop);
    return outcome.code;
}


/***/ }),

/***/ 5407:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

var map = {
	"./BurstyRateLimiter": [
		5860
	],
	"./BurstyRateLimiter.js": [
		5860
	],
	"./ExpressBruteFlexible": [
		3966,
		966
	],
	"./ExpressBruteFlexible.js": [
		3966,
		966
	],
	"./RLWrapperBlackAndWhite": [
		7383
	],
	"./RLWrapperBlackAndWhite.js": [
		7383
	],
	"./RLWrapperTimeouts": [
		4016
	],
	"./RLWrapperTimeouts.js": [
		4016
	],
	"./RateLimiterAbstract": [
		8569
	],
	"./RateLimiterAbstract.js": [
		8569
	],
	"./RateLimiterCluster": [
		565
	],
	"./RateLimiterCluster.js": [
		565
	],
	"./RateLimiterDrizzle": [
		673
	],
	"./RateLimiterDrizzle.js": [
		673
	],
	"./RateLimiterDrizzleNonAtomic": [
		5347
	],
	"./RateLimiterDrizzleNonAtomic.js": [
		5347
	],
	"./RateLimiterDynamo": [
		2309
	],
	"./RateLimiterDynamo.js": [
		2309
	],
	"./RateLimiterEtcd": [
		6481
	],
	"./RateLimiterEtcd.js": [
		6481
	],
	"./RateLimiterEtcdNonAtomic": [
		5299
	],
	"./RateLimiterEtcdNonAtomic.js": [
		5299
	],
	"./RateLimiterInsuredAbstract": [
		3847
	],
	"./RateLimiterInsuredAbstract.js": [
		3847
	],
	"./RateLimiterMemcache": [
		3250
	],
	"./RateLimiterMemcache.js": [
		3250
	],
	"./RateLimiterMemory": [
		4544
	],
	"./RateLimiterMemory.js": [
		4544
	],
	"./RateLimiterMongo": [
		8439
	],
	"./RateLimiterMongo.js": [
		8439
	],
	"./RateLimiterMySQL": [
		7793
	],
	"./RateLimiterMySQL.js": [
		7793
	],
	"./RateLimiterPostgres": [
		3740
	],
	"./RateLimiterPostgres.js": [
		3740
	],
	"./RateLimiterPrisma": [
		6323
	],
	"./RateLimiterPrisma.js": [
		6323
	],
	"./RateLimiterQueue": [
		2860
	],
	"./RateLimiterQueue.js": [
		2860
	],
	"./RateLimiterRedis": [
		4336
	],
	"./RateLimiterRedis.js": [
		4336
	],
	"./RateLimiterRes": [
		449
	],
	"./RateLimiterRes.js": [
		449
	],
	"./RateLimiterSQLite": [
		3283
	],
	"./RateLimiterSQLite.js": [
		3283
	],
	"./RateLimiterStoreAbstract": [
		5140
	],
	"./RateLimiterStoreAbstract.js": [
		5140
	],
	"./RateLimiterUnion": [
		244
	],
	"./RateLimiterUnion.js": [
		244
	],
	"./RateLimiterValkey": [
		2193
	],
	"./RateLimiterValkey.js": [
		2193
	],
	"./RateLimiterValkeyGlide": [
		3756
	],
	"./RateLimiterValkeyGlide.js": [
		3756
	],
	"./component/BlockedKeys": [
		8830
	],
	"./component/BlockedKeys/": [
		8830
	],
	"./component/BlockedKeys/BlockedKeys": [
		5202
	],
	"./component/BlockedKeys/BlockedKeys.js": [
		5202
	],
	"./component/BlockedKeys/index": [
		8830
	],
	"./component/BlockedKeys/index.js": [
		8830
	],
	"./component/MemoryStorage": [
		8178,
		178
	],
	"./component/MemoryStorage/": [
		8178,
		178
	],
	"./component/MemoryStorage/MemoryStorage": [
		1534
	],
	"./component/MemoryStorage/MemoryStorage.js": [
		1534
	],
	"./component/MemoryStorage/Record": [
		749
	],
	"./component/MemoryStorage/Record.js": [
		749
	],
	"./component/MemoryStorage/index": [
		8178,
		178
	],
	"./component/MemoryStorage/index.js": [
		8178,
		178
	],
	"./component/RateLimiterEtcdTransactionFailedError": [
		3184
	],
	"./component/RateLimiterEtcdTransactionFailedError.js": [
		3184
	],
	"./component/RateLimiterQueueError": [
		7948
	],
	"./component/RateLimiterQueueError.js": [
		7948
	],
	"./component/RateLimiterSetupError": [
		2922
	],
	"./component/RateLimiterSetupError.js": [
		2922
	],
	"./constants": [
		3880,
		880
	],
	"./constants.js": [
		3880,
		880
	]
};
function webpackAsyncContext(req) {
	if(!__webpack_require__.o(map, req)) {
		return Promise.resolve().then(() => {
			var e = new Error("Cannot find module '" + req + "'");
			e.code = 'MODULE_NOT_FOUND';
			throw e;
		});
	}

	var ids = map[req], id = ids[0];
	return Promise.all(ids.slice(1).map(__webpack_require__.e)).then(() => {
		return __webpack_require__.t(id, 7 | 16);
	});
}
webpackAsyncContext.keys = () => (Object.keys(map));
webpackAsyncContext.id = 5407;
module.exports = webpackAsyncContext;

/***/ })

};
