import { nextOccurrences, RecurrenceRule, WorkingCalendar } from '@tiendo/domain';
import { HolidaysService } from '@tiendo/server-calendar';
import { ReminderWatchdog } from '@tiendo/server-reminders';
import { ReportTaskGenerator } from '@tiendo/server-report-obligations';
import { recurrenceInForce, RecurrenceInput, SERIES_OF_TASK_SQL, TaskSeriesService } from '@tiendo/server-tasks';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';
import { startTestWorker, ThrowawayRedis } from './worker-harness';

/**
 * Recurring tasks through the worker's daily generator run (issue #11; libs/domain recurrence.ts): each occurrence
 * is created once on its creation day, as an ordinary task copying the series' task, through two workers at once;
 * changing a series leaves the occurrences created alone and does not make a deadline twice; ending it stops it.
 * (The run's job, its scheduler, its catch-up after a Redis flush and a SIGKILL are those of report-tasks*.int-spec.ts.)
 */
const vn = (local: string) => new Date(`${local}+07:00`);

describe('recurring tasks: occurrences created once by the daily run', () => {
  const redis = new ThrowawayRedis();
  let t: WorkerTestbed;
  let generator: ReportTaskGenerator;
  let calendar: WorkingCalendar;
  let taskId: string;
  const monthly20: RecurrenceRule = { frequency: 'monthly', on: { kind: 'day', day: 20 } };

  const occurrences = async () =>
    t.db.query(
      `SELECT o.occurrence_key AS key, to_char(t.deadline, 'YYYY-MM-DD') AS deadline, t.title, u.code AS lead, t.assignee_id, t.state
         FROM task_occurrences o JOIN tasks t ON t.id = o.task_id JOIN units u ON u.id = t.lead_unit_id ORDER BY t.deadline`,
    );
  const setRecurrence = async (input: { rule: RecurrenceRule; aheadWorkingDays: number } | null) =>
    t.db.transaction((manager) => t.worker.app.get(TaskSeriesService, { strict: false }).set(manager, { id: taskId, deadline: '2026-11-30' }, input, t.fixtures.userId('head'), t.clock.today(), t.clock.now()));

  beforeAll(async () => {
    await redis.start();
    t = await startWorkerTestbed('2026-12-01T06:00:00+07:00', { REDIS_URL: redis.url() });
    t.worker.app.get(ReminderWatchdog).stop();
    generator = t.worker.app.get(ReportTaskGenerator);
    calendar = await t.worker.app.get(HolidaysService).calendar();
    const f = t.fixtures;
    await f.unit('BO');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    await f.user('head', 'unit_head', 'VBC');
    await f.user('cv', 'staff', 'VBC');
    taskId = await f.task({ code: 'BC-THANG', title: 'Báo cáo tiến độ hằng tháng', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'head', assignedOn: '2026-11-02', deadline: '2026-11-30' });
    await setRecurrence({ rule: monthly20, aheadWorkingDays: 5 });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('creates the occurrence on its creation day, once, with two workers running at the same moment', async () => {
    const [dec] = nextOccurrences(monthly20, '2026-12-01', calendar, 1, 5);
    // Sunday 20/12/2026 kept as the deadline; created five working days before it, Monday 14/12.
    expect(dec).toMatchObject({ key: '2026-12', deadline: '2026-12-20', createOn: '2026-12-14' });
    t.clock.set(vn('2026-12-13T23:00:00'));
    expect((await generator.run()).recurring.created).toBe(0);
    const other = await startTestWorker(t.databaseUrl, t.clock, { REDIS_URL: redis.url(), QUEUE_PREFIX: t.prefix });
    try {
      other.app.get(ReminderWatchdog).stop();
      t.clock.set(vn('2026-12-14T00:05:00'));
      const runs = await Promise.all([generator.run(), other.app.get(ReportTaskGenerator).run(), generator.run()]);
      expect(runs.reduce((n, r) => n + r.recurring.created, 0)).toBe(1);
      expect(runs.every((r) => r.recurring.failed === 0)).toBe(true);
    } finally {
      await other.close();
    }
    expect(await occurrences()).toEqual([
      { key: '2026-12', deadline: '2026-12-20', title: 'Báo cáo tiến độ hằng tháng', lead: 'VBC', assignee_id: t.fixtures.userId('cv'), state: 'open' },
    ]);
    const [{ note }] = await t.db.query(`SELECT h.note FROM task_history h JOIN task_occurrences o ON o.task_id = h.task_id WHERE h.action = 'created'`);
    expect(note).toBe('Tạo tự động theo lịch lặp lại, lần 2026-12');
    expect((await generator.run()).recurring.created).toBe(0);
  });

  it('a change of the series leaves the created occurrence alone and makes no deadline twice; an end stops it', async () => {
    t.clock.set(vn('2026-12-15T10:00:00'));
    const change = await setRecurrence({ rule: monthly20, aheadWorkingDays: 3 });
    // The new series starts after the last deadline created (20/12): December is not made again.
    expect(change).toMatchObject({ field: 'recurrence', to: { startsOn: '2026-12-21', aheadWorkingDays: 3 } });
    const [jan] = nextOccurrences(monthly20, '2026-12-21', calendar, 1, 3);
    expect(jan).toMatchObject({ key: '2027-01', deadline: '2027-01-20' });
    t.clock.set(vn('2026-12-24T00:05:00'));
    expect((await generator.run()).recurring.created).toBe(0);
    t.clock.set(vn(`${jan.createOn}T00:05:00`));
    expect((await generator.run()).recurring.created).toBe(1);

    t.clock.set(vn('2027-01-16T10:00:00'));
    expect(await setRecurrence(null)).toMatchObject({ field: 'recurrence', to: null });
    for (const day of ['2027-02-15', '2027-03-16', '2027-04-20']) {
      t.clock.set(vn(`${day}T00:05:00`));
      expect((await generator.run()).recurring.created).toBe(0);
    }
    expect((await occurrences()).map((o: { key: string; deadline: string }) => `${o.key} ${o.deadline}`)).toEqual(['2026-12 2026-12-20', '2027-01 2027-01-20']);
  });

  it('a cancelled task’s series creates nothing more', async () => {
    await setRecurrence({ rule: monthly20, aheadWorkingDays: 5 });
    await t.db.query(`UPDATE tasks SET state = 'cancelled', cancelled_at = now(), cancel_reason = 'Thôi' WHERE id = $1`, [taskId]);
    t.clock.set(vn('2027-05-20T00:05:00'));
    expect((await generator.run()).recurring.created).toBe(0);
  });

  it('every N working days: the first N working days after the task’s deadline, the task page’s next the same keys, a change N after the last made', async () => {
    t.clock.set(vn('2027-05-20T10:00:00'));
    const id = await t.fixtures.task({ code: 'KT-3NGAY', title: 'Kiểm tra định kỳ', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'head', assignedOn: '2027-05-03', deadline: '2027-05-31' });
    const set = (input: RecurrenceInput) =>
      t.db.transaction((manager) => t.worker.app.get(TaskSeriesService, { strict: false }).set(manager, { id, deadline: '2027-05-31' }, input, t.fixtures.userId('head'), t.clock.today(), t.clock.now()));
    const made = async () =>
      (
        await t.db.query(
          `SELECT o.occurrence_key AS key, to_char(t.deadline, 'YYYY-MM-DD') AS deadline FROM task_occurrences o JOIN task_series s ON s.id = o.series_id JOIN tasks t ON t.id = o.task_id
            WHERE s.task_id = $1 ORDER BY t.deadline`,
          [id],
        )
      ).map((o: { key: string; deadline: string }) => `${o.key} ${o.deadline}`);
    // Monday 31/05/2027, every 3 working days, made on the day: Thursday 03/06 (not Tuesday 01/06).
    expect(await set({ rule: { frequency: 'working_days', interval: 3 }, aheadWorkingDays: 0 })).toMatchObject({ to: { startsOn: '2027-06-03' } });
    t.clock.set(vn('2027-06-02T00:05:00'));
    await generator.run();
    expect(await made()).toEqual([]);
    t.clock.set(vn('2027-06-03T00:05:00'));
    expect((await generator.run()).recurring.created).toBe(1);
    expect(await made()).toEqual(['#1 2027-06-03']);
    // The task page the next day counts on from the series' start, with the generator's keys: #2 08/06, not "#1 today".
    const [row] = await t.db.query(SERIES_OF_TASK_SQL, [id]);
    expect(recurrenceInForce(row, '2027-06-04', calendar)?.next.map((o) => `${o.key} ${o.deadline}`)).toEqual(['#2 2027-06-08', '#3 2027-06-11', '#4 2027-06-16']);
    // Changed the same day to every 5: five working days after the last made (03/06), Thursday 10/06.
    t.clock.set(vn('2027-06-03T10:00:00'));
    expect(await set({ rule: { frequency: 'working_days', interval: 5 }, aheadWorkingDays: 0 })).toMatchObject({ to: { startsOn: '2027-06-10' } });
    for (const day of ['2027-06-08', '2027-06-09', '2027-06-10']) {
      t.clock.set(vn(`${day}T00:05:00`));
      await generator.run();
    }
    expect(await made()).toEqual(['#1 2027-06-03', '#1 2027-06-10']);
  });
});
