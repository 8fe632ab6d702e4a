import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { handshake } from '../phone/handshake';
import type { PhoneMessage, PushChannel } from '../phone/messages';
import { pushToRelay, type PushOptions } from '../phone/push';
import type { AppRegistration } from '../state/apps';
import type { FaultSpec } from '../state/faults';
import type { SimState } from '../state/sim-state';
import { USER_ACTIONS, type UserAction } from '../state/windows';
import { sendMediaFile } from './media';

type Json = Record<string, unknown>;

class ControlError extends Error {}

function bodyOf(request: FastifyRequest): Json {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ControlError('expected a JSON object body');
  }
  return body as Json;
}

function stringField(source: Json, ...names: string[]): string {
  for (const name of names) {
    const value = source[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  throw new ControlError(`${names[0]} is required`);
}

function optionalString(source: Json, ...names: string[]): string | undefined {
  for (const name of names) if (typeof source[name] === 'string') return source[name] as string;
  return undefined;
}

/** Files arrive over JSON as `{ base64, contentType?, filename? }`. */
function withDecodedFiles(message: Json): PhoneMessage {
  const decoded: Json = { ...message };
  for (const name of ['file', 'thumb']) {
    const file = message[name];
    if (file === undefined) continue;
    if (typeof file !== 'object' || file === null || typeof (file as Json)['base64'] !== 'string') {
      throw new ControlError(`message.${name} must be { base64, contentType?, filename? }`);
    }
    const { base64, contentType, filename } = file as Json;
    decoded[name] = {
      data: Buffer.from(base64 as string, 'base64'),
      contentType: typeof contentType === 'string' ? contentType : undefined,
      filename: typeof filename === 'string' ? filename : undefined,
    };
  }
  return decoded as unknown as PhoneMessage;
}

/** The sim's own API (`/__sim/...`): test set-up, fault injection, the clock, the phone and its inbox. */
export function registerControlRoutes(server: FastifyInstance, state: SimState): void {
  server.setErrorHandler((error: Error & { statusCode?: number }, _request, reply: FastifyReply) => {
    const status = error instanceof ControlError || error instanceof TypeError || error instanceof RangeError ? 400 : 500;
    return reply.code(error.statusCode ?? status).send({ error: error.message });
  });

  server.get('/__sim/health', async () => ({ ok: true, now: state.clock.now() }));

  server.get('/__sim/apps', async () => state.apps.list());
  server.post('/__sim/apps', async (request) => {
    const body = bodyOf(request);
    const registration: AppRegistration = {
      appId: stringField(body, 'appId', 'appid'),
      secret: stringField(body, 'secret'),
      kind: body['kind'] as AppRegistration['kind'],
      originalId: optionalString(body, 'originalId'),
      ipWhitelist: Array.isArray(body['ipWhitelist']) ? body['ipWhitelist'].map(String) : undefined,
    };
    return state.apps.register(registration);
  });

  server.post('/__sim/interactions', async (request) => {
    const body = bodyOf(request);
    const app = state.apps.get(stringField(body, 'appId', 'appid'));
    if (!app) throw new ControlError('unknown app');
    const action = body['action'] as UserAction;
    if (!USER_ACTIONS.includes(action)) throw new ControlError(`action must be one of ${USER_ACTIONS.join(', ')}`);
    return state.users.recordAction(app, stringField(body, 'openid'), action);
  });

  server.get('/__sim/users', async (request, reply) => {
    const query = request.query as Json;
    const user = state.users.get(stringField(query, 'appid', 'appId'), stringField(query, 'openid'));
    return user ?? reply.code(404).send({ error: 'no such user' });
  });

  server.get('/__sim/inbox', async (request) => {
    const query = request.query as Json;
    return state.inbox.list(optionalString(query, 'appid', 'appId'), optionalString(query, 'openid'));
  });
  server.delete('/__sim/inbox', async () => {
    state.inbox.clear();
    return { ok: true };
  });

  server.get('/__sim/faults', async () => state.faults.pending());
  server.post('/__sim/faults', async (request) => {
    state.faults.inject(bodyOf(request) as unknown as FaultSpec);
    return { ok: true, pending: state.faults.pending() };
  });
  server.delete('/__sim/faults', async () => {
    state.faults.clear();
    return { ok: true };
  });

  server.post('/__sim/tokens/revoke', async (request) => {
    const body = bodyOf(request);
    const token = optionalString(body, 'access_token', 'accessToken');
    if (token) return { revoked: state.tokens.revoke(token) ? 1 : 0 };
    return { revoked: state.tokens.revokeAll(stringField(body, 'appId', 'appid')) };
  });

  server.get('/__sim/clock', async () => ({ now: state.clock.now() }));
  server.post('/__sim/clock/advance', async (request) => {
    const ms = bodyOf(request)['ms'];
    if (typeof ms !== 'number') throw new ControlError('ms must be a number');
    return { now: state.clock.advance(ms) };
  });

  server.post('/__sim/push', async (request) => {
    const body = bodyOf(request);
    const channel = body['channel'] as PushChannel | undefined;
    const message = body['message'] as Json | undefined;
    if (!channel || typeof channel !== 'object' || !message || typeof message !== 'object') {
      throw new ControlError('channel and message are required');
    }
    const options = (body['options'] as PushOptions | undefined) ?? {};
    return pushToRelay(state, channel, withDecodedFiles(message), options);
  });

  server.post('/__sim/handshake', async (request) => {
    const body = bodyOf(request);
    return handshake(stringField(body, 'url'), stringField(body, 'token'), {
      echostr: optionalString(body, 'echostr'),
      timestamp: String(state.clock.nowSeconds()),
    });
  });

  server.post('/__sim/reset', async () => {
    state.reset();
    return { ok: true };
  });

  // The links the sim hands out as PicUrl / ThumbUrl / video_url.
  server.get('/__sim/media/file', async (request, reply) => {
    const mediaId = optionalString(request.query as Json, 'media_id');
    const media = mediaId ? state.media.findAnyLive(mediaId) : undefined;
    if (!media) return reply.code(404).send({ error: 'no such media' });
    return sendMediaFile(reply, media);
  });
}
