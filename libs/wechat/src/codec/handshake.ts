import { handshakeSignature, signaturesEqual } from '../signature';
import { PushError } from './decode-push';

export interface HandshakeQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
}

/**
 * Verifies the GET handshake of the push configuration (§1) and returns the body to answer with:
 * `echostr`, byte for byte. Throws `PushError('bad_signature')` (HTTP 401) otherwise. The same in
 * every encryption mode for mini-programs and official accounts.
 */
export function answerHandshake(query: HandshakeQuery, token: string): string {
  const { signature, timestamp, nonce, echostr } = query;
  if (!timestamp || !nonce || echostr === undefined) {
    throw new PushError('bad_signature', 'timestamp, nonce or echostr missing from the query');
  }
  if (!signaturesEqual(handshakeSignature(token, timestamp, nonce), signature)) {
    throw new PushError('bad_signature', 'signature does not match');
  }
  return echostr;
}
