import { ridFromErrmsg, WechatApiError } from './errors';
import { createHttp, DEFAULT_API_BASE_URL } from './http';
import { fetchStableToken } from './stable-token';

export type CredentialProblem =
  | 'invalid_app_id'
  | 'invalid_secret'
  | 'ip_not_whitelisted'
  | 'secret_frozen'
  | 'try_again'
  | 'unexpected';

export type CredentialCheck =
  | { ok: true }
  | {
      ok: false;
      problem: CredentialProblem;
      /** A sentence for the admin console. */
      message: string;
      errcode: number | null;
      errmsg: string;
      rid?: string;
      /** For `ip_not_whitelisted`: the address WeChat saw, to add to the console's whitelist. */
      ip?: string;
    };

const MESSAGES: Record<CredentialProblem, string> = {
  invalid_app_id: 'The AppID is not valid.',
  invalid_secret: 'The AppSecret is not valid for this AppID.',
  ip_not_whitelisted: "This server's IP address is not in the account's IP whitelist (credentials not checked).",
  secret_frozen: 'The AppSecret is frozen; unfreeze it in the WeChat console.',
  try_again: 'WeChat could not be reached or is busy; try again.',
  unexpected: 'WeChat refused the credentials.',
};

const PROBLEM_BY_ERRCODE: Record<number, CredentialProblem> = {
  40013: 'invalid_app_id',
  40125: 'invalid_secret',
  40001: 'invalid_secret',
  40164: 'ip_not_whitelisted',
  40243: 'secret_frozen',
  [-1]: 'try_again',
};

/** `invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: …` → `1.2.3.4`. */
export function ipFromErrmsg(errmsg: string): string | undefined {
  return /invalid ip\s+([0-9A-Fa-f.:]+)/.exec(errmsg)?.[1];
}

/**
 * Validates an AppID/AppSecret pair for the admin console through `stable_token`
 * (`force_refresh: false`, so tokens in use elsewhere stay valid). Never throws.
 */
export async function checkCredentials(
  appId: string,
  secret: string,
  options: { baseUrl?: string; timeoutMs?: number } = {},
): Promise<CredentialCheck> {
  if (!/^wx[0-9A-Za-z]+$/.test(appId)) {
    return failure('invalid_app_id', null, 'AppID must start with "wx"', 'An AppID starts with "wx".');
  }
  try {
    await fetchStableToken(createHttp(options.baseUrl ?? DEFAULT_API_BASE_URL, options.timeoutMs), appId, secret);
    return { ok: true };
  } catch (error) {
    if (!(error instanceof WechatApiError)) throw error;
    if (error.errcode === null) return failure('try_again', null, error.errmsg);
    const problem = PROBLEM_BY_ERRCODE[error.errcode] ?? (error.kind === 'retry' ? 'try_again' : 'unexpected');
    const result = failure(problem, error.errcode, error.errmsg);
    if (problem === 'ip_not_whitelisted') {
      const ip = ipFromErrmsg(error.errmsg);
      if (ip) return { ...result, ip, message: `${MESSAGES[problem]} Add ${ip} to the whitelist.` };
    }
    return result;
  }
}

type CredentialFailure = Extract<CredentialCheck, { ok: false }>;

function failure(
  problem: CredentialProblem,
  errcode: number | null,
  errmsg: string,
  message = MESSAGES[problem],
): CredentialFailure {
  const rid = ridFromErrmsg(errmsg);
  return { ok: false, problem, message, errcode, errmsg, ...(rid ? { rid } : {}) };
}
