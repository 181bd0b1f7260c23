import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A second factor (TOTP, RFC 6238) per user, and their recovery codes (libs/server/auth/src/lib/second-factor).
 *
 * - second_factors: one row per user who started or finished enrolling. `secret` is the TOTP secret encrypted with
 *   AES-256-GCM (TOTP_ENCRYPTION_KEY, or a key derived from JWT_SECRET), never in clear; `enrolled_at` is null while
 *   the enrolment waits for its first code; `last_time_step` is the 30-second step of the last accepted code, so the
 *   same code (or an older one) is refused when presented again.
 * - recovery_codes: ten per enrolment, stored as keyed hashes (HMAC-SHA256), each spent once (`used_at`).
 * Both go with their user (ON DELETE CASCADE); nothing existing changes.
 */
export class SecondFactor1796820000000 implements MigrationInterface {
  name = 'SecondFactor1796820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE second_factors (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        secret text NOT NULL,
        enrolled_at timestamptz,
        last_time_step bigint,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE recovery_codes (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        used_at timestamptz,
        UNIQUE (user_id, code_hash)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recovery_codes`);
    await q.query(`DROP TABLE second_factors`);
  }
}
