import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `spent_sign_in_challenges`: the second-step challenges (POST /api/auth/login's answer when a second factor is
 * needed) that opened a session, by their SHA-256, until they expire: a challenge opens one session, never two, even
 * with a second valid code within its 5 minutes. Written only by AuthService; rows past `expires_at` are deleted as
 * new ones are written.
 */
export class SpentSignInChallenges1796860000000 implements MigrationInterface {
  name = 'SpentSignInChallenges1796860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE spent_sign_in_challenges (
        challenge_hash char(64) PRIMARY KEY,
        user_id uuid NOT NULL,
        spent_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX spent_sign_in_challenges_expires_idx ON spent_sign_in_challenges (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE spent_sign_in_challenges`);
  }
}
