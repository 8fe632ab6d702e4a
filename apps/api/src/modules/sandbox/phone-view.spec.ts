import { describe, expect, it } from 'vitest';
import { bubbleOf, conversation } from './phone-view';

describe('sandbox phone view', () => {
  it('shows each custom/send body as WeChat draws it', () => {
    const at = 0;
    expect(bubbleOf({ msgtype: 'text', message: { msgtype: 'text', text: { content: 'a\nb' } }, at })).toEqual({ type: 'text', text: 'a\nb' });
    expect(bubbleOf({ msgtype: 'image', message: { msgtype: 'image', image: { media_id: 'm1' } }, at })).toEqual({ type: 'image', mediaId: 'm1' });
    expect(
      bubbleOf({ msgtype: 'link', message: { msgtype: 'link', link: { title: 'QQ', description: 'd', url: 'http://x', thumb_url: 'http://t' } }, at }),
    ).toEqual({ type: 'link', title: 'QQ', description: 'd', url: 'http://x', pictureUrl: 'http://t' });
    expect(
      bubbleOf({ msgtype: 'miniprogrampage', message: { msgtype: 'miniprogrampage', miniprogrampage: { title: 'Shop', pagepath: 'pages/a', thumb_media_id: 'm2' } }, at }),
    ).toEqual({ type: 'miniprogram', title: 'Shop', pagePath: 'pages/a', thumbMediaId: 'm2' });
    expect(bubbleOf({ msgtype: 'voice', message: { msgtype: 'voice', voice: { media_id: 'v' } }, at })).toEqual({ type: 'other', msgtype: 'voice' });
  });

  it('orders typed and delivered messages by time, the typed one first within the same millisecond', () => {
    const shown = conversation(
      [
        { content: { type: 'text', text: '1' }, at: 1000 },
        { content: { type: 'text', text: '你好' }, at: 3000 },
      ],
      [
        { msgtype: 'text', message: { text: { content: 'menu' } }, at: 1000 },
        { msgtype: 'text', message: { text: { content: 'later' } }, at: 5000 },
      ],
    );
    expect(shown.map((message) => [message.direction, message.content.type === 'text' ? message.content.text : ''])).toEqual([
      ['sent', '1'],
      ['received', 'menu'],
      ['sent', '你好'],
      ['received', 'later'],
    ]);
    expect(new Set(shown.map((message) => message.id)).size).toBe(4);
  });
});
