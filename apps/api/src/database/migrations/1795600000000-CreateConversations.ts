import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers, their sessions, inbound messages, the outbound queue (outbox), send windows and
 * offline messages. The partial unique indexes are the last word on assignment: a customer has at
 * most one open session and an agent at most one active one, whatever races above them.
 */
export class CreateConversations1795600000000 implements MigrationInterface {
  name = 'CreateConversations1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE agents ADD COLUMN status_changed_at timestamptz NOT NULL DEFAULT now()`);

    await queryRunner.query(`
      CREATE TABLE customer_counters (
        tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
        last_number integer NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE customers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        openid varchar(64) NOT NULL,
        number integer NOT NULL CHECK (number > 0),
        nickname varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX customers_channel_openid_key ON customers (channel_id, openid)`);
    await queryRunner.query(`CREATE UNIQUE INDEX customers_tenant_number_key ON customers (tenant_id, number)`);

    await queryRunner.query(`
      CREATE TABLE send_windows (
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        openid varchar(64) NOT NULL,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        remaining integer NOT NULL CHECK (remaining >= 0),
        expires_at timestamptz NOT NULL,
        last_message_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel_id, openid)
      )`);

    await queryRunner.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        agent_id uuid REFERENCES agents(id) ON DELETE SET NULL,
        preferred_agent_id uuid REFERENCES agents(id) ON DELETE SET NULL,
        state varchar(8) NOT NULL CHECK (state IN ('waiting', 'active', 'closed')),
        queued_at timestamptz NOT NULL DEFAULT now(),
        assigned_at timestamptz,
        closed_at timestamptz,
        close_reason varchar(16),
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        told_position integer,
        offline_notice_sent boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (state <> 'active' OR agent_id IS NOT NULL),
        CHECK ((state = 'closed') = (closed_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX sessions_open_customer_key ON sessions (customer_id) WHERE state <> 'closed'`);
    await queryRunner.query(`CREATE UNIQUE INDEX sessions_active_agent_key ON sessions (agent_id) WHERE state = 'active'`);
    await queryRunner.query(`CREATE INDEX sessions_queue_idx ON sessions (tenant_id, queued_at) WHERE state = 'waiting'`);
    await queryRunner.query(`CREATE INDEX sessions_active_idx ON sessions (last_activity_at) WHERE state = 'active'`);
    await queryRunner.query(`CREATE INDEX sessions_customer_idx ON sessions (customer_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX sessions_tenant_created_idx ON sessions (tenant_id, created_at DESC)`);

    await queryRunner.query(`
      CREATE TABLE messages (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        dedup_key varchar(256) NOT NULL,
        openid varchar(64) NOT NULL,
        sender varchar(8) NOT NULL CHECK (sender IN ('customer', 'agent')),
        customer_id uuid REFERENCES customers(id) ON DELETE CASCADE,
        agent_id uuid REFERENCES agents(id) ON DELETE SET NULL,
        session_id uuid REFERENCES sessions(id) ON DELETE SET NULL,
        type varchar(32) NOT NULL,
        content jsonb NOT NULL,
        handling varchar(16),
        wechat_created_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX messages_dedup_key ON messages (channel_id, dedup_key)`);
    await queryRunner.query(`CREATE INDEX messages_session_idx ON messages (session_id, id) WHERE session_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX messages_customer_idx ON messages (customer_id, id) WHERE customer_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX messages_received_idx ON messages (received_at)`);

    await queryRunner.query(`
      CREATE TABLE outbound_messages (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        openid varchar(64) NOT NULL,
        recipient varchar(8) NOT NULL CHECK (recipient IN ('customer', 'agent')),
        customer_id uuid REFERENCES customers(id) ON DELETE CASCADE,
        agent_id uuid REFERENCES agents(id) ON DELETE SET NULL,
        session_id uuid REFERENCES sessions(id) ON DELETE SET NULL,
        author varchar(8) NOT NULL CHECK (author IN ('system', 'agent', 'robot', 'admin')),
        content jsonb NOT NULL,
        state varchar(12) NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending', 'sending', 'sent', 'held', 'failed', 'unconfirmed')),
        reason varchar(32),
        reason_detail text,
        attempts integer NOT NULL DEFAULT 0,
        report_to jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX outbound_open_idx ON outbound_messages (channel_id, openid, id) WHERE state IN ('pending', 'sending', 'held')`,
    );
    await queryRunner.query(`CREATE INDEX outbound_pending_age_idx ON outbound_messages (updated_at) WHERE state = 'pending'`);
    await queryRunner.query(`CREATE INDEX outbound_session_idx ON outbound_messages (session_id, id) WHERE session_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX outbound_customer_idx ON outbound_messages (customer_id, id) WHERE customer_id IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE offline_messages (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        message_id bigint NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX offline_messages_message_key ON offline_messages (message_id)`);
    await queryRunner.query(`CREATE INDEX offline_messages_unread_idx ON offline_messages (tenant_id, id) WHERE read_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE offline_messages`);
    await queryRunner.query(`DROP TABLE outbound_messages`);
    await queryRunner.query(`DROP TABLE messages`);
    await queryRunner.query(`DROP TABLE sessions`);
    await queryRunner.query(`DROP TABLE send_windows`);
    await queryRunner.query(`DROP TABLE customers`);
    await queryRunner.query(`DROP TABLE customer_counters`);
    await queryRunner.query(`ALTER TABLE agents DROP COLUMN status_changed_at`);
  }
}
