import type { InboundContent, OutboundContent } from '@kefu/contracts';
import type { UserActionKind, WechatPush } from '@kefu/wechat';
import type { EngineTexts } from '../replies/engine-texts';

/** What a push carries, as the messages table keeps it. */
export function inboundContentOf(push: WechatPush): InboundContent {
  switch (push.type) {
    case 'text':
      return { type: 'text', text: push.content };
    case 'image':
      return { type: 'image', mediaId: push.mediaId, picUrl: push.picUrl };
    case 'miniprogrampage':
      return {
        type: 'miniprogrampage',
        title: push.title,
        appId: push.appId,
        pagePath: push.pagePath,
        thumbMediaId: push.thumbMediaId,
        thumbUrl: push.thumbUrl,
      };
    case 'voice':
      return { type: 'voice', mediaId: push.mediaId, format: push.format, ...(push.recognition ? { recognition: push.recognition } : {}) };
    case 'video':
    case 'shortvideo':
      return { type: 'video', mediaId: push.mediaId, thumbMediaId: push.thumbMediaId };
    case 'user_enter_tempsession':
      return { type: 'event', event: push.type, sessionFrom: push.sessionFrom };
    case 'subscribe':
    case 'unsubscribe':
    case 'click':
      return { type: 'event', event: push.type };
    case 'unknown':
      return push.category === 'event' ? { type: 'event', event: push.event ?? push.msgType } : { type: 'other', msgType: push.msgType };
    default:
      return { type: 'other', msgType: push.type };
  }
}

/** The action a push counts as for the sender's send window (protocol §7), if any. */
export function userActionOf(push: WechatPush): UserActionKind | null {
  if (push.category === 'message') return 'message';
  switch (push.type) {
    case 'user_enter_tempsession':
      return 'enter_session';
    case 'subscribe':
      return push.eventKey?.startsWith('qrscene_') ? 'scan' : 'subscribe';
    case 'click':
      return 'menu_click';
    case 'unknown':
      return push.event === 'SCAN' ? 'scan' : null;
    default:
      return null;
  }
}

/** The same content relayed to someone else on the same app (media ids stay valid there), or null. */
export function relayContent(content: InboundContent): OutboundContent | null {
  switch (content.type) {
    case 'text':
      return { type: 'text', text: content.text };
    case 'image':
      return { type: 'image', mediaId: content.mediaId };
    case 'miniprogrampage':
      return { type: 'miniprogrampage', title: content.title, pagePath: content.pagePath, thumbMediaId: content.thumbMediaId };
    case 'voice':
      return { type: 'voice', mediaId: content.mediaId };
    case 'video':
      return { type: 'video', mediaId: content.mediaId, thumbMediaId: content.thumbMediaId };
    default:
      return null;
  }
}

/** One line of text standing for a message in a bundle (pickup, 看留言). */
export function describe(content: InboundContent, texts: EngineTexts): string {
  switch (content.type) {
    case 'text':
      return content.text;
    case 'image':
      return texts.picture();
    case 'miniprogrampage':
      return texts.card(content.title);
    case 'voice':
      return content.recognition ? `${texts.voice()} ${content.recognition}` : texts.voice();
    case 'video':
      return texts.video();
    default:
      return '';
  }
}
