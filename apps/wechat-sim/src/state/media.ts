import type { SimClock } from '../clock';
import { newMediaId } from '../ids';

export type MediaType = 'image' | 'voice' | 'video' | 'thumb';

export const MEDIA_TYPES: readonly MediaType[] = ['image', 'voice', 'video', 'thumb'];

export interface StoredMedia {
  mediaId: string;
  appId: string;
  type: MediaType;
  data: Buffer;
  contentType: string;
  filename: string;
  createdAt: number;
}

/** Temporary media lives 3 days, uploaded by the app or sent by a user (protocol §8). */
export const MEDIA_LIFETIME_MS = 3 * 86_400_000;

export type MediaLookup = { ok: true; media: StoredMedia } | { ok: false };

export class MediaStore {
  private readonly media = new Map<string, StoredMedia>();

  constructor(private readonly clock: SimClock) {}

  save(input: Omit<StoredMedia, 'mediaId' | 'createdAt'>): StoredMedia {
    const stored: StoredMedia = { ...input, mediaId: newMediaId(), createdAt: this.clock.now() };
    this.media.set(stored.mediaId, stored);
    return stored;
  }

  /** Unknown, expired and other apps' media all look the same to the caller: 40007. */
  find(appId: string, mediaId: string): MediaLookup {
    const media = this.media.get(mediaId);
    if (!media || media.appId !== appId) return { ok: false };
    if (this.clock.now() >= media.createdAt + MEDIA_LIFETIME_MS) return { ok: false };
    return { ok: true, media };
  }

  /** For the sim's own file links (PicUrl and video_url), independent of any app. */
  findAnyLive(mediaId: string): StoredMedia | undefined {
    const media = this.media.get(mediaId);
    return media && this.clock.now() < media.createdAt + MEDIA_LIFETIME_MS ? media : undefined;
  }

  clear(): void {
    this.media.clear();
  }
}
