import { randomBytes, randomInt } from 'node:crypto';

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/** Real access tokens are opaque strings of ~136+ characters; relays must store ≥ 512. */
export function newAccessToken(): string {
  return randomFrom(TOKEN_ALPHABET, 157);
}

export function newMediaId(): string {
  return randomFrom(TOKEN_ALPHABET, 64);
}

const MIN_MSG_ID = 2n ** 53n + 1n;
const MAX_MSG_ID = 2n ** 63n - 1n;

/** A 64-bit MsgId deliberately above 2^53, so a relay that parses it as a JS number loses digits. */
export function newMsgId(): string {
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`);
  return (MIN_MSG_ID + (random % (MAX_MSG_ID - MIN_MSG_ID))).toString();
}

/** WeChat's nonces are decimal strings. */
export function newNonce(): string {
  return String(randomInt(100_000_000, 2_147_483_647));
}

export function newEchostr(): string {
  return `${randomInt(1_000_000_000, 2_147_483_647)}${randomInt(100_000_000, 999_999_999)}`;
}

/** The 16-byte random prefix of WeChat's encryption, written as ASCII like the official samples. */
export function newCryptoRandom(): Buffer {
  return Buffer.from(randomFrom('abcdef0123456789', 16), 'ascii');
}
