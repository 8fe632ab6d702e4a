import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateKnowledgeItems1795489521280 implements MigrationInterface {
  name = 'CreateKnowledgeItems1795489521280';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE knowledge_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        number integer NOT NULL CHECK (number > 0),
        keyword varchar(64) NOT NULL,
        keyword_key varchar(64) NOT NULL,
        type varchar(16) NOT NULL CHECK (type IN ('text', 'link', 'image', 'miniprogram', 'voice', 'video')),
        title varchar(64) NOT NULL DEFAULT '',
        content text NOT NULL DEFAULT '',
        description varchar(512) NOT NULL DEFAULT '',
        url varchar(2048),
        page_path varchar(512),
        picture_url varchar(2048),
        media_asset_id uuid,
        agent_id uuid,
        sort_order integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Both identities are unique per tenant in the database itself, so two concurrent saves cannot both win.
    await queryRunner.query(
      `CREATE UNIQUE INDEX knowledge_items_tenant_number_key ON knowledge_items (tenant_id, number)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX knowledge_items_tenant_keyword_key ON knowledge_items (tenant_id, keyword_key)`,
    );
    await queryRunner.query(
      `CREATE INDEX knowledge_items_tenant_order_idx ON knowledge_items (tenant_id, sort_order, number)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE knowledge_items`);
  }
}
