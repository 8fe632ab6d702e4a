import type { KnowledgeItemFields } from '@kefu/contracts';
import { describe, expect, it } from 'vitest';
import { normalizeFields, validateItem, validateMedia } from './knowledge-item.rules';

const item = (fields: Partial<KnowledgeItemFields>): KnowledgeItemFields =>
  normalizeFields({
    number: 1,
    keyword: '菜单',
    type: 'text',
    title: '',
    content: '欢迎',
    description: '',
    url: null,
    pagePath: null,
    pictureUrl: null,
    mediaAssetId: null,
    agentId: null,
    sortOrder: 0,
    ...fields,
  });
const problems = (fields: Partial<KnowledgeItemFields>) => validateItem(item(fields)).map((p) => `${p.field}: ${p.message}`);
const PICTURE = 'https://cdn.example.com/a.png';
const ASSET = '6f1c1e9e-8a4e-4d55-9d2a-0b1c2d3e4f50';

describe('F1 what each type of item needs', () => {
  it.each<[string, Partial<KnowledgeItemFields>]>([
    ['text', { type: 'text', content: '[name]您好' }],
    ['link', { type: 'link', title: '官网', url: 'https://shop.example.com', pictureUrl: PICTURE }],
    ['image by address', { type: 'image', pictureUrl: PICTURE }],
    ['image by asset', { type: 'image', mediaAssetId: ASSET }],
    ['card', { type: 'miniprogram', title: '下单', pagePath: 'pages/index/index?x=1', pictureUrl: PICTURE }],
    ['card with a nested page', { type: 'miniprogram', title: '下单', pagePath: 'packageA/pages/item/detail', mediaAssetId: ASSET }],
    ['voice (official accounts)', { type: 'voice', mediaAssetId: ASSET }],
    ['video (official accounts)', { type: 'video', mediaAssetId: ASSET, title: '安装' }],
    ['http link', { type: 'link', title: '官网', url: 'http://shop.example.com/a?b=1', pictureUrl: PICTURE }],
  ])('accepts a valid %s item', (_name, fields) => {
    expect(problems(fields)).toEqual([]);
  });

  it.each<[string, Partial<KnowledgeItemFields>, RegExp]>([
    ['text without content', { type: 'text', content: '  ' }, /^content: A text item needs content/],
    ['text over 2048 bytes', { type: 'text', content: '中'.repeat(700) }, /^content: .*2100 bytes.*at most 2048 bytes/],
    ['link without url', { type: 'link', title: 't', pictureUrl: PICTURE }, /^url: A link item needs a url/],
    ['link with a non-http url', { type: 'link', title: 't', url: 'ftp://x.cn/a', pictureUrl: PICTURE }, /^url: url must be an http\(s\) address/],
    ['link with a bare word as url', { type: 'link', title: 't', url: 'shop', pictureUrl: PICTURE }, /^url: url must be an http\(s\) address/],
    ['link without picture', { type: 'link', title: 't', url: 'https://x.cn' }, /^pictureUrl: A link item needs a picture/],
    ['link without title', { type: 'link', url: 'https://x.cn', pictureUrl: PICTURE }, /^title: A link item needs a title/],
    ['image without picture', { type: 'image' }, /^pictureUrl: An image item needs a picture/],
    ['picture that is no address', { type: 'image', pictureUrl: 'a.png' }, /^pictureUrl: pictureUrl must be an http\(s\) address/],
    ['card without page path', { type: 'miniprogram', title: 't', pictureUrl: PICTURE }, /^pagePath: A mini-program card needs a page path/],
    ['card with a leading slash', { type: 'miniprogram', title: 't', pagePath: '/pages/index/index', pictureUrl: PICTURE }, /^pagePath: pagePath must not start with "\/"/],
    ['card with an address as path', { type: 'miniprogram', title: 't', pagePath: 'https://x.cn/a', pictureUrl: PICTURE }, /^pagePath: pagePath must be a page/],
    ['card without picture', { type: 'miniprogram', title: 't', pagePath: 'pages/a/a' }, /^pictureUrl: A mini-program card needs a cover picture/],
    ['voice without its file', { type: 'voice' }, /^mediaAssetId: A voice item needs its uploaded file/],
    ['digits-only keyword', { keyword: '１２' }, /^keyword: keyword must not be digits only/],
    ['empty keyword', { keyword: '  ' }, /^keyword: keyword is required/],
    ['number 0', { number: 0 }, /^number: number must be a whole number from 1/],
    ['fractional number', { number: 1.5 }, /^number: /],
    ['unknown type', { type: 'music' as never }, /^type: type must be one of text, link, image, miniprogram, voice, video/],
    ['long title', { title: 'x'.repeat(65) }, /^title: title must be at most 64 characters/],
  ])('refuses %s, naming the field', (_name, fields, expected) => {
    expect(problems(fields).join('\n')).toMatch(expected);
  });

  it('reports every problem at once', () => {
    expect(problems({ type: 'link', number: -1 })).toHaveLength(4); // number, title, url, picture
  });

  it('trims and turns empty optional values into null', () => {
    const cleaned = item({ keyword: ' 菜单 ', url: '  ', pictureUrl: ` ${PICTURE} ` });
    expect(cleaned).toMatchObject({ keyword: '菜单', url: null, pictureUrl: PICTURE });
  });
});

describe('F3 the uploaded file an item sends', () => {
  const file = (kind: 'image' | 'voice' | 'video', filename = 'f') => ({ kind, filename });
  const media = (fields: Partial<KnowledgeItemFields>, asset?: ReturnType<typeof file>) =>
    validateMedia(item({ mediaAssetId: ASSET, ...fields }), asset).map((p) => `${p.field}: ${p.message}`);

  it.each([
    ['image', 'image'],
    ['miniprogram', 'image'],
    ['voice', 'voice'],
    ['video', 'video'],
  ] as const)('takes a %s item with a %s file', (type, kind) => {
    expect(media({ type }, file(kind))).toEqual([]);
  });

  it('refuses a file of another kind, one the shop does not have, and files on types that send none', () => {
    expect(media({ type: 'voice' }, file('image', '封面.png'))).toEqual([
      'mediaAssetId: A voice item needs a voice file (AMR or MP3), but 封面.png is a picture',
    ]);
    expect(media({ type: 'image' }, undefined)).toEqual([
      'mediaAssetId: mediaAssetId names no uploaded file of this shop: upload the file again',
    ]);
    expect(media({ type: 'text' }, file('image'))[0]).toMatch(/^mediaAssetId: A text item takes no uploaded file/);
    expect(validateMedia(item({ type: 'image', mediaAssetId: null }), undefined)).toEqual([]);
  });
});
