import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The blocks a leader oversees (each deputy minister oversees some units, shared/domain README "Who uses it"):
 * one row per leader and unit, the unit's sub-units included by the tree. Only a view's default: a leader still
 * reads the whole ministry. Set by an administrator, for users whose role is
 * leader; rows of a user who has left that role are kept but not read (they come back with the role).
 */
export class LeaderOversight1795960000000 implements MigrationInterface {
  name = 'LeaderOversight1795960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE leader_units (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, unit_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE leader_units`);
  }
}
