import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A grant of seats. A tenant without a row (or with an expired one) is in single-agent mode. */
@Entity('licenses')
export class License {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** null = unlimited. */
  @Column({ type: 'integer', nullable: true })
  seats!: number | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'granted_at', type: 'timestamptz' })
  grantedAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
