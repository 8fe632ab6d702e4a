import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ERRMSG, WechatApiError } from '../errors';
import type { RegisteredApp } from '../state/apps';
import type { SimState } from '../state/sim-state';
import type { IssuedToken } from '../state/tokens';
import { queryString, readJsonBody, withFaults } from './common';

interface Credentials {
  grantType: unknown;
  appId: unknown;
  secret: unknown;
}

/** The checks both token endpoints share; the whitelist is judged before the secret (protocol §5.4). */
function identify(
  state: SimState,
  request: FastifyRequest,
  credentials: Credentials,
  wrongSecretCode: 40001 | 40125,
): RegisteredApp {
  const missing = (value: unknown) => typeof value !== 'string' || value === '';
  if (credentials.grantType !== 'client_credential') throw new WechatApiError(40002, ERRMSG.invalidGrantType);
  if (missing(credentials.appId)) throw new WechatApiError(41002, ERRMSG.missingAppid);
  const app = state.apps.get(credentials.appId as string);
  if (!app) throw new WechatApiError(40013, ERRMSG.invalidAppid);
  if (!state.apps.allowsIp(app, request.ip)) {
    const ipv4 = request.ip.replace(/^::ffff:/, '');
    throw new WechatApiError(40164, `invalid ip ${ipv4} ipv6 ::ffff:${ipv4}, not in whitelist`);
  }
  if (missing(credentials.secret)) throw new WechatApiError(41004, ERRMSG.missingSecret);
  if (credentials.secret !== app.secret) {
    const errmsg = wrongSecretCode === 40125 ? ERRMSG.invalidAppsecret : ERRMSG.invalidCredential;
    throw new WechatApiError(wrongSecretCode, errmsg);
  }
  return app;
}

const answer = (token: IssuedToken, now: number) => ({
  access_token: token.value,
  expires_in: Math.max(0, Math.floor((token.expiresAt - now) / 1000)),
});

export function registerTokenRoutes(server: FastifyInstance, state: SimState): void {
  server.get(
    '/cgi-bin/token',
    withFaults(state, 'token', async (request) => {
      const app = identify(
        state,
        request,
        {
          grantType: queryString(request, 'grant_type'),
          appId: queryString(request, 'appid'),
          secret: queryString(request, 'secret'),
        },
        40001,
      );
      return answer(state.tokens.issueClassic(app.appId), state.clock.now());
    }),
  );

  server.post(
    '/cgi-bin/stable_token',
    withFaults(state, 'stable_token', async (request) => {
      const body = readJsonBody(request, { rejectUnicodeEscapes: false });
      const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
      const app = identify(
        state,
        request,
        { grantType: fields['grant_type'], appId: fields['appid'], secret: fields['secret'] },
        40125,
      );
      const result = state.tokens.stable(app.appId, fields['force_refresh'] === true);
      if (!result.ok) {
        throw result.reason === 'daily_limit'
          ? new WechatApiError(45009, ERRMSG.dailyQuota)
          : new WechatApiError(45011, ERRMSG.minuteQuota);
      }
      return answer(result.token, state.clock.now());
    }),
  );
}
