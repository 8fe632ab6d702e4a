import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Knowledge media (F3): each file stored once per tenant, and its WeChat media id per channel with
 * the expiry WeChat gives it. Items refer to their file by (tenant, asset), so an item can never
 * point at another tenant's file, and a file in use cannot be deleted.
 */
export class CreateMediaAssets1795550000000 implements MigrationInterface {
  name = 'CreateMediaAssets1795550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE media_assets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        kind varchar(8) NOT NULL CHECK (kind IN ('image', 'voice', 'video')),
        content_type varchar(64) NOT NULL,
        filename varchar(255) NOT NULL,
        size integer NOT NULL CHECK (size > 0),
        sha256 char(64) NOT NULL,
        data bytea NOT NULL,
        source_url varchar(2048),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX media_assets_tenant_sha256_key ON media_assets (tenant_id, sha256)`);
    await queryRunner.query(`CREATE UNIQUE INDEX media_assets_tenant_id_key ON media_assets (tenant_id, id)`);
    await queryRunner.query(
      `CREATE INDEX media_assets_tenant_source_url_idx ON media_assets (tenant_id, source_url) WHERE source_url IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE media_ids (
        asset_id uuid NOT NULL REFERENCES media_assets(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        media_id varchar(256),
        uploaded_at timestamptz,
        expires_at timestamptz,
        last_error text,
        failed_at timestamptz,
        PRIMARY KEY (asset_id, channel_id)
      )`);
    await queryRunner.query(`CREATE INDEX media_ids_expires_at_idx ON media_ids (expires_at) WHERE media_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX media_ids_channel_idx ON media_ids (channel_id)`);

    // Until now no file could be uploaded, so any id an item holds points at nothing.
    await queryRunner.query(`UPDATE knowledge_items SET media_asset_id = NULL WHERE media_asset_id IS NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE knowledge_items ADD CONSTRAINT knowledge_items_media_asset_fkey
        FOREIGN KEY (tenant_id, media_asset_id) REFERENCES media_assets (tenant_id, id)`);
    await queryRunner.query(
      `CREATE INDEX knowledge_items_media_asset_idx ON knowledge_items (media_asset_id) WHERE media_asset_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX knowledge_items_media_asset_idx`);
    await queryRunner.query(`ALTER TABLE knowledge_items DROP CONSTRAINT knowledge_items_media_asset_fkey`);
    await queryRunner.query(`DROP TABLE media_ids`);
    await queryRunner.query(`DROP TABLE media_assets`);
  }
}
