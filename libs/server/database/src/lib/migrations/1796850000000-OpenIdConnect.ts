import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on through OpenID Connect (libs/server/auth/src/lib/oidc):
 * - `oidc_sign_in_requests`: one row per sign-in started at the provider: its `state` (what the browser brings back),
 *   the PKCE code verifier and the nonce the ID token must carry; spent once (`used_at`), worthless after
 *   `expires_at`. Written only by OidcSignIn.
 * - `sessions.oidc_id_token`: the provider's ID token of a session opened through it, for RP-initiated logout
 *   (`id_token_hint`); null for the product's own sign-ins.
 */
export class OpenIdConnect1796850000000 implements MigrationInterface {
  name = 'OpenIdConnect1796850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE oidc_sign_in_requests (
        state varchar(64) PRIMARY KEY,
        code_verifier varchar(128) NOT NULL,
        nonce varchar(64) NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX oidc_sign_in_requests_expires_idx ON oidc_sign_in_requests (expires_at)`);
    await q.query(`ALTER TABLE sessions ADD COLUMN oidc_id_token text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sessions DROP COLUMN oidc_id_token`);
    await q.query(`DROP TABLE oidc_sign_in_requests`);
  }
}
