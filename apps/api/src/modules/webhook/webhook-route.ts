import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

/** The push URL, as the controller declares it (`@Controller('wechat')` + `@Post(':channelId')`). */
export const WEBHOOK_ROUTE = '/wechat/:channelId';
/** WeChat's pushes are a few KB; the library's parse limit is the same 64 KB. */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;
/**
 * The media type the push route gives every request, so the one parser registered for it hands the
 * controller the body exactly as received, as a string, whatever the Content-Type (WeChat documents
 * none): nothing of an unverified body is parsed, and a JSON MsgId above 2^53 never passes through a
 * double. Other routes keep their parsers.
 */
const RAW_PUSH_TYPE = 'application/x-kefu-wechat-push';

type Hook<Args extends unknown[]> = (...args: Args) => void;
type OnRequest = Hook<[FastifyRequest, FastifyReply, () => void]>;
type OnError = Hook<[FastifyRequest, FastifyReply, Error, () => void]>;

/**
 * Prepares fastify for the push route; call it before the routes are registered (before `app.init()`)
 * and before @fastify/helmet, so that helmet sees the route's `helmet: false`: its headers are for
 * browsers, and computing them was a twentieth of a push's cost (the controller sets `nosniff` itself).
 * `refused` hears of pushes fastify answers itself, before the controller runs (a body over the limit).
 */
export function prepareWebhookRoute(
  fastify: FastifyInstance,
  refused: (channelId: string | undefined, status: number) => void,
): void {
  fastify.addContentTypeParser(RAW_PUSH_TYPE, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const rawBody: OnRequest = (request, _reply, done) => {
    request.headers['content-type'] = RAW_PUSH_TYPE;
    done();
  };
  const onError: OnError = (request, _reply, error, done) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    refused((request.params as { channelId?: string } | undefined)?.channelId, status);
    done();
  };
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url !== WEBHOOK_ROUTE) return;
    route.helmet = false;
    if (!methods.includes('POST')) return;
    route.bodyLimit = WEBHOOK_BODY_LIMIT;
    route.onRequest = [...asArray(route.onRequest), rawBody] as RouteOptions['onRequest'];
    route.onError = [...asArray(route.onError), onError] as RouteOptions['onError'];
  });
}

function asArray<T>(hooks: T | T[] | undefined): T[] {
  if (hooks === undefined) return [];
  return Array.isArray(hooks) ? hooks : [hooks];
}
