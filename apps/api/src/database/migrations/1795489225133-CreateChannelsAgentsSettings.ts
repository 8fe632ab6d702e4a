import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateChannelsAgentsSettings1795489225133 implements MigrationInterface {
  name = 'CreateChannelsAgentsSettings1795489225133';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        name varchar(64) NOT NULL,
        kind varchar(20) NOT NULL CHECK (kind IN ('miniprogram', 'official_account')),
        original_id varchar(15) NOT NULL,
        app_id varchar(18) NOT NULL,
        app_secret_sealed text NOT NULL,
        token varchar(32) NOT NULL,
        encoding_aes_key_sealed text NOT NULL,
        mode varchar(16) NOT NULL DEFAULT 'secure' CHECK (mode IN ('plain', 'compatible', 'secure')),
        format varchar(8) NOT NULL CHECK (format IN ('json', 'xml')),
        check_status varchar(16) NOT NULL DEFAULT 'unchecked' CHECK (check_status IN ('ok', 'failed', 'unchecked')),
        check_code varchar(32),
        check_message text,
        checked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind = 'miniprogram' OR format = 'xml')
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX channels_app_id_key ON channels (lower(app_id))`);
    await queryRunner.query(`CREATE INDEX channels_tenant_id_idx ON channels (tenant_id, created_at)`);

    await queryRunner.query(`
      CREATE TABLE agents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        nickname varchar(32) NOT NULL,
        openid varchar(64),
        is_admin boolean NOT NULL DEFAULT false,
        status varchar(16) NOT NULL DEFAULT 'idle' CHECK (status IN ('idle', 'hidden', 'busy', 'offline')),
        binding_code char(6),
        binding_code_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((binding_code IS NULL) = (binding_code_expires_at IS NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX agents_nickname_key ON agents (tenant_id, lower(nickname))`);
    await queryRunner.query(`CREATE UNIQUE INDEX agents_openid_key ON agents (tenant_id, openid) WHERE openid IS NOT NULL`);
    // Expired codes are cleared before their digits are handed out again, so live codes stay unique.
    await queryRunner.query(`CREATE UNIQUE INDEX agents_binding_code_key ON agents (binding_code) WHERE binding_code IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX agents_tenant_id_idx ON agents (tenant_id, created_at)`);

    await queryRunner.query(`
      CREATE TABLE tenant_settings (
        tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
        mode varchar(20) NOT NULL DEFAULT 'human' CHECK (mode IN ('human', 'human_robot', 'official_account')),
        linked_channel_id uuid REFERENCES channels(id) ON DELETE RESTRICT,
        welcome_item_number integer CHECK (welcome_item_number > 0),
        farewell jsonb,
        goodbye_text varchar(600) NOT NULL,
        offline_notice varchar(600) NOT NULL,
        robot_fallback_text varchar(600) NOT NULL,
        idle_timeout_minutes integer NOT NULL DEFAULT 30 CHECK (idle_timeout_minutes BETWEEN 1 AND 1440),
        missed_chat_seconds integer NOT NULL DEFAULT 180 CHECK (missed_chat_seconds BETWEEN 30 AND 3600),
        reply_language varchar(8) NOT NULL DEFAULT 'zh-CN' CHECK (reply_language IN ('zh-CN', 'en')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (mode <> 'official_account' OR linked_channel_id IS NOT NULL)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE tenant_settings`);
    await queryRunner.query(`DROP TABLE agents`);
    await queryRunner.query(`DROP TABLE channels`);
  }
}
