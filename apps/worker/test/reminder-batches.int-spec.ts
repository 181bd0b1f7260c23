import { ReminderJob, ReminderRuns, RemindersProcessor } from '@tiendo/server-reminders';
import type { Job, QueueEvents } from 'bullmq';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';
import { startTestWorker, TestWorker } from './worker-harness';

const DAY = '2026-11-23';

/** Resolves with the job's return value once `jobId` completes on the queue (any worker). */
function completed(events: QueueEvents, jobId: string): Promise<unknown> {
  return new Promise((resolve) => {
    const on = ({ jobId: id, returnvalue }: { jobId: string; returnvalue: unknown }) => {
      if (id !== jobId) return;
      events.off('completed', on);
      resolve(returnvalue);
    };
    events.on('completed', on);
  });
}

/** The batch jobs one worker instance finished and failed (its own BullMQ Worker's events). */
function batchesOf(worker: TestWorker): { completed: string[]; failed: string[] } {
  const seen = { completed: [] as string[], failed: [] as string[] };
  const bull = worker.app.get(RemindersProcessor).worker;
  bull.on('completed', (job: Job) => job.name === ReminderJob.dailyBatch && seen.completed.push(job.id as string));
  bull.on('failed', (job: Job | undefined) => job?.name === ReminderJob.dailyBatch && seen.failed.push(job.id as string));
  return seen;
}

describe('a day’s run split into batch jobs that every worker shares', () => {
  let t: WorkerTestbed;

  /** `n` open tasks all due today (a "due_today" reminder each), assigned to cv; codes S-1..S-n. */
  const tasksDueToday = (n: number) =>
    t.db.query(
      `INSERT INTO tasks (code, title, lead_unit_id, assignee_id, assigned_by_id, assigned_on, original_deadline, deadline)
       SELECT 'S-' || g, 'Nhiệm vụ ' || g, $2, $3, $4, '2026-11-02', $5, $5 FROM generate_series(1, $1) g`,
      [n, t.fixtures.unitId('BO'), t.fixtures.userId('cv'), t.fixtures.userId('vp'), DAY],
    );
  const counts = async () => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM notifications) AS notifications, (SELECT count(DISTINCT task_id)::int FROM notifications) AS tasks,
              (SELECT count(*)::int FROM reminder_deliveries) AS deliveries`,
    );
    return row as { notifications: number; tasks: number; deliveries: number };
  };
  const run = async () => {
    const [row] = await t.db.query(
      `SELECT cardinality(batch_starts) + 1 AS batches, batches_done, generation, delivered, finished_at FROM reminder_runs WHERE kind = 'daily' AND period_key = $1`,
      [DAY],
    );
    return row as { batches: number; batches_done: number[]; generation: number; delivered: number; finished_at: Date | null };
  };

  beforeAll(async () => {
    // Batch jobs of 10 tasks, delivered in transactions of 4; a failed batch retried after 20 ms. Monday 06:00.
    t = await startWorkerTestbed('2026-11-23T06:00:00+07:00', { REMINDER_JOB_TASKS: '10', REMINDER_BATCH_SIZE: '4', REMINDER_RETRY_BASE_MS: '20', REMINDER_CONCURRENCY: '1' });
    await t.fixtures.unit('BO');
    await t.fixtures.user('vp', 'monitor', 'BO');
    await t.fixtures.user('cv', 'staff', 'BO');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.db.query(`TRUNCATE notifications, reminder_deliveries, reminder_runs, tasks CASCADE`);
  });

  it('plans N batches, each a job of its own; every reminder is delivered once and the run finishes when all are done', async () => {
    await tasksDueToday(95);
    const seen = batchesOf(t.worker);
    const done = completed(t.worker.events.reminders, 'split-run');
    await t.worker.reminders.add(ReminderJob.daily, { day: DAY }, { jobId: 'split-run' });
    expect(await done).toEqual({ delivered: 95, batches: 10 });
    expect(await counts()).toEqual({ notifications: 95, tasks: 95, deliveries: 95 });
    const finished = await run();
    expect(finished).toMatchObject({ batches: 10, generation: 1, delivered: 95, finished_at: expect.any(Date) });
    expect([...finished.batches_done].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...seen.completed].sort()).toEqual(Array.from({ length: 10 }, (_v, i) => `daily-${DAY}-g1-b${i}`).sort());

    // The scheduler's catch-up for a finished day does nothing; a batch run again (twice at once) delivers nothing.
    const again = completed(t.worker.events.reminders, `daily-${DAY}`);
    await t.worker.reminders.add(ReminderJob.daily, { day: DAY, catchUp: true }, { jobId: `daily-${DAY}`, removeOnComplete: true });
    expect(await again).toEqual({ skipped: 'finished before' });
    const runs = t.worker.app.get(ReminderRuns);
    const twice = await Promise.all([runs.dailyBatch(DAY, 1, 3), runs.dailyBatch(DAY, 1, 3)]);
    expect(twice.map((r) => r.inApp)).toEqual([0, 0]);
    expect(await counts()).toEqual({ notifications: 95, tasks: 95, deliveries: 95 });
  });

  it('one batch run twice at the same time (two workers racing on it): its reminders are delivered once, counted once', async () => {
    await tasksDueToday(30);
    const runs = t.worker.app.get(ReminderRuns);
    const plan = await runs.planDaily(DAY, { rerun: false });
    expect(plan).toMatchObject({ batches: 3, pending: [0, 1, 2], finished: false });
    const raced = await Promise.all([runs.dailyBatch(DAY, plan.generation, 1), runs.dailyBatch(DAY, plan.generation, 1)]);
    // Each reminder of the batch was written by exactly one of the two.
    expect(raced[0].inApp + raced[1].inApp).toBe(10);
    expect(await counts()).toEqual({ notifications: 10, tasks: 10, deliveries: 10 });
    expect(await run()).toMatchObject({ batches_done: [1], delivered: 10, finished_at: null });
    // Not finished while batches 0 and 2 are not done.
    expect(await runs.finishDaily(DAY, plan.generation)).toMatchObject({ finished: false, remaining: 2 });
  });

  it('a coordinator queued again (Redis lost the run’s jobs) queues only the batches PostgreSQL has not recorded done', async () => {
    await tasksDueToday(50);
    const runs = t.worker.app.get(ReminderRuns);
    const plan = await runs.planDaily(DAY, { rerun: false });
    for (const batch of [0, 2, 4]) await runs.dailyBatch(DAY, plan.generation, batch);
    const seen = batchesOf(t.worker);
    const done = completed(t.worker.events.reminders, `daily-${DAY}`);
    await t.worker.reminders.add(ReminderJob.daily, { day: DAY, catchUp: true }, { jobId: `daily-${DAY}`, removeOnComplete: true });
    expect(await done).toEqual({ delivered: 50, batches: 5 });
    expect([...seen.completed].sort()).toEqual([`daily-${DAY}-g1-b1`, `daily-${DAY}-g1-b3`]);
    expect(await counts()).toEqual({ notifications: 50, tasks: 50, deliveries: 50 });
  });

  it('a batch that fails is retried alone, and the run completes with every reminder once', async () => {
    await tasksDueToday(40);
    // A real failure in PostgreSQL: the first insert of the delivery of the 16th task by id raises (a sequence is not
    // rolled back, so once). That task is in batch 1 (tasks 11-20), in its second transaction (15-18): the batch fails
    // after its first transaction (11-14) committed, and its retry must not count those four again.
    const [{ id: failing }] = await t.db.query(`SELECT id FROM tasks ORDER BY id OFFSET 15 LIMIT 1`);
    await t.db.query(`CREATE SEQUENCE test_fail_once`);
    await t.db.query(`
      CREATE FUNCTION test_fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.task_id = '${failing}' AND nextval('test_fail_once') = 1 THEN
          RAISE EXCEPTION 'injected failure';
        END IF;
        RETURN NEW;
      END $$`);
    await t.db.query(`CREATE TRIGGER test_fail_once BEFORE INSERT ON reminder_deliveries FOR EACH ROW EXECUTE FUNCTION test_fail_once()`);
    try {
      const seen = batchesOf(t.worker);
      const done = completed(t.worker.events.reminders, 'run-with-failure');
      await t.worker.reminders.add(ReminderJob.daily, { day: DAY }, { jobId: 'run-with-failure' });
      expect(await done).toEqual({ delivered: 40, batches: 4 });
      // The failing batch once, then again; the three others once each.
      expect(seen.failed).toEqual([`daily-${DAY}-g1-b1`]);
      expect([...seen.completed].sort()).toEqual([0, 1, 2, 3].map((i) => `daily-${DAY}-g1-b${i}`).sort());
      expect(await counts()).toEqual({ notifications: 40, tasks: 40, deliveries: 40 });
      expect(await run()).toMatchObject({ delivered: 40, finished_at: expect.any(Date) });
    } finally {
      await t.db.query(`DROP TRIGGER test_fail_once ON reminder_deliveries; DROP FUNCTION test_fail_once(); DROP SEQUENCE test_fail_once`);
    }
  });

  it('two worker instances share one run: each reminder delivered once, both take batches', async () => {
    await tasksDueToday(200);
    const other = await startTestWorker(t.databaseUrl, t.clock, { QUEUE_PREFIX: t.prefix, REMINDER_JOB_TASKS: '10', REMINDER_BATCH_SIZE: '4', REMINDER_CONCURRENCY: '1' });
    try {
      const mine = batchesOf(t.worker);
      const theirs = batchesOf(other);
      const done = completed(t.worker.events.reminders, 'shared-run');
      await t.worker.reminders.add(ReminderJob.daily, { day: DAY }, { jobId: 'shared-run' });
      expect(await done).toEqual({ delivered: 200, batches: 20 });
      expect(mine.completed.length).toBeGreaterThan(0);
      expect(theirs.completed.length).toBeGreaterThan(0);
      // Every batch once, by one of the two.
      expect([...mine.completed, ...theirs.completed].sort()).toEqual(Array.from({ length: 20 }, (_v, i) => `daily-${DAY}-g1-b${i}`).sort());
      expect(await counts()).toEqual({ notifications: 200, tasks: 200, deliveries: 200 });
    } finally {
      await other.close();
    }
  });
});
