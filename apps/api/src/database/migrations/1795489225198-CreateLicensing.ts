import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLicensing1795489225198 implements MigrationInterface {
  name = 'CreateLicensing1795489225198';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A tenant without a row is in single-agent mode; seats NULL means unlimited.
    await queryRunner.query(`
      CREATE TABLE licenses (
        tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
        seats integer CHECK (seats IS NULL OR seats >= 1),
        expires_at timestamptz,
        granted_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX licenses_expires_at_idx ON licenses (expires_at) WHERE expires_at IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE license_applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        seats integer NOT NULL CHECK (seats BETWEEN 1 AND 1000),
        note varchar(500) NOT NULL DEFAULT '',
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'granted', 'rejected')),
        applied_by uuid,
        applied_by_name varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decided_by_name varchar(64),
        granted_seats integer,
        granted_expires_at timestamptz,
        reject_reason varchar(500)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX license_applications_one_pending ON license_applications (tenant_id) WHERE status = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX license_applications_status_idx ON license_applications (status, created_at)`);

    await queryRunner.query(`
      CREATE TABLE license_audit (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        action varchar(16) NOT NULL CHECK (action IN ('apply', 'grant', 'reject', 'change', 'revoke', 'expire')),
        actor_id uuid,
        actor_name varchar(64) NOT NULL,
        application_id uuid,
        before jsonb,
        after jsonb,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`CREATE INDEX license_audit_tenant_idx ON license_audit (tenant_id, id DESC)`);
    await queryRunner.query(`CREATE INDEX license_audit_created_idx ON license_audit (created_at DESC)`);
    await queryRunner.query(`
      CREATE FUNCTION license_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'license_audit is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER license_audit_no_change BEFORE UPDATE OR DELETE ON license_audit
      FOR EACH ROW EXECUTE FUNCTION license_audit_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER license_audit_no_truncate BEFORE TRUNCATE ON license_audit
      FOR EACH STATEMENT EXECUTE FUNCTION license_audit_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE license_audit`);
    await queryRunner.query(`DROP FUNCTION license_audit_append_only()`);
    await queryRunner.query(`DROP TABLE license_applications`);
    await queryRunner.query(`DROP TABLE licenses`);
  }
}
