import { KNOWLEDGE_ITEM_TYPES, KnowledgeItemFields, KnowledgeItemType, MEDIA_LIMITS, MediaKind } from '@kefu/contracts';
import { foldText, numberFromText } from './match/fold-text';
import { textLengthProblem } from './render/render-text';

/** One thing wrong with an item, named by field, worded so a merchant can fix it. */
export interface FieldProblem {
  field: keyof KnowledgeItemFields;
  message: string;
}

export const MAX_ITEM_NUMBER = 999_999_999;
export const MAX_KEYWORD_LENGTH = 64;
export const MAX_TITLE_LENGTH = 64;
export const MAX_DESCRIPTION_LENGTH = 512;
export const MAX_ADDRESS_LENGTH = 2048;
export const MAX_PAGE_PATH_LENGTH = 512;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_PATH = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*(\?[^\s#]*)?$/;

const TYPE_NAMES: Record<KnowledgeItemType, string> = {
  text: 'A text item',
  link: 'A link item',
  image: 'An image item',
  miniprogram: 'A mini-program card',
  voice: 'A voice item',
  video: 'A video item',
};

/** Cleans what a merchant entered: trimmed strings, empty optional values as null. */
export function normalizeFields(fields: KnowledgeItemFields): KnowledgeItemFields {
  const optional = (value: string | null | undefined) => {
    const trimmed = value?.trim();
    return trimmed ? trimmed : null;
  };
  return {
    ...fields,
    keyword: (fields.keyword ?? '').trim(),
    title: (fields.title ?? '').trim(),
    content: fields.content ?? '',
    description: (fields.description ?? '').trim(),
    url: optional(fields.url),
    pagePath: optional(fields.pagePath),
    pictureUrl: optional(fields.pictureUrl),
    mediaAssetId: optional(fields.mediaAssetId),
    agentId: optional(fields.agentId),
    sortOrder: fields.sortOrder ?? 0,
  };
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * F1: everything wrong with a whole item (after normalizeFields), field by field. Uniqueness of
 * number and keyword is left to the database.
 */
export function validateItem(item: KnowledgeItemFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (field: FieldProblem['field'], message: string) => problems.push({ field, message });

  if (!Number.isInteger(item.number) || item.number < 1 || item.number > MAX_ITEM_NUMBER) {
    problem('number', `number must be a whole number from 1 to ${MAX_ITEM_NUMBER}`);
  }
  if (!item.keyword) problem('keyword', 'keyword is required: the word a customer sends to get this item');
  else if (item.keyword.length > MAX_KEYWORD_LENGTH) {
    problem('keyword', `keyword must be at most ${MAX_KEYWORD_LENGTH} characters`);
  } else if (numberFromText(item.keyword) !== null || /^\d+$/.test(foldText(item.keyword))) {
    problem('keyword', 'keyword must not be digits only: a customer sending digits asks for an item number');
  }
  if (!KNOWLEDGE_ITEM_TYPES.includes(item.type)) {
    problem('type', `type must be one of ${KNOWLEDGE_ITEM_TYPES.join(', ')}`);
    return problems;
  }
  if (item.title.length > MAX_TITLE_LENGTH) problem('title', `title must be at most ${MAX_TITLE_LENGTH} characters`);
  if (item.description.length > MAX_DESCRIPTION_LENGTH) {
    problem('description', `description must be at most ${MAX_DESCRIPTION_LENGTH} characters`);
  }
  if (item.url !== null && (!isHttpUrl(item.url) || item.url.length > MAX_ADDRESS_LENGTH)) {
    problem('url', 'url must be an http(s) address such as https://shop.example.com/page');
  }
  if (item.pictureUrl !== null && (!isHttpUrl(item.pictureUrl) || item.pictureUrl.length > MAX_ADDRESS_LENGTH)) {
    problem('pictureUrl', 'pictureUrl must be an http(s) address of a JPG or PNG picture');
  }
  if (item.pagePath !== null && (item.pagePath.length > MAX_PAGE_PATH_LENGTH || !PAGE_PATH.test(item.pagePath))) {
    problem(
      'pagePath',
      item.pagePath.startsWith('/')
        ? 'pagePath must not start with "/": write it as in app.json, e.g. pages/index/index?x=1'
        : 'pagePath must be a page of the mini-program as in app.json, e.g. pages/index/index?x=1',
    );
  }
  if (item.mediaAssetId !== null && !UUID.test(item.mediaAssetId)) problem('mediaAssetId', 'mediaAssetId must be a UUID');
  if (item.agentId !== null && !UUID.test(item.agentId)) problem('agentId', 'agentId must be a UUID');

  const name = TYPE_NAMES[item.type];
  const hasPicture = item.pictureUrl !== null || item.mediaAssetId !== null;
  switch (item.type) {
    case 'text':
      if (!item.content.trim()) problem('content', `${name} needs content: the text sent to the customer`);
      else {
        const tooLong = textLengthProblem(item.content);
        if (tooLong) problem('content', `content ${tooLong}`);
      }
      break;
    case 'link':
      if (!item.title) problem('title', `${name} needs a title`);
      if (item.url === null) problem('url', `${name} needs a url: the http(s) address it opens`);
      if (item.pictureUrl === null) problem('pictureUrl', `${name} needs a picture: its http(s) address in pictureUrl`);
      break;
    case 'image':
      if (!hasPicture) problem('pictureUrl', `${name} needs a picture (pictureUrl)`);
      break;
    case 'miniprogram':
      if (!item.title) problem('title', `${name} needs a title`);
      if (item.pagePath === null) problem('pagePath', `${name} needs a page path, e.g. pages/index/index?x=1`);
      if (!hasPicture) problem('pictureUrl', `${name} needs a cover picture (pictureUrl)`);
      break;
    case 'voice':
    case 'video':
      // Only official accounts send these (a mini-program cannot); the file comes from the media library.
      if (item.mediaAssetId === null) problem('mediaAssetId', `${name} needs its uploaded file (mediaAssetId)`);
      break;
  }
  return problems;
}

/** The kind of uploaded file each type sends, if any. */
export const MEDIA_KIND_BY_TYPE: Record<KnowledgeItemType, MediaKind | null> = {
  text: null,
  link: null,
  image: 'image',
  miniprogram: 'image',
  voice: 'voice',
  video: 'video',
};

const MEDIA_KIND_NAMES: Record<MediaKind, string> = { image: 'picture', voice: 'voice file', video: 'video' };

/**
 * F3: whether the uploaded file an item names fits it. `asset` is the tenant's file with that id,
 * or undefined when the tenant has none.
 */
export function validateMedia(
  item: Pick<KnowledgeItemFields, 'type' | 'mediaAssetId'>,
  asset: { kind: MediaKind; filename: string } | undefined,
): FieldProblem[] {
  if (item.mediaAssetId === null || !KNOWLEDGE_ITEM_TYPES.includes(item.type)) return [];
  const wanted = MEDIA_KIND_BY_TYPE[item.type];
  const name = TYPE_NAMES[item.type];
  if (wanted === null) {
    const why =
      item.type === 'link' ? 'its picture is an address (pictureUrl) that WeChat reads itself' : 'it sends no file';
    return [{ field: 'mediaAssetId', message: `${name} takes no uploaded file (${why}): leave mediaAssetId empty` }];
  }
  if (!asset) {
    return [{ field: 'mediaAssetId', message: `mediaAssetId names no uploaded file of this shop: upload the file again` }];
  }
  if (asset.kind !== wanted) {
    const formats = MEDIA_LIMITS[wanted].formats.join(' or ');
    return [
      {
        field: 'mediaAssetId',
        message: `${name} needs a ${MEDIA_KIND_NAMES[wanted]} (${formats}), but ${asset.filename} is a ${MEDIA_KIND_NAMES[asset.kind]}`,
      },
    ];
  }
  return [];
}
