import { hkdfSync } from 'node:crypto';

/** One SECRET_KEY serves several purposes; each gets its own key so none can stand in for another. */
export function deriveKey(secretKey: string, purpose: 'access-tokens' | 'secrets-at-rest'): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'kefu-relay', purpose, 32));
}
