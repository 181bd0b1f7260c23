import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The purge's SQL: one batch of one kind of record per call, in its own short transaction. Rows are picked
 * `FOR UPDATE … SKIP LOCKED`, so two purges at once (two workers, a rerun beside a stalled run) split the rows between
 * them: neither waits on the other's locks, neither deletes a row twice, and a row a user is touching (marking a
 * notification read) is left for the next run. Only row locks are taken: no table is locked beyond a batch.
 *
 * Never here: task_history, tasks, comments, files, report history or anything a user entered. Each statement names
 * its one table.
 */
@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Security events older than `before`. The table's trigger refuses any delete outside a transaction that sets
   * `tiendo.retention_purge`, and any row younger than 12 months by the database's clock (migration
   * 1796600000000-Retention): the floor holds even if the settings or this code were wrong.
   */
  securityEvents(before: Date, limit: number): Promise<number> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT set_config('tiendo.retention_purge', 'on', true)`);
      return deleted(
        m,
        `WITH doomed AS (SELECT id FROM security_events WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)
         DELETE FROM security_events s USING doomed WHERE s.id = doomed.id`,
        [before, limit],
      );
    });
  }

  /** Sign-in attempts older than `before` (the throttle looks back 90 days at most, so the purge never reaches it). */
  loginAttempts(before: Date, limit: number): Promise<number> {
    return this.db.transaction((m) =>
      deleted(
        m,
        `WITH doomed AS (SELECT id FROM login_attempts WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)
         DELETE FROM login_attempts a USING doomed WHERE a.id = doomed.id`,
        [before, limit],
      ),
    );
  }

  /**
   * Sessions that ended before `before` (a session never lasts past expires_at, revoked or not), with their refresh
   * tokens (hashes, useless once the session ended; the foreign key wants them gone first). One transaction per batch.
   */
  endedSessions(before: Date, limit: number): Promise<number> {
    return this.db.transaction(async (m) => {
      const rows: Array<{ id: string }> = await m.query(
        `SELECT id FROM sessions WHERE expires_at < $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [before, limit],
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      await m.query(`DELETE FROM refresh_tokens WHERE family_id = ANY($1::uuid[])`, [ids]);
      return deleted(m, `DELETE FROM sessions WHERE id = ANY($1::uuid[])`, [ids]);
    });
  }

  /**
   * Notifications created before `readBefore` that were read, and those created before `unreadBefore` (no later than
   * `readBefore`: unread ones are kept at least as long) whatever their state. Walks forward from `after` (the last
   * row this run deleted), so that the unread ones it keeps between the two cut-offs are not read again by every batch.
   *
   * @returns the rows deleted and the last one's position, for the next batch.
   */
  notifications(readBefore: Date, unreadBefore: Date, limit: number, after: RowPosition | null): Promise<{ deleted: number; last: RowPosition | null }> {
    return this.db.transaction(async (m) => {
      // A DELETE answers [rows, count] through TypeORM's postgres driver.
      const [rows]: [Array<{ id: string; created_at: Date }>, number] = await m.query(
        `WITH doomed AS (
           SELECT id FROM notifications
            WHERE created_at < $1 AND (read_at IS NOT NULL OR created_at < $2)
              AND ($4::timestamptz IS NULL OR (created_at, id) > ($4::timestamptz, $5::uuid))
            ORDER BY created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
         DELETE FROM notifications n USING doomed WHERE n.id = doomed.id RETURNING n.id, n.created_at`,
        [readBefore, unreadBefore, limit, after?.createdAt ?? null, after?.id ?? null],
      );
      return { deleted: rows.length, last: lastOf(rows) ?? after };
    });
  }

  /**
   * Deliveries (in-app, e-mail, digest) created before `before` that are delivered or failed; pending ones are work
   * still to do and stay. A delivery a kept notification points at stays until that notification goes (the purge
   * deletes notifications first). Walks forward from `after` (the last row this run deleted) so that the rows it
   * keeps for their notifications are not read again by every batch.
   *
   * Deleting an old delivery cannot make it be sent again: its unique key (subject, recipient, channel) names a
   * past day (a reminder's task, rung and deadline, a week, a month, a digest's day) or an event id never reused,
   * and the reminders never backfill past days (README, Reminders and notifications).
   *
   * @returns the rows deleted and the last one's position, for the next batch.
   */
  deliveries(before: Date, limit: number, after: RowPosition | null): Promise<{ deleted: number; last: RowPosition | null }> {
    return this.db.transaction(async (m) => {
      // A DELETE answers [rows, count] through TypeORM's postgres driver.
      const [rows]: [Array<{ id: string; created_at: Date }>, number] = await m.query(
        `WITH doomed AS (
           SELECT d.id, d.created_at FROM reminder_deliveries d
            WHERE d.status <> 'pending' AND d.created_at < $1
              AND ($3::timestamptz IS NULL OR (d.created_at, d.id) > ($3::timestamptz, $4::uuid))
              AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.delivery_id = d.id)
            ORDER BY d.created_at, d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED)
         DELETE FROM reminder_deliveries r USING doomed WHERE r.id = doomed.id RETURNING r.id, r.created_at`,
        [before, limit, after?.createdAt ?? null, after?.id ?? null],
      );
      return { deleted: rows.length, last: lastOf(rows) ?? after };
    });
  }

  /** Finished reminder runs that started before `before` (their record only matters for today's catch-up). */
  reminderRuns(before: Date, limit: number): Promise<number> {
    return this.db.transaction((m) =>
      deleted(
        m,
        `WITH doomed AS (
           SELECT kind, period_key FROM reminder_runs WHERE started_at < $1 AND finished_at IS NOT NULL
            ORDER BY started_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         DELETE FROM reminder_runs r USING doomed WHERE r.kind = doomed.kind AND r.period_key = doomed.period_key`,
        [before, limit],
      ),
    );
  }

  /**
   * Task events dispatched before `before` (the outbox: the notifications they became are kept on their own terms).
   * Events still waiting for dispatch are never touched. The task's history is task_history, not this.
   */
  dispatchedTaskEvents(before: Date, limit: number): Promise<number> {
    return this.db.transaction((m) =>
      deleted(
        m,
        `WITH doomed AS (
           SELECT id FROM task_events WHERE dispatched_at IS NOT NULL AND dispatched_at < $1
            ORDER BY dispatched_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         DELETE FROM task_events e USING doomed WHERE e.id = doomed.id`,
        [before, limit],
      ),
    );
  }
}

/** Where a walk through a table ordered by (created_at, id) has got to. */
export interface RowPosition {
  createdAt: Date;
  id: string;
}

/** The greatest (created_at, id) among deleted rows (RETURNING gives no order), or null when none. */
function lastOf(rows: Array<{ id: string; created_at: Date }>): RowPosition | null {
  let max: { id: string; created_at: Date } | null = null;
  for (const r of rows) {
    const t = r.created_at.getTime();
    if (!max || t > max.created_at.getTime() || (t === max.created_at.getTime() && r.id > max.id)) max = r;
  }
  return max ? { createdAt: max.created_at, id: max.id } : null;
}

/** Runs a DELETE and returns how many rows it removed (TypeORM's postgres driver answers [rows, count]). */
async function deleted(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const result = await m.query(sql, params);
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
