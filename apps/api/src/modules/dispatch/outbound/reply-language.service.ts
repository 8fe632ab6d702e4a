import type { ReplyLanguage } from '@kefu/contracts';
import { Injectable } from '@nestjs/common';
import { SettingsService } from '../../tenants/settings.service';

const TTL_MS = 30_000;

/** The tenant's reply language for delivery reports, read at most every 30 s per tenant. */
@Injectable()
export class ReplyLanguageService {
  private readonly cache = new Map<string, { language: ReplyLanguage; until: number }>();

  constructor(private readonly settings: SettingsService) {}

  async get(tenantId: string): Promise<ReplyLanguage> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > Date.now()) return cached.language;
    const { replyLanguage } = await this.settings.get(tenantId);
    this.cache.set(tenantId, { language: replyLanguage, until: Date.now() + TTL_MS });
    return replyLanguage;
  }
}
