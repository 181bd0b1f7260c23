import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A day's reminder run split into batch jobs that every worker shares (libs/server/reminders, ReminderRuns.planDaily).
 * The plan and its progress live on the run's row, so that PostgreSQL, not Redis, knows which batches are done:
 *
 * - `batch_starts`: the first task id (inclusive, in uuid order) of batches 1..n-1; batch 0 starts at the lowest id and
 *   the last one has no upper bound, so tasks created after the plan still fall in a batch. NULL: not split (weekly
 *   and monthly runs, and daily runs recorded before this migration).
 * - `batches_done`: the numbers of the batches finished (each at most once, however often its job ran).
 * - `generation`: bumped when a finished day is run again on purpose (a new plan; batch job ids carry it).
 *
 * Additive: existing rows keep their meaning (a finished run stays finished).
 */
export class ReminderRunBatches1796800000000 implements MigrationInterface {
  name = 'ReminderRunBatches1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE reminder_runs
        ADD COLUMN batch_starts uuid[],
        ADD COLUMN batches_done integer[] NOT NULL DEFAULT '{}',
        ADD COLUMN generation integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reminder_runs DROP COLUMN batch_starts, DROP COLUMN batches_done, DROP COLUMN generation`);
  }
}
