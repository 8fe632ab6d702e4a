import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A WeChat user (an openid on a channel) who writes to the tenant and is not an agent (B1). */
@Entity('customers')
export class Customer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @Column({ type: 'varchar', length: 64 })
  openid!: string;

  /** The short number agents type (#12); per tenant, from 1. */
  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  nickname!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;
}
