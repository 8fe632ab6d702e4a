import { encryptAndSign } from '../crypto';
import { handshakeSignature } from '../signature';
import { cachedCrypto } from '../crypto-cache';
import { PushError, type PushChannel, type PushQuery } from './decode-push';
import { writeFields } from './encode-reply';
import { pushToFields, type WechatPush } from './events';

export interface EncodePushInput {
  push: WechatPush;
  channel: PushChannel;
  timestamp: string;
  nonce: string;
  /** Fixed 16-byte random prefix, for deterministic output only. */
  random?: Buffer;
}

/**
 * Builds a signed push exactly as WeChat would deliver it in the channel's mode and format
 * (the counterpart of `decodePush`, for simulators and tests).
 */
export function encodePush(input: EncodePushInput): { body: string; query: PushQuery } {
  const { channel, timestamp, nonce } = input;
  const fields = pushToFields(input.push);
  const plaintext = writeFields(fields, channel.format);
  const query: PushQuery = { signature: handshakeSignature(channel.token, timestamp, nonce), timestamp, nonce };
  if (channel.mode === 'plain') return { body: plaintext, query };

  if (!channel.encodingAesKey) throw new PushError('misconfigured', 'encrypted push, but no EncodingAESKey configured');
  const crypto = cachedCrypto(channel.encodingAesKey, channel.appId);
  const { encrypt, msgSignature } = encryptAndSign(crypto, channel.token, plaintext, timestamp, nonce, input.random);
  const envelope = channel.mode === 'secure' ? { ToUserName: input.push.toUserName } : fields;
  return {
    body: writeFields({ ...envelope, Encrypt: encrypt }, channel.format),
    query: { ...query, encrypt_type: 'aes', msg_signature: msgSignature },
  };
}
