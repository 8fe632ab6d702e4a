import { randomBytes } from 'node:crypto';

/** A random valid EncodingAESKey (43 characters of [A-Za-z0-9]). */
export function randomEncodingAesKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  // The 43rd character carries only 4 key bits; its 2 low bits must be zero to decode to 32 bytes cleanly.
  const last = 'AEIMQUYcgkosw048';
  const bytes = randomBytes(43);
  let key = '';
  for (let i = 0; i < 42; i++) key += alphabet[bytes[i] % alphabet.length];
  return key + last[bytes[42] % last.length];
}
