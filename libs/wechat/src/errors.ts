/** Why a push could not be verified or decrypted; `official` is the code of WeChat's own sample library. */
export type CryptoFailure =
  | 'signature_mismatch'
  | 'bad_key'
  | 'bad_base64'
  | 'bad_length'
  | 'bad_padding'
  | 'app_id_mismatch';

const OFFICIAL_CODES: Record<CryptoFailure, number> = {
  signature_mismatch: -40001,
  bad_key: -40004,
  app_id_mismatch: -40005,
  bad_padding: -40007,
  bad_length: -40008,
  bad_base64: -40010,
};

const DESCRIPTIONS: Record<CryptoFailure, string> = {
  signature_mismatch: 'signature mismatch: the Token, timestamp, nonce or body differ from what was signed',
  bad_key: 'bad key: the EncodingAESKey must be 43 characters of [A-Za-z0-9]',
  bad_base64: 'bad base64: Encrypt is not standard base64',
  bad_length: 'bad length: the ciphertext or its length field is inconsistent',
  bad_padding: 'bad padding: most likely a wrong EncodingAESKey',
  app_id_mismatch: 'app id mismatch: the message was encrypted for another AppID',
};

export class WechatCryptoError extends Error {
  readonly official: number;
  constructor(
    readonly failure: CryptoFailure,
    detail?: string,
    /** For `app_id_mismatch`: the app id found inside the ciphertext. */
    readonly appIdFound?: string,
  ) {
    super(detail ? `${DESCRIPTIONS[failure]} (${detail})` : DESCRIPTIONS[failure]);
    this.name = 'WechatCryptoError';
    this.official = OFFICIAL_CODES[failure];
  }
}
