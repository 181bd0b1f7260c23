import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Periodic reporting obligations (chế độ báo cáo định kỳ, Decree 09/2019/NĐ-CP): what is reported, how often, when
 * each period's data is cut off and when it is due, who receives the reports and which units send them. The period
 * arithmetic is libs/domain's reporting-periods.ts; these tables keep only the obligation's own choices:
 * - `cut_off_day` and the due rule (`due_kind`, `due_value`) are NULL for the decree's defaults (the 14th, art. 12;
 *   the first working day after the cut-off, art. 8(5)(b)); a due rule is both columns or neither;
 * - the reporting units are an explicit list (`report_obligation_units`, each from a day: a unit added in June
 *   reports from June's periods on), or every unit of a kind (`reporting_unit_kind`, e.g. provincial_department), or
 *   both;
 * - ending an obligation sets `ends_on`; nothing is deleted;
 * - `template_file_id` is kept for the report template, which no endpoint sets yet.
 */
export class ReportObligations1795990000000 implements MigrationInterface {
  name = 'ReportObligations1795990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_obligations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(40) NOT NULL,
        name varchar(500) NOT NULL CHECK (length(btrim(name)) > 0),
        source_document_id uuid REFERENCES source_documents(id),
        legal_basis varchar(1000),
        periodicity varchar(16) NOT NULL
          CHECK (periodicity IN ('monthly', 'quarterly', 'half_yearly', 'nine_months', 'yearly', 'ad_hoc')),
        cut_off_day smallint CHECK (cut_off_day BETWEEN 1 AND 31),
        due_kind varchar(32) CHECK (due_kind IN ('working_days_after_cutoff', 'days_after_cutoff', 'day_of_month')),
        due_value smallint CHECK (due_value BETWEEN 1 AND 90),
        create_working_days_before smallint NOT NULL CHECK (create_working_days_before BETWEEN 0 AND 60),
        template_file_id uuid,
        receiving_unit_id uuid NOT NULL REFERENCES units(id),
        reporting_unit_kind varchar(32),
        fields jsonb NOT NULL DEFAULT '[]'::jsonb,
        starts_on date NOT NULL,
        ends_on date,
        created_by_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1,
        CHECK ((due_kind IS NULL) = (due_value IS NULL)),
        CHECK (ends_on IS NULL OR ends_on >= starts_on)
      )`);
    await q.query(`CREATE UNIQUE INDEX report_obligations_code_key ON report_obligations (upper(code))`);
    await q.query(`CREATE INDEX report_obligations_receiving_unit_idx ON report_obligations (receiving_unit_id)`);
    await q.query(`CREATE INDEX report_obligations_kind_idx ON report_obligations (reporting_unit_kind) WHERE reporting_unit_kind IS NOT NULL`);
    // The list's search (text-search.ts): code and name, tone marks and case optional, from a trigram index.
    await q.query(`CREATE INDEX report_obligations_search_idx ON report_obligations USING gin ((search_key(code) || E'\\n' || search_key(name)) gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE report_obligation_units (
        obligation_id uuid NOT NULL REFERENCES report_obligations(id),
        unit_id uuid NOT NULL REFERENCES units(id),
        from_date date NOT NULL,
        PRIMARY KEY (obligation_id, unit_id)
      )`);
    await q.query(`CREATE INDEX report_obligation_units_unit_idx ON report_obligation_units (unit_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_obligation_units`);
    await q.query(`DROP TABLE report_obligations`);
  }
}
