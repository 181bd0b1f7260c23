import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions as rows, checked on every request. An access token names its session (`sid`); the session is live while
 * it is not revoked and not expired, and its user is active. Sign-out, a password change or reset, a reused refresh
 * token, deactivation and a role or unit change revoke sessions, which ends their access tokens at once instead of
 * up to ACCESS_TOKEN_TTL_SECONDS later. A session's refresh tokens are the former "family" (same id).
 *
 * Revoking a session NOTIFYs `tiendo_sessions` with its id, so that every API process closes the session's open
 * notification streams when the revoking transaction commits.
 */
export class Sessions1795830000000 implements MigrationInterface {
  name = 'Sessions1795830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id),
        started_at timestamptz NOT NULL,
        -- the idle end (last refresh + SESSION_IDLE_MINUTES), never past started_at + SESSION_MAX_HOURS
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason varchar(32),
        ip varchar(64)
      )`);
    await q.query(`CREATE INDEX sessions_user_live_idx ON sessions (user_id) WHERE revoked_at IS NULL`);
    // Sessions open at the upgrade keep working: each refresh-token family becomes a session (live unless every
    // token of it was revoked). Their access tokens carry no sid and are refused; the next refresh issues one that does.
    await q.query(`
      INSERT INTO sessions (id, user_id, started_at, expires_at, revoked_at, revoked_reason)
      SELECT family_id, (array_agg(user_id))[1], min(session_started_at), max(expires_at),
             CASE WHEN bool_and(revoked_at IS NOT NULL) THEN max(revoked_at) END,
             CASE WHEN bool_and(revoked_at IS NOT NULL) THEN 'before_sessions' END
        FROM refresh_tokens GROUP BY family_id`);
    await q.query(`ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_session_fkey FOREIGN KEY (family_id) REFERENCES sessions(id)`);
    await q.query(`
      CREATE FUNCTION notify_session_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('tiendo_sessions', NEW.id::text);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER sessions_revoked AFTER UPDATE OF revoked_at ON sessions
      FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
      EXECUTE FUNCTION notify_session_revoked()`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Back to families alone: a revoked session's refresh tokens stay refused.
    await q.query(`
      UPDATE refresh_tokens t SET revoked_at = s.revoked_at
        FROM sessions s WHERE s.id = t.family_id AND s.revoked_at IS NOT NULL AND t.revoked_at IS NULL`);
    await q.query(`ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_session_fkey`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP FUNCTION notify_session_revoked()`);
  }
}
