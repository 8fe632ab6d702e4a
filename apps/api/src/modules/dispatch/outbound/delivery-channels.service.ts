import { Injectable } from '@nestjs/common';
import { ChannelCredentials, ChannelsService } from '../../tenants/channels.service';

/** How long a channel's credentials are used before they are read again. */
export const DELIVERY_CHANNEL_TTL_MS = 5_000;

interface Entry {
  loadedAt: number;
  value: Promise<ChannelCredentials | null>;
}

/**
 * Channel credentials for the outbound delivery, for a few seconds per process: every run needs
 * them, and reading and opening them each time would cost a query per delivered message. A change in
 * the console reaches the delivery within DELIVERY_CHANNEL_TTL_MS. Concurrent runs share one lookup.
 */
@Injectable()
export class DeliveryChannelsService {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly channels: ChannelsService) {}

  credentials(channelId: string, now = Date.now()): Promise<ChannelCredentials | null> {
    const entry = this.entries.get(channelId);
    if (entry && now - entry.loadedAt < DELIVERY_CHANNEL_TTL_MS) return entry.value;
    const loaded: Entry = { loadedAt: now, value: this.channels.credentials(channelId) };
    this.entries.set(channelId, loaded);
    // A failed lookup (database down) is not remembered: the next run asks again.
    loaded.value.catch(() => {
      if (this.entries.get(channelId) === loaded) this.entries.delete(channelId);
    });
    return loaded.value;
  }
}
