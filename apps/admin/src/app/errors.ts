import { AxiosError } from 'axios';
import type { ApiError } from '@kefu/contracts';

export interface ProblemInfo {
  /** No answer came back: offline, DNS, refused connection, timeout. */
  network: boolean;
  status?: number;
  /** The server's messages, for validation errors. */
  messages: string[];
  /** Seconds to wait, for 429 answers. */
  retryAfter?: number;
}

export function describeProblem(error: unknown): ProblemInfo {
  if (!(error instanceof AxiosError)) return { network: false, messages: [] };
  const response = error.response;
  if (!response) return { network: true, messages: [] };

  const body = (response.data ?? {}) as Partial<ApiError>;
  const messages = Array.isArray(body.message) ? body.message : body.message ? [body.message] : [];
  let retryAfter = typeof body.retryAfter === 'number' ? body.retryAfter : undefined;
  if (retryAfter === undefined) {
    const header = Number(response.headers?.['retry-after']);
    if (Number.isFinite(header) && header > 0) retryAfter = header;
  }
  return { network: false, status: response.status, messages, retryAfter: retryAfter && Math.ceil(retryAfter) };
}
