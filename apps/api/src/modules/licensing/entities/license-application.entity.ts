import type { LicenseApplicationStatus } from '@kefu/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 申请开通: a tenant asks for seats; the superadmin grants or rejects. One pending per tenant. */
@Entity('license_applications')
export class LicenseApplication {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'integer' })
  seats!: number;

  @Column({ type: 'varchar', length: 500, default: '' })
  note!: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: LicenseApplicationStatus;

  @Column({ name: 'applied_by', type: 'uuid', nullable: true })
  appliedBy!: string | null;

  @Column({ name: 'applied_by_name', type: 'varchar', length: 64 })
  appliedByName!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decided_by_name', type: 'varchar', length: 64, nullable: true })
  decidedByName!: string | null;

  @Column({ name: 'granted_seats', type: 'integer', nullable: true })
  grantedSeats!: number | null;

  @Column({ name: 'granted_expires_at', type: 'timestamptz', nullable: true })
  grantedExpiresAt!: Date | null;

  @Column({ name: 'reject_reason', type: 'varchar', length: 500, nullable: true })
  rejectReason!: string | null;
}
