import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the period reports need to read any past month exactly and fast:
 * - `tasks.simple_history`: true while the task's current columns tell its whole story (at most one completion,
 *   never returned; never reopened; deadline and lead unit never changed). Reports read those tasks in one pass
 *   over `tasks` and look up the history tables only for the others.
 * - `task_lead_unit_changes`: a task counts for the unit that led it at the end of the period.
 * - `report_snapshots`: the per-unit counts of a period that has ended, computed once and served from then on.
 * - `settings`: values admins change at run time (the emulation ranking's scoring first).
 */
export class ReportHistory1795600000000 implements MigrationInterface {
  name = 'ReportHistory1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN simple_history boolean NOT NULL DEFAULT true`);
    await q.query(`
      UPDATE tasks t SET simple_history = false
       WHERE EXISTS (SELECT 1 FROM task_completions c WHERE c.task_id = t.id AND c.returned_at IS NOT NULL)
          OR EXISTS (SELECT 1 FROM task_cancellations k WHERE k.task_id = t.id AND k.reopened_at IS NOT NULL)
          OR EXISTS (SELECT 1 FROM task_extensions e WHERE e.task_id = t.id AND e.state = 'approved')`);
    await q.query(`CREATE INDEX tasks_history_idx ON tasks (assigned_on) WHERE NOT simple_history`);
    await q.query(`
      CREATE TABLE task_lead_unit_changes (
        id bigserial PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks(id),
        from_unit_id uuid NOT NULL REFERENCES units(id),
        to_unit_id uuid NOT NULL REFERENCES units(id),
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX task_lead_unit_changes_task_idx ON task_lead_unit_changes (task_id, changed_at)`);
    await q.query(`
      CREATE TABLE report_snapshots (
        key varchar(100) PRIMARY KEY,
        result jsonb NOT NULL,
        computed_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE settings (
        key varchar(100) PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by_id uuid REFERENCES users(id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE settings`);
    await q.query(`DROP TABLE report_snapshots`);
    await q.query(`DROP TABLE task_lead_unit_changes`);
    await q.query(`DROP INDEX tasks_history_idx`);
    await q.query(`ALTER TABLE tasks DROP COLUMN simple_history`);
  }
}
