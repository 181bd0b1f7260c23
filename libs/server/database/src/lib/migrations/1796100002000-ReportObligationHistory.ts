import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The history of a reporting obligation (Decree 09/2019/NĐ-CP regime): every creation, change and end, with who, when
 * and the fields' before and after (`changes`: [{ field, from, to }], the shape of task_history), appended by
 * ReportObligationsService in the change's own transaction. Append-only like task_history: the database refuses to
 * rewrite it (forbid_history_rewrite, migration 1795400000000).
 *
 * A unit taken off the list is ended (`to_date`, migration 1796100001000), never deleted. A unit taken off before its
 * membership began ends on the day before its `from_date` (an empty membership): the check allows exactly that.
 */
export class ReportObligationHistory1796100002000 implements MigrationInterface {
  name = 'ReportObligationHistory1796100002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_obligation_history (
        id bigserial PRIMARY KEY,
        obligation_id uuid NOT NULL REFERENCES report_obligations(id),
        actor_id uuid REFERENCES users(id),
        at timestamptz NOT NULL,
        action varchar(32) NOT NULL,
        changes jsonb NOT NULL DEFAULT '[]',
        note text
      )`);
    await q.query(`CREATE INDEX report_obligation_history_obligation_idx ON report_obligation_history (obligation_id, id)`);
    await q.query(`
      CREATE TRIGGER report_obligation_history_append_only BEFORE UPDATE OR DELETE ON report_obligation_history
      FOR EACH ROW EXECUTE FUNCTION forbid_history_rewrite()`);
    await q.query(`ALTER TABLE report_obligation_units DROP CONSTRAINT report_obligation_units_dates_check`);
    await q.query(`ALTER TABLE report_obligation_units ADD CONSTRAINT report_obligation_units_dates_check CHECK (to_date IS NULL OR to_date >= from_date - 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_obligation_units DROP CONSTRAINT report_obligation_units_dates_check`);
    await q.query(`ALTER TABLE report_obligation_units ADD CONSTRAINT report_obligation_units_dates_check CHECK (to_date IS NULL OR to_date >= from_date)`);
    await q.query(`DROP TABLE report_obligation_history`);
  }
}
