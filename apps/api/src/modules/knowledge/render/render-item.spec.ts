import type { KnowledgeItemFields } from '@kefu/contracts';
import { describe, expect, it } from 'vitest';
import { KnowledgeRenderError, MediaRef, RenderTarget, RenderableItem, renderItem } from './render-item';

const base: Omit<RenderableItem, 'type'> = {
  number: 5,
  title: '',
  content: '',
  description: '',
  url: null,
  pagePath: null,
  pictureUrl: null,
  mediaAssetId: null,
};
const item = (fields: Partial<KnowledgeItemFields> & Pick<KnowledgeItemFields, 'type'>): RenderableItem => ({ ...base, ...fields });
const mp: RenderTarget = { openid: 'o-customer', channelKind: 'miniprogram', customer: { nickname: '张三', number: 12 } };
const oa: RenderTarget = { ...mp, channelKind: 'official_account', miniProgramAppId: 'wx1234567890abcdef' };
const ASSET = '6f1c1e9e-8a4e-4d55-9d2a-0b1c2d3e4f50';

/** Names the media after what was asked, so each case shows which file went where. */
const resolver = (ref: MediaRef) => `${ref.role}:${ref.mediaAssetId ?? ref.url}`;

describe('F2 rendering an item into a custom-send message (protocol §6)', () => {
  it.each<[string, RenderableItem, RenderTarget, object]>([
    [
      'text, placeholders filled',
      item({ type: 'text', content: '[name]您好{br}您是第[id]位客户(br)欢迎' }),
      mp,
      { touser: 'o-customer', msgtype: 'text', text: { content: '张三您好\n您是第12位客户\n欢迎' } },
    ],
    [
      'text for an unknown customer',
      item({ type: 'text', content: '[name]您好' }),
      { openid: 'o-x', channelKind: 'miniprogram' },
      { touser: 'o-x', msgtype: 'text', text: { content: '客户您好' } },
    ],
    [
      'image from its uploaded asset',
      item({ type: 'image', mediaAssetId: ASSET, pictureUrl: 'https://cdn.example.com/a.png' }),
      mp,
      { touser: 'o-customer', msgtype: 'image', image: { media_id: `image:${ASSET}` } },
    ],
    [
      'image from its address',
      item({ type: 'image', pictureUrl: 'https://cdn.example.com/a.png' }),
      oa,
      { touser: 'o-customer', msgtype: 'image', image: { media_id: 'image:https://cdn.example.com/a.png' } },
    ],
    [
      'link on a mini-program',
      item({
        type: 'link',
        title: '[name]的专属优惠',
        description: '满300减50{br}今日有效',
        url: 'https://shop.example.com/p?id=1',
        pictureUrl: 'https://cdn.example.com/t.png',
      }),
      mp,
      {
        touser: 'o-customer',
        msgtype: 'link',
        link: {
          title: '张三的专属优惠',
          description: '满300减50\n今日有效',
          url: 'https://shop.example.com/p?id=1',
          thumb_url: 'https://cdn.example.com/t.png',
        },
      },
    ],
    [
      'link on an official account becomes a one-article news',
      item({ type: 'link', title: '官网', description: '', url: 'https://shop.example.com', pictureUrl: 'https://cdn.example.com/t.png' }),
      oa,
      {
        touser: 'o-customer',
        msgtype: 'news',
        news: { articles: [{ title: '官网', description: '', url: 'https://shop.example.com', picurl: 'https://cdn.example.com/t.png' }] },
      },
    ],
    [
      'mini-program card on a mini-program (no appid)',
      item({ type: 'miniprogram', title: '[name]，点此下单', pagePath: 'pages/index/index?x=1', pictureUrl: 'https://cdn.example.com/c.png' }),
      mp,
      {
        touser: 'o-customer',
        msgtype: 'miniprogrampage',
        miniprogrampage: { title: '张三，点此下单', pagepath: 'pages/index/index?x=1', thumb_media_id: 'thumb:https://cdn.example.com/c.png' },
      },
    ],
    [
      'mini-program card on an official account (linked appid)',
      item({ type: 'miniprogram', title: '下单', pagePath: 'pages/index/index', mediaAssetId: ASSET }),
      oa,
      {
        touser: 'o-customer',
        msgtype: 'miniprogrampage',
        miniprogrampage: { title: '下单', appid: 'wx1234567890abcdef', pagepath: 'pages/index/index', thumb_media_id: `thumb:${ASSET}` },
      },
    ],
    [
      'voice on an official account',
      item({ type: 'voice', mediaAssetId: ASSET }),
      oa,
      { touser: 'o-customer', msgtype: 'voice', voice: { media_id: `voice:${ASSET}` } },
    ],
    [
      'video on an official account, cover from the picture',
      item({ type: 'video', mediaAssetId: ASSET, title: '[name]请看', description: '安装视频', pictureUrl: 'https://cdn.example.com/v.png' }),
      oa,
      {
        touser: 'o-customer',
        msgtype: 'video',
        video: { media_id: `video:${ASSET}`, thumb_media_id: 'thumb:https://cdn.example.com/v.png', title: '张三请看', description: '安装视频' },
      },
    ],
    [
      'video without a cover',
      item({ type: 'video', mediaAssetId: ASSET, title: '安装' }),
      oa,
      { touser: 'o-customer', msgtype: 'video', video: { media_id: `video:${ASSET}`, title: '安装', description: '' } },
    ],
  ])('%s', async (_name, source, target, expected) => {
    expect(await renderItem(source, target, resolver)).toStrictEqual(expected);
  });

  it.each<[string, RenderableItem, RenderTarget, RegExp]>([
    ['voice on a mini-program', item({ type: 'voice', mediaAssetId: ASSET }), mp, /only an official account/],
    ['video on a mini-program', item({ type: 'video', mediaAssetId: ASSET }), mp, /only an official account/],
    ['card on an account without a linked mini-program', item({ type: 'miniprogram', title: 't', pagePath: 'pages/a', pictureUrl: 'https://x.cn/a.png' }), { ...oa, miniProgramAppId: undefined }, /linked mini-program/],
    ['image without a picture', item({ type: 'image' }), mp, /no picture/],
    ['link without a picture', item({ type: 'link', url: 'https://x.cn' }), mp, /needs a url and a picture/],
  ])('refuses %s', async (_name, source, target, message) => {
    await expect(renderItem(source, target, resolver)).rejects.toThrow(KnowledgeRenderError);
    await expect(renderItem(source, target, resolver)).rejects.toThrow(message);
  });

  it('waits for an asynchronous media resolver', async () => {
    const message = await renderItem(item({ type: 'image', mediaAssetId: ASSET }), mp, async () => 'MEDIA_ID_1');
    expect(message).toStrictEqual({ touser: 'o-customer', msgtype: 'image', image: { media_id: 'MEDIA_ID_1' } });
  });

  it('cuts text at 2048 UTF-8 bytes on a character boundary, never inside an emoji', async () => {
    const long = item({ type: 'text', content: `${'a'.repeat(2046)}😀😀` });
    const message = await renderItem(long, mp, resolver);
    expect((message.text as { content: string }).content).toBe('a'.repeat(2046));
    const chinese = item({ type: 'text', content: `[name]${'中'.repeat(700)}` });
    const cut = (await renderItem(chinese, { ...mp, customer: { nickname: '王' } }, resolver)).text as { content: string };
    expect(Buffer.byteLength(cut.content)).toBe(2046); // 王 + 681 × 中, the next would be 2049
    expect(cut.content.startsWith('王中')).toBe(true);
  });
});
