import { reportingPeriod, WorkingCalendar } from '@tiendo/domain';
import { HolidaysService } from '@tiendo/server-calendar';
import { ReminderWatchdog } from '@tiendo/server-reminders';
import { REPORT_TASKS_QUEUE, REPORT_TASKS_SCHEDULE, ReportTaskGenerator, ReportTaskScheduler } from '@tiendo/server-report-obligations';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';
import { startTestWorker, ThrowawayRedis } from './worker-harness';

/**
 * The report-task generator in the real worker, on real PostgreSQL and Redis (issue #11; Decree 09/2019/NĐ-CP art. 12
 * cut-offs, art. 8(5)(b) deadlines): each unit's report task of each period is created on its creation day, through
 * the tasks' write path, exactly once (reruns, two workers, a Redis flush); a unit added mid-year gets its periods
 * from then on; an ended obligation creates nothing after its end. The kill test: report-tasks-crash.int-spec.ts.
 * Dates: Vietnamese days; moments given with +07:00.
 */
const vn = (local: string) => new Date(`${local}+07:00`);

interface ObligationSpec {
  code: string;
  units?: Array<{ code: string; from: string; to?: string }>;
  kind?: 'provincial_department';
  startsOn: string;
  endsOn?: string;
}

describe('report tasks: the worker creates each unit’s report of each period once', () => {
  const redis = new ThrowawayRedis();
  let t: WorkerTestbed;
  let generator: ReportTaskGenerator;
  let events: QueueEvents;
  let calendar: WorkingCalendar;
  let documentId: string;

  /** A monthly obligation with the decree's defaults (cut-off the 14th, due the next working day, created 5 working days ahead). */
  async function obligation(spec: ObligationSpec): Promise<string> {
    const id = randomUUID();
    await t.db.query(
      `INSERT INTO report_obligations (id, code, name, source_document_id, periodicity, create_working_days_before, receiving_unit_id,
         reporting_unit_kind, starts_on, ends_on, created_by_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'monthly', 5, $5, $6, $7, $8, $9, now(), now())`,
      [id, spec.code, `Báo cáo ${spec.code}`, documentId, t.fixtures.unitId('VP'), spec.kind ?? null, spec.startsOn, spec.endsOn ?? null, t.fixtures.userId('vp')],
    );
    for (const u of spec.units ?? []) await addUnit(id, u);
    return id;
  }

  async function addUnit(obligationId: string, u: { code: string; from: string; to?: string }): Promise<void> {
    await t.db.query(`INSERT INTO report_obligation_units (obligation_id, unit_id, from_date, to_date) VALUES ($1, $2, $3, $4)`, [obligationId, t.fixtures.unitId(u.code), u.from, u.to ?? null]);
  }

  /** The obligation's report tasks: unit code → period keys, and how many tasks stand behind them. */
  async function reports(obligationId: string): Promise<{ byUnit: Record<string, string[]>; rows: number; tasks: number }> {
    const rows: Array<{ code: string; period_key: string }> = await t.db.query(
      `SELECT u.code, r.period_key FROM report_tasks r JOIN units u ON u.id = r.unit_id WHERE r.obligation_id = $1 ORDER BY u.code, r.period_key`,
      [obligationId],
    );
    const byUnit: Record<string, string[]> = {};
    for (const r of rows) (byUnit[r.code] ??= []).push(r.period_key);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM tasks WHERE title LIKE $1`, [`Báo cáo ${(await code(obligationId))} – %`]);
    return { byUnit, rows: rows.length, tasks: n };
  }

  async function code(obligationId: string): Promise<string> {
    return (await t.db.query(`SELECT code FROM report_obligations WHERE id = $1`, [obligationId]))[0].code;
  }

  /** The day a monthly period's task is due to be created, by the domain's rule on the worker's working calendar. */
  const createOn = (year: number, month: number) => reportingPeriod({ periodicity: 'monthly', createWorkingDaysBefore: 5 }, year, month, calendar).createOn;

  function completed(jobId: string): Promise<void> {
    return new Promise((resolve) => {
      const on = ({ jobId: id }: { jobId: string }) => {
        if (id !== jobId) return;
        events.off('completed', on);
        resolve();
      };
      events.on('completed', on);
    });
  }

  beforeAll(async () => {
    await redis.start();
    t = await startWorkerTestbed('2026-01-05T06:00:00+07:00', { REDIS_URL: redis.url() });
    t.worker.app.get(ReminderWatchdog).stop();
    generator = t.worker.app.get(ReportTaskGenerator);
    calendar = await t.worker.app.get(HolidaysService).calendar();
    events = new QueueEvents(REPORT_TASKS_QUEUE, { connection: { host: '127.0.0.1', port: redis.port }, prefix: t.prefix });
    events.on('error', () => undefined);
    await events.waitUntilReady();
    const f = t.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    await f.user('vp', 'monitor', 'VP', 'Nguyễn Văn Phòng');
    for (const p of ['HN', 'HP', 'DN', 'HCM', 'CT']) await f.unit(p, 'BO', `Sở TT&TT ${p}`);
    await t.db.query(`UPDATE units SET kind = 'provincial_department' WHERE code IN ('HN', 'HP', 'DN', 'HCM', 'CT')`);
    // Who a report task is asked of: HN and DN have one active head (DN's other one left), HP two, HCM and CT none
    // (HCM only staff).
    await f.user('hn_head', 'unit_head', 'HN', 'Giám đốc Sở HN');
    await f.user('dn_head', 'unit_head', 'DN', 'Giám đốc Sở DN');
    await f.user('dn_old_head', 'unit_head', 'DN', 'Nguyên Giám đốc Sở DN');
    await t.db.query(`UPDATE users SET active = false WHERE username = 'dn_old_head'`);
    await f.user('hp_head', 'unit_head', 'HP', 'Giám đốc Sở HP');
    await f.user('hp_deputy', 'unit_head', 'HP', 'Phó Giám đốc Sở HP');
    await f.user('hcm_staff', 'staff', 'HCM', 'Chuyên viên Sở HCM');
    [{ id: documentId }] = await t.db.query(`INSERT INTO source_documents (number, title) VALUES ('09/2019/NĐ-CP', 'Nghị định về chế độ báo cáo') RETURNING id`);
  });

  afterAll(async () => {
    await events.close();
    await t.close();
    await redis.stop();
  });

  it('creates nothing before the creation day; on it, one ordinary task per unit through the write path, with its period row; a rerun adds nothing', async () => {
    const id = await obligation({ code: 'BC-KIND', kind: 'provincial_department', startsOn: '2026-01-01' });
    // January 2026: cut-off Wednesday 14/01 (art. 12), created 5 working days before (07/01), due Thursday 15/01.
    expect(createOn(2026, 1)).toBe('2026-01-07');
    t.clock.set(vn('2026-01-06T23:59:00'));
    expect((await generator.run()).created).toBe(0);
    t.clock.set(vn('2026-01-07T00:05:00'));
    expect(await generator.run()).toMatchObject({ day: '2026-01-07', created: 5, failed: 0 });
    expect(await reports(id)).toEqual({ byUnit: { CT: ['2026-01'], DN: ['2026-01'], HCM: ['2026-01'], HN: ['2026-01'], HP: ['2026-01'] }, rows: 5, tasks: 5 });

    const [task] = await t.db.query(
      `SELECT t.title, t.deadline::text AS deadline, t.assigned_on::text AS assigned_on, t.state, u.code AS lead, t.assigned_by_id, t.source_document_id,
              r.period_start::text AS period_start, r.cut_off::text AS cut_off, r.figures
         FROM report_tasks r JOIN tasks t ON t.id = r.task_id JOIN units u ON u.id = t.lead_unit_id
        WHERE r.obligation_id = $1 AND u.code = 'HN'`,
      [id],
    );
    expect(task).toEqual({
      title: 'Báo cáo BC-KIND – Tháng 1/2026',
      deadline: '2026-01-15',
      assigned_on: '2026-01-07',
      state: 'open',
      lead: 'HN',
      assigned_by_id: t.fixtures.userId('vp'),
      source_document_id: documentId,
      period_start: '2025-12-15',
      cut_off: '2026-01-14',
      figures: null,
    });
    // The write path's history and event, in the same transaction as the row.
    const [{ history, events: assigned }] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM task_history h JOIN report_tasks r ON r.task_id = h.task_id
                WHERE r.obligation_id = $1 AND h.action = 'created' AND h.note = 'Tạo tự động theo chế độ báo cáo BC-KIND, kỳ 2026-01') AS history,
              (SELECT count(*)::int FROM task_events e JOIN report_tasks r ON r.task_id = e.task_id WHERE r.obligation_id = $1 AND e.kind = 'assigned') AS events`,
      [id],
    );
    expect({ history, assigned }).toEqual({ history: 5, assigned: 5 });
    // Each task is asked of its unit's one active head, as history says ('assigned to'); with none or several, nobody.
    const assignees: Array<{ code: string; assignee: string | null; change: unknown }> = await t.db.query(
      `SELECT u.code, a.username AS assignee,
              (SELECT c FROM task_history h, jsonb_array_elements(h.changes) c WHERE h.task_id = t.id AND h.action = 'created' AND c->>'field' = 'assigneeId') AS change
         FROM report_tasks r JOIN tasks t ON t.id = r.task_id JOIN units u ON u.id = r.unit_id LEFT JOIN users a ON a.id = t.assignee_id
        WHERE r.obligation_id = $1 ORDER BY u.code`,
      [id],
    );
    expect(assignees).toEqual([
      { code: 'CT', assignee: null, change: null },
      { code: 'DN', assignee: 'dn_head', change: { field: 'assigneeId', from: null, to: t.fixtures.userId('dn_head') } },
      { code: 'HCM', assignee: null, change: null },
      { code: 'HN', assignee: 'hn_head', change: { field: 'assigneeId', from: null, to: t.fixtures.userId('hn_head') } },
      { code: 'HP', assignee: null, change: null },
    ]);

    t.clock.set(vn('2026-01-07T15:00:00'));
    expect(await generator.run()).toMatchObject({ created: 0, failed: 0 });
    expect((await reports(id)).tasks).toBe(5);
  });

  it('two workers running at the same moment create each task once', async () => {
    const other = await startTestWorker(t.databaseUrl, t.clock, { REDIS_URL: redis.url(), QUEUE_PREFIX: t.prefix });
    try {
      other.app.get(ReminderWatchdog).stop();
      const id = await obligation({ code: 'BC-TWO', units: ['HN', 'HP', 'DN', 'HCM', 'CT'].map((code) => ({ code, from: '2026-01-01' })), startsOn: '2026-01-01' });
      t.clock.set(vn(`${createOn(2026, 2)}T00:05:00`));
      const runs = await Promise.all([generator.run(), other.app.get(ReportTaskGenerator).run(), generator.run()]);
      // BC-KIND's February reports are due as well: 5 + 5 created across the three runs, each once.
      expect(runs.reduce((n, r) => n + r.created, 0)).toBe(10);
      expect(runs.every((r) => r.failed === 0)).toBe(true);
      expect(await reports(id)).toMatchObject({ rows: 5, tasks: 5 });
      const [{ duplicates }] = await t.db.query(
        `SELECT count(*)::int AS duplicates FROM (SELECT lead_unit_id, title FROM tasks GROUP BY 1, 2 HAVING count(*) > 1) d`,
      );
      expect(duplicates).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('Redis flushed before the day’s run: the watchdog’s repair puts the daily scheduler back and catches today up, once', async () => {
    const scheduler = t.worker.app.get(ReportTaskScheduler);
    const watchdog = t.worker.app.get(ReminderWatchdog);
    const day = createOn(2026, 3);
    t.clock.set(vn(`${day}T00:01:00`));
    await redis.flush();
    expect(await t.worker.reminders.getJobSchedulers()).toEqual([]);
    t.clock.set(vn(`${day}T09:00:00`));
    const caughtUp = completed(`report-tasks-${day}`);
    const check = await watchdog.check();
    expect(check.repaired).toBe(true);
    await caughtUp;
    expect(await scheduler.schedulerQueued()).toBe(true);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM report_tasks WHERE period_key = '2026-03'`);
    expect(n).toBe(10);
    const [run] = await t.db.query(`SELECT finished_at, created FROM report_task_runs WHERE day = $1`, [day]);
    expect(run).toEqual({ finished_at: vn(`${day}T09:00:00`), created: 10 });

    // Flushed again the same day: the scheduler is put back, but today's run has ended (PostgreSQL says so): no job.
    await redis.flush();
    expect(await scheduler.reconcile()).toEqual({ recreated: true, caughtUp: null, obligations: [] });
    expect(await scheduler.schedulerQueued()).toBe(true);
    // A further run that day finds everything there.
    expect((await generator.run()).created).toBe(0);
    // BC-KIND January to March, BC-TWO February and March: 25 tasks, each with its row.
    const [{ total, tasks }] = await t.db.query(`SELECT (SELECT count(*)::int FROM report_tasks) AS total, (SELECT count(*)::int FROM tasks) AS tasks`);
    expect({ total, tasks }).toEqual({ total: 25, tasks: 25 });
  });

  it('the daily scheduler runs at 00:05 Asia/Ho_Chi_Minh', async () => {
    const queue = t.worker.app.get<Queue>(getQueueToken(REPORT_TASKS_QUEUE));
    const record = await queue.getJobScheduler(REPORT_TASKS_SCHEDULE.id);
    expect(record).toMatchObject({ pattern: '5 0 * * *', tz: 'Asia/Ho_Chi_Minh' });
    // BullMQ schedules on the real clock: its next moment is 00:05 in Hà Nội, 17:05 UTC.
    expect(new Date(Number(record?.next)).toISOString()).toMatch(/T17:05:00\.000Z$/);
  });

  it('a unit added to the list mid-year gets the periods from its day on, never the earlier ones; one taken off keeps what it had', async () => {
    const id = await obligation({ code: 'BC-LIST', units: [{ code: 'HN', from: '2026-04-01' }, { code: 'HP', from: '2026-04-01' }], startsOn: '2026-04-01' });
    t.clock.set(vn(`${createOn(2026, 4)}T00:05:00`));
    await generator.run();
    t.clock.set(vn(`${createOn(2026, 5)}T00:05:00`));
    await generator.run();
    // Joins on 20/05 (after May's cut-off, 14/05): June is its first period. HP leaves on 30/06: July is not its.
    await addUnit(id, { code: 'DN', from: '2026-05-20' });
    await t.db.query(`UPDATE report_obligation_units SET to_date = '2026-06-30' WHERE obligation_id = $1 AND unit_id = $2`, [id, t.fixtures.unitId('HP')]);
    t.clock.set(vn('2026-05-25T10:00:00'));
    await generator.run();
    t.clock.set(vn(`${createOn(2026, 6)}T00:05:00`));
    await generator.run();
    t.clock.set(vn(`${createOn(2026, 7)}T00:05:00`));
    await generator.run();
    expect(await reports(id)).toEqual({
      byUnit: { DN: ['2026-06', '2026-07'], HN: ['2026-04', '2026-05', '2026-06', '2026-07'], HP: ['2026-04', '2026-05', '2026-06'] },
      rows: 9,
      tasks: 9,
    });
  });

  it('an ended obligation creates nothing after its end; one started in the past is caught up only back to this month’s due periods', async () => {
    const ended = await obligation({ code: 'BC-END', units: [{ code: 'HCM', from: '2026-07-01' }], startsOn: '2026-07-01', endsOn: '2026-08-20' });
    t.clock.set(vn(`${createOn(2026, 8)}T00:05:00`));
    await generator.run();
    for (const month of [9, 10, 11]) {
      t.clock.set(vn(`${createOn(2026, month)}T00:05:00`));
      await generator.run();
    }
    // August (cut-off 14/08 ≤ its end, 20/08), nothing after. (July's was due 15/07, a month ended before the first
    // run that saw the obligation: not created late.)
    expect((await reports(ended)).byUnit).toEqual({ HCM: ['2026-08'] });

    // Started in January, first seen by a run on 20/11: only November's period (due 16/11, this month) is created.
    const late = await obligation({ code: 'BC-LATE', units: [{ code: 'CT', from: '2026-01-01' }], startsOn: '2026-01-01' });
    t.clock.set(vn('2026-11-20T10:00:00'));
    await generator.run();
    expect((await reports(late)).byUnit).toEqual({ CT: ['2026-11'] });
  });
});
