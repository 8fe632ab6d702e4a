import type { Channel } from '@kefu/contracts';
import type { TFunction } from 'i18next';

export interface CheckResult {
  type: 'success' | 'error' | 'warning' | 'info';
  title: string;
  description: string;
}

/** The IP address WeChat named when it refused this server (from the check message). */
export function refusedIp(message: string | null): string | null {
  if (!message) return null;
  return /IP address ([0-9A-Fa-f.:]*[0-9A-Fa-f])/.exec(message)?.[1] ?? /invalid ip\s+([0-9A-Fa-f.:]+)/.exec(message)?.[1] ?? null;
}

/** What the connection check found, in words for the merchant. */
export function describeCheck(channel: Pick<Channel, 'checkStatus' | 'checkCode' | 'checkMessage' | 'appId'>, t: TFunction): CheckResult {
  if (channel.checkStatus === 'unchecked' || !channel.checkCode) {
    return { type: 'info', title: t('channels.check.uncheckedTitle'), description: t('channels.check.unchecked') };
  }
  const appId = channel.appId;
  switch (channel.checkCode) {
    case 'ok':
      return { type: 'success', title: t('channels.check.okTitle'), description: t('channels.check.ok') };
    case 'wrong_app_id':
      return { type: 'error', title: t('channels.check.wrongAppIdTitle'), description: t('channels.check.wrongAppId', { appId }) };
    case 'wrong_secret':
      return { type: 'error', title: t('channels.check.wrongSecretTitle'), description: t('channels.check.wrongSecret', { appId }) };
    case 'ip_not_whitelisted': {
      const ip = refusedIp(channel.checkMessage);
      return {
        type: 'error',
        title: t('channels.check.ipTitle'),
        description: ip ? t('channels.check.ip', { ip }) : t('channels.check.ipUnknown'),
      };
    }
    case 'secret_frozen':
      return { type: 'error', title: t('channels.check.frozenTitle'), description: t('channels.check.frozen') };
    case 'wechat_unreachable':
      return { type: 'warning', title: t('channels.check.unreachableTitle'), description: t('channels.check.unreachable') };
    default:
      return {
        type: 'error',
        title: t('channels.check.refusedTitle'),
        description: t('channels.check.refused', { detail: channel.checkMessage ?? '' }),
      };
  }
}
