import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units that merge and split (README, "Units that merge and split"): one row per change an administrator records,
 * with its kind, the moment it takes effect (00:00 of the effective day in Asia/Ho_Chi_Minh), the reason and who
 * recorded it, and its units (the sources that became inactive, the successors). The tasks that moved keep their
 * own dated records (task_lead_unit_changes, the history); these rows say why and when the units changed.
 * Written only by UnitsService (libs/server/units).
 */
export class UnitChanges1796400000000 implements MigrationInterface {
  name = 'UnitChanges1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit_changes (
        id uuid PRIMARY KEY,
        kind varchar(10) NOT NULL CHECK (kind IN ('merge', 'split')),
        effective_at timestamptz NOT NULL,
        reason text NOT NULL,
        recorded_by_id uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL,
        summary jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE unit_change_units (
        change_id uuid NOT NULL REFERENCES unit_changes(id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES units(id),
        role varchar(10) NOT NULL CHECK (role IN ('source', 'successor')),
        PRIMARY KEY (change_id, unit_id)
      )`);
    await q.query(`CREATE INDEX unit_change_units_unit_idx ON unit_change_units (unit_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE unit_change_units`);
    await q.query(`DROP TABLE unit_changes`);
  }
}
