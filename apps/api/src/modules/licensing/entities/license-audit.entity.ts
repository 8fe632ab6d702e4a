import type { LicenseAuditAction } from '@kefu/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One step of a tenant's licence. Append-only: a database trigger refuses UPDATE, DELETE and TRUNCATE. */
@Entity('license_audit')
export class LicenseAuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'varchar', length: 16 })
  action!: LicenseAuditAction;

  /** null for the system (an expired grant). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 64 })
  actorName!: string;

  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false })
  createdAt!: Date;
}
