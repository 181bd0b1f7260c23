import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recurring tasks (issue #11): a task's series and the occurrences the worker created from it.
 * - `task_series`: one row per rule a task was given (`recurrence` on create/update). `rule` is libs/domain's
 *   RecurrenceRule (recurrence.ts) as JSON; `ahead_working_days` = how many working days before its deadline each
 *   occurrence is created; `starts_on`/`ends_on` are Vietnamese days. Changing a task's recurrence ends its series
 *   (`ends_on`) and starts a new one; removing it ends it; nothing is deleted.
 * - `task_occurrences`: the task created for one occurrence, by the occurrence's key in its series ('2026-02',
 *   '2026-Q1', '2026', '#3'); UNIQUE (series_id, occurrence_key) makes each occurrence exist once whatever reruns,
 *   crashes or second workers happen.
 */
export class TaskSeries1796100003000 implements MigrationInterface {
  name = 'TaskSeries1796100003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_series (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id),
        rule jsonb NOT NULL,
        ahead_working_days smallint NOT NULL CHECK (ahead_working_days BETWEEN 0 AND 60),
        starts_on date NOT NULL,
        ends_on date,
        created_by_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        CHECK (ends_on IS NULL OR ends_on >= starts_on - 1)
      )`);
    await q.query(`CREATE UNIQUE INDEX task_series_one_open_per_task ON task_series (task_id) WHERE ends_on IS NULL`);
    await q.query(`CREATE INDEX task_series_task_idx ON task_series (task_id)`);
    await q.query(`
      CREATE TABLE task_occurrences (
        task_id uuid PRIMARY KEY REFERENCES tasks(id),
        series_id uuid NOT NULL REFERENCES task_series(id),
        occurrence_key varchar(16) NOT NULL,
        CONSTRAINT task_occurrences_series_key UNIQUE (series_id, occurrence_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_occurrences`);
    await q.query(`DROP TABLE task_series`);
  }
}
