import type { LiveEvent } from '@kefu/contracts';
import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LiveEventsService } from './live-events.service';

/** A comment line now and then keeps proxies and load balancers from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;
/** How soon a browser reconnects after the stream ends. */
const RETRY_MS = 2_000;

@ApiTags('live')
@ApiBearerAuth()
@Controller('api/tenants/:tenantId/events')
export class LiveEventsController {
  constructor(private readonly live: LiveEventsService) {}

  @Get()
  @ApiOperation({
    summary: 'Live updates of the console (Server-Sent Events)',
    description:
      'A text/event-stream. `event: ready` once subscribed, then `event: change` with `data: {"topics":[…],"at":…}` ' +
      '(topics: queue, sessions, agents, messages, offline) whenever something of the tenant changes, on any api instance. ' +
      'Authenticated like every route, with the bearer token in the Authorization header (the console reads the stream with fetch). ' +
      'The stream ends when the access token expires; reconnect with a fresh one and refetch.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The stream' })
  async stream(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    reply.hijack();
    const raw = reply.raw;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = String(value);
    raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });

    let ended = false;
    const timers: NodeJS.Timeout[] = [];
    let stopListening: () => void = () => undefined;
    const end = () => {
      if (ended) return;
      ended = true;
      timers.forEach(clearTimeout);
      stopListening();
      raw.end();
    };
    // The response closes when the client goes away (the request may have closed long before).
    raw.on('close', end);

    timers.push(setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS));
    const expiresIn = tokenLifetimeMs(request.headers.authorization);
    if (expiresIn !== null) timers.push(setTimeout(end, Math.max(expiresIn, 0)));

    try {
      stopListening = await this.live.listen(tenantId, {
        event: (event: LiveEvent) => {
          if (!ended) raw.write(`event: change\ndata: ${JSON.stringify(event)}\n\n`);
        },
        close: end,
      });
    } catch {
      end();
      return;
    }
    if (ended) {
      stopListening();
      return;
    }
    raw.write(`retry: ${RETRY_MS}\nevent: ready\ndata: {}\n\n`);
  }
}

/** Milliseconds until the (already verified) bearer token expires, read from its `exp` claim. */
function tokenLifetimeMs(header: string | undefined): number | null {
  const payload = header?.startsWith('Bearer ') ? header.slice(7).split('.')[1] : undefined;
  if (!payload) return null;
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: number };
    return typeof exp === 'number' ? exp * 1000 - Date.now() : null;
  } catch {
    return null;
  }
}
