import type { AgentStatus } from '@kefu/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** 客服: a WeChat user registered by a tenant, bound by openid or, until then, by a one-time binding code. */
@Entity('agents')
export class Agent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'varchar', length: 32 })
  nickname!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  openid!: string | null;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin!: boolean;

  @Column({ type: 'varchar', length: 16, default: 'idle' })
  status!: AgentStatus;

  /** When the status last changed: the agent idle longest gets the next customer (B6.2). */
  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt!: Date;

  @Column({ name: 'binding_code', type: 'char', length: 6, nullable: true })
  bindingCode!: string | null;

  @Column({ name: 'binding_code_expires_at', type: 'timestamptz', nullable: true })
  bindingCodeExpiresAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
