import { getQueueToken } from '@nestjs/bullmq';
import { ReminderWatchdog, schedulerJobId } from '@tiendo/server-reminders';
import { REPORT_TASKS_QUEUE, REPORT_TASKS_SCHEDULE, ReportTaskScheduler } from '@tiendo/server-report-obligations';
import { RETENTION_QUEUE, RETENTION_SCHEDULE, RetentionPurge, RetentionScheduler } from '@tiendo/server-retention';
import { Queue } from 'bullmq';
import { WorkerHealthServer } from '../src/app/worker-health.server';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';

/**
 * The worker's own module runs the retention purge (issue #13): its job and scheduler are there without a test adding
 * them, the scheduler is created at start, and the watchdog keeps it, and the report tasks' daily scheduler, with the
 * reminders' (checked, in the readiness, put back by every repair). The purge itself: retention.int-spec.ts.
 */
describe('retention in the worker’s composition root', () => {
  let t: WorkerTestbed;

  beforeAll(async () => {
    t = await startWorkerTestbed('2026-11-30T06:00:00+07:00');
    t.worker.app.get(ReminderWatchdog).stop();
  });

  afterAll(() => t.close());

  it('the worker has the purge and creates its daily scheduler at start', async () => {
    expect(t.worker.app.get(RetentionPurge)).toBeInstanceOf(RetentionPurge);
    // The start-up reconcile (awaited before the worker is up) put it there.
    expect(await t.worker.app.get(RetentionScheduler).scheduled()).toBe(true);
  });

  it('the worker puts the purge’s scheduler back with every reminder reconcile (at start, every ten minutes, after Redis lost its keys)', async () => {
    const queue = t.worker.app.get<Queue>(getQueueToken(RETENTION_QUEUE));
    await queue.removeJobScheduler(RETENTION_SCHEDULE.id);
    expect(await queue.getJobScheduler(RETENTION_SCHEDULE.id)).toBeFalsy();
    await t.worker.app.get(ReminderWatchdog).reconcileUnderLock('test');
    expect(await t.worker.app.get(RetentionScheduler).scheduled()).toBe(true);
  });

  it('the readiness and the watchdog see the purge’s and the report tasks’ schedulers gone (keys deleted), and the next check puts them back', async () => {
    const port = t.worker.app.get(WorkerHealthServer).port;
    const ready = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      return { status: res.status, body: (await res.json()) as { ready: boolean; schedulers: { present: string[]; missing: string[] } } };
    };
    expect(await ready()).toMatchObject({ status: 200, body: { ready: true, schedulers: { missing: [] } } });
    // What an operator's FLUSH of some keys, or a Redis that lost part of its memory, leaves: the two schedulers' next
    // jobs deleted (their records stay) and nothing else touched.
    for (const [name, id] of [
      [RETENTION_QUEUE, RETENTION_SCHEDULE.id],
      [REPORT_TASKS_QUEUE, REPORT_TASKS_SCHEDULE.id],
    ]) {
      const queue = t.worker.app.get<Queue>(getQueueToken(name));
      const scheduler = await queue.getJobScheduler(id);
      await queue.removeJobScheduler(id);
      if (scheduler?.next) await queue.remove(schedulerJobId(id, scheduler.next));
    }
    const broken = await ready();
    expect(broken.status).toBe(503);
    expect(broken.body.schedulers.missing.sort()).toEqual([REPORT_TASKS_SCHEDULE.id, RETENTION_SCHEDULE.id].sort());
    const check = await t.worker.app.get(ReminderWatchdog).check('test');
    expect(check).toMatchObject({ repaired: true });
    expect([await t.worker.app.get(RetentionScheduler).scheduled(), await t.worker.app.get(ReportTaskScheduler).schedulerQueued()]).toEqual([true, true]);
    expect(await ready()).toMatchObject({ status: 200, body: { ready: true, schedulers: { missing: [] } } });
  });
});
