import type { PushChannel } from '@kefu/wechat';
import { Injectable } from '@nestjs/common';
import { ChannelCredentials, ChannelsService } from '../tenants/channels.service';

/** A channel as the webhook uses it: the credentials for dispatch and the push settings for decodePush. */
export interface WebhookChannel {
  credentials: ChannelCredentials;
  push: PushChannel;
}

interface Entry {
  loadedAt: number;
  value: Promise<WebhookChannel | null>;
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
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly channels: ChannelsService) {}

  get(channelId: string, now = Date.now()): Promise<WebhookChannel | null> {
    const entry = this.entries.get(channelId);
    if (entry && now - entry.loadedAt < CREDENTIALS_TTL_MS) return entry.value;
    return this.load(channelId, now);
  }

  /**
   * Reads the channel again when the cached copy is older than a second, for a push the cached
   * settings refused; undefined when it was read too recently to have changed.
   */
  reload(channelId: string, now = Date.now()): Promise<WebhookChannel | null> | undefined {
    const entry = this.entries.get(channelId);
    if (entry && now - entry.loadedAt < RELOAD_AFTER_MS) return undefined;
    return this.load(channelId, now);
  }

  /** Forgets every channel (tests, and anything that knows a channel changed). */
  clear(): void {
    this.entries.clear();
  }

  private load(channelId: string, now: number): Promise<WebhookChannel | null> {
    const value = this.channels.credentials(channelId).then((credentials) => (credentials ? webhookChannel(credentials) : null));
    const entry: Entry = { loadedAt: now, value };
    this.entries.delete(channelId);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(channelId, entry);
    // A failed lookup (database down) is not remembered: the next push asks again.
    value.catch(() => {
      if (this.entries.get(channelId) === entry) this.entries.delete(channelId);
    });
    return value;
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
