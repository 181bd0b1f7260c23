import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (issue #13): the worker's purge (libs/server/retention) deletes, month by month, what grows with every
 * event and is not the ministry's record. Nothing is moved or rewritten here; every existing row stays.
 *
 * - security_events stays append-only, but its guard lets the purge delete a row at least 12 months old (by the
 *   database's clock) inside a transaction that said so (`SET LOCAL tiendo.retention_purge = 'on'`): a wrong setting
 *   or a bug cannot delete a younger one, and nothing else can delete or rewrite one. task_history keeps its own
 *   trigger (forbid_history_rewrite, unchanged): it is never purged.
 * - Indexes for the purge's range scans, so that each batch reads its rows by index, and one on
 *   notifications.delivery_id: deleting a delivery checks that no notification points at it (the foreign key), which
 *   without it reads the whole notifications table once per deleted row.
 */
export class Retention1796600000000 implements MigrationInterface {
  name = 'Retention1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION security_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE'
           AND current_setting('tiendo.retention_purge', true) = 'on'
           AND OLD.at < now() - interval '12 months' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION '% is append-only (only the retention purge deletes rows, and none younger than 12 months)', TG_TABLE_NAME;
      END $$`);
    await q.query(`DROP TRIGGER security_events_append_only ON security_events`);
    await q.query(`
      CREATE TRIGGER security_events_append_only BEFORE UPDATE OR DELETE ON security_events
      FOR EACH ROW EXECUTE FUNCTION security_events_guard()`);
    await q.query(`CREATE INDEX notifications_created_idx ON notifications (created_at, id)`);
    await q.query(`CREATE INDEX notifications_delivery_idx ON notifications (delivery_id) WHERE delivery_id IS NOT NULL`);
    await q.query(`CREATE INDEX reminder_deliveries_created_idx ON reminder_deliveries (created_at, id) WHERE status <> 'pending'`);
    await q.query(`CREATE INDEX task_events_dispatched_idx ON task_events (dispatched_at) WHERE dispatched_at IS NOT NULL`);
    await q.query(`CREATE INDEX login_attempts_at_idx ON login_attempts (at)`);
    await q.query(`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`);
    await q.query(`CREATE INDEX reminder_runs_started_idx ON reminder_runs (started_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reminder_runs_started_idx`);
    await q.query(`DROP INDEX sessions_expires_idx`);
    await q.query(`DROP INDEX login_attempts_at_idx`);
    await q.query(`DROP INDEX task_events_dispatched_idx`);
    await q.query(`DROP INDEX reminder_deliveries_created_idx`);
    await q.query(`DROP INDEX notifications_delivery_idx`);
    await q.query(`DROP INDEX notifications_created_idx`);
    await q.query(`DROP TRIGGER security_events_append_only ON security_events`);
    await q.query(`
      CREATE TRIGGER security_events_append_only BEFORE UPDATE OR DELETE ON security_events
      FOR EACH ROW EXECUTE FUNCTION forbid_history_rewrite()`);
    await q.query(`DROP FUNCTION security_events_guard()`);
  }
}
