import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The report tasks of periodic reporting obligations (Decree 09/2019/NĐ-CP): one row per task the worker creates for a
 * unit's report of one period of one obligation. The task itself is an ordinary task (lead unit = the reporting unit,
 * deadline = the period's due date, art. 8(5)(b)); this row says which obligation, unit and period it answers.
 * - `period_key` is libs/domain's reporting-periods key ('2020-06', '2020-Q2', '2020-H1', '2020-9M', '2020');
 * - `period_start` and `cut_off` are the period's data window (dates in Asia/Ho_Chi_Minh, cut-off per art. 12);
 * - `figures` are the figures the unit submits, written by the obligations service (NULL until submitted);
 * - UNIQUE (obligation_id, unit_id, period_key) is what makes the generator create each report exactly once, whatever
 *   reruns, crashes, second workers or lost Redis state happen.
 */
export class ReportTasks1796100000000 implements MigrationInterface {
  name = 'ReportTasks1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_tasks (
        task_id uuid PRIMARY KEY REFERENCES tasks(id),
        obligation_id uuid NOT NULL REFERENCES report_obligations(id),
        unit_id uuid NOT NULL REFERENCES units(id),
        period_key varchar(16) NOT NULL,
        period_start date NOT NULL,
        cut_off date NOT NULL,
        figures jsonb NULL,
        CONSTRAINT report_tasks_obligation_unit_period_key UNIQUE (obligation_id, unit_id, period_key)
      )`);
    await q.query(`CREATE INDEX report_tasks_obligation_period_idx ON report_tasks (obligation_id, period_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_tasks`);
  }
}
