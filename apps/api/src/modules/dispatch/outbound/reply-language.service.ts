import type { ReplyLanguage } from '@kefu/contracts';
import { Injectable } from '@nestjs/common';
import { ExpiringCache } from '../../../common/expiring-cache';
import { SettingsService } from '../../tenants/settings.service';

const TTL_MS = 30_000;

/** The tenant's reply language for delivery reports, read at most every 30 s per tenant. */
@Injectable()
export class ReplyLanguageService {
  private readonly cache = new ExpiringCache<ReplyLanguage>(TTL_MS);

  constructor(private readonly settings: SettingsService) {}

  get(tenantId: string): Promise<ReplyLanguage> {
    return this.cache.get(tenantId, async () => (await this.settings.get(tenantId)).replyLanguage);
  }
}
