import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sub-tasks: a unit head splits a task the ministry assigned into pieces for their staff or sub-units. A sub-task is
 * an ordinary task (its own assignee, lead unit, deadline, history, reminders) that names its parent. One level only
 * (the service refuses a sub-task of a sub-task). Reports count the tasks the ministry assigned, so every report
 * query reads `parent_task_id IS NULL`; the partial index serves the parent's page (its sub-tasks) and the checks
 * on completing a parent (its open sub-tasks).
 */
export class SubTasks1795890000000 implements MigrationInterface {
  name = 'SubTasks1795890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN parent_task_id uuid NULL REFERENCES tasks(id)`);
    await q.query(`CREATE INDEX tasks_parent_task_idx ON tasks (parent_task_id, state) WHERE parent_task_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_parent_task_idx`);
    await q.query(`ALTER TABLE tasks DROP COLUMN parent_task_id`);
  }
}
