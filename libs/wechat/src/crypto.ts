import { createCipheriv, createDecipheriv, randomBytes, type Decipher } from 'node:crypto';
import { WechatCryptoError } from './errors';
import { messageSignature, signaturesEqual } from './signature';

const BLOCK = 32; // WeChat pads to 32 bytes, not AES's 16
const KEY_PATTERN = /^[A-Za-z0-9]{43}$/;
/**
 * Decodes standard base64, or returns undefined when the text is not strictly that. Node's decoder
 * skips characters outside the alphabet and stops at an inner `=`, so for any such character the
 * output is shorter than the length implied by the text; it also accepts the URL-safe `-` and `_`,
 * which are refused explicitly. (Cheaper than a regex over every push.)
 */
function decodeStrictBase64(text: string): Buffer | undefined {
  const length = text.length;
  if (length === 0 || length % 4 !== 0 || text.includes('-') || text.includes('_')) return undefined;
  const padding = text.charCodeAt(length - 1) !== 0x3d ? 0 : text.charCodeAt(length - 2) !== 0x3d ? 1 : 2;
  const data = Buffer.from(text, 'base64');
  return data.length === (length / 4) * 3 - padding ? data : undefined;
}

/** Decodes an EncodingAESKey into the 32-byte AES key, or throws `bad_key`. */
export function aesKeyFrom(encodingAesKey: string): Buffer {
  // Some libraries print the key with the base64 pad WeChat's console leaves off; accept both.
  const bare = encodingAesKey.length === 44 && encodingAesKey.endsWith('=') ? encodingAesKey.slice(0, 43) : encodingAesKey;
  if (!KEY_PATTERN.test(bare)) throw new WechatCryptoError('bad_key');
  const key = Buffer.from(`${bare}=`, 'base64');
  if (key.length !== 32) throw new WechatCryptoError('bad_key');
  return key;
}

/**
 * WeChat's message encryption (WXBizMsgCrypt): AES-256-CBC, IV = first 16 key bytes,
 * PKCS#7 to 32 bytes over random(16) ‖ length(4, big-endian) ‖ message ‖ appId.
 */
export class MessageCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private readonly appId: Buffer;
  private blockDecipher: Decipher | undefined;
  /** The IV as four 32-bit words (a copy, so it is always aligned) for the word-wise CBC chaining. */
  private readonly ivWords: Uint32Array;

  constructor(encodingAesKey: string, appId: string) {
    this.key = aesKeyFrom(encodingAesKey);
    this.iv = this.key.subarray(0, 16);
    this.ivWords = new Uint32Array(new Uint8Array(this.iv).buffer);
    this.appId = Buffer.from(appId, 'utf8');
  }

  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    if (random.length !== 16) throw new RangeError('random prefix must be 16 bytes');
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length, 0);
    const plain = Buffer.concat([random, length, body, this.appId]);
    const pad = BLOCK - (plain.length % BLOCK);
    const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
  }

  /** Decrypts `Encrypt` and returns the message; the trailing app id must equal this crypto's. */
  decrypt(encrypted: string): string {
    const { plain, messageEnd, end } = this.unwrap(encrypted);
    if (this.appId.compare(plain, messageEnd, end) !== 0) {
      const found = plain.toString('utf8', messageEnd, end);
      throw new WechatCryptoError('app_id_mismatch', `got ${JSON.stringify(found)}`, found);
    }
    return plain.toString('utf8', 20, messageEnd);
  }

  /** Decrypts without judging the app id: for tools that want to show it. */
  open(encrypted: string): { message: string; appId: Buffer } {
    const { plain, messageEnd, end } = this.unwrap(encrypted);
    return { message: plain.toString('utf8', 20, messageEnd), appId: plain.subarray(messageEnd, end) };
  }

  /** Base64-decodes, decrypts and strictly unpads; the message is bytes [20, messageEnd), the app id [messageEnd, end). */
  private unwrap(encrypted: string): { plain: Buffer; messageEnd: number; end: number } {
    const data = decodeStrictBase64(encrypted);
    if (!data) throw new WechatCryptoError('bad_base64');
    if (data.length % 16 !== 0) {
      throw new WechatCryptoError('bad_length', `${data.length} bytes is not a multiple of 16`);
    }
    const plain = this.decryptCbc(data);
    const pad = plain[plain.length - 1];
    if (pad < 1 || pad > BLOCK || pad > plain.length) throw new WechatCryptoError('bad_padding');
    const end = plain.length - pad;
    for (let i = end; i < plain.length; i++) {
      if (plain[i] !== pad) throw new WechatCryptoError('bad_padding');
    }
    if (end < 20) throw new WechatCryptoError('bad_length', 'shorter than the 20-byte header');
    const messageEnd = 20 + plain.readUInt32BE(16);
    if (messageEnd > end) throw new WechatCryptoError('bad_length', 'length field runs past the end');
    return { plain, messageEnd, end };
  }

  /**
   * AES-256-CBC decryption without padding removal. Setting up a cipher (key schedule) costs more than
   * decrypting a whole push, so one never-finalised ECB context per key is kept and the CBC chaining
   * (each block XOR the previous ciphertext block, the first XOR the IV) is done here. ECB holds no
   * state between blocks, so reusing the context is safe.
   */
  private decryptCbc(data: Buffer): Buffer {
    if (!this.blockDecipher) {
      this.blockDecipher = createDecipheriv('aes-256-ecb', this.key, null);
      this.blockDecipher.setAutoPadding(false);
    }
    const out = this.blockDecipher.update(data);
    if (out.length !== data.length) throw new WechatCryptoError('bad_length', 'block decryption returned a partial result');
    xorPreviousBlocks(out, data, this.ivWords);
    return out;
  }
}

/** CBC chaining after block decryption: block i ^= ciphertext block i−1 (block 0 ^= IV). */
function xorPreviousBlocks(out: Buffer, ciphertext: Buffer, ivWords: Uint32Array): void {
  if (out.byteOffset % 4 === 0 && ciphertext.byteOffset % 4 === 0) {
    // Word-wise: four times fewer steps; byte order does not matter for XOR.
    const words = new Uint32Array(out.buffer, out.byteOffset, out.length >>> 2);
    const previous = new Uint32Array(ciphertext.buffer, ciphertext.byteOffset, ciphertext.length >>> 2);
    for (let i = 0; i < 4; i++) words[i] ^= ivWords[i];
    for (let i = 4; i < words.length; i++) words[i] ^= previous[i - 4];
    return;
  }
  const iv = new Uint8Array(ivWords.buffer);
  for (let i = 0; i < 16; i++) out[i] ^= iv[i];
  for (let i = 16; i < out.length; i++) out[i] ^= ciphertext[i - 16];
}

export interface SignedCiphertext {
  token: string;
  timestamp: string;
  nonce: string;
  msgSignature: string | undefined | null;
  encrypt: string;
}

/** Checks `msg_signature` first (never decrypts an unsigned body), then decrypts. */
export function verifyAndDecrypt(crypto: MessageCrypto, input: SignedCiphertext): string {
  const expected = messageSignature(input.token, input.timestamp, input.nonce, input.encrypt);
  if (!signaturesEqual(expected, input.msgSignature)) throw new WechatCryptoError('signature_mismatch');
  return crypto.decrypt(input.encrypt);
}

/** Encrypts and signs a message the way WeChat sends a secure-mode push or expects a reply. */
export function encryptAndSign(
  crypto: MessageCrypto,
  token: string,
  message: string,
  timestamp: string,
  nonce: string,
  random?: Buffer,
): { encrypt: string; msgSignature: string } {
  const encrypt = crypto.encrypt(message, random);
  return { encrypt, msgSignature: messageSignature(token, timestamp, nonce, encrypt) };
}
