import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics on `coalesce(completed_at, cancelled_at)`, the expression the period reports' indexes answer
 * (1796840000000, 1796840001000). PostgreSQL does not use a partial index's statistics for estimates, so without these
 * it guessed a third of all tasks finished since any period's start and, on 3,000,000 tasks, chose a scan of the whole
 * table again (1.8 s against 0.3 s; BENCHMARKS.md, "Cost as the data grows"). Analysed once here; autovacuum keeps them.
 */
export class TasksFinishedStatistics1796840002000 implements MigrationInterface {
  name = 'TasksFinishedStatistics1796840002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE STATISTICS tasks_finished_stats ON (coalesce(completed_at, cancelled_at)) FROM tasks`);
    await q.query(`ANALYZE tasks`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP STATISTICS tasks_finished_stats`);
  }
}
