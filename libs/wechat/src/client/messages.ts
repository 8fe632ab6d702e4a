/*
 * Bodies of `POST /cgi-bin/message/custom/send` (protocol §6), built field by field in the
 * documented order so the JSON is exactly what WeChat shows.
 */

/** Longest text WeChat accepts in practice (a community measurement, §6.3). */
export const MAX_TEXT_BYTES = 2048;

export type MiniProgramMsgType = 'text' | 'image' | 'link' | 'miniprogrampage';
export type OfficialAccountMsgType =
  | 'text'
  | 'image'
  | 'voice'
  | 'video'
  | 'music'
  | 'news'
  | 'mpnews'
  | 'mpnewsarticle'
  | 'msgmenu'
  | 'wxcard'
  | 'miniprogrampage';

/** A custom-message body ready to send; build it with the functions below. */
export interface CustomMessage {
  touser: string;
  msgtype: MiniProgramMsgType | OfficialAccountMsgType;
  /** Official accounts: send as a specific agent (`test1@kftest`). */
  customservice?: { kf_account: string };
  [payload: string]: unknown;
}

function message(touser: string, msgtype: CustomMessage['msgtype'], payload: object): CustomMessage {
  return { touser, msgtype, [msgtype]: payload };
}

/**
 * Cuts text to at most `maxBytes` UTF-8 bytes without splitting a character, and replaces lone
 * surrogates (which JSON would turn into `\udXXX`, refused by WeChat with 40033) by U+FFFD.
 */
export function trimUtf8(text: string, maxBytes = MAX_TEXT_BYTES): string {
  let bytes = 0;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let char = text[i];
    let size: number;
    if (unit < 0x80) size = 1;
    else if (unit < 0x800) size = 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      char = text.slice(i, i + 2);
      size = 4;
      i++;
    } else {
      if (unit >= 0xd800 && unit <= 0xdfff) char = '\ufffd';
      size = 3;
    }
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += char;
  }
  return out;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Text (both account kinds); trimmed to 2048 UTF-8 bytes. May contain `<a href>` links. */
export function textMessage(touser: string, content: string, maxBytes = MAX_TEXT_BYTES): CustomMessage {
  return message(touser, 'text', { content: trimUtf8(content, maxBytes) });
}

export function imageMessage(touser: string, mediaId: string): CustomMessage {
  return message(touser, 'image', { media_id: mediaId });
}

/** Mini-programs only. */
export function linkMessage(
  touser: string,
  link: { title: string; description: string; url: string; thumbUrl: string },
): CustomMessage {
  return message(touser, 'link', {
    title: link.title,
    description: link.description,
    url: link.url,
    thumb_url: link.thumbUrl,
  });
}

/**
 * Mini-program card. From a mini-program leave `appId` out (it is always the caller); from an
 * official account it is required and the mini-program must be linked to the account.
 */
export function miniProgramPageMessage(
  touser: string,
  page: { title: string; pagePath: string; thumbMediaId: string; appId?: string },
): CustomMessage {
  const payload =
    page.appId === undefined
      ? { title: page.title, pagepath: page.pagePath, thumb_media_id: page.thumbMediaId }
      : { title: page.title, appid: page.appId, pagepath: page.pagePath, thumb_media_id: page.thumbMediaId };
  return message(touser, 'miniprogrampage', payload);
}

export function voiceMessage(touser: string, mediaId: string): CustomMessage {
  return message(touser, 'voice', { media_id: mediaId });
}

export function videoMessage(
  touser: string,
  video: { mediaId: string; thumbMediaId: string; title: string; description: string },
): CustomMessage {
  return message(touser, 'video', {
    media_id: video.mediaId,
    thumb_media_id: video.thumbMediaId,
    title: video.title,
    description: video.description,
  });
}

export function musicMessage(
  touser: string,
  music: { title: string; description: string; musicUrl: string; hqMusicUrl: string; thumbMediaId: string },
): CustomMessage {
  return message(touser, 'music', {
    title: music.title,
    description: music.description,
    musicurl: music.musicUrl,
    hqmusicurl: music.hqMusicUrl,
    thumb_media_id: music.thumbMediaId,
  });
}

/** One article only: more are refused with 45008 since 2018. */
export function newsMessage(
  touser: string,
  article: { title: string; description: string; url: string; picUrl: string },
): CustomMessage {
  return message(touser, 'news', {
    articles: [{ title: article.title, description: article.description, url: article.url, picurl: article.picUrl }],
  });
}

export function mpnewsMessage(touser: string, mediaId: string): CustomMessage {
  return message(touser, 'mpnews', { media_id: mediaId });
}

export function mpnewsArticleMessage(touser: string, articleId: string): CustomMessage {
  return message(touser, 'mpnewsarticle', { article_id: articleId });
}

/** A menu of options; a tap comes back as a text push carrying `bizMsgMenuId`. */
export function msgMenuMessage(
  touser: string,
  menu: { headContent: string; options: { id: string; content: string }[]; tailContent: string },
): CustomMessage {
  return message(touser, 'msgmenu', {
    head_content: menu.headContent,
    list: menu.options.map((option) => ({ id: option.id, content: option.content })),
    tail_content: menu.tailContent,
  });
}

export function wxcardMessage(touser: string, cardId: string): CustomMessage {
  return message(touser, 'wxcard', { card_id: cardId });
}

/** Official accounts: show the message as sent by this agent. */
export function asAgent(custom: CustomMessage, kfAccount: string): CustomMessage {
  return { ...custom, customservice: { kf_account: kfAccount } };
}
