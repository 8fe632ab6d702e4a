import { describe, expect, it } from 'vitest';
import { handshakeSignature, messageSignature, signaturesEqual, sortedSha1 } from '../src';
import { HANDSHAKE, PLAIN_MODE_EXAMPLE, VECTOR_A, VECTOR_B, VECTOR_C } from './vectors';

describe('handshake signature', () => {
  it('matches the worked example of the docs', () => {
    expect(handshakeSignature(HANDSHAKE.token, HANDSHAKE.timestamp, HANDSHAKE.nonce)).toBe(HANDSHAKE.signature);
  });

  it('matches the plain signature of Vector A and of the plain-mode example', () => {
    const { token, query } = VECTOR_A;
    expect(handshakeSignature(token, query.timestamp, query.nonce)).toBe(query.signature);
    const p = PLAIN_MODE_EXAMPLE;
    expect(handshakeSignature(p.token, p.timestamp, p.nonce)).toBe(p.signature);
  });

  it('sorts as plain strings, not numbers', () => {
    expect(sortedSha1('b', '10', '9')).toBe(sortedSha1('9', '10', 'b'));
    expect(sortedSha1('1514711492', '1714036504', 'AAAAA')).toBe(HANDSHAKE.signature);
  });
});

describe('msg_signature', () => {
  it('matches Vector A, Vector B and the WeCom vectors', () => {
    const { query } = VECTOR_A;
    expect(messageSignature(VECTOR_A.token, query.timestamp, query.nonce, VECTOR_A.encrypt)).toBe(query.msg_signature);
    expect(messageSignature(VECTOR_B.token, VECTOR_B.timestamp, VECTOR_B.nonce, VECTOR_B.encrypt)).toBe(VECTOR_B.msgSignature);
    const { c1, c2, c3, token } = VECTOR_C;
    expect(messageSignature(token, c1.timestamp, c1.nonce, c1.echostr)).toBe(c1.msgSignature);
    expect(messageSignature(token, c2.timestamp, c2.nonce, c2.encrypt)).toBe(c2.msgSignature);
    expect(messageSignature(token, c3.timestamp, c3.nonce, c3.encrypt)).toBe(c3.msgSignature);
  });
});

describe('signaturesEqual', () => {
  it('accepts the same signature, also in upper case', () => {
    expect(signaturesEqual(HANDSHAKE.signature, HANDSHAKE.signature)).toBe(true);
    expect(signaturesEqual(HANDSHAKE.signature, HANDSHAKE.signature.toUpperCase())).toBe(true);
  });

  it('rejects a changed, shorter, longer, empty or missing signature', () => {
    const s = HANDSHAKE.signature;
    expect(signaturesEqual(s, `${s.slice(0, -1)}0`)).toBe(false);
    expect(signaturesEqual(s, s.slice(0, -1))).toBe(false);
    expect(signaturesEqual(s, `${s}0`)).toBe(false);
    expect(signaturesEqual(s, '')).toBe(false);
    expect(signaturesEqual(s, undefined)).toBe(false);
    expect(signaturesEqual(s, null)).toBe(false);
  });

  it('does not throw on multi-byte input of the same character length', () => {
    expect(signaturesEqual('a'.repeat(40), 'é'.repeat(40))).toBe(false);
  });
});
