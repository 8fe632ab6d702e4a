import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A media asset's WeChat media id on one channel, valid until `expiresAt` (3 days, protocol §8). */
@Entity('media_ids')
export class MediaId {
  @PrimaryColumn({ name: 'asset_id', type: 'uuid' })
  assetId!: string;

  @PrimaryColumn({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** Null until the first upload succeeds, and again once WeChat has refused it (40007). */
  @Column({ name: 'media_id', type: 'varchar', length: 256, nullable: true })
  mediaId!: string | null;

  @Column({ name: 'uploaded_at', type: 'timestamptz', nullable: true })
  uploadedAt!: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** Why the last upload failed; cleared by the next successful one. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;
}
