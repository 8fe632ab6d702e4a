import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { WechatApiError } from './errors';
import { registerControlRoutes } from './routes/control';
import { registerMediaRoutes } from './routes/media';
import { registerSendRoutes } from './routes/send';
import { registerTokenRoutes } from './routes/token';
import { registerTypingRoutes } from './routes/typing';
import type { SimState } from './state/sim-state';

export interface SimServerOptions {
  logger?: boolean;
}

/** The fake `api.weixin.qq.com` plus the `/__sim` control API, on one fastify instance. */
export async function buildServer(state: SimState, options: SimServerOptions = {}): Promise<FastifyInstance> {
  const server = Fastify({ logger: options.logger ?? false, bodyLimit: 32 * 1024 * 1024 });

  await server.register(async (api) => {
    // WeChat reads bodies itself (empty → 44002, bad JSON → 47001, `\uXXXX` → 40033), whatever the Content-Type.
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    await api.register(multipart);
    api.setErrorHandler((error, _request, reply) => {
      if (error instanceof WechatApiError) return reply.code(200).send(error.toBody());
      return reply.send(error);
    });
    registerTokenRoutes(api, state);
    registerSendRoutes(api, state);
    registerTypingRoutes(api, state);
    registerMediaRoutes(api, state);
  });

  await server.register(async (control) => registerControlRoutes(control, state));
  return server;
}
