import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Followers of a task, as explicit choices only. The default followers (the assigner and the heads of the lead
 * unit) are computed when asked, never stored, so a new head follows the unit's tasks at once and a head who leaves
 * stops at once. A row records a user's last explicit choice on one task: `following = true` (followed) or
 * `following = false` (unfollowed, which also opts a default follower out). No row: the default applies.
 */
export class Watchers1795910000000 implements MigrationInterface {
  name = 'Watchers1795910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_watchers (
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        following boolean NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (task_id, user_id)
      )`);
    // "What do I follow" (a user's list) without scanning every task's followers.
    await q.query(`CREATE INDEX task_watchers_user_idx ON task_watchers (user_id) WHERE following`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_watchers`);
  }
}
