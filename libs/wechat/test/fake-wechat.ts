import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

type Handler = (request: RecordedRequest, response: ServerResponse) => void;

/**
 * A tiny stand-in for api.weixin.qq.com: the token endpoint issues numbered tokens, the other
 * endpoints answer from per-path scripts (default: ok) and check the access token.
 */
export class FakeWechat {
  readonly requests: RecordedRequest[] = [];
  tokenFetches = 0;
  tokenDelayMs = 0;
  expiresIn = 7200;
  /** Errcode answered by the token endpoint instead of a token. */
  tokenError: { errcode: number; errmsg: string } | undefined;
  private readonly validTokens = new Set<string>();
  private readonly scripts = new Map<string, Handler[]>();
  private server: Server | undefined;

  get baseUrl(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Answers the next call of `path` with `handler` (scripts are used once, in order). */
  script(path: string, handler: Handler): void {
    const list = this.scripts.get(path) ?? [];
    list.push(handler);
    this.scripts.set(path, list);
  }

  scriptJson(path: string, body: object, status = 200): void {
    this.script(path, (_, response) => json(response, body, status));
  }

  revokeAllTokens(): void {
    this.validTokens.clear();
  }

  calls(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const request = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
        this.requests.push(request);
        this.handle(request, res);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private handle(request: RecordedRequest, response: ServerResponse): void {
    if (request.path === '/cgi-bin/stable_token') {
      this.tokenFetches++;
      setTimeout(() => {
        if (this.tokenError) return json(response, this.tokenError);
        const token = `TOKEN_${this.tokenFetches}`;
        this.validTokens.add(token);
        json(response, { access_token: token, expires_in: this.expiresIn });
      }, this.tokenDelayMs);
      return;
    }
    const scripted = this.scripts.get(request.path)?.shift();
    if (scripted) return scripted(request, response);
    if (!this.validTokens.has(request.query.get('access_token') ?? '')) {
      return json(response, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest rid: 1-2-3' });
    }
    json(response, { errcode: 0, errmsg: 'ok' });
  }
}

export function json(response: ServerResponse, body: object, status = 200): void {
  response.writeHead(status, { 'Content-Type': 'application/json; encoding=utf-8' });
  response.end(JSON.stringify(body));
}
