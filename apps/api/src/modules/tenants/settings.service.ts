import type { Farewell, TenantSettings, UpdateSettingsRequest } from '@kefu/contracts';
import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query';
import { ChannelsService } from './channels.service';
import { TenantSettingsRow } from './entities/tenant-settings.entity';

/** Settings to save; a farewell arrives as one shape with the field its type needs. */
export type SettingsChanges = Omit<UpdateSettingsRequest, 'farewell'> & {
  farewell?: { type: 'text' | 'item'; text?: string; number?: number } | null;
};

/** What a tenant that never saved its settings gets. */
export const DEFAULT_SETTINGS: Omit<TenantSettings, 'tenantId' | 'updatedAt'> = {
  mode: 'human',
  linkedChannelId: null,
  welcomeItemNumber: null,
  farewell: null,
  goodbyeText: '感谢您的咨询，再见！',
  offlineNotice: '客服暂时不在线，您的留言我们会尽快回复。',
  robotFallbackText: '抱歉，我没有理解您的问题，请稍候，人工客服马上为您服务。',
  idleTimeoutMinutes: 30,
  missedChatSeconds: 180,
  replyLanguage: 'zh-CN',
};

/** tenant_settings as the engine reads it on every push. */
interface SettingsRow {
  mode: TenantSettings['mode'];
  linked_channel_id: string | null;
  welcome_item_number: number | null;
  farewell: Farewell;
  goodbye_text: string;
  offline_notice: string;
  robot_fallback_text: string;
  idle_timeout_minutes: number;
  missed_chat_seconds: number;
  reply_language: TenantSettings['replyLanguage'];
  updated_at: Date;
}

@Injectable()
export class SettingsService {
  constructor(
    @InjectRepository(TenantSettingsRow) private readonly settings: Repository<TenantSettingsRow>,
    private readonly channels: ChannelsService,
  ) {}

  /** The tenant's settings, defaults filled in. */
  async get(tenantId: string, manager?: EntityManager): Promise<TenantSettings> {
    // Read on every push: plain SQL.
    const [row] = await preparedQuery<SettingsRow>(
      manager ?? this.settings.manager,
      `SELECT mode, linked_channel_id, welcome_item_number, farewell, goodbye_text, offline_notice, robot_fallback_text,
              idle_timeout_minutes, missed_chat_seconds, reply_language, updated_at
       FROM tenant_settings WHERE tenant_id = $1`,
      [tenantId],
    );
    if (!row) return { tenantId, ...DEFAULT_SETTINGS, updatedAt: null };
    return {
      tenantId,
      mode: row.mode,
      linkedChannelId: row.linked_channel_id,
      welcomeItemNumber: row.welcome_item_number,
      farewell: row.farewell,
      goodbyeText: row.goodbye_text,
      offlineNotice: row.offline_notice,
      robotFallbackText: row.robot_fallback_text,
      idleTimeoutMinutes: row.idle_timeout_minutes,
      missedChatSeconds: row.missed_chat_seconds,
      replyLanguage: row.reply_language,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  /** Saves the fields given; the others keep their value. */
  async update(tenantId: string, changes: SettingsChanges): Promise<TenantSettings> {
    const current = await this.get(tenantId);
    const next = { ...current };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof typeof DEFAULT_SETTINGS)[]) {
      if (key !== 'farewell' && changes[key] !== undefined) (next as Record<string, unknown>)[key] = changes[key];
    }
    if (changes.farewell !== undefined) next.farewell = farewellOf(changes.farewell);
    if (next.mode !== 'official_account' && changes.linkedChannelId === undefined) next.linkedChannelId = null;
    if (next.mode === 'official_account') {
      if (!next.linkedChannelId) {
        throw badRequest('linkedChannelId is required in official_account mode: choose the official-account channel agents use');
      }
      const kind = await this.channels.kindOf(tenantId, next.linkedChannelId);
      if (kind !== 'official_account') {
        throw badRequest(
          kind === null
            ? 'linkedChannelId must be one of your channels'
            : 'linkedChannelId must be an official-account channel (公众号), not a mini-program',
        );
      }
    } else if (next.linkedChannelId !== null) {
      const kind = await this.channels.kindOf(tenantId, next.linkedChannelId);
      if (kind !== 'official_account') throw badRequest('linkedChannelId must be one of your official-account channels, or null');
    }
    const { tenantId: _tenantId, updatedAt: _updatedAt, ...values } = next;
    await this.settings.upsert({ tenantId, ...values, updatedAt: new Date() }, ['tenantId']);
    return this.get(tenantId);
  }
}

function farewellOf(input: SettingsChanges['farewell']): Farewell {
  if (!input) return null;
  return input.type === 'text' ? { type: 'text', text: input.text ?? '' } : { type: 'item', number: input.number ?? 0 };
}

function badRequest(message: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [message] });
}
