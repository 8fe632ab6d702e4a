import { Injectable } from '@nestjs/common';
import { ExpiringCache } from '../../../common/expiring-cache';
import { ChannelCredentials, ChannelsService } from '../../tenants/channels.service';

/** How long a channel's credentials are used before they are read again. */
export const DELIVERY_CHANNEL_TTL_MS = 5_000;

/**
 * Channel credentials for the outbound delivery, for a few seconds per process: every run needs
 * them, and reading and opening them each time would cost a query per delivered message. A change in
 * the console reaches the delivery within DELIVERY_CHANNEL_TTL_MS. Concurrent runs share one lookup.
 */
@Injectable()
export class DeliveryChannelsService {
  private readonly cache = new ExpiringCache<ChannelCredentials | null>(DELIVERY_CHANNEL_TTL_MS);

  constructor(private readonly channels: ChannelsService) {}

  credentials(channelId: string, now = Date.now()): Promise<ChannelCredentials | null> {
    return this.cache.get(channelId, () => this.channels.credentials(channelId), now);
  }
}
