import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the worker's report-task generator needs besides report_tasks (1796100000000):
 * - `report_task_runs`: one row per Vietnamese day the generator ran to its end (`day`, Asia/Ho_Chi_Minh), so that a
 *   reconcile after a lost Redis or a dead worker knows whether today's run still has to happen (PostgreSQL is the
 *   record; Redis only wakes the workers);
 * - `report_obligation_units.to_date`: a unit taken off an obligation's list keeps its row, ended on this day (the
 *   last day of its membership: periods whose cut-off is after it are not its to report); NULL while it reports.
 */
export class ReportTaskGeneration1796100001000 implements MigrationInterface {
  name = 'ReportTaskGeneration1796100001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_task_runs (
        day date PRIMARY KEY,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        created integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0
      )`);
    await q.query(`ALTER TABLE report_obligation_units ADD COLUMN to_date date`);
    await q.query(`ALTER TABLE report_obligation_units ADD CONSTRAINT report_obligation_units_dates_check CHECK (to_date IS NULL OR to_date >= from_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_obligation_units DROP CONSTRAINT report_obligation_units_dates_check`);
    await q.query(`ALTER TABLE report_obligation_units DROP COLUMN to_date`);
    await q.query(`DROP TABLE report_task_runs`);
  }
}
