import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, AppConfig, Clock, preparedQuery } from '@tiendo/server-core';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The `sessions` table: one row per sign-in, named by the access token's `sid` claim and by its refresh tokens'
 * `family_id`. A session is live while it is not revoked (`revokeSessions` in the users library) and not expired, and
 * its user is active. Checked on every request with one primary-key lookup joined to the user row the guard reads
 * anyway, so a revocation ends access at once, in every API process, without a cache to invalidate.
 */
@Injectable()
export class Sessions {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Opens the session `sessionId` for `userId`, or extends a live one to `expiresAt` (a refresh). Answers false when
   * the user is inactive or the session was revoked meanwhile. The user row is read FOR SHARE: a deactivation or a
   * password change (which lock it FOR UPDATE) either commits first, and no session opens, or waits for this one
   * and then revokes it; a session can never outlive the change that should have ended it.
   */
  async openOrExtend(sessionId: string, userId: string, startedAt: Date, expiresAt: Date, manager: EntityManager = this.db.manager): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO sessions (id, user_id, started_at, expires_at)
       SELECT $1, u.id, $3, $4 FROM users u WHERE u.id = $2 AND u.active FOR SHARE
       ON CONFLICT (id) DO UPDATE SET expires_at = EXCLUDED.expires_at
        WHERE sessions.revoked_at IS NULL AND sessions.user_id = EXCLUDED.user_id
       RETURNING id`,
      [sessionId, userId, startedAt, expiresAt],
    );
    return rows.length === 1;
  }

  /**
   * The actor of a live session, fresh from the database (so role and unit changes apply at once), or null when the
   * session is revoked, expired (idle for SESSION_IDLE_MINUTES, or older than SESSION_MAX_HOURS), belongs to someone
   * else, or its user is inactive.
   */
  async liveActor(sessionId: string, userId: string): Promise<Actor | null> {
    // Every request asks this: a named statement, planned once per connection.
    const [row] = await preparedQuery<Record<string, string>>(
      this.db,
      `SELECT u.id, u.username, u.full_name, u.role, u.unit_id, un.path AS unit_path
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3 AND u.active`,
      [sessionId, userId, this.clock.now()],
    );
    return row
      ? { id: row.id, username: row.username, fullName: row.full_name, role: row.role as Actor['role'], unitId: row.unit_id, unitPath: row.unit_path, sessionId }
      : null;
  }

  /**
   * When the session ends if nothing changes (its `expires_at`, which a refresh moves later), or null when it is not
   * live now (the rule of liveActor). A long-lived answer (the notification stream) reads it once and again only at
   * that moment, instead of asking on a timer; a revocation reaches it through NOTIFY.
   */
  async liveUntil(sessionId: string, userId: string): Promise<Date | null> {
    const [row] = await this.db.query(
      `SELECT s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3 AND u.active`,
      [sessionId, userId, this.clock.now()],
    );
    return row ? new Date(row.expires_at) : null;
  }

  /** When a session refreshed now ends: SESSION_IDLE_MINUTES from now, never past SESSION_MAX_HOURS from its start. */
  expiry(startedAt: Date, now: Date): Date {
    const maxEnd = startedAt.getTime() + this.config.SESSION_MAX_HOURS * 3_600_000;
    return new Date(Math.min(maxEnd, now.getTime() + this.config.SESSION_IDLE_MINUTES * 60_000));
  }
}
