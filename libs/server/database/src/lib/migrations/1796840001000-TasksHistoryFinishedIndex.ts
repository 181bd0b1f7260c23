import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The same as tasks_finished_idx (1796840000000) for the period reports' history branch (`NOT simple_history`,
 * task-status.sql.ts): the tasks with a history open now or finished since the period's start. Without it the branch
 * read every task with a history ever written and set each against the whole task_completions table (a hash of all
 * completions), 2.2 s of a 1,000,000-task briefing for 195 tasks (BENCHMARKS.md, "Cost as the data grows").
 */
export class TasksHistoryFinishedIndex1796840001000 implements MigrationInterface {
  name = 'TasksHistoryFinishedIndex1796840001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX tasks_history_finished_idx ON tasks ((coalesce(completed_at, cancelled_at))) WHERE NOT simple_history`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_history_finished_idx`);
  }
}
