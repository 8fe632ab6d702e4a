import type { SessionCloseReason, SessionState } from '@kefu/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A customer's stay, from the first message that needs a human until it is closed. */
@Entity('sessions')
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId!: string;

  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId!: string | null;

  /** Asked for by name or by a knowledge item (B5): served by this agent first when it is free. */
  @Column({ name: 'preferred_agent_id', type: 'uuid', nullable: true })
  preferredAgentId!: string | null;

  @Column({ type: 'varchar', length: 8 })
  state!: SessionState;

  /** Place in the queue: first come, first served (a session put back by 下班 keeps its old time). */
  @Column({ name: 'queued_at', type: 'timestamptz' })
  queuedAt!: Date;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'close_reason', type: 'varchar', length: 16, nullable: true })
  closeReason!: SessionCloseReason | null;

  /** Last message either way; an active session idle for the tenant's timeout closes (E1). */
  @Column({ name: 'last_activity_at', type: 'timestamptz' })
  lastActivityAt!: Date;

  /** The queue place last told to the customer (B6.3), so it is told again only when it changes. */
  @Column({ name: 'told_position', type: 'integer', nullable: true })
  toldPosition!: number | null;

  /** B6.5: the offline notice goes out once per session. */
  @Column({ name: 'offline_notice_sent', type: 'boolean', default: false })
  offlineNoticeSent!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
