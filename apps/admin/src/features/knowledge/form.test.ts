import { describe, expect, it } from 'vitest';
import type { KnowledgeItemView } from '@kefu/contracts';
import {
  EMPTY_FORM,
  detectFormat,
  itemToForm,
  readConflict,
  readProblems,
  toCreateRequest,
  toUpdateRequest,
} from './form';
import { expiresIn } from './components/MediaStates';

describe('toCreateRequest', () => {
  it('leaves the number out when none was given, so the api picks the next one', () => {
    const request = toCreateRequest({ ...EMPTY_FORM, keyword: ' 营业时间 ', content: ' 您好 [name]{br}' });
    expect(request).toEqual({
      keyword: '营业时间',
      type: 'text',
      title: '',
      content: ' 您好 [name]{br}',
      description: '',
      url: null,
      pagePath: null,
      pictureUrl: null,
      agentId: null,
    });
    expect('number' in request).toBe(false);
  });

  it('sends only the fields of the chosen type', () => {
    const request = toCreateRequest({
      ...EMPTY_FORM,
      number: 7,
      keyword: '官网',
      type: 'link',
      title: ' 官网 ',
      description: '看看我们',
      url: 'https://shop.example.com',
      pictureUrl: 'https://shop.example.com/a.png',
      content: 'left from a text draft',
      pagePath: 'pages/index/index',
      agentId: '',
    });
    expect(request).toMatchObject({
      number: 7,
      type: 'link',
      title: '官网',
      description: '看看我们',
      url: 'https://shop.example.com',
      pictureUrl: 'https://shop.example.com/a.png',
      content: '',
      pagePath: null,
      agentId: null,
    });
  });

  it('keeps the page path and picture of a mini-program card', () => {
    const request = toCreateRequest({
      ...EMPTY_FORM,
      keyword: '商城',
      type: 'miniprogram',
      title: '商城首页',
      pagePath: 'pages/index/index?x=1',
      pictureUrl: 'https://cdn.example.com/cover.jpg',
      url: 'https://ignored.example.com',
    });
    expect(request).toMatchObject({
      title: '商城首页',
      pagePath: 'pages/index/index?x=1',
      pictureUrl: 'https://cdn.example.com/cover.jpg',
      url: null,
    });
  });
});

describe('toUpdateRequest', () => {
  it('round-trips an item and clears fields of a type it no longer has', () => {
    const item: KnowledgeItemView = {
      id: 'a6f0d3a2-5d8e-4a8e-9f1c-1d2e3f4a5b6c',
      number: 3,
      keyword: '官网',
      type: 'link',
      title: '官网',
      content: '',
      description: '',
      url: 'https://shop.example.com',
      pagePath: null,
      pictureUrl: 'https://shop.example.com/a.png',
      mediaAssetId: null,
      agentId: null,
      sortOrder: 0,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const values = { ...itemToForm(item), type: 'text' as const, content: '见 https://shop.example.com' };
    expect(toUpdateRequest(values)).toMatchObject({
      number: 3,
      type: 'text',
      content: '见 https://shop.example.com',
      title: '',
      url: null,
      pictureUrl: null,
    });
  });
});

describe('readConflict', () => {
  it('puts a taken number on the number field', () => {
    expect(readConflict('Number 3 is already used by item "营业时间"')).toEqual({
      field: 'number',
      value: '3',
      owner: '营业时间',
    });
    expect(readConflict('Number 4 is already used by another item')).toEqual({
      field: 'number',
      value: '4',
      owner: undefined,
    });
  });

  it('puts a taken keyword on the keyword field', () => {
    expect(readConflict('Keyword "hello" is already used by item 2 "问候"')).toEqual({
      field: 'keyword',
      value: 'hello',
      owner: '问候',
    });
  });

  it('knows nothing of other messages', () => {
    expect(readConflict('Something else')).toBeNull();
  });
});

describe('readProblems', () => {
  it('reads the field-by-field problems of a 400 answer', () => {
    expect(
      readProblems({ message: ['x'], problems: [{ field: 'url', message: 'url must be…' }, { nope: 1 }] }),
    ).toEqual([{ field: 'url', message: 'url must be…' }]);
    expect(readProblems(undefined)).toEqual([]);
  });
});

describe('detectFormat', () => {
  it('goes by the file name, or by the first character of pasted text', () => {
    expect(detectFormat('items.JSON', true)).toBe('json');
    expect(detectFormat('items.csv', true)).toBe('csv');
    expect(detectFormat('\uFEFF  [{"keyword":"a"}]', false)).toBe('json');
    expect(detectFormat('数字id,关键字', false)).toBe('csv');
  });
});

describe('uploaded files (F3)', () => {
  const ASSET = '0d9a7c64-3a51-4b8e-9d0f-2e6b1c7a8f90';

  it('sends the uploaded file of types that send one, and lets it go on an edit to a type that does not', () => {
    expect(toCreateRequest({ ...EMPTY_FORM, keyword: '菜单', type: 'image', mediaAssetId: ASSET })).toMatchObject({ mediaAssetId: ASSET });
    expect(toCreateRequest({ ...EMPTY_FORM, keyword: '语音', type: 'voice', mediaAssetId: ASSET })).toMatchObject({ mediaAssetId: ASSET });
    expect('mediaAssetId' in toCreateRequest({ ...EMPTY_FORM, keyword: '官网', type: 'link', mediaAssetId: ASSET })).toBe(false);
    expect(toUpdateRequest({ ...EMPTY_FORM, keyword: '菜单', type: 'text', content: 'x', mediaAssetId: ASSET })).toMatchObject({ mediaAssetId: null });
    expect(toUpdateRequest({ ...EMPTY_FORM, keyword: '菜单', type: 'image', mediaAssetId: null })).toMatchObject({ mediaAssetId: null });
  });

  it('says how long a media id has left in its largest unit', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    const at = (hours: number) => new Date(now + hours * 3600_000).toISOString();
    expect(expiresIn(at(60), now)).toEqual({ unit: 'days', count: 2 });
    expect(expiresIn(at(23.5), now)).toEqual({ unit: 'hours', count: 23 });
    expect(expiresIn(at(0.5), now)).toEqual({ unit: 'lessThanHour', count: 0 });
  });
});
