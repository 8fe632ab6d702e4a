import { WechatApiClient } from '@kefu/wechat';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config';
import { REDIS, redisKey } from '../../redis/redis.module';
import { ChannelCredentials, ChannelsService } from './channels.service';
import { WechatApiBase } from './wechat-api-base';

/**
 * One WeChat API client per channel and process. Every client shares its access token through
 * Redis, so any number of api and worker processes use one token per app. A client is rebuilt when
 * the channel's AppID, AppSecret or API address changes.
 */
@Injectable()
export class WechatClientsService {
  private readonly clients = new Map<string, { fingerprint: string; client: WechatApiClient }>();

  constructor(
    private readonly channels: ChannelsService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly apiBase: WechatApiBase,
  ) {}

  /** The client of a channel; 404 when the channel is gone. */
  async forChannel(channelId: string): Promise<WechatApiClient> {
    const credentials = await this.channels.credentials(channelId);
    if (!credentials) throw new NotFoundException('No such channel');
    return this.forCredentials(credentials);
  }

  /** The client for credentials already at hand (the webhook and the worker have them). */
  forCredentials(credentials: Pick<ChannelCredentials, 'id' | 'appId' | 'appSecret'>): WechatApiClient {
    const baseUrl = this.apiBase.for(credentials.appId);
    const fingerprint = `${credentials.appId}\n${credentials.appSecret}\n${baseUrl}`;
    const cached = this.clients.get(credentials.id);
    if (cached?.fingerprint === fingerprint) return cached.client;
    const client = new WechatApiClient({
      appId: credentials.appId,
      appSecret: credentials.appSecret,
      redis: this.redis,
      baseUrl,
      keyPrefix: `${redisKey(this.config, 'wechat')}:`,
    });
    this.clients.set(credentials.id, { fingerprint, client });
    return client;
  }
}
