import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The task events outbox. Every change to a task (and every comment or file on it) appends one row here in the same
 * transaction as the change; the worker reads the rows after commit (claimed with FOR UPDATE SKIP LOCKED, so two
 * workers never take the same one) and turns each into notifications, marking it dispatched in the transaction that
 * writes them. A crash before that commit leaves the row pending; nothing is lost with Redis, because the rows are
 * the queue. `pg_notify('tiendo_task_events')` only wakes the dispatcher early; a timer finds anything it misses.
 */
export class TaskEvents1795870000000 implements MigrationInterface {
  name = 'TaskEvents1795870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_events (
        id bigserial PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks(id),
        kind varchar(40) NOT NULL,
        actor_id uuid NULL REFERENCES users(id),
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        dispatched_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX task_events_pending_idx ON task_events (id) WHERE dispatched_at IS NULL`);
    await q.query(`CREATE INDEX task_events_task_idx ON task_events (task_id, id)`);
    await q.query(`
      CREATE FUNCTION task_events_wake() RETURNS trigger AS $$
      BEGIN
        PERFORM pg_notify('tiendo_task_events', '');
        RETURN NULL;
      END $$ LANGUAGE plpgsql`);
    await q.query(`CREATE TRIGGER task_events_wake AFTER INSERT ON task_events FOR EACH STATEMENT EXECUTE FUNCTION task_events_wake()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER task_events_wake ON task_events`);
    await q.query(`DROP FUNCTION task_events_wake()`);
    await q.query(`DROP TABLE task_events`);
  }
}
