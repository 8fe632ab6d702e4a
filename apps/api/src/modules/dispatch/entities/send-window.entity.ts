import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What WeChat still lets the relay send to one user of one channel (protocol §7): opened by the
 * user's actions, used by each accepted send, closed at once when WeChat answers 45015 or 45047.
 */
@Entity('send_windows')
export class SendWindowRow {
  @PrimaryColumn({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  openid!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'integer' })
  remaining!: number;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'last_message_at', type: 'timestamptz', nullable: true })
  lastMessageAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
