import { randomBytes } from 'node:crypto';

export interface WechatErrorBody {
  errcode: number;
  errmsg: string;
}

/** WeChat's request id suffix, e.g. `rid: 6571b3c2-5e0a1f44-2d9c07aa`. */
export function requestId(): string {
  return [0, 1, 2].map(() => randomBytes(4).toString('hex')).join('-');
}

/** An error answer as WeChat writes it: HTTP 200, errcode and an errmsg ending in a rid. */
export function wechatError(errcode: number, message: string): WechatErrorBody {
  return { errcode, errmsg: `${message} rid: ${requestId()}` };
}

export const OK: WechatErrorBody = { errcode: 0, errmsg: 'ok' };

/** Thrown inside route logic to answer with a WeChat error. */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsgText: string,
  ) {
    super(`${errcode} ${errmsgText}`);
    this.name = 'WechatApiError';
  }

  toBody(): WechatErrorBody {
    return wechatError(this.errcode, this.errmsgText);
  }
}

/** The error messages WeChat uses for the codes the simulator answers. */
export const ERRMSG = {
  systemBusy: 'system error',
  invalidCredential: 'invalid credential, access_token is invalid or not latest',
  invalidGrantType: 'invalid grant_type',
  invalidOpenid: 'invalid openid',
  invalidMediaType: 'invalid media type',
  invalidMediaId: 'invalid media_id',
  invalidMessageType: 'invalid message type',
  invalidAppid: 'invalid appid',
  invalidAppsecret: 'invalid appsecret',
  illegalUnicode: 'invalid content hint: [\\uxxxx] character not allowed',
  missingAccessToken: 'access_token missing',
  missingAppid: 'appid missing',
  missingSecret: 'appsecret missing',
  missingMedia: 'media data missing',
  accessTokenExpired: 'access_token expired',
  emptyPostData: 'empty post data',
  emptyContent: 'empty content',
  requireSubscribe: 'require subscribe',
  contentTooLong: 'content size out of limit',
  tooManyArticles: 'article size out of limit',
  dailyQuota: 'reach max api daily quota limit',
  minuteQuota: 'api minute-quota reach limit mustslower retry next minute',
  responseOutOfTime: 'response out of time limit or subscription is canceled',
  outOfResponseCount: 'out of response count limit',
  invalidTypingCommand: 'invalid command',
  typingNoInteraction: 'no interaction within 30 seconds',
  alreadyTyping: 'already typing, try later',
  dataFormat: 'data format error',
  invalidImageSize: 'invalid image size',
  invalidVoiceSize: 'invalid voice size',
  invalidVideoSize: 'invalid video size',
  invalidThumbSize: 'invalid thumb size',
  invalidMediaSize: 'invalid media size',
} as const;
