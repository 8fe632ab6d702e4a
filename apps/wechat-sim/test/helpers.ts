import { SimClock, startWechatSim, type WechatSim, type WechatSimOptions } from '../src';

export const MP = { appId: 'wxminiprogram0001', secret: 'mp-secret-0001', kind: 'miniprogram' as const };
export const OA = { appId: 'wxofficialacct001', secret: 'oa-secret-0001', kind: 'official_account' as const };
export const START = Date.UTC(2026, 0, 15, 4, 0, 0);

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A sim on a frozen clock with one mini-program and one official account. */
export function startTestSim(options: WechatSimOptions = {}): Promise<WechatSim> {
  return startWechatSim({ clock: new SimClock({ frozen: true, startAt: START }), apps: [MP, OA], ...options });
}

export type WechatAnswer = Record<string, unknown> & { errcode?: number; errmsg?: string };

export async function getJson(sim: WechatSim, path: string): Promise<WechatAnswer> {
  const response = await fetch(`${sim.url}${path}`);
  return (await response.json()) as WechatAnswer;
}

export async function postRaw(
  sim: WechatSim,
  path: string,
  body: string,
  contentType = 'application/json',
): Promise<WechatAnswer> {
  const response = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
  return (await response.json()) as WechatAnswer;
}

export function postJson(sim: WechatSim, path: string, body: unknown): Promise<WechatAnswer> {
  return postRaw(sim, path, JSON.stringify(body));
}

export async function stableToken(sim: WechatSim, app: { appId: string; secret: string }, forceRefresh = false) {
  return postJson(sim, '/cgi-bin/stable_token', {
    grant_type: 'client_credential',
    appid: app.appId,
    secret: app.secret,
    force_refresh: forceRefresh,
  });
}

export function classicToken(sim: WechatSim, app: { appId: string; secret: string }) {
  return getJson(sim, `/cgi-bin/token?grant_type=client_credential&appid=${app.appId}&secret=${app.secret}`);
}

export async function tokenFor(sim: WechatSim, app: { appId: string; secret: string }): Promise<string> {
  const answer = await stableToken(sim, app);
  if (typeof answer['access_token'] !== 'string') throw new Error(`no token: ${JSON.stringify(answer)}`);
  return answer['access_token'];
}

export function send(sim: WechatSim, token: string, body: unknown): Promise<WechatAnswer> {
  return postJson(sim, `/cgi-bin/message/custom/send?access_token=${token}`, body);
}

export const text = (touser: string, content = 'hello') => ({ touser, msgtype: 'text', text: { content } });

export const RID = /rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;
