import type { FastifyInstance } from 'fastify';
import { ERRMSG, OK, WechatApiError } from '../errors';
import { validateCustomMessage } from '../send/custom-message';
import type { SimState } from '../state/sim-state';
import { judgeWindow } from '../state/windows';
import { authenticate, readJsonBody, withFaults } from './common';

export function registerSendRoutes(server: FastifyInstance, state: SimState): void {
  server.post(
    '/cgi-bin/message/custom/send',
    withFaults(state, 'send', async (request) => {
      const { app } = authenticate(state, request);
      const body = readJsonBody(request, { rejectUnicodeEscapes: true });
      const message = validateCustomMessage(body, app.kind);

      const user = state.users.get(app.appId, message.touser);
      if (!user) throw new WechatApiError(40003, ERRMSG.invalidOpenid);
      if (app.kind === 'official_account' && !user.following) throw new WechatApiError(43004, ERRMSG.requireSubscribe);

      for (const reference of message.mediaReferences) {
        const found = state.media.find(app.appId, reference.mediaId);
        if (!found.ok || !reference.accepts.includes(found.media.type)) {
          throw new WechatApiError(40007, ERRMSG.invalidMediaId);
        }
      }

      const now = state.clock.now();
      const verdict = judgeWindow(user.window, now);
      if (verdict === 'closed') throw new WechatApiError(45015, ERRMSG.responseOutOfTime);
      if (verdict === 'used_up') throw new WechatApiError(45047, ERRMSG.outOfResponseCount);

      if (user.window) user.window.remaining--;
      user.typingUntil = undefined;
      state.inbox.record({
        appId: app.appId,
        openid: message.touser,
        msgtype: message.msgtype,
        message: body as Record<string, unknown>,
        at: now,
      });
      return OK;
    }),
  );
}
