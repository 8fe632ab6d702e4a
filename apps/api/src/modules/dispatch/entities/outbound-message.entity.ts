import type { DeliveryState, MessageAuthor, MessageSender, OutboundContent } from '@kefu/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryReport } from '../outbound/outbound-content';

/**
 * The outbox: every message the relay sends, written in the transaction that decided it and
 * delivered per recipient in id order by the outbound worker (D1).
 */
@Entity('outbound_messages')
export class OutboundMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @Column({ type: 'varchar', length: 64 })
  openid!: string;

  @Column({ type: 'varchar', length: 8 })
  recipient!: MessageSender;

  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId!: string | null;

  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId!: string | null;

  @Column({ name: 'session_id', type: 'uuid', nullable: true })
  sessionId!: string | null;

  @Column({ type: 'varchar', length: 8 })
  author!: MessageAuthor;

  @Column({ type: 'jsonb' })
  content!: OutboundContent;

  @Column({ type: 'varchar', length: 12, default: 'pending' })
  state!: DeliveryState;

  /** Why it is held or failed, as a code (`window_closed`, `quota_used`, `permanent`, …). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  reason!: string | null;

  @Column({ name: 'reason_detail', type: 'text', nullable: true })
  reasonDetail!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** An agent to tell how the delivery ended (C6, C11). */
  @Column({ name: 'report_to', type: 'jsonb', nullable: true })
  reportTo!: DeliveryReport | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
