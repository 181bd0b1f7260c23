import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in throttling counters, shared by every API replica (no Redis needed). The table has the shape
 * rate-limiter-flexible's PostgreSQL store reads and writes (`key`, `points`, `expire` in epoch milliseconds): one row
 * per counted key (a client address, an account and address pair, an account), updated by one atomic UPSERT per
 * attempt. It is made here rather than by the library at run time, so the schema has one author.
 *
 * The partial index answers "has this account ever signed in from this address?", the question that keeps the real
 * owner's own addresses out of the slow-down an attacked account gets.
 */
export class SignInThrottling1795820000000 implements MigrationInterface {
  name = 'SignInThrottling1795820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_throttle (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
    await q.query(`CREATE INDEX sign_in_throttle_expire_idx ON sign_in_throttle (expire)`);
    await q.query(`CREATE INDEX login_attempts_known_address_idx ON login_attempts (lower(username), ip, at) WHERE succeeded`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX login_attempts_known_address_idx`);
    await q.query(`DROP TABLE sign_in_throttle`);
  }
}
