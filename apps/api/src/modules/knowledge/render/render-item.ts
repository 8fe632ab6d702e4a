import type { KnowledgeItemFields } from '@kefu/contracts';
import {
  CustomMessage,
  imageMessage,
  linkMessage,
  miniProgramPageMessage,
  newsMessage,
  textMessage,
  videoMessage,
  voiceMessage,
} from '@kefu/wechat';
import { RenderCustomer, renderText } from './render-text';

/** The fields of an item that rendering reads. */
export type RenderableItem = Pick<
  KnowledgeItemFields,
  'number' | 'type' | 'title' | 'content' | 'description' | 'url' | 'pagePath' | 'pictureUrl' | 'mediaAssetId'
>;

export type ChannelKind = 'miniprogram' | 'official_account';

/** Whom the message goes to and through what kind of channel. */
export interface RenderTarget {
  openid: string;
  channelKind: ChannelKind;
  /** Official accounts only: the linked mini-program a card opens (required to send a card there). */
  miniProgramAppId?: string;
  customer?: RenderCustomer;
}

/**
 * A media file an item needs a WeChat media id for. Media ids belong to a channel and expire after
 * three days (F3), so they are never stored on the item: the sender passes a resolver that uploads
 * or looks them up for its channel.
 */
export interface MediaRef {
  /** `image`: an image item's picture; `thumb`: a card's or a video's cover; `voice` / `video`: the file. */
  role: 'image' | 'thumb' | 'voice' | 'video';
  mediaAssetId: string | null;
  url: string | null;
}

export type MediaResolver = (ref: MediaRef) => string | Promise<string>;

/** The item cannot be sent to this recipient as it stands (wrong channel kind, missing media). */
export class KnowledgeRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KnowledgeRenderError';
  }
}

/**
 * F2: the custom-send message (protocol §6) for one item and one recipient, every text field with
 * its placeholders filled in. Text is cut at 2048 UTF-8 bytes on a character boundary.
 *
 * | item        | mini-program                          | official account                        |
 * | ----------- | ------------------------------------- | --------------------------------------- |
 * | text        | text                                  | text                                    |
 * | image       | image {media_id}                      | image {media_id}                        |
 * | link        | link {title, description, url, thumb_url} | news with one article (no `link` there) |
 * | miniprogram | miniprogrampage (no appid)            | miniprogrampage with the linked appid   |
 * | voice/video | refused                               | voice {media_id} / video {…}            |
 */
export async function renderItem(
  item: RenderableItem,
  target: RenderTarget,
  resolveMedia: MediaResolver,
): Promise<CustomMessage> {
  const fill = (text: string) => renderText(text, target.customer);
  const media = async (role: MediaRef['role']) => {
    // A video's media asset is the video itself; its cover comes from the picture address.
    const ref: MediaRef =
      role === 'voice' || role === 'video'
        ? { role, mediaAssetId: item.mediaAssetId, url: null }
        : { role, mediaAssetId: item.type === 'video' ? null : item.mediaAssetId, url: item.pictureUrl };
    if (!ref.mediaAssetId && !ref.url) {
      const what = role === 'image' || role === 'thumb' ? 'picture' : role;
      throw new KnowledgeRenderError(`Item ${item.number} has no ${what} to send`);
    }
    return resolveMedia(ref);
  };
  const official = target.channelKind === 'official_account';

  switch (item.type) {
    case 'text':
      return textMessage(target.openid, fill(item.content));
    case 'image':
      return imageMessage(target.openid, await media('image'));
    case 'link': {
      if (!item.url || !item.pictureUrl) throw new KnowledgeRenderError(`Item ${item.number} needs a url and a picture`);
      const article = { title: fill(item.title), description: fill(item.description), url: item.url };
      return official
        ? newsMessage(target.openid, { ...article, picUrl: item.pictureUrl })
        : linkMessage(target.openid, { ...article, thumbUrl: item.pictureUrl });
    }
    case 'miniprogram': {
      if (!item.pagePath) throw new KnowledgeRenderError(`Item ${item.number} needs a page path`);
      if (official && !target.miniProgramAppId) {
        throw new KnowledgeRenderError(
          `Item ${item.number} is a mini-program card: an official account can send it only for a linked mini-program`,
        );
      }
      return miniProgramPageMessage(target.openid, {
        title: fill(item.title),
        pagePath: item.pagePath,
        thumbMediaId: await media('thumb'),
        ...(official ? { appId: target.miniProgramAppId } : {}),
      });
    }
    case 'voice':
    case 'video': {
      if (!official) {
        throw new KnowledgeRenderError(`Item ${item.number} is ${item.type}: only an official account can send it`);
      }
      if (item.type === 'voice') return voiceMessage(target.openid, await media('voice'));
      const video = videoMessage(target.openid, {
        mediaId: await media('video'),
        thumbMediaId: item.pictureUrl ? await media('thumb') : '',
        title: fill(item.title),
        description: fill(item.description),
      });
      // The cover is optional; an empty thumb_media_id would be refused as a malformed field.
      if (!item.pictureUrl) delete (video.video as { thumb_media_id?: string }).thumb_media_id;
      return video;
    }
    default:
      throw new KnowledgeRenderError(`Item ${item.number} has an unknown type`);
  }
}
