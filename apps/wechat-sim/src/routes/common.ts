import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERRMSG, WechatApiError, wechatError } from '../errors';
import type { RegisteredApp } from '../state/apps';
import type { FaultEndpoint } from '../state/faults';
import type { SimState } from '../state/sim-state';
import type { IssuedToken } from '../state/tokens';
import { hasNonAsciiUnicodeEscape } from '../send/unicode-escapes';

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wraps a WeChat API handler with fault injection: an injected fault answers before the real logic runs. */
export function withFaults(state: SimState, endpoint: FaultEndpoint, handler: Handler): Handler {
  return async (request, reply) => {
    const fault = state.faults.take(endpoint);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.httpStatus !== undefined) {
      return reply.code(fault.httpStatus).type('text/plain').send(`${fault.httpStatus} simulated failure`);
    }
    if (fault?.errcode !== undefined) {
      return reply.send(wechatError(fault.errcode, fault.errmsg ?? defaultErrmsg(fault.errcode)));
    }
    return handler(request, reply);
  };
}

function defaultErrmsg(errcode: number): string {
  if (errcode === -1) return ERRMSG.systemBusy;
  if (errcode === 45009) return ERRMSG.dailyQuota;
  if (errcode === 45011) return ERRMSG.minuteQuota;
  return 'simulated error';
}

export interface Caller {
  app: RegisteredApp;
  token: IssuedToken;
}

/** Resolves `?access_token=` to its app: 41001 missing, 40001 unknown/replaced/revoked, 42001 expired. */
export function authenticate(state: SimState, request: FastifyRequest): Caller {
  const value = (request.query as Record<string, unknown>)['access_token'];
  if (typeof value !== 'string' || value === '') throw new WechatApiError(41001, ERRMSG.missingAccessToken);
  const check = state.tokens.check(value);
  if (!check.ok) {
    throw new WechatApiError(check.errcode, check.errcode === 42001 ? ERRMSG.accessTokenExpired : ERRMSG.invalidCredential);
  }
  const app = state.apps.get(check.token.appId);
  if (!app) throw new WechatApiError(40001, ERRMSG.invalidCredential);
  return { app, token: check.token };
}

/** The body of a JSON API call as WeChat reads it: 44002 empty, 47001 unparseable, 40033 `\uXXXX` escapes. */
export function readJsonBody(request: FastifyRequest, options: { rejectUnicodeEscapes: boolean }): unknown {
  const raw = typeof request.body === 'string' ? request.body : '';
  if (raw.trim() === '') throw new WechatApiError(44002, ERRMSG.emptyPostData);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new WechatApiError(47001, `${ERRMSG.dataFormat} hint: [json parse]`);
  }
  if (options.rejectUnicodeEscapes && hasNonAsciiUnicodeEscape(raw)) throw new WechatApiError(40033, ERRMSG.illegalUnicode);
  return parsed;
}

export function queryString(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
