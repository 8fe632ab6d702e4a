import type { Farewell, ReplyLanguage, ServiceMode } from '@kefu/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A tenant's service settings; a tenant without a row uses the defaults. */
@Entity('tenant_settings')
export class TenantSettingsRow {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'varchar', length: 20 })
  mode!: ServiceMode;

  @Column({ name: 'linked_channel_id', type: 'uuid', nullable: true })
  linkedChannelId!: string | null;

  @Column({ name: 'welcome_item_number', type: 'integer', nullable: true })
  welcomeItemNumber!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  farewell!: Farewell;

  @Column({ name: 'goodbye_text', type: 'varchar', length: 600 })
  goodbyeText!: string;

  @Column({ name: 'offline_notice', type: 'varchar', length: 600 })
  offlineNotice!: string;

  @Column({ name: 'robot_fallback_text', type: 'varchar', length: 600 })
  robotFallbackText!: string;

  @Column({ name: 'idle_timeout_minutes', type: 'integer' })
  idleTimeoutMinutes!: number;

  @Column({ name: 'missed_chat_seconds', type: 'integer' })
  missedChatSeconds!: number;

  @Column({ name: 'reply_language', type: 'varchar', length: 8 })
  replyLanguage!: ReplyLanguage;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
