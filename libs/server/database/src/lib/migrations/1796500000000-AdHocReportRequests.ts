import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ad hoc reports (báo cáo đột xuất, Decree 09/2019/NĐ-CP art. 8(5)(c)): an obligation of periodicity `ad_hoc` has no
 * calendar periods; each request of the receiving office makes one (`report_obligation_requests`: its key, label, data
 * window, due date and who asked when). The worker's generator reads these rows as it reads the calendar, and creates
 * each reporting unit's report task of the period (report_tasks), once. Written by ReportObligationsService only.
 *
 * The ad hoc period's key is libs/domain's `adHocReportingPeriod` key, '<start>..<end>' (22 characters):
 * `report_tasks.period_key` was varchar(16) (the calendar keys, '2020-06' … '2020-9M'), so it is widened to 32. The
 * other period-like keys are not report periods and are long enough: `reminder_runs.period_key` (varchar(40), the
 * reminders' runs), `task_series_occurrences.occurrence_key` (a recurring task's occurrence, not a reporting period).
 * `down` narrows it back, which PostgreSQL refuses while an ad hoc report task exists (nothing is cut silently).
 */
export class AdHocReportRequests1796500000000 implements MigrationInterface {
  name = 'AdHocReportRequests1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_tasks ALTER COLUMN period_key TYPE varchar(32)`);
    await q.query(`
      CREATE TABLE report_obligation_requests (
        id uuid PRIMARY KEY,
        obligation_id uuid NOT NULL REFERENCES report_obligations(id),
        period_key varchar(32) NOT NULL,
        label varchar(200) NOT NULL CHECK (length(btrim(label)) > 0),
        period_start date NOT NULL,
        cut_off date NOT NULL,
        deadline date NOT NULL,
        -- the Vietnamese day of the request: the units listed on that day report it, and its tasks are made from then
        requested_on date NOT NULL,
        -- the due date leaves less than one working day after the cut-off, as the request chose (art. 8(5)(b) waived)
        short_deadline boolean NOT NULL DEFAULT false,
        note varchar(1000),
        created_by_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        CONSTRAINT report_obligation_requests_key UNIQUE (obligation_id, period_key),
        CHECK (period_start <= cut_off),
        CHECK (deadline >= cut_off)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_obligation_requests`);
    await q.query(`ALTER TABLE report_tasks ALTER COLUMN period_key TYPE varchar(16)`);
  }
}
