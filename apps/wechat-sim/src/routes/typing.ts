import type { FastifyInstance } from 'fastify';
import { ERRMSG, OK, WechatApiError } from '../errors';
import type { SimState } from '../state/sim-state';
import { judgeWindow } from '../state/windows';
import { authenticate, readJsonBody, withFaults } from './common';

const INTERACTION_MS = 30_000;
const TYPING_MS = 15_000;

export function registerTypingRoutes(server: FastifyInstance, state: SimState): void {
  server.post(
    '/cgi-bin/message/custom/typing',
    withFaults(state, 'typing', async (request) => {
      const { app } = authenticate(state, request);
      const body = readJsonBody(request, { rejectUnicodeEscapes: true }) as Record<string, unknown> | null;
      const touser = body?.['touser'];
      const command = body?.['command'];
      const user = typeof touser === 'string' ? state.users.get(app.appId, touser) : undefined;
      if (!user) throw new WechatApiError(40003, ERRMSG.invalidOpenid);
      if (command !== 'Typing' && command !== 'CancelTyping') {
        throw new WechatApiError(45072, ERRMSG.invalidTypingCommand);
      }
      const now = state.clock.now();
      if (judgeWindow(user.window, now) === 'closed') throw new WechatApiError(45015, ERRMSG.responseOutOfTime);
      if (user.lastMessageAt === undefined || now - user.lastMessageAt > INTERACTION_MS) {
        throw new WechatApiError(45080, ERRMSG.typingNoInteraction);
      }
      if (command === 'CancelTyping') {
        user.typingUntil = undefined;
        return OK;
      }
      if (user.typingUntil !== undefined && now < user.typingUntil) {
        throw new WechatApiError(45081, ERRMSG.alreadyTyping);
      }
      user.typingUntil = now + TYPING_MS;
      return OK;
    }),
  );
}
