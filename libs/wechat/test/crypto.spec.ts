import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesKeyFrom, encryptAndSign, MessageCrypto, verifyAndDecrypt, WechatCryptoError, type CryptoFailure } from '../src';
import { randomEncodingAesKey } from './helpers';
import { changeOneDigit, VECTOR_A, VECTOR_B, VECTOR_C } from './vectors';

function failureOf(run: () => unknown): CryptoFailure | 'no error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    if (error instanceof WechatCryptoError) return error.failure;
    throw error;
  }
}

describe('aesKeyFrom', () => {
  it('decodes the WeCom key to the documented bytes and 43 × A to zeros', () => {
    expect(aesKeyFrom(VECTOR_C.encodingAesKey).toString('hex')).toBe(VECTOR_C.aesKeyHex);
    expect(aesKeyFrom(VECTOR_A.encodingAesKey).equals(Buffer.alloc(32))).toBe(true);
  });

  it('accepts the key with the base64 pad some libraries print', () => {
    expect(aesKeyFrom(`${VECTOR_C.encodingAesKey}=`).toString('hex')).toBe(VECTOR_C.aesKeyHex);
  });

  it.each([['too short', 'A'.repeat(42)], ['too long', 'A'.repeat(44)], ['padded twice', `${'A'.repeat(42)}==`], ['bad character', `${'A'.repeat(42)}+`], ['empty', '']])(
    'rejects a key that is %s',
    (_, key) => {
      expect(failureOf(() => aesKeyFrom(key))).toBe('bad_key');
      expect(failureOf(() => new MessageCrypto(key, 'wx1'))).toBe('bad_key');
    },
  );
});

describe('Vector A (mini-program secure push)', () => {
  const crypto = new MessageCrypto(VECTOR_A.encodingAesKey, VECTOR_A.appId);
  const signed = {
    token: VECTOR_A.token,
    timestamp: VECTOR_A.query.timestamp,
    nonce: VECTOR_A.query.nonce,
    msgSignature: VECTOR_A.query.msg_signature,
    encrypt: VECTOR_A.encrypt,
  };

  it('verifies and decrypts to the documented plaintext', () => {
    expect(verifyAndDecrypt(crypto, signed)).toBe(VECTOR_A.plaintext);
  });

  it('re-encrypts byte for byte with the recovered random prefix', () => {
    expect(crypto.encrypt(VECTOR_A.plaintext, Buffer.from(VECTOR_A.random))).toBe(VECTOR_A.encrypt);
  });

  it('has the documented layout: 224 bytes of ciphertext, 19 bytes of 0x13 padding', () => {
    expect(Buffer.from(VECTOR_A.encrypt, 'base64')).toHaveLength(224);
    expect(Buffer.byteLength(VECTOR_A.plaintext)).toBe(167);
  });

  it('rejects a nonce with one digit changed as signature mismatch', () => {
    expect(failureOf(() => verifyAndDecrypt(crypto, { ...signed, nonce: changeOneDigit(signed.nonce) }))).toBe('signature_mismatch');
  });

  it('rejects a missing msg_signature as signature mismatch', () => {
    expect(failureOf(() => verifyAndDecrypt(crypto, { ...signed, msgSignature: undefined }))).toBe('signature_mismatch');
  });

  it('rejects another AppID as app id mismatch, naming the app id found', () => {
    const other = new MessageCrypto(VECTOR_A.encodingAesKey, 'wx0000000000000000');
    try {
      verifyAndDecrypt(other, signed);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(WechatCryptoError);
      expect((error as WechatCryptoError).failure).toBe('app_id_mismatch');
      expect((error as WechatCryptoError).appIdFound).toBe(VECTOR_A.appId);
      expect((error as WechatCryptoError).official).toBe(-40005);
    }
  });

  it('rejects the ciphertext truncated by 16 bytes as bad padding or length', () => {
    const truncated = Buffer.from(VECTOR_A.encrypt, 'base64').subarray(0, 208).toString('base64');
    expect(['bad_padding', 'bad_length']).toContain(failureOf(() => crypto.decrypt(truncated)));
  });

  it('rejects a wrong key as bad padding', () => {
    const wrong = new MessageCrypto('B'.repeat(43), VECTOR_A.appId);
    expect(['bad_padding', 'bad_length']).toContain(failureOf(() => wrong.decrypt(VECTOR_A.encrypt)));
  });
});

describe('Vector B (deterministic encrypted reply)', () => {
  it('encrypts to exactly the documented Encrypt and MsgSignature', () => {
    const crypto = new MessageCrypto(VECTOR_B.encodingAesKey, VECTOR_B.appId);
    const result = encryptAndSign(crypto, VECTOR_B.token, VECTOR_B.plaintext, VECTOR_B.timestamp, VECTOR_B.nonce, Buffer.from(VECTOR_B.random));
    expect(result).toEqual({ encrypt: VECTOR_B.encrypt, msgSignature: VECTOR_B.msgSignature });
    expect(Buffer.from(result.encrypt, 'base64')).toHaveLength(64);
  });

  it('decrypts back', () => {
    const crypto = new MessageCrypto(VECTOR_B.encodingAesKey, VECTOR_B.appId);
    expect(crypto.decrypt(VECTOR_B.encrypt)).toBe(VECTOR_B.plaintext);
  });
});

describe('Vector C (WeCom sample, CorpID in the app id slot)', () => {
  const crypto = new MessageCrypto(VECTOR_C.encodingAesKey, VECTOR_C.corpId);
  const { c1, c2, c3, token } = VECTOR_C;

  it('C1 decrypts the URL-verification echostr', () => {
    expect(verifyAndDecrypt(crypto, { token, timestamp: c1.timestamp, nonce: c1.nonce, msgSignature: c1.msgSignature, encrypt: c1.echostr })).toBe(
      c1.plaintext,
    );
  });

  it('C2 decrypts the XML message byte for byte and re-encrypts with its random prefix', () => {
    const plaintext = verifyAndDecrypt(crypto, { token, timestamp: c2.timestamp, nonce: c2.nonce, msgSignature: c2.msgSignature, encrypt: c2.encrypt });
    expect(plaintext).toBe(c2.plaintext);
    expect(crypto.encrypt(c2.plaintext, Buffer.from(c2.random))).toBe(c2.encrypt);
  });

  it('C3 decrypts the JSON message byte for byte (spaces after colons kept)', () => {
    expect(verifyAndDecrypt(crypto, { token, timestamp: c3.timestamp, nonce: c3.nonce, msgSignature: c3.msgSignature, encrypt: c3.encrypt })).toBe(
      c3.plaintext,
    );
  });

  it('rejects C2 with a nonce digit changed, for another id, and truncated', () => {
    const signed = { token, timestamp: c2.timestamp, nonce: changeOneDigit(c2.nonce), msgSignature: c2.msgSignature, encrypt: c2.encrypt };
    expect(failureOf(() => verifyAndDecrypt(crypto, signed))).toBe('signature_mismatch');
    expect(failureOf(() => new MessageCrypto(VECTOR_C.encodingAesKey, 'wxother').decrypt(c2.encrypt))).toBe('app_id_mismatch');
    const truncated = Buffer.from(c2.encrypt, 'base64');
    expect(['bad_padding', 'bad_length']).toContain(failureOf(() => crypto.decrypt(truncated.subarray(0, truncated.length - 16).toString('base64'))));
  });
});

describe('decryption errors', () => {
  const key = randomEncodingAesKey();
  const crypto = new MessageCrypto(key, 'wxapp');

  /** Encrypts raw bytes with WeChat's key/IV and no padding added, to build malformed plaintexts. */
  function encryptRaw(plain: Buffer): string {
    const aes = aesKeyFrom(key);
    const cipher = createCipheriv('aes-256-cbc', aes, aes.subarray(0, 16));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  }

  function padded(content: Buffer): Buffer {
    const pad = 32 - (content.length % 32);
    return Buffer.concat([content, Buffer.alloc(pad, pad)]);
  }

  it.each([
    ['not base64', 'not base64!'],
    ['URL-safe alphabet', `${'-_'.repeat(22)}==`],
    ['wrong length for base64', 'QUJD='],
    ['empty', ''],
  ])('bad_base64: %s', (_, encrypt) => {
    expect(failureOf(() => crypto.decrypt(encrypt))).toBe('bad_base64');
  });

  it('bad_length: not a multiple of 16 bytes', () => {
    expect(failureOf(() => crypto.decrypt(Buffer.alloc(20).toString('base64')))).toBe('bad_length');
  });

  it('bad_padding: pad byte 0, pad byte 33, and unequal pad bytes', () => {
    const content = Buffer.concat([randomBytes(16), Buffer.from([0, 0, 0, 1]), Buffer.from('x'), Buffer.from('wxapp')]);
    const zero = Buffer.concat([content, Buffer.alloc(64 - content.length, 0)]);
    expect(failureOf(() => crypto.decrypt(encryptRaw(zero)))).toBe('bad_padding');
    const big = Buffer.concat([content, Buffer.alloc(64 - content.length, 33)]);
    expect(failureOf(() => crypto.decrypt(encryptRaw(big)))).toBe('bad_padding');
    const uneven = padded(content);
    uneven[uneven.length - 2] ^= 1;
    expect(failureOf(() => crypto.decrypt(encryptRaw(uneven)))).toBe('bad_padding');
  });

  it('accepts a full block of padding (32 × 0x20)', () => {
    const message = 'x'.repeat(32 - 20 - 5 + 32);
    const content = Buffer.concat([randomBytes(16), Buffer.from([0, 0, 0, message.length]), Buffer.from(message), Buffer.from('wxapp')]);
    expect(content.length % 32).toBe(0);
    expect(crypto.decrypt(encryptRaw(padded(content)))).toBe(message);
  });

  it('bad_length: shorter than the 20-byte header, and a length field running past the end', () => {
    expect(failureOf(() => crypto.decrypt(encryptRaw(padded(randomBytes(10)))))).toBe('bad_length');
    const overlong = Buffer.concat([randomBytes(16), Buffer.from([0, 0, 1, 0]), Buffer.from('short'), Buffer.from('wxapp')]);
    expect(failureOf(() => crypto.decrypt(encryptRaw(padded(overlong))))).toBe('bad_length');
  });

  it('every failure carries the official sample code', () => {
    expect(new WechatCryptoError('signature_mismatch').official).toBe(-40001);
    expect(new WechatCryptoError('bad_padding').official).toBe(-40007);
    expect(new WechatCryptoError('bad_length').official).toBe(-40008);
    expect(new WechatCryptoError('bad_base64').official).toBe(-40010);
    expect(new WechatCryptoError('bad_key').official).toBe(-40004);
  });
});

describe('round trips with random keys', () => {
  it.each(['', 'a', '你好，世界 👋🏽', 'x'.repeat(5000), '<xml><![CDATA[]]>]]></xml>'])('survives %#', (message) => {
    const key = randomEncodingAesKey();
    const crypto = new MessageCrypto(key, 'wx1234567890abcdef');
    const { encrypt, msgSignature } = encryptAndSign(crypto, 'tok', message, '1700000000', 'n1');
    expect(Buffer.from(encrypt, 'base64').length % 32).toBe(0);
    expect(verifyAndDecrypt(crypto, { token: 'tok', timestamp: '1700000000', nonce: 'n1', msgSignature, encrypt })).toBe(message);
  });

  it('rejects a random prefix that is not 16 bytes', () => {
    const crypto = new MessageCrypto(randomEncodingAesKey(), 'wx1');
    expect(() => crypto.encrypt('x', Buffer.alloc(15))).toThrow(RangeError);
  });
});
