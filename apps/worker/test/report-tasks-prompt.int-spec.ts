import { reportingPeriod, WorkingCalendar } from '@tiendo/domain';
import { HolidaysService } from '@tiendo/server-calendar';
import { AppConfig } from '@tiendo/server-core';
import { ReminderWatchdog } from '@tiendo/server-reminders';
import { REPORT_TASKS_QUEUE, ReportTaskGenerator, ReportTaskScheduler, ReportTasksTrigger, reportTaskJobIds } from '@tiendo/server-report-obligations';
import { QueueEvents } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';
import { ThrowawayRedis } from './worker-harness';

const vn = (local: string) => new Date(`${local}+07:00`);

/**
 * Report tasks appear as soon as they are due to exist, not at the next 00:05 (issue #11): after the API creates or
 * changes an obligation, or records an ad hoc request, it queues that obligation's run on the worker's `report-tasks`
 * queue (ReportTasksTrigger, the API's class, used here as the API uses it); the real worker's generator, the only
 * creator of report tasks, makes them within moments. One job per obligation however many changes ask; a job Redis
 * lost is queued again by the worker's reconcile. Real PostgreSQL and a Redis of the test's own.
 */
describe('report tasks: an obligation’s own run, queued by the API after a change', () => {
  const redis = new ThrowawayRedis();
  let t: WorkerTestbed;
  let trigger: ReportTasksTrigger;
  let events: QueueEvents;
  let calendar: WorkingCalendar;

  async function obligation(code: string, units: string[], startsOn: string, periodicity = 'monthly'): Promise<string> {
    const id = randomUUID();
    await t.db.query(
      `INSERT INTO report_obligations (id, code, name, periodicity, create_working_days_before, receiving_unit_id, starts_on, created_by_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 5, $5, $6, $7, $8, $8)`,
      [id, code, `Báo cáo ${code}`, periodicity, t.fixtures.unitId('VP'), startsOn, t.fixtures.userId('vp'), t.clock.now()],
    );
    for (const u of units) {
      await t.db.query(`INSERT INTO report_obligation_units (obligation_id, unit_id, from_date) VALUES ($1, $2, $3)`, [id, t.fixtures.unitId(u), startsOn]);
    }
    return id;
  }

  async function reports(obligationId: string): Promise<Record<string, Array<{ key: string; deadline: string; state: string }>>> {
    const rows: Array<{ code: string; period_key: string; deadline: string; state: string }> = await t.db.query(
      `SELECT u.code, r.period_key, t.deadline::text AS deadline, t.state FROM report_tasks r JOIN units u ON u.id = r.unit_id JOIN tasks t ON t.id = r.task_id
        WHERE r.obligation_id = $1 ORDER BY u.code, r.period_key`,
      [obligationId],
    );
    const out: Record<string, Array<{ key: string; deadline: string; state: string }>> = {};
    for (const r of rows) (out[r.code] ??= []).push({ key: r.period_key, deadline: r.deadline, state: r.state });
    return out;
  }

  function completed(jobId: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const done = ({ jobId: id, returnvalue }: { jobId: string; returnvalue: unknown }) => {
        if (id !== jobId) return;
        events.off('completed', done);
        resolve(returnvalue);
      };
      events.on('completed', done);
      events.on('failed', ({ jobId: id, failedReason }) => id === jobId && reject(new Error(failedReason)));
    });
  }

  beforeAll(async () => {
    await redis.start();
    t = await startWorkerTestbed('2026-11-20T06:00:00+07:00', { REDIS_URL: redis.url() });
    t.worker.app.get(ReminderWatchdog).stop();
    calendar = await t.worker.app.get(HolidaysService).calendar();
    trigger = new ReportTasksTrigger(t.worker.app.get(AppConfig));
    events = new QueueEvents(REPORT_TASKS_QUEUE, { connection: { host: '127.0.0.1', port: redis.port }, prefix: t.prefix });
    events.on('error', () => undefined);
    await events.waitUntilReady();
    const f = t.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    await f.user('vp', 'monitor', 'VP', 'Nguyễn Văn Phòng');
    for (const p of ['HN', 'HP', 'DN', 'HCM', 'CT']) await f.unit(p, 'BO', `Sở TT&TT ${p}`);
  });

  afterAll(async () => {
    await trigger.onModuleDestroy();
    await events.close();
    await t.close();
    await redis.stop();
  });

  it('an obligation made on 20/11, started on 01/11, gets November’s period at once (due 16/11: overdue), not December’s; the daily runs’ record is left alone', async () => {
    // November 2026: cut-off Saturday 14/11 (art. 12), due Monday 16/11 (art. 8(5)(b)), created 09/11. December's
    // tasks are created on 07/12.
    expect(reportingPeriod({ periodicity: 'monthly', createWorkingDaysBefore: 5 }, 2026, 11, calendar)).toMatchObject({ deadline: '2026-11-16', createOn: '2026-11-09' });
    t.clock.set(vn('2026-11-20T10:00:00'));
    const id = await obligation('BC-NGAY', ['HN', 'HP', 'DN', 'HCM', 'CT'], '2026-11-01');
    const jobId = reportTaskJobIds.obligation(id);
    const done = completed(jobId);
    expect(await trigger.obligationChanged(id)).toBe(jobId);
    expect(await done).toMatchObject({ day: '2026-11-20', created: 5, failed: 0 });
    const byUnit = await reports(id);
    expect(Object.keys(byUnit)).toEqual(['CT', 'DN', 'HCM', 'HN', 'HP']);
    expect(byUnit['HN']).toEqual([{ key: '2026-11', deadline: '2026-11-16', state: 'open' }]);
    // The worker's start-up run of the day (at 06:00, before the obligation existed) made none of them, and the
    // obligation's own run left the daily runs' record alone.
    expect(await t.db.query(`SELECT created FROM report_task_runs WHERE day = '2026-11-20'`)).toEqual([{ created: 0 }]);
  });

  it('the browser test’s recipe on any day: cut-off today, created 0 working days before, started on the 1st: this month’s period exists at once, not yet due', async () => {
    // Friday 20/11: cut-off day 20, so November's period is 21/10–20/11, created on 20/11, due Monday 23/11.
    const id = await obligation('BC-HOMNAY', ['HN', 'HP'], '2026-11-01');
    await t.db.query(`UPDATE report_obligations SET cut_off_day = 20, create_working_days_before = 0 WHERE id = $1`, [id]);
    const done = completed(reportTaskJobIds.obligation(id));
    await trigger.obligationChanged(id);
    expect(await done).toMatchObject({ created: 2, failed: 0 });
    expect((await reports(id))['HN']).toEqual([{ key: '2026-11', deadline: '2026-11-23', state: 'open' }]);
  });

  it('a burst of changes queues one job; its run (and a rerun) creates each report once', async () => {
    const id = await obligation('BC-DON', ['HN', 'HP'], '2026-11-01');
    const jobId = reportTaskJobIds.obligation(id);
    const done = completed(jobId);
    const ids = await Promise.all(Array.from({ length: 8 }, () => trigger.obligationChanged(id)));
    expect(new Set(ids)).toEqual(new Set([jobId]));
    await done;
    // However the eight calls met the one job (waiting, running or done), each report exists once.
    const again = completed(jobId);
    await trigger.obligationChanged(id);
    expect(await again).toMatchObject({ created: 0, failed: 0 });
    expect(await reports(id)).toEqual({ HN: [{ key: '2026-11', deadline: '2026-11-16', state: 'open' }], HP: [{ key: '2026-11', deadline: '2026-11-16', state: 'open' }] });
  });

  it('an ad hoc request: every listed unit’s report task of the requested period, under its 22-character key', async () => {
    const id = await obligation('BC-DOTXUAT', ['HN', 'DN'], '2026-11-01', 'ad_hoc');
    await t.db.query(
      `INSERT INTO report_obligation_requests (id, obligation_id, period_key, label, period_start, cut_off, deadline, requested_on, created_by_id, created_at)
       VALUES ($1, $2, '2026-11-01..2026-11-18', 'Báo cáo nhanh thiệt hại do bão', '2026-11-01', '2026-11-18', '2026-11-24', '2026-11-20', $3, $4)`,
      [randomUUID(), id, t.fixtures.userId('vp'), t.clock.now()],
    );
    const done = completed(reportTaskJobIds.obligation(id));
    await trigger.obligationChanged(id);
    expect(await done).toMatchObject({ created: 2, failed: 0 });
    expect(await reports(id)).toEqual({
      DN: [{ key: '2026-11-01..2026-11-18', deadline: '2026-11-24', state: 'open' }],
      HN: [{ key: '2026-11-01..2026-11-18', deadline: '2026-11-24', state: 'open' }],
    });
    const [task] = await t.db.query(
      `SELECT t.title, t.assigned_on::text AS assigned_on FROM report_tasks r JOIN tasks t ON t.id = r.task_id JOIN units u ON u.id = r.unit_id WHERE r.obligation_id = $1 AND u.code = 'HN'`,
      [id],
    );
    expect(task).toEqual({ title: 'Báo cáo BC-DOTXUAT – Báo cáo nhanh thiệt hại do bão', assigned_on: '2026-11-20' });
  });

  it('a change whose job Redis lost: the worker’s reconcile queues the obligation’s run again, for every obligation changed since today’s daily run began', async () => {
    const generator = t.worker.app.get(ReportTaskGenerator);
    const scheduler = t.worker.app.get(ReportTaskScheduler);
    t.clock.set(vn('2026-11-23T00:05:00'));
    await generator.run();
    // 10:00: a unit joins BC-NGAY (as the API's update writes it: the list, the version, updated_at), but the API's
    // job never reached Redis.
    t.clock.set(vn('2026-11-23T10:00:00'));
    const [{ id }] = await t.db.query(`SELECT id FROM report_obligations WHERE code = 'BC-NGAY'`);
    const qn = await t.fixtures.unit('QN', 'BO', 'Sở TT&TT QN');
    await t.db.query(`INSERT INTO report_obligation_units (obligation_id, unit_id, from_date) VALUES ($1, $2, '2026-11-01')`, [id, qn]);
    await t.db.query(`UPDATE report_obligations SET version = version + 1, updated_at = $2 WHERE id = $1`, [id, t.clock.now()]);
    const done = completed(reportTaskJobIds.obligation(id));
    const result = await scheduler.reconcile();
    expect(result.caughtUp).toBeNull();
    expect(result.obligations).toEqual([reportTaskJobIds.obligation(id)]);
    expect(await done).toMatchObject({ created: 1, failed: 0 });
    expect((await reports(id))['QN']).toEqual([{ key: '2026-11', deadline: '2026-11-16', state: 'open' }]);
  });
});
