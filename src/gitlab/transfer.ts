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
import { GitbeakerRequestError, GitbeakerTimeoutError, type PackageRegistry } from '@gitbeaker/rest';

type RequesterFn = NonNullable<ConstructorParameters<typeof PackageRegistry>[0]['requesterFn']>;
type Requester = ReturnType<RequesterFn>;
type Resource = Parameters<RequesterFn>[0];
interface CallOptions {
  body?: unknown;
  searchParams?: Record<string, unknown>;
  signal?: AbortSignal;
}

const MAX_REDIRECTS = 5;

export const fileTransferRequester: RequesterFn = (resource) => {
  const unsupported = () => Promise.reject(new Error('the file transfer requester only does GET and PUT'));
  return {
    get: (endpoint: string, options?: CallOptions) => download(resource, endpoint, options ?? {}),
    put: (endpoint: string, options?: CallOptions) => upload(resource, endpoint, options ?? {}),
    post: unsupported,
    patch: unsupported,
    delete: unsupported,
  } as Requester;
};

function endpointUrl(resource: Resource, endpoint: string): URL {
  return new URL(endpoint, resource.url.endsWith('/') ? resource.url : `${resource.url}/`);
}

async function authHeaders(resource: Resource): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(resource.authHeaders)) headers[name] = await value();
  return headers;
}

async function send(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError')
      throw new GitbeakerTimeoutError('Query timeout was reached');
    throw error;
  }
}

/** GitLab's words from an error response, the way gitbeaker reads them (`error`, else `message`). */
async function failed(request: Request, response: Response): Promise<GitbeakerRequestError> {
  const text = await response.text();
  let description = text;
  if ((response.headers.get('content-type') ?? '').includes('application/json')) {
    try {
      const said = (JSON.parse(text) as { error?: unknown; message?: unknown }) ?? {};
      const value = said.error ?? said.message ?? '';
      description = typeof value === 'string' ? value : JSON.stringify(value);
    } catch {
      // not JSON after all: keep the text
    }
  }
  return new GitbeakerRequestError(description, { cause: { description, request, response } });
}

async function download(resource: Resource, endpoint: string, options: CallOptions) {
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
    if (!response.ok) throw await failed(request, response);
    return {
      body: await response.blob(),
      headers: Object.fromEntries(response.headers),
      status: response.status,
    };
  }
  throw new Error(`more than ${MAX_REDIRECTS} redirects from ${origin}`);
}

async function upload(resource: Resource, endpoint: string, options: CallOptions) {
  const form = options.body;
  const file = form instanceof FormData ? form.get('file') : null;
  if (!(form instanceof FormData) || !(file instanceof Blob)) throw new Error('an upload needs a file part');
  const url = endpointUrl(resource, endpoint);
  for (const [key, value] of form)
    if (key !== 'file' && typeof value === 'string') url.searchParams.set(key, value);
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
  if (!response.ok) throw await failed(request, response);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // GitLab answers JSON; anything else is kept as text
  }
  return { body, headers: Object.fromEntries(response.headers), status: response.status };
}
