import type { InboundContent, MessageHandling, MessageSender } from '@kefu/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An inbound message or event as WeChat pushed it; unique per channel by its de-duplication key (D3). */
@Entity('messages')
export class InboundMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @Column({ name: 'dedup_key', type: 'varchar', length: 256 })
  dedupKey!: string;

  @Column({ type: 'varchar', length: 64 })
  openid!: string;

  @Column({ type: 'varchar', length: 8 })
  sender!: MessageSender;

  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId!: string | null;

  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId!: string | null;

  @Column({ name: 'session_id', type: 'uuid', nullable: true })
  sessionId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  type!: string;

  @Column({ type: 'jsonb' })
  content!: InboundContent;

  /** What the engine did with it. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  handling!: MessageHandling | null;

  @Column({ name: 'wechat_created_at', type: 'timestamptz' })
  wechatCreatedAt!: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
