import type { ChannelCheckCode, ChannelCheckStatus, ChannelFormat, ChannelKind, ChannelMode } from '@kefu/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One WeChat app connected to a tenant. The AppSecret and EncodingAESKey are stored sealed (SecretBox). */
@Entity('channels')
export class Channel {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: ChannelKind;

  @Column({ name: 'original_id', type: 'varchar', length: 15 })
  originalId!: string;

  @Column({ name: 'app_id', type: 'varchar', length: 18 })
  appId!: string;

  @Column({ name: 'app_secret_sealed', type: 'text' })
  appSecretSealed!: string;

  @Column({ type: 'varchar', length: 32 })
  token!: string;

  @Column({ name: 'encoding_aes_key_sealed', type: 'text' })
  encodingAesKeySealed!: string;

  @Column({ type: 'varchar', length: 16, default: 'secure' })
  mode!: ChannelMode;

  @Column({ type: 'varchar', length: 8 })
  format!: ChannelFormat;

  @Column({ name: 'check_status', type: 'varchar', length: 16, default: 'unchecked' })
  checkStatus!: ChannelCheckStatus;

  @Column({ name: 'check_code', type: 'varchar', length: 32, nullable: true })
  checkCode!: ChannelCheckCode | null;

  @Column({ name: 'check_message', type: 'text', nullable: true })
  checkMessage!: string | null;

  @Column({ name: 'checked_at', type: 'timestamptz', nullable: true })
  checkedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
