import { hash } from 'node:crypto';

/** SHA-1 over the lexicographically sorted, concatenated parts, as lowercase hex (protocol §1, §3.4). */
export function sortedSha1(...parts: string[]): string {
  // Insertion sort with plain `<`: the same order as Array#sort's default for strings, without its overhead.
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i];
    let j = i - 1;
    for (; j >= 0 && parts[j] > part; j--) parts[j + 1] = parts[j];
    parts[j + 1] = part;
  }
  let joined = '';
  for (const part of parts) joined += part;
  return hash('sha1', joined, 'hex');
}

/** The `signature` of the GET handshake and of every push. */
export function handshakeSignature(token: string, timestamp: string, nonce: string): string {
  return sortedSha1(token, timestamp, nonce);
}

/** The `msg_signature` of an encrypted push or reply. */
export function messageSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return sortedSha1(token, timestamp, nonce, encrypt);
}

/**
 * Constant-time comparison of a computed signature with a received one (ASCII case-insensitive,
 * false on different lengths). Every character is compared, with no early exit, and the only branch
 * depends on the received text, never on the expected one. Written as a loop rather than with
 * `crypto.timingSafeEqual` because the two Buffers that needs were a fifth of the cost of decoding a push.
 */
export function signaturesEqual(expected: string, received: string | undefined | null): boolean {
  if (typeof received !== 'string' || received.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) {
    let c = received.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    difference |= c ^ expected.charCodeAt(i);
  }
  return difference === 0;
}
