import type { AxiosInstance } from 'axios';
import { WechatApiError, type WechatErrorKind } from './errors';
import { JSON_HEADERS, jsonBody, resultOf, send } from './http';
import type { FetchedToken } from './token-cache';

/** On the token endpoint 40001 means a wrong AppSecret, not a stale token. */
function tokenEndpointKind(errcode: number): WechatErrorKind | undefined {
  return errcode === 40001 ? 'setup' : undefined;
}

/**
 * `POST /cgi-bin/stable_token` with `force_refresh: false`: returns the current token without
 * rotating it, so it never invalidates a token other instances are using.
 */
export async function fetchStableToken(http: AxiosInstance, appId: string, secret: string): Promise<FetchedToken> {
  const response = await send(() =>
    http.post('/cgi-bin/stable_token', jsonBody({ grant_type: 'client_credential', appid: appId, secret, force_refresh: false }), {
      headers: JSON_HEADERS,
      responseType: 'text',
    }),
  );
  const body = resultOf<{ access_token?: unknown; expires_in?: unknown }>(response, tokenEndpointKind);
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw new WechatApiError(null, 'token response without access_token', { kind: 'retry' });
  }
  const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 7200;
  return { accessToken: body.access_token, expiresIn };
}
