import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  status: number;
  body: Buffer;
}

export type HttpOutcome = { ok: true; answer: HttpAnswer } | { ok: false; error: 'timeout' | string };

/** One HTTP exchange that gives up (and drops the connection) after `timeoutMs`, as WeChat does. */
export function exchange(
  url: string,
  init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
  timeoutMs: number,
): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
    let settled = false;
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = send(
      target,
      {
        method: init.method,
        headers: { ...init.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => finish({ ok: true, answer: { status: res.statusCode ?? 0, body: Buffer.concat(chunks) } }));
        res.on('error', (error) => finish({ ok: false, error: error.message }));
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, error: 'timeout' });
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => finish({ ok: false, error: error.message }));
    req.end(body);
  });
}
