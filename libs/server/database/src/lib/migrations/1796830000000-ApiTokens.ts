import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API tokens: how another system (the e-office system, a provincial portal, the ministry's reporting system) calls
 * the API. A token is stored as the SHA-256 of its secret (32 random bytes: a slow hash adds nothing), with the
 * first characters kept plainly to tell tokens apart in the list. Its units are the subtrees it may touch. The
 * history names the token that made a change (task_history.api_token_id) beside the admin accountable for it.
 */
export class ApiTokens1796830000000 implements MigrationInterface {
  name = 'ApiTokens1796830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        prefix varchar(16) NOT NULL,
        token_hash char(64) NOT NULL,
        scopes varchar(32)[] NOT NULL CHECK (cardinality(scopes) > 0),
        -- the last calendar day (Asia/Ho_Chi_Minh) the token works, and the instant it stops (start of the next day)
        expires_on date NOT NULL,
        expires_at timestamptz NOT NULL,
        created_by_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        revoked_by_id uuid REFERENCES users(id)
      )`);
    await q.query(`CREATE UNIQUE INDEX api_tokens_hash_key ON api_tokens (token_hash)`);
    await q.query(`
      CREATE TABLE api_token_units (
        token_id uuid NOT NULL REFERENCES api_tokens(id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES units(id),
        PRIMARY KEY (token_id, unit_id)
      )`);
    await q.query(`ALTER TABLE task_history ADD COLUMN api_token_id uuid REFERENCES api_tokens(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_history DROP COLUMN api_token_id`);
    await q.query(`DROP TABLE api_token_units`);
    await q.query(`DROP TABLE api_tokens`);
  }
}
