import type { ChannelCheckCode, ChannelCheckStatus } from '@kefu/contracts';
import { checkCredentials, type CredentialProblem } from '@kefu/wechat';
import { Injectable } from '@nestjs/common';
import { WechatApiBase } from './wechat-api-base';

export interface CredentialsVerdict {
  status: Exclude<ChannelCheckStatus, 'unchecked'>;
  code: ChannelCheckCode;
  /** A sentence telling the merchant what is wrong and where to fix it in the WeChat console. */
  message: string;
}

const CHECK_TIMEOUT_MS = 5000;

const CODE_BY_PROBLEM: Record<CredentialProblem, ChannelCheckCode> = {
  invalid_app_id: 'wrong_app_id',
  invalid_secret: 'wrong_secret',
  ip_not_whitelisted: 'ip_not_whitelisted',
  secret_frozen: 'secret_frozen',
  try_again: 'wechat_unreachable',
  unexpected: 'wechat_refused',
};

/**
 * Asks WeChat whether an AppID and AppSecret belong together, through `stable_token` with
 * `force_refresh: false` (wechat-protocol §5.4), so tokens in use elsewhere stay valid.
 * The secret is passed through, never logged or kept.
 */
@Injectable()
export class WechatCredentialsChecker {
  constructor(private readonly apiBase: WechatApiBase) {}

  async check(appId: string, appSecret: string): Promise<CredentialsVerdict> {
    let result: Awaited<ReturnType<typeof checkCredentials>>;
    try {
      result = await checkCredentials(appId, appSecret, { baseUrl: this.apiBase.for(appId), timeoutMs: CHECK_TIMEOUT_MS });
    } catch {
      return { status: 'failed', code: 'wechat_unreachable', message: unreachable() };
    }
    if (result.ok) return { status: 'ok', code: 'ok', message: 'WeChat accepted the AppID and AppSecret.' };
    const code = CODE_BY_PROBLEM[result.problem];
    return { status: 'failed', code, message: describe(code, appId, result) };
  }
}

function unreachable(): string {
  return 'WeChat could not be reached or was busy, so the AppID and AppSecret are not checked yet. The channel is saved: check it again in a minute.';
}

function describe(code: ChannelCheckCode, appId: string, result: { errcode: number | null; errmsg: string; ip?: string }): string {
  switch (code) {
    case 'wrong_app_id':
      return `WeChat does not know the AppID ${appId}. Copy the AppID again from the WeChat console (开发 → 开发管理 → 开发设置) of the app you connect.`;
    case 'wrong_secret':
      return `The AppSecret does not belong to the AppID ${appId}, or it was reset since. Copy the current AppSecret from 开发 → 开发管理 → 开发设置 (reset it there if nobody kept it) and save again.`;
    case 'ip_not_whitelisted': {
      const ip = result.ip ?? /invalid ip\s+([0-9A-Fa-f.:]+)/.exec(result.errmsg)?.[1];
      const address = ip ? `this server's IP address ${ip}` : "this server's IP address";
      return `WeChat refused ${address}: add ${ip ?? 'it'} to the IP whitelist (开发 → 基本配置 → IP白名单) and check again. The AppID and AppSecret are not checked until then.`;
    }
    case 'secret_frozen':
      return 'The AppSecret is frozen. Unfreeze it in the WeChat console (开发 → 开发管理 → 开发设置) and check again.';
    case 'wechat_unreachable':
      return unreachable();
    default:
      return `WeChat refused the AppID and AppSecret (errcode ${result.errcode ?? 'none'}: ${result.errmsg}).`;
  }
}
