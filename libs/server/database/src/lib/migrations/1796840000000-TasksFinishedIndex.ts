import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The period reports' pass over tasks with a simple history (`periodCountsSql`, `periodClassificationSql` in
 * libs/server/tasks task-status.sql.ts) reads the tasks still open at the period's start or finished (completed or
 * cancelled) since: `coalesce(completed_at, cancelled_at)` null or at/after the start. Without an index that pass was
 * a scan of every task ever written, so the running month's briefing, computed at each request, cost in proportion to
 * all the years kept rather than to the month's tasks (BENCHMARKS.md, "Cost as the data grows"). With it, PostgreSQL
 * reads the open tasks and the recently finished ones (a BitmapOr over this index), which lie together at the table's
 * end since tasks are written as they are assigned.
 */
export class TasksFinishedIndex1796840000000 implements MigrationInterface {
  name = 'TasksFinishedIndex1796840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX tasks_finished_idx ON tasks ((coalesce(completed_at, cancelled_at))) WHERE simple_history`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_finished_idx`);
  }
}
