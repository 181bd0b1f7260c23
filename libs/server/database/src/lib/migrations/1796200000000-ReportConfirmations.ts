import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The receiving office's confirmation of a submitted periodic report (Decree 09/2019/NĐ-CP art. 8: the unit that
 * receives a report checks it, and asks for it again when it is wrong). A confirmation names the completion it
 * accepted (`confirmed_completion_id`): once that completion is returned for redo, a new submission is not confirmed
 * until confirmed again, so nothing has to be cleared. Written by the obligations service
 * (libs/server/report-obligations), the only writer of report_tasks' figures and confirmation.
 */
export class ReportConfirmations1796200000000 implements MigrationInterface {
  name = 'ReportConfirmations1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE report_tasks
        ADD COLUMN confirmed_completion_id uuid REFERENCES task_completions(id),
        ADD COLUMN confirmed_at timestamptz,
        ADD COLUMN confirmed_by_id uuid REFERENCES users(id),
        ADD CONSTRAINT report_tasks_confirmation_check
          CHECK ((confirmed_completion_id IS NULL) = (confirmed_at IS NULL) AND (confirmed_at IS NULL) = (confirmed_by_id IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_tasks DROP CONSTRAINT report_tasks_confirmation_check`);
    await q.query(`ALTER TABLE report_tasks DROP COLUMN confirmed_by_id, DROP COLUMN confirmed_at, DROP COLUMN confirmed_completion_id`);
  }
}
