import type { MediaKind } from '@kefu/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A picture, voice or video file of a tenant, stored once (unique by content per tenant). */
@Entity('media_assets')
export class MediaAsset {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: MediaKind;

  @Column({ name: 'content_type', type: 'varchar', length: 64 })
  contentType!: string;

  @Column({ type: 'varchar', length: 255 })
  filename!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  /** Not read unless asked for (`select: false`): lists and lookups never load the bytes. */
  @Column({ type: 'bytea', select: false })
  data!: Buffer;

  /** The item picture address it was fetched from, for pictures given only as an address. */
  @Column({ name: 'source_url', type: 'varchar', length: 2048, nullable: true })
  sourceUrl!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
