import { ERRMSG, WechatApiError } from '../errors';
import type { AppKind } from '../state/apps';
import type { MediaType } from '../state/media';

/** A media id the message refers to and the upload types acceptable in that place. */
export interface MediaReference {
  mediaId: string;
  accepts: MediaType[];
}

export interface ValidCustomMessage {
  touser: string;
  msgtype: string;
  mediaReferences: MediaReference[];
}

const MSGTYPES: Record<AppKind, readonly string[]> = {
  miniprogram: ['text', 'image', 'link', 'miniprogrampage'],
  official_account: [
    'text',
    'image',
    'voice',
    'video',
    'music',
    'news',
    'mpnews',
    'mpnewsarticle',
    'msgmenu',
    'wxcard',
    'miniprogrampage',
  ],
};

export const TEXT_LIMIT_BYTES = 2048;
const THUMB: MediaType[] = ['thumb', 'image'];

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function formatError(hint: string): WechatApiError {
  return new WechatApiError(47001, `${ERRMSG.dataFormat} hint: [${hint}]`);
}

function requireString(fields: Fields, name: string, path: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || value === '') throw formatError(`${path}.${name}`);
  return value;
}

function optionalString(fields: Fields, name: string, path: string): void {
  if (fields[name] !== undefined && typeof fields[name] !== 'string') throw formatError(`${path}.${name}`);
}

/** Checks a parsed custom/send body the way WeChat does for this kind of app (protocol §6). */
export function validateCustomMessage(body: unknown, kind: AppKind): ValidCustomMessage {
  if (!isObject(body)) throw formatError('body');
  const touser = body['touser'];
  if (typeof touser !== 'string' || touser === '') throw new WechatApiError(40003, ERRMSG.invalidOpenid);
  const msgtype = body['msgtype'];
  if (typeof msgtype !== 'string' || !MSGTYPES[kind].includes(msgtype)) {
    throw new WechatApiError(40008, ERRMSG.invalidMessageType);
  }
  const content = body[msgtype];
  if (!isObject(content)) throw formatError(msgtype);
  const mediaReferences: MediaReference[] = [];
  const media = (name: string, accepts: MediaType[], required = true) => {
    if (!required && content[name] === undefined) return;
    mediaReferences.push({ mediaId: requireString(content, name, msgtype), accepts });
  };

  switch (msgtype) {
    case 'text': {
      const text = content['content'];
      if (typeof text !== 'string') throw formatError('text.content');
      if (text === '') throw new WechatApiError(44004, ERRMSG.emptyContent);
      if (Buffer.byteLength(text, 'utf8') > TEXT_LIMIT_BYTES) throw new WechatApiError(45002, ERRMSG.contentTooLong);
      break;
    }
    case 'image':
      media('media_id', ['image']);
      break;
    case 'voice':
      media('media_id', ['voice']);
      break;
    case 'video':
      media('media_id', ['video']);
      media('thumb_media_id', THUMB, false);
      optionalString(content, 'title', msgtype);
      optionalString(content, 'description', msgtype);
      break;
    case 'music':
      requireString(content, 'musicurl', msgtype);
      requireString(content, 'hqmusicurl', msgtype);
      media('thumb_media_id', THUMB);
      optionalString(content, 'title', msgtype);
      optionalString(content, 'description', msgtype);
      break;
    case 'news': {
      const articles = content['articles'];
      if (!Array.isArray(articles) || articles.length === 0) throw formatError('news.articles');
      if (articles.length > 1) throw new WechatApiError(45008, ERRMSG.tooManyArticles);
      const [article] = articles;
      if (!isObject(article)) throw formatError('news.articles');
      requireString(article, 'title', 'news.articles');
      for (const name of ['description', 'url', 'picurl']) optionalString(article, name, 'news.articles');
      break;
    }
    case 'mpnews':
      // Permanent material is outside the simulator; any id is accepted.
      requireString(content, 'media_id', msgtype);
      break;
    case 'mpnewsarticle':
      requireString(content, 'article_id', msgtype);
      break;
    case 'msgmenu': {
      const list = content['list'];
      if (!Array.isArray(list) || list.length === 0) throw formatError('msgmenu.list');
      for (const item of list) {
        if (!isObject(item)) throw formatError('msgmenu.list');
        requireString(item, 'id', 'msgmenu.list');
        requireString(item, 'content', 'msgmenu.list');
      }
      optionalString(content, 'head_content', msgtype);
      optionalString(content, 'tail_content', msgtype);
      break;
    }
    case 'wxcard':
      requireString(content, 'card_id', msgtype);
      break;
    case 'link':
      requireString(content, 'title', msgtype);
      requireString(content, 'url', msgtype);
      optionalString(content, 'description', msgtype);
      optionalString(content, 'thumb_url', msgtype);
      break;
    case 'miniprogrampage':
      requireString(content, 'title', msgtype);
      requireString(content, 'pagepath', msgtype);
      if (kind === 'official_account') requireString(content, 'appid', msgtype);
      media('thumb_media_id', kind === 'miniprogram' ? ['image'] : THUMB);
      break;
  }
  return { touser, msgtype, mediaReferences };
}
