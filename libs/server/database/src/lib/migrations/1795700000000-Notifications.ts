import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders and notifications. `reminder_deliveries` is where "exactly once" lives: one row per
 * (subject, recipient, channel), the subject naming the task, the reminder kind and the deadline in force (or a
 * digest and its period). A reminder's in-product notification is written in the same transaction as its delivery
 * row, so a retried or duplicated job cannot notify twice. E-mail deliveries wait as `pending` until sent.
 */
export class Notifications1795700000000 implements MigrationInterface {
  name = 'Notifications1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email_notifications boolean NOT NULL DEFAULT true`);
    await q.query(`
      CREATE TABLE reminder_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_key varchar(200) NOT NULL,
        task_id uuid REFERENCES tasks(id),
        recipient_id uuid NOT NULL REFERENCES users(id),
        channel varchar(16) NOT NULL CHECK (channel IN ('in_app', 'email')),
        title text NOT NULL,
        body text NOT NULL,
        link text,
        status varchar(16) NOT NULL CHECK (status IN ('delivered', 'pending', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        CONSTRAINT reminder_deliveries_once UNIQUE (subject_key, recipient_id, channel)
      )`);
    await q.query(`CREATE INDEX reminder_deliveries_pending_idx ON reminder_deliveries (created_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX reminder_deliveries_failed_idx ON reminder_deliveries (created_at) WHERE status = 'failed'`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        task_id uuid REFERENCES tasks(id),
        delivery_id uuid REFERENCES reminder_deliveries(id),
        kind varchar(40) NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        link text,
        created_at timestamptz NOT NULL,
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`);
    // Live push: the API listens and forwards to the user's open pages; delivered only when the writer commits.
    await q.query(`
      CREATE FUNCTION notify_new_notification() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('tiendo_notifications', NEW.user_id::text);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER notifications_push AFTER INSERT ON notifications
      FOR EACH ROW EXECUTE FUNCTION notify_new_notification()`);
    await q.query(`
      CREATE TABLE reminder_runs (
        kind varchar(40) NOT NULL,
        period_key varchar(40) NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        delivered integer NOT NULL DEFAULT 0,
        PRIMARY KEY (kind, period_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reminder_runs`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP FUNCTION notify_new_notification()`);
    await q.query(`DROP TABLE reminder_deliveries`);
    await q.query(`ALTER TABLE users DROP COLUMN email_notifications`);
  }
}
