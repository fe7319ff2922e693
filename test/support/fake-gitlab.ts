/**
 * A local stand-in for the few GitLab REST endpoints Traffic Governance calls, behaving as GitLab
 * documents them (and as lib/api/generic_packages.rb + Workhorse implement them):
 *
 *   PUT  /api/v4/projects/:id/packages/generic/:package_name/:package_version/:file_name[?select=package_file]
 *        the raw request body is the file (Workhorse requestBodyUploader); 201 {"message":"201 Created"},
 *        or 200 + the package file with select=package_file; 400 "Duplicate package is not allowed"
 *        when duplicates are disallowed and the file name exists in that package version.
 *   GET  same path: the latest file of that name, with Content-Disposition and X-Checksum-SHA256;
 *        with `objectStorage`, a 302 to a pre-signed URL on a second server (another origin), as
 *        GitLab does when packages live in object storage without proxy_download.
 *   GET  /api/v4/projects/:id/merge_requests/:iid/notes   offset pagination (page, per_page ≤ 100,
 *        default 20; sort desc by default) with X-Total/X-Page/... and Link headers.
 *   POST same path {body}; PUT .../notes/:note_id {body} (author only, else 403).
 *
 * :id is a numeric id or a URL-encoded full path. Auth: PRIVATE-TOKEN or JOB-TOKEN header. An unknown
 * token is 401; no token is 401 for writes and 404 for reads (private projects are hidden). A job token
 * counts only on the package endpoints (GitLab ignores it elsewhere). Everything is in memory; every
 * request is logged (without token values).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  token: string;
  kind: 'private' | 'job';
  username: string;
  /** `reporter` may post notes but not publish packages. Default `developer`. */
  role?: 'developer' | 'reporter';
}

export interface FakeGitLabOptions {
  projects?: Array<{ id: number; path: string }>;
  users?: FakeUser[];
  /** GitLab's "Allow duplicates" setting for generic packages (default true, as on GitLab). */
  duplicatesAllowed?: boolean;
  /** Status for a rejected duplicate: GitLab answers 400; some front proxies map it to 409. */
  duplicateStatus?: 400 | 409;
  /** Content-Type of package downloads (GitLab: application/octet-stream; object storage may differ). */
  downloadContentType?: string;
  /** Alter bytes as a misbehaving proxy would: on the way in (stored) or out (downloaded). */
  transformUpload?: (bytes: Buffer) => Buffer;
  transformDownload?: (bytes: Buffer) => Buffer;
  /** Serve downloads by redirecting to a separate "bucket" server (another origin). */
  objectStorage?: boolean;
}

export interface StorageRequest {
  path: string;
  /** Header names received (lower case): a token header here is a leak. */
  headerNames: string[];
}

export interface LoggedRequest {
  method: string;
  /** Path as received (percent-encoding kept). */
  path: string;
  query: Record<string, string>;
  auth: 'private' | 'job' | 'none';
  contentType: string | undefined;
  bodyBytes: number;
  status: number;
}

export interface FakeNote {
  id: number;
  body: string;
  author: string;
  system: boolean;
  created_at: string;
  updated_at: string;
}

interface StoredFile {
  id: number;
  name: string;
  bytes: Buffer;
  sha256: string;
  created_at: string;
}

interface StoredPackage {
  id: number;
  files: StoredFile[];
}

export interface FakeGitLab {
  /** Instance URL (what `gitlab-url` holds). */
  url: string;
  /** API root (what CI_API_V4_URL holds). */
  apiUrl: string;
  requests: LoggedRequest[];
  /** Requests that reached the object storage server (with `objectStorage`). */
  storageRequests: StorageRequest[];
  /** Called after each response is sent: lets a test act between two client requests. */
  afterResponse: ((entry: LoggedRequest) => void) | undefined;
  packageFile(projectId: number, name: string, version: string, file: string): Buffer | undefined;
  packageFileCount(projectId: number, name: string, version: string, file: string): number;
  seedPackageFile(
    projectId: number,
    name: string,
    version: string,
    file: string,
    bytes: Buffer | string,
  ): void;
  addMergeRequest(projectId: number, iid: number): void;
  addNote(projectId: number, iid: number, note: { author: string; body: string; system?: boolean }): FakeNote;
  notes(projectId: number, iid: number): FakeNote[];
  close(): Promise<void>;
}

const GENERIC_NAME_RE = /^[A-Za-z0-9._+-]+$/;
const GENERIC_VERSION_RE = /^(?!.*\.\.)[\w+.-]+$/;
const NOTE_LIMIT = 1_000_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly payload: Record<string, unknown>,
  ) {
    super(String(status));
  }
}

const notFound = (what = 'Not found') => new HttpError(404, { message: `404 ${what}` });

export async function startFakeGitLab(options: FakeGitLabOptions = {}): Promise<FakeGitLab> {
  const projects = options.projects ?? [{ id: 42, path: 'platform/traffic' }];
  const users = options.users ?? [];
  const packages = new Map<string, StoredPackage>();
  const mergeRequests = new Map<string, FakeNote[]>();
  let nextId = 1000;
  let clock = Date.UTC(2025, 0, 1);
  const now = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };
  const userIds = new Map<string, number>();
  const userId = (username: string) => {
    if (!userIds.has(username)) userIds.set(username, userIds.size + 1);
    return userIds.get(username)!;
  };
  const packageKey = (projectId: number, name: string, version: string) => `${projectId}/${name}/${version}`;

  const fake: FakeGitLab = {
    url: '',
    apiUrl: '',
    requests: [],
    storageRequests: [],
    afterResponse: undefined,
    packageFile: (projectId, name, version, file) =>
      packages
        .get(packageKey(projectId, name, version))
        ?.files.filter((f) => f.name === file)
        .at(-1)?.bytes,
    packageFileCount: (projectId, name, version, file) =>
      packages.get(packageKey(projectId, name, version))?.files.filter((f) => f.name === file).length ?? 0,
    seedPackageFile: (projectId, name, version, file, bytes) =>
      storeFile(projectId, name, version, file, Buffer.from(bytes)),
    addMergeRequest: (projectId, iid) => {
      if (!mergeRequests.has(`${projectId}!${iid}`)) mergeRequests.set(`${projectId}!${iid}`, []);
    },
    addNote: (projectId, iid, note) => {
      fake.addMergeRequest(projectId, iid);
      const at = now();
      const stored = {
        id: nextId++,
        body: note.body,
        author: note.author,
        system: note.system ?? false,
        created_at: at,
        updated_at: at,
      };
      mergeRequests.get(`${projectId}!${iid}`)!.push(stored);
      return stored;
    },
    notes: (projectId, iid) => [...(mergeRequests.get(`${projectId}!${iid}`) ?? [])],
    close: () => Promise.resolve(),
  };

  function storeFile(
    projectId: number,
    name: string,
    version: string,
    file: string,
    bytes: Buffer,
  ): StoredFile {
    const key = packageKey(projectId, name, version);
    if (!packages.has(key)) packages.set(key, { id: nextId++, files: [] });
    const stored = {
      id: nextId++,
      name: file,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      created_at: now(),
    };
    packages.get(key)!.files.push(stored);
    return stored;
  }

  function findProject(rawId: string) {
    const id = decodeURIComponent(rawId);
    const project = projects.find((p) => String(p.id) === id || p.path === id);
    if (!project) throw notFound('Project Not Found');
    return project;
  }

  /** The caller, as GitLab resolves it for this route; throws 401 for an unknown token. */
  function authenticate(req: IncomingMessage, jobTokenAllowed: boolean): FakeUser | undefined {
    const privateToken = req.headers['private-token'];
    const jobToken = jobTokenAllowed ? req.headers['job-token'] : undefined;
    const given =
      typeof privateToken === 'string' ? privateToken : typeof jobToken === 'string' ? jobToken : undefined;
    if (given === undefined) return undefined;
    const user = users.find((u) => u.token === given && (u.kind === 'private') === (given === privateToken));
    if (!user) throw new HttpError(401, { message: '401 Unauthorized' });
    return user;
  }

  function requireUser(user: FakeUser | undefined, method: string): FakeUser {
    if (user) return user;
    if (method === 'GET') throw notFound('Project Not Found');
    throw new HttpError(401, { message: '401 Unauthorized' });
  }

  function handleGeneric(
    req: IncomingMessage,
    res: ServerResponse,
    parts: string[],
    body: Buffer,
    query: URLSearchParams,
  ) {
    const [rawProject, , , rawName, rawVersion, rawFile] = parts;
    const user = requireUser(authenticate(req, true), req.method ?? 'GET');
    const project = findProject(rawProject!);
    const [name, version, file] = [rawName!, rawVersion!, rawFile!].map(decodeURIComponent) as [
      string,
      string,
      string,
    ];
    if (!GENERIC_NAME_RE.test(name)) throw new HttpError(400, { error: 'package_name is invalid' });
    if (!GENERIC_VERSION_RE.test(version)) throw new HttpError(400, { error: 'package_version is invalid' });
    if (!GENERIC_NAME_RE.test(file)) throw new HttpError(400, { error: 'file_name is invalid' });
    const key = packageKey(project.id, name, version);

    if (req.method === 'PUT') {
      if (user.role === 'reporter') throw new HttpError(403, { message: '403 Forbidden' });
      const exists = (packages.get(key)?.files ?? []).some((f) => f.name === file);
      if (exists && options.duplicatesAllowed === false) {
        const status = options.duplicateStatus ?? 400;
        const reason = status === 409 ? '409 Conflict' : '400 Bad request';
        throw new HttpError(status, { message: `${reason} - Duplicate package is not allowed` });
      }
      const stored = storeFile(project.id, name, version, file, options.transformUpload?.(body) ?? body);
      if (query.get('select') === 'package_file') {
        return json(res, 200, {
          id: stored.id,
          package_id: packages.get(key)!.id,
          created_at: stored.created_at,
          file_name: stored.name,
          size: stored.bytes.length,
          file_md5: null,
          file_sha1: null,
          file_sha256: stored.sha256,
        });
      }
      return json(res, 201, { message: '201 Created' });
    }
    if (req.method === 'GET') {
      const pkg = packages.get(key);
      if (!pkg) throw notFound('Package Not Found');
      const stored = pkg.files.filter((f) => f.name === file).at(-1);
      if (!stored) throw notFound();
      if (storageUrl) {
        res.writeHead(302, {
          location: `${storageUrl}/bucket/${stored.sha256}?X-Amz-Signature=presigned-${stored.id}`,
        });
        return res.end();
      }
      const bytes = options.transformDownload?.(stored.bytes) ?? stored.bytes;
      res.writeHead(200, {
        'content-type': options.downloadContentType ?? 'application/octet-stream',
        'content-disposition': `attachment; filename="${file}"`,
        'x-checksum-sha256': stored.sha256,
        'content-length': bytes.length,
      });
      return res.end(bytes);
    }
    throw new HttpError(405, { message: '405 Method Not Allowed' });
  }

  function noteJson(note: FakeNote, projectId: number, iid: number) {
    return {
      id: note.id,
      type: null,
      body: note.body,
      attachment: null,
      author: { id: userId(note.author), username: note.author, name: note.author },
      created_at: note.created_at,
      updated_at: note.updated_at,
      system: note.system,
      noteable_id: iid + 7000,
      noteable_type: 'MergeRequest',
      noteable_iid: iid,
      project_id: projectId,
      resolvable: false,
    };
  }

  function noteText(body: Buffer, req: IncomingMessage): string | undefined {
    const text = body.toString('utf8');
    const value = (req.headers['content-type'] ?? '').includes('application/json')
      ? (JSON.parse(text) as { body?: unknown }).body
      : new URLSearchParams(text).get('body');
    return typeof value === 'string' ? value : undefined;
  }

  function validNoteBody(value: string | undefined): string {
    if (!value) throw new HttpError(400, { error: 'body is missing' });
    if ([...value].length > NOTE_LIMIT) {
      throw new HttpError(400, { message: { note: [`is too long (maximum is ${NOTE_LIMIT} characters)`] } });
    }
    return value;
  }

  function handleNotes(
    req: IncomingMessage,
    res: ServerResponse,
    parts: string[],
    body: Buffer,
    query: URLSearchParams,
  ) {
    const [rawProject, , rawIid, , rawNoteId] = parts;
    const user = requireUser(authenticate(req, false), req.method ?? 'GET');
    const project = findProject(rawProject!);
    const iid = Number(rawIid);
    const notes = mergeRequests.get(`${project.id}!${iid}`);
    if (!notes) throw notFound();

    if (req.method === 'GET' && rawNoteId === undefined) {
      const perPage = Math.min(Math.max(Number(query.get('per_page') ?? 20) || 20, 1), 100);
      const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
      const sorted = query.get('sort') === 'asc' ? [...notes] : [...notes].reverse();
      const totalPages = Math.max(Math.ceil(sorted.length / perPage), 1);
      const slice = sorted.slice((page - 1) * perPage, page * perPage);
      const pageUrl = (n: number) => {
        const q = new URLSearchParams(query);
        q.set('page', String(n));
        q.set('per_page', String(perPage));
        return `<${fake.apiUrl}/projects/${rawProject}/merge_requests/${iid}/notes?${q}>`;
      };
      const links = [
        page > 1 ? `${pageUrl(page - 1)}; rel="prev"` : '',
        page < totalPages ? `${pageUrl(page + 1)}; rel="next"` : '',
        `${pageUrl(1)}; rel="first"`,
        `${pageUrl(totalPages)}; rel="last"`,
      ].filter(Boolean);
      res.setHeader('x-page', String(page));
      res.setHeader('x-per-page', String(perPage));
      res.setHeader('x-total', String(sorted.length));
      res.setHeader('x-total-pages', String(totalPages));
      res.setHeader('x-next-page', page < totalPages ? String(page + 1) : '');
      res.setHeader('x-prev-page', page > 1 ? String(page - 1) : '');
      res.setHeader('link', links.join(', '));
      return json(
        res,
        200,
        slice.map((note) => noteJson(note, project.id, iid)),
      );
    }
    if (req.method === 'POST' && rawNoteId === undefined) {
      const text = validNoteBody(noteText(body, req));
      return json(
        res,
        201,
        noteJson(fake.addNote(project.id, iid, { author: user.username, body: text }), project.id, iid),
      );
    }
    if (req.method === 'PUT' && rawNoteId !== undefined) {
      const note = notes.find((n) => n.id === Number(rawNoteId));
      if (!note) throw notFound();
      if (note.author !== user.username) throw new HttpError(403, { message: '403 Forbidden' });
      note.body = validNoteBody(noteText(body, req));
      note.updated_at = now();
      return json(res, 200, noteJson(note, project.id, iid));
    }
    throw new HttpError(405, { message: '405 Method Not Allowed' });
  }

  function route(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    const [rawPath = '', rawQuery = ''] = (req.url ?? '/').split('?');
    const query = new URLSearchParams(rawQuery);
    const parts = rawPath.split('/').filter(Boolean);
    if (parts[0] !== 'api' || parts[1] !== 'v4' || parts[2] !== 'projects') throw notFound();
    const rest = parts.slice(3);
    if (rest.length === 6 && rest[1] === 'packages' && rest[2] === 'generic') {
      return handleGeneric(req, res, rest, body, query);
    }
    if ((rest.length === 4 || rest.length === 5) && rest[1] === 'merge_requests' && rest[3] === 'notes') {
      return handleNotes(req, res, rest, body, query);
    }
    throw notFound();
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        route(req, res, body);
      } catch (error) {
        if (error instanceof HttpError) json(res, error.status, error.payload);
        else json(res, 500, { message: `500 Internal Server Error: ${(error as Error).message}` });
      }
      const [path = '', rawQuery = ''] = (req.url ?? '').split('?');
      const entry: LoggedRequest = {
        method: req.method ?? '',
        path,
        query: Object.fromEntries(new URLSearchParams(rawQuery)),
        auth: req.headers['private-token'] ? 'private' : req.headers['job-token'] ? 'job' : 'none',
        contentType: req.headers['content-type'],
        bodyBytes: body.length,
        status: res.statusCode,
      };
      fake.requests.push(entry);
      fake.afterResponse?.(entry);
    });
  });

  // The "bucket": serves stored files by sha256 to anyone holding the (fake) pre-signed URL.
  const storage = options.objectStorage
    ? createServer((req, res) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        fake.storageRequests.push({ path, headerNames: Object.keys(req.headers) });
        const sha = path.split('/').at(-1);
        const file = [...packages.values()].flatMap((p) => p.files).find((f) => f.sha256 === sha);
        if (!file) return json(res, 404, { message: 'NoSuchKey' });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': file.bytes.length });
        res.end(file.bytes);
      })
    : undefined;
  const storageUrl = storage ? await listen(storage) : undefined;
  fake.url = await listen(server);
  fake.apiUrl = `${fake.url}/api/v4`;
  fake.close = async () => {
    await stop(server);
    if (storage) await stop(storage);
  };
  return fake;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

function json(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
