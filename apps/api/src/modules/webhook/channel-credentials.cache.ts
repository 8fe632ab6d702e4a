import type { PushChannel } from '@kefu/wechat';
import { Injectable } from '@nestjs/common';
import { ExpiringCache } from '../../common/expiring-cache';
import { ChannelCredentials, ChannelsService } from '../tenants/channels.service';

/** A channel as the webhook uses it: the credentials for dispatch and the push settings for decodePush. */
export interface WebhookChannel {
  credentials: ChannelCredentials;
  push: PushChannel;
}

/** How long a looked-up channel (or its absence) is used before it is read again. */
export const CREDENTIALS_TTL_MS = 5_000;
/** A push that fails with the cached credentials reads them again, at most this often per channel. */
const RELOAD_AFTER_MS = 1_000;
/** Unknown ids are remembered too (a flood of them must not reach the database), so the map is bounded. */
const MAX_ENTRIES = 10_000;

/**
 * Channels by id for the webhook, for a few seconds per process: opening the sealed secrets and a
 * database read on every push would be most of the push's cost. Concurrent pushes of one channel share
 * one lookup. A change in the console is seen within CREDENTIALS_TTL_MS, and at once by a push that
 * only the new settings can verify (see `reload`).
 */
@Injectable()
export class ChannelCredentialsCache {
  private readonly cache = new ExpiringCache<WebhookChannel | null>(CREDENTIALS_TTL_MS, MAX_ENTRIES);

  constructor(private readonly channels: ChannelsService) {}

  get(channelId: string, now = Date.now()): Promise<WebhookChannel | null> {
    return this.cache.get(channelId, () => this.load(channelId), now);
  }

  /**
   * Reads the channel again when the cached copy is older than a second, for a push the cached
   * settings refused; undefined when it was read too recently to have changed.
   */
  reload(channelId: string, now = Date.now()): Promise<WebhookChannel | null> | undefined {
    if (this.cache.loadedWithin(channelId, RELOAD_AFTER_MS, now)) return undefined;
    return this.cache.get(channelId, () => this.load(channelId), now, 0);
  }

  /** Forgets every channel (tests, and anything that knows a channel changed). */
  clear(): void {
    this.cache.clear();
  }

  private async load(channelId: string): Promise<WebhookChannel | null> {
    const credentials = await this.channels.credentials(channelId);
    return credentials ? webhookChannel(credentials) : null;
  }
}

function webhookChannel(credentials: ChannelCredentials): WebhookChannel {
  return {
    credentials,
    push: {
      token: credentials.token,
      appId: credentials.appId,
      encodingAesKey: credentials.encodingAesKey,
      mode: credentials.mode,
      format: credentials.format,
    },
  };
}
