/**
 * A local stand-in for the GitHub REST endpoints the pull request comment uses, behaving as GitHub
 * documents them (docs.github.com/rest/issues/comments):
 *
 *   GET   /repos/:owner/:repo/issues/:issue_number/comments   page-number pagination (per_page ≤ 100,
 *         default 30; oldest first) with a Link header (rel="next", rel="last") while pages remain.
 *   POST  same path {body}                                    201 + the comment.
 *   PATCH /repos/:owner/:repo/issues/comments/:comment_id {body}   200 + the comment.
 *
 * Auth: `Authorization: token <t>` (what @actions/github sends) or `Bearer <t>`. An unknown token is
 * 401; a read-only token (a fork's pull request) gets 403 "Resource not accessible by integration" on
 * writes. A body over 65,536 characters is 422. Every request is logged without token values.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGitHubUser {
  token: string;
  login: string;
  /** false: the token may read but not write (a fork's pull_request GITHUB_TOKEN). */
  write: boolean;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string };
  html_url: string;
  created_at: string;
  updated_at: string;
}

export interface LoggedGitHubRequest {
  method: string;
  path: string;
  status: number;
}

export interface FakeGitHub {
  /** The API root, for GITHUB_API_URL. */
  url: string;
  requests: LoggedGitHubRequest[];
  /** The comments of an issue or pull request, oldest first. */
  comments(owner: string, repo: string, issue: number): FakeComment[];
  /** Adds a comment as if someone else had written it. */
  seed(owner: string, repo: string, issue: number, login: string, body: string): void;
  close(): Promise<void>;
}

const COMMENT_LIMIT = 65_536;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: object,
  ) {
    super(`HTTP ${status}`);
  }
}

export async function startFakeGitHub(users: FakeGitHubUser[]): Promise<FakeGitHub> {
  const threads = new Map<string, FakeComment[]>();
  const requests: LoggedGitHubRequest[] = [];
  let nextId = 1000;
  let clock = Date.UTC(2026, 0, 1);
  /** A second later than the last timestamp handed out. */
  const tick = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };
  const thread = (owner: string, repo: string, issue: number) => {
    const key = `${owner}/${repo}#${issue}`;
    if (!threads.has(key)) threads.set(key, []);
    return threads.get(key)!;
  };
  const addComment = (owner: string, repo: string, issue: number, login: string, body: string) => {
    const now = tick();
    const id = nextId++;
    const comment: FakeComment = {
      id,
      body,
      user: { login },
      html_url: `https://github.example/${owner}/${repo}/pull/${issue}#issuecomment-${id}`,
      created_at: now,
      updated_at: now,
    };
    thread(owner, repo, issue).push(comment);
    return comment;
  };

  const readBody = async (request: IncomingMessage): Promise<{ body?: unknown }> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new HttpError(400, { message: 'Problems parsing JSON' });
    }
  };
  const checkedBody = (json: { body?: unknown }): string => {
    if (typeof json.body !== 'string') throw new HttpError(422, { message: 'Invalid request: body' });
    if ([...json.body].length > COMMENT_LIMIT)
      throw new HttpError(422, {
        message: 'Validation Failed',
        errors: [{ field: 'body', code: 'too_long' }],
      });
    return json.body;
  };

  let base = '';
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<object> {
    const auth = /^(?:token|Bearer) (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const user = users.find((u) => u.token === auth);
    if (!user) throw new HttpError(401, { message: 'Bad credentials' });
    const url = new URL(request.url ?? '/', base);
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const forbidden = () => new HttpError(403, { message: 'Resource not accessible by integration' });
    if (list && request.method === 'GET') {
      const comments = thread(list[1]!, list[2]!, Number(list[3]));
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30) || 30, 100);
      const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
      const last = Math.max(Math.ceil(comments.length / perPage), 1);
      const link = (p: number, rel: string) => {
        const next = new URL(url);
        next.searchParams.set('page', String(p));
        return `<${next.href}>; rel="${rel}"`;
      };
      if (page < last) response.setHeader('link', [link(page + 1, 'next'), link(last, 'last')].join(', '));
      return comments.slice((page - 1) * perPage, page * perPage);
    }
    if (list && request.method === 'POST') {
      const body = checkedBody(await readBody(request));
      if (!user.write) throw forbidden();
      response.statusCode = 201;
      return addComment(list[1]!, list[2]!, Number(list[3]), user.login, body);
    }
    if (one && request.method === 'PATCH') {
      const body = checkedBody(await readBody(request));
      if (!user.write) throw forbidden();
      const comment = [...threads.values()].flat().find((c) => c.id === Number(one[3]));
      if (!comment) throw new HttpError(404, { message: 'Not Found' });
      if (comment.user.login !== user.login) throw forbidden();
      comment.body = body;
      comment.updated_at = tick();
      return comment;
    }
    throw new HttpError(404, { message: 'Not Found' });
  }

  const server = createServer((request, response) => {
    handle(request, response)
      .catch((error: unknown) => {
        if (!(error instanceof HttpError)) throw error;
        response.statusCode = error.status;
        return error.body;
      })
      .then((json) => {
        requests.push({
          method: request.method ?? '',
          path: request.url ?? '',
          status: response.statusCode,
        });
        response.setHeader('content-type', 'application/json; charset=utf-8');
        response.end(JSON.stringify(json));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    comments: (owner, repo, issue) => thread(owner, repo, issue),
    seed: (owner, repo, issue, login, body) => {
      addComment(owner, repo, issue, login, body);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
