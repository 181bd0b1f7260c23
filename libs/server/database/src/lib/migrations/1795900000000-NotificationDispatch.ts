import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications for task events.
 *
 * - `reminder_deliveries` (the name is historical) becomes the deliveries of every notification, reminders and task
 *   events alike: one row per (subject, recipient, channel) under its unique key. Task events use subjects
 *   `event:<event id>` and `burst:<kind>:<first event id>`. A third channel, `digest`, holds what waits for a user's
 *   daily e-mail digest (`pending` until the digest that carries it is written, then `delivered`).
 * - `notification_preferences`: one row per user and event kind the user changed from its default; no row means the
 *   default (libs/server/notifications notification-defaults.ts).
 */
export class NotificationDispatch1795900000000 implements MigrationInterface {
  name = 'NotificationDispatch1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reminder_deliveries DROP CONSTRAINT reminder_deliveries_channel_check`);
    await q.query(`ALTER TABLE reminder_deliveries ADD CONSTRAINT reminder_deliveries_channel_check CHECK (channel IN ('in_app', 'email', 'digest'))`);
    // The digest's look: a user's pending digest rows, oldest first.
    await q.query(`CREATE INDEX reminder_deliveries_digest_idx ON reminder_deliveries (recipient_id, created_at) WHERE channel = 'digest' AND status = 'pending'`);
    await q.query(`
      CREATE TABLE notification_preferences (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind varchar(40) NOT NULL,
        delivery varchar(16) NOT NULL CHECK (delivery IN ('in_app', 'email', 'digest', 'off')),
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, kind)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_preferences`);
    await q.query(`DROP INDEX reminder_deliveries_digest_idx`);
    await q.query(`DELETE FROM reminder_deliveries WHERE channel = 'digest'`);
    await q.query(`ALTER TABLE reminder_deliveries DROP CONSTRAINT reminder_deliveries_channel_check`);
    await q.query(`ALTER TABLE reminder_deliveries ADD CONSTRAINT reminder_deliveries_channel_check CHECK (channel IN ('in_app', 'email'))`);
  }
}
