import { classifyForPeriod, CATEGORY_KEY, emptyCounts, PeriodTask, toLocalDate } from '@tiendo/domain';
import { ReportsService } from '@tiendo/server-reports';
import { TasksService } from '@tiendo/server-tasks';
import { UsersService } from '@tiendo/server-users';
import { Actor } from '@tiendo/server-core';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { bearer, startDemoApi, startTestApi, TestApi } from './harness';

const vn = (local: string) => new Date(`${local}+07:00`);

async function actorOf(api: TestApi, username: string): Promise<Actor> {
  const actor = await api.app.get(UsersService).loadActor(api.fixtures.userId(username));
  if (!actor) throw new Error(`no active user ${username}`);
  return actor;
}

describe('the June 2020 demo reproduces the 1 July 2020 briefing', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    // A copy of the run's demo (loaded once through seedDemo; the first suite to ask waits for it).
    api = await startDemoApi();
    api.clock.set('2026-11-20T09:00:00+07:00');
    token = (await api.http.post('/api/auth/login').send({ username: 'chuyenvien.vbc', password: 'Buu-kien-toi-som-2026' })).body.accessToken;
  }, 300_000);
  afterAll(() => api.close());

  it('96 tasks; 59 on time (61.46%), 5 late (5.21%), 2 overdue (2.08%), 30 on track (31.25%)', async () => {
    const res = await api.http.get('/api/reports/briefing?month=2020-06').set(bearer(token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2020-06-01',
      to: '2020-06-30',
      total: 96,
      completedOnTime: { count: 59, percent: 61.46 },
      completedLate: { count: 5, percent: 5.21 },
      inProgressOverdue: { count: 2, percent: 2.08 },
      inProgressOnTrack: { count: 30, percent: 31.25 },
      noDeadline: 1,
    });
    expect(res.body.units).toHaveLength(12);
    expect(res.body.units.map((u: { total: number }) => u.total)).toEqual(Array(12).fill(8));
    expect(res.body.governmentOfficeRate.percent).toBe(96.97);
  });

  it('a second read comes from the stored result and says the same', async () => {
    const first = await api.http.get('/api/reports/briefing?month=2020-06').set(bearer(token));
    const again = await api.http.get('/api/reports/briefing?month=2020-06').set(bearer(token));
    expect(again.body.stored).toBe(true);
    expect({ ...again.body, stored: null }).toEqual({ ...first.body, stored: null });
  });

  it('every count opens exactly its tasks in the list', async () => {
    const monitor = (await api.http.post('/api/auth/login').send({ username: 'vanphong', password: 'Pho-co-mua-thu-2026' })).body.accessToken;
    const expected = { completedOnTime: 59, completedLate: 5, inProgressOverdue: 2, inProgressOnTrack: 30, noDeadline: 1 };
    for (const [category, count] of Object.entries(expected)) {
      const res = await api.http.get(`/api/tasks?period=2020-06&category=${category}&pageSize=1`).set(bearer(monitor));
      expect([category, res.body.total]).toEqual([category, count]);
    }
    const unitLine = await api.http.get('/api/tasks?period=2020-06&category=inProgressOverdue&unit=KHCN').set(bearer(monitor));
    expect(unitLine.body.items.map((t: { code: string }) => t.code)).toEqual(['2020-KHCN-06']);
  });

  it('ranks the units with the formula and tie rule beside them', async () => {
    const res = await api.http.get('/api/reports/ranking?month=2020-06').set(bearer(token));
    expect(res.status).toBe(200);
    expect(res.body.formula).toContain('100 điểm');
    expect(res.body.tieRule).toContain('đồng hạng');
    expect(res.body.units[0]).toMatchObject({ code: 'VP', score: 100, rank: 1 });
    const scores = res.body.units.map((u: { score: number }) => u.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('the trend, per-document progress and next month’s key tasks', async () => {
    const trend = await api.http.get('/api/reports/trend?from=2020-05&to=2020-07').set(bearer(token));
    expect(trend.body.map((p: { month: string; total: number }) => [p.month, p.total])).toEqual([
      ['2020-05', expect.any(Number)],
      ['2020-06', 96],
      ['2020-07', expect.any(Number)],
    ]);
    const docs = await api.http.get('/api/reports/documents').set(bearer(token));
    const directive = docs.body.find((d: { number: string }) => d.number === '01/CT-BTTTT');
    expect(directive.total).toBeGreaterThan(0);
    const keyTasks = await api.http.get('/api/reports/key-tasks?month=2020-06').set(bearer(token));
    expect(keyTasks.body.length).toBeGreaterThan(0);
    for (const unit of keyTasks.body) for (const t of unit.tasks) expect(t.deadline.startsWith('2020-07')).toBe(true);
  });

  it('another unit’s key task, which the reader may not open by id, is named by title, deadline and unit only', async () => {
    const keyTasks = await api.http.get('/api/reports/key-tasks?month=2020-06&unit=KHCN').set(bearer(token));
    expect(keyTasks.status).toBe(200);
    const lines = keyTasks.body.flatMap((u: { tasks: Array<Record<string, unknown>> }) => u.tasks);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toEqual({ title: expect.any(String), deadline: expect.stringMatching(/^2020-07-/), id: null, code: null, assignee: null, state: null });
      const [{ id }] = await api.db.query(`SELECT id FROM tasks WHERE title = $1`, [line['title']]);
      expect((await api.http.get(`/api/tasks/${id}`).set(bearer(token))).status).toBe(404);
    }
    // The reader's own unit's key tasks keep their id (the link on the briefing screen), code and assignee.
    const own = await api.http.get('/api/reports/key-tasks?month=2020-06&unit=VBC').set(bearer(token));
    for (const line of own.body.flatMap((u: { tasks: Array<{ id: string }> }) => u.tasks)) {
      expect(line.id).toEqual(expect.any(String));
      expect((await api.http.get(`/api/tasks/${line.id}`).set(bearer(token))).status).toBe(200);
    }
  });

  it('exports the June 2020 briefing as .xlsx and .docx with the same figures', async () => {
    const download = (format: string) =>
      api.http.get(`/api/reports/briefing/export?month=2020-06&format=${format}`).set(bearer(token)).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const xlsx = await download('xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('giao-ban-2020-06-01-2020-06-30.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    const sheet = wb.worksheets[0];
    const rows = (sheet.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    const total = rows.find((r) => r[0] === 'Tổng cộng');
    expect(total).toEqual([ 'Tổng cộng', 96, 59, 0.6146, 5, 0.0521, 2, 0.0208, 30, 0.3125 ]);
    expect(rows.filter((r) => typeof r[1] === 'number' && r[0] !== 'Tổng cộng' && r[0] !== 'Tổng số')).toHaveLength(12);
    expect(String(rows.find((r) => String(r[0]).startsWith('Tổng số nhiệm vụ'))?.[0])).toContain('59/96 (chiếm 61,46%)');
    expect(wb.worksheets[1].rowCount).toBeGreaterThan(1);

    const docx = await download('docx');
    expect(docx.status).toBe(200);
    const text = await (await JSZip.loadAsync(docx.body)).file('word/document.xml')?.async('string');
    expect(text).toContain('hoàn thành đúng hạn: 59/96 (chiếm 61,46%)');
    expect(text).toContain('đang thực hiện trong hạn: 30/96 (chiếm 31,25%)');
    expect(text).toContain('Vụ Bưu chính');

    expect((await api.http.get('/api/reports/briefing/export?month=2020-06&format=pdf').set(bearer(token))).status).toBe(400);
    expect((await api.http.get('/api/reports/briefing/export?month=2020-06&format=xlsx')).status).toBe(401);
  });

  it('400 for bad periods; 403 for non-admins changing the ranking config', async () => {
    for (const q of ['month=2020-13', 'from=2020-06-01', 'month=2020-06&from=2020-06-01&to=2020-06-30', 'from=2020-06-30&to=2020-06-01', 'month=2020-06&unit=NOPE', 'month=2020-06&x=1']) {
      expect([q, (await api.http.get(`/api/reports/briefing?${q}`).set(bearer(token))).status]).toEqual([q, 400]);
    }
    expect((await api.http.get('/api/reports/trend?from=2010-01&to=2020-01').set(bearer(token))).status).toBe(400);
    const cfg = { onTime: 100, latePenaltyPerDay: 5, lateMinimum: 20, overdue: 0, coordinatingShare: 0.5 };
    expect((await api.http.put('/api/reports/ranking-config').set(bearer(token)).send(cfg)).status).toBe(403);
  });
});

describe('period membership at each boundary, through the API', () => {
  let api: TestApi;
  let tasks: TasksService;
  let monitor: Actor;
  beforeAll(async () => {
    api = await startTestApi();
    await api.fixtures.unit('BO');
    for (const u of ['LAST_DAY', 'FIRST_DAY', 'DAY_BEFORE', 'CANCEL_LAST', 'CANCEL_NEXT', 'EDGE_OK', 'EDGE_LATE']) await api.fixtures.unit(u, 'BO');
    await api.fixtures.user('mon', 'monitor', 'BO');
    tasks = api.app.get(TasksService);
    monitor = await actorOf(api, 'mon');
  });
  afterAll(() => api.close());

  const make = async (unit: string, assignedOn: string, deadline: string, events: Array<['complete' | 'cancel', string]>) => {
    api.clock.set(vn(`${assignedOn}T08:00:00`));
    const task = await tasks.create({ title: unit, leadUnitCode: unit, assignedOn, deadline }, monitor);
    let version = task.version;
    for (const [kind, at] of events) {
      api.clock.set(vn(at));
      const done = kind === 'complete'
        ? await tasks.complete(task.id, { version, result: 'x' }, monitor)
        : await tasks.cancel(task.id, { version, reason: 'x' }, monitor);
      version = done.version;
    }
  };

  it('counts each case as the rule says', async () => {
    await make('LAST_DAY', '2026-10-31', '2026-11-30', []);
    await make('FIRST_DAY', '2026-09-15', '2026-10-20', [['complete', '2026-10-01T00:00:00']]);
    await make('DAY_BEFORE', '2026-09-15', '2026-10-20', [['complete', '2026-09-30T23:59:59']]);
    await make('CANCEL_LAST', '2026-10-01', '2026-10-20', [['cancel', '2026-10-31T23:59:59']]);
    await make('CANCEL_NEXT', '2026-10-01', '2026-10-20', [['cancel', '2026-11-01T00:00:00']]);
    await make('EDGE_OK', '2026-10-01', '2026-10-20', [['complete', '2026-10-20T23:59:59']]);
    await make('EDGE_LATE', '2026-10-01', '2026-10-20', [['complete', '2026-10-21T00:00:00']]);
    api.clock.set('2026-11-20T09:00:00+07:00');
    const report = await api.app.get(ReportsService).briefing({ from: '2026-10-01', to: '2026-10-31' });
    const byUnit = Object.fromEntries(report.units.map((u) => [u.code, u]));
    expect(byUnit['LAST_DAY']?.inProgressOnTrack.count).toBe(1);
    expect(byUnit['FIRST_DAY']?.completedOnTime.count).toBe(1);
    expect(byUnit['DAY_BEFORE']).toBeUndefined();
    expect(byUnit['CANCEL_LAST']).toBeUndefined();
    expect(byUnit['CANCEL_NEXT']?.inProgressOverdue.count).toBe(1);
    expect(byUnit['EDGE_OK']?.completedOnTime.count).toBe(1);
    expect(byUnit['EDGE_LATE']?.completedLate.count).toBe(1);
    expect(report.total).toBe(5);
  });
});

describe('reproducible: a past month never changes, and its stored result equals a fresh computation', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    await api.fixtures.unit('BO');
    await api.fixtures.unit('A', 'BO');
    await api.fixtures.unit('B', 'BO');
    await api.fixtures.user('mon', 'monitor', 'BO');
  });
  afterAll(() => api.close());

  it('after completing, returning, reopening, extending, cancelling and moving tasks', async () => {
    const tasks = api.app.get(TasksService);
    const reports = api.app.get(ReportsService);
    const monitor = await actorOf(api, 'mon');
    const period = { from: '2026-10-01', to: '2026-10-31' };
    api.clock.set(vn('2026-10-05T09:00:00'));
    const open = [];
    for (let i = 0; i < 6; i++) open.push(await tasks.create({ title: `T${i}`, leadUnitCode: i % 2 ? 'A' : 'B', deadline: i < 3 ? '2026-10-20' : '2026-11-15' }, monitor));
    api.clock.set(vn('2026-10-15T10:00:00'));
    const done = await tasks.complete(open[0].id, { version: 1, result: 'x' }, monitor);
    const cancelled = await tasks.complete(open[4].id, { version: 1, result: 'x' }, monitor);

    api.clock.set(vn('2026-11-03T09:00:00'));
    const before = await reports.briefing(period);
    expect(before.stored).toBe(false);
    expect(before.total).toBe(6);

    // History after the period.
    await tasks.returnForRedo(done.id, { version: done.version, reason: 'Làm lại' }, monitor);
    await tasks.complete(open[1].id, { version: 1, result: 'x' }, monitor);
    await tasks.update(open[2].id, { version: 1, deadline: '2026-12-31', leadUnitCode: 'A' }, monitor);
    await tasks.cancel(open[3].id, { version: 1, reason: 'x' }, monitor);
    const returned = await tasks.returnForRedo(cancelled.id, { version: cancelled.version, reason: 'x' }, monitor);
    await tasks.cancel(open[4].id, { version: returned.version, reason: 'x' }, monitor);
    const ext = await tasks.requestExtension(open[5].id, { newDeadline: '2027-01-31', reason: 'x' }, { ...monitor, id: api.fixtures.userId('mon') });
    expect(ext.state).toBe('pending');

    const after = await reports.briefing(period);
    expect(after.stored).toBe(true);
    expect({ ...after, stored: false }).toEqual(before);
    const fresh = await reports.unitCounts(period, undefined, true);
    const stored = await reports.unitCounts(period);
    expect(stored.stored).toBe(true);
    expect(fresh.rows).toEqual(stored.rows);
  });
});

describe('property: the report equals the status rule applied task by task on random histories', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    await api.fixtures.unit('BO');
    for (const u of ['U1', 'U2', 'U3']) await api.fixtures.unit(u, 'BO');
    await api.fixtures.user('mon', 'monitor', 'BO');
    await api.fixtures.user('head', 'unit_head', 'BO');
  });
  afterAll(() => api.close());

  type Step = { kind: 'complete' | 'return' | 'cancel' | 'reopen' | 'extend' | 'move'; hours: number; days: number; unit: string };
  const step = fc.record({
    kind: fc.constantFrom('complete', 'return', 'cancel', 'reopen', 'extend', 'move') as fc.Arbitrary<Step['kind']>,
    hours: fc.integer({ min: 0, max: 23 }),
    days: fc.integer({ min: 0, max: 12 }),
    unit: fc.constantFrom('U1', 'U2', 'U3'),
  });
  const taskSpec = fc.record({
    assignedDay: fc.integer({ min: 0, max: 40 }),
    deadlineAfter: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
    unit: fc.constantFrom('U1', 'U2', 'U3'),
    steps: fc.array(step, { maxLength: 5 }),
  });

  it('for random tasks and periods', async () => {
    const tasks = api.app.get(TasksService);
    const reports = api.app.get(ReportsService);
    const monitor = await actorOf(api, 'mon');
    let counted = 0;
    let complex = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(taskSpec, { minLength: 1, maxLength: 6 }), fc.integer({ min: 5, max: 40 }), fc.integer({ min: 0, max: 20 }), async (specs, startDay, length) => {
        await api.db.query(`TRUNCATE notifications, reminder_deliveries, task_events, task_history, task_extensions, task_cancellations, task_completions, task_progress_notes, task_lead_unit_changes, task_coordinating_units, tasks, report_snapshots CASCADE`);
        const base = Date.parse('2026-08-01T00:00:00+07:00');
        const dayOf = (d: number) => toLocalDate(new Date(base + d * 86_400_000 + 12 * 3_600_000));
        const expectedByUnit = new Map<string, ReturnType<typeof emptyCounts>>();
        const from = dayOf(startDay);
        const to = dayOf(startDay + length);
        for (const spec of specs) {
          let now = base + spec.assignedDay * 86_400_000 + 9 * 3_600_000;
          api.clock.set(new Date(now));
          const assignedOn = dayOf(spec.assignedDay);
          const deadline = spec.deadlineAfter === null ? null : dayOf(spec.assignedDay + spec.deadlineAfter);
          let view = await tasks.create({ title: 'p', leadUnitCode: spec.unit, assignedOn, deadline }, monitor);
          const timeline: PeriodTask = { assignedOn, originalDeadline: deadline, deadlineChanges: [], completions: [], cancellations: [] };
          const units: Array<{ at: Date; unit: string }> = [];
          for (const s of spec.steps) {
            now += s.days * 86_400_000 + s.hours * 3_600_000 + 1000;
            const at = new Date(now);
            api.clock.set(at);
            const v = view.version;
            if (s.kind === 'complete' && view.state === 'open') {
              view = await tasks.complete(view.id, { version: v, result: 'x' }, monitor);
              timeline.completions = [...timeline.completions, { completedAt: at, returnedAt: null }];
            } else if (s.kind === 'return' && view.state === 'completed') {
              view = await tasks.returnForRedo(view.id, { version: v, reason: 'x' }, monitor);
              timeline.completions = timeline.completions.map((c) => (c.returnedAt ? c : { ...c, returnedAt: at }));
            } else if (s.kind === 'cancel' && view.state === 'open') {
              view = await tasks.cancel(view.id, { version: v, reason: 'x' }, monitor);
              timeline.cancellations = [...timeline.cancellations, { cancelledAt: at, reopenedAt: null }];
            } else if (s.kind === 'reopen' && view.state === 'cancelled') {
              view = await tasks.reopen(view.id, { version: v, reason: 'x' }, monitor);
              timeline.cancellations = timeline.cancellations.map((c) => (c.reopenedAt ? c : { ...c, reopenedAt: at }));
            } else if (s.kind === 'extend' && view.deadline !== null) {
              const next = dayOf(spec.assignedDay + s.days + 5);
              if (next !== view.deadline) {
                view = await tasks.update(view.id, { version: v, deadline: next }, monitor);
                timeline.deadlineChanges = [...timeline.deadlineChanges, { effectiveAt: at, deadline: next }];
              }
            } else if (s.kind === 'move' && s.unit !== view.leadUnit.code) {
              view = await tasks.update(view.id, { version: v, leadUnitCode: s.unit }, monitor);
              units.push({ at, unit: s.unit });
            }
          }
          const end = new Date(Date.parse(`${to}T23:59:59.999+07:00`));
          const unitAtEnd = [...units].reverse().find((u) => u.at <= end)?.unit ?? spec.unit;
          const category = classifyForPeriod(timeline, from, to);
          if (category) {
            const counts = expectedByUnit.get(unitAtEnd) ?? emptyCounts();
            counts[CATEGORY_KEY[category]]++;
            expectedByUnit.set(unitAtEnd, counts);
          }
        }
        api.clock.set(new Date(base + 400 * 86_400_000));
        const report = await reports.briefing({ from, to });
        const got = Object.fromEntries(
          report.units.map((u) => [u.code, { completedOnTime: u.completedOnTime.count, completedLate: u.completedLate.count, inProgressOverdue: u.inProgressOverdue.count, inProgressOnTrack: u.inProgressOnTrack.count, noDeadline: u.noDeadline }]),
        );
        const want = Object.fromEntries([...expectedByUnit].filter(([, c]) => Object.values(c).some((n) => n > 0)));
        expect(got).toEqual(want);
        counted += report.total;
        complex += (await api.db.query(`SELECT count(*)::int AS n FROM tasks WHERE NOT simple_history`))[0].n;
      }),
      { numRuns: 40 },
    );
    // The runs did count tasks (a property over empty reports would prove nothing), with histories (not simple).
    expect(counted).toBeGreaterThan(20);
    expect(complex).toBeGreaterThan(5);
  });
});
