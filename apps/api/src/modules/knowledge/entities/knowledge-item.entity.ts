import type { KnowledgeItemType } from '@kefu/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('knowledge_items')
export class KnowledgeItem {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** 顺序ID: what a customer types to get this item; unique in the tenant. */
  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'varchar', length: 64 })
  keyword!: string;

  /** The keyword folded as matching folds text (see foldText); unique in the tenant. */
  @Column({ name: 'keyword_key', type: 'varchar', length: 64 })
  keywordKey!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: KnowledgeItemType;

  @Column({ type: 'varchar', length: 64, default: '' })
  title!: string;

  @Column({ type: 'text', default: '' })
  content!: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  description!: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  url!: string | null;

  @Column({ name: 'page_path', type: 'varchar', length: 512, nullable: true })
  pagePath!: string | null;

  @Column({ name: 'picture_url', type: 'varchar', length: 2048, nullable: true })
  pictureUrl!: string | null;

  /** The uploaded picture, voice or video (F3); its WeChat media ids are kept per channel. */
  @Column({ name: 'media_asset_id', type: 'uuid', nullable: true })
  mediaAssetId!: string | null;

  /** Sending this item also routes the customer to this agent (B4, B5). */
  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId!: string | null;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
