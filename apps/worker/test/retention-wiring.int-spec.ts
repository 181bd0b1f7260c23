import { getQueueToken } from '@nestjs/bullmq';
import { ReminderWatchdog } from '@tiendo/server-reminders';
import { RETENTION_QUEUE, RETENTION_SCHEDULE, RetentionPurge, RetentionScheduler } from '@tiendo/server-retention';
import { Queue } from 'bullmq';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';

/**
 * The worker's own module runs the retention purge (issue #13): its job and scheduler are there without a test adding
 * them, the scheduler is created at start, and it is put back after every reminder reconcile. The purge itself:
 * retention.int-spec.ts.
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
    const scheduler = t.worker.app.get(RetentionScheduler);
    for (let i = 0; i < 50 && !(await scheduler.scheduled()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await scheduler.scheduled()).toBe(true);
  });

  it('the worker puts the purge’s scheduler back after each reminder reconcile (at start, every ten minutes, after Redis lost its keys)', async () => {
    const scheduler = t.worker.app.get(RetentionScheduler);
    const queue = t.worker.app.get<Queue>(getQueueToken(RETENTION_QUEUE));
    await queue.removeJobScheduler(RETENTION_SCHEDULE.id);
    expect(await queue.getJobScheduler(RETENTION_SCHEDULE.id)).toBeFalsy();
    const repaired = new Promise((resolve) => t.worker.app.get(ReminderWatchdog).once('repaired', resolve));
    await t.worker.app.get(ReminderWatchdog).reconcileUnderLock('test');
    await repaired;
    // The worker's listener does not wait for Redis (WorkerModule.onApplicationBootstrap): look until it is back.
    for (let i = 0; i < 50 && !(await scheduler.scheduled()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await scheduler.scheduled()).toBe(true);
  });
});
