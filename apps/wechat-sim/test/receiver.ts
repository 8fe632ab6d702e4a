import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: URL;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Answer = { status?: number; body?: string; delayMs?: number } | undefined;

/** A stand-in relay: records every request and answers as `respond` says (default `success`). */
export class Receiver {
  readonly received: Received[] = [];
  private server!: Server;
  url = '';

  constructor(private readonly respond: (request: Received, index: number) => Answer = () => undefined) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/wechat/push`;
    return this;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: Received = {
        method: req.method ?? '',
        url,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = this.received.push(request) - 1;
      const answer = this.respond(request, index) ?? {};
      const reply = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, { 'Content-Type': 'text/plain' });
        res.end(answer.body ?? 'success');
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Reads one field of WeChat's XML (CDATA or bare). */
export function xmlField(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** The exact MsgId digits from raw JSON, before JSON.parse can round them. */
export function rawJsonMsgId(json: string): string | undefined {
  return /"MsgId"\s*:\s*"?(\d+)/.exec(json)?.[1];
}
