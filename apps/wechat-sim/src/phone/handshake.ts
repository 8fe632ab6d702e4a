import { handshakeSignature } from '@kefu/wechat';
import { newEchostr, newNonce } from '../ids';
import { exchange } from './http';

export interface HandshakeOptions {
  echostr?: string;
  timestamp?: string;
  nonce?: string;
  timeoutMs?: number;
}

export interface HandshakeResult {
  /** True only for HTTP 200 with a body equal to echostr byte for byte. */
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
  echostr: string;
  url: string;
}

/** The GET WeChat sends when the developer submits the push settings (protocol §1). */
export async function handshake(url: string, token: string, options: HandshakeOptions = {}): Promise<HandshakeResult> {
  const echostr = options.echostr ?? newEchostr();
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? newNonce();
  const target = new URL(url);
  target.searchParams.set('signature', handshakeSignature(token, timestamp, nonce));
  target.searchParams.set('echostr', echostr);
  target.searchParams.set('timestamp', timestamp);
  target.searchParams.set('nonce', nonce);
  const outcome = await exchange(target.toString(), { method: 'GET' }, options.timeoutMs ?? 5000);
  if (!outcome.ok) return { ok: false, error: outcome.error, echostr, url: target.toString() };
  const { status, body } = outcome.answer;
  const ok = status === 200 && body.equals(Buffer.from(echostr, 'utf8'));
  return { ok, status, body: body.toString('utf8'), echostr, url: target.toString() };
}
