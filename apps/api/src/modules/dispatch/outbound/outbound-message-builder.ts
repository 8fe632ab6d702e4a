import type { OutboundContent } from '@kefu/contracts';
import {
  CustomMessage,
  imageMessage,
  miniProgramPageMessage,
  textMessage,
  videoMessage,
  voiceMessage,
} from '@kefu/wechat';

/**
 * The custom-send body of every content type but `item` (knowledge items are rendered by the
 * knowledge module); null for a type this version does not know.
 */
export function buildMessage(openid: string, content: Exclude<OutboundContent, { type: 'item' }>): CustomMessage | null {
  switch (content.type) {
    case 'text':
      return textMessage(openid, content.text);
    case 'image':
      return imageMessage(openid, content.mediaId);
    case 'miniprogrampage':
      return miniProgramPageMessage(openid, { title: content.title, pagePath: content.pagePath, thumbMediaId: content.thumbMediaId });
    case 'voice':
      return voiceMessage(openid, content.mediaId);
    case 'video':
      return videoMessage(openid, { mediaId: content.mediaId, thumbMediaId: content.thumbMediaId, title: '', description: '' });
    default:
      return null;
  }
}

/** Every media id a message refers to (what WeChat's 40007 may be about). */
export function mediaIdsOf(message: CustomMessage): string[] {
  const payload = message[message.msgtype];
  if (typeof payload !== 'object' || payload === null) return [];
  const ids: string[] = [];
  for (const field of ['media_id', 'thumb_media_id']) {
    const value = (payload as Record<string, unknown>)[field];
    if (typeof value === 'string' && value) ids.push(value);
  }
  return ids;
}
