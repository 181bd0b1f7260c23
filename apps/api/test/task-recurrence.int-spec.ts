import { VIETNAMESE_LETTER } from '@tiendo/server-core';
import { RecurringTaskGenerator } from '@tiendo/server-tasks';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * A task's `recurrence` on create and update (issue #11; libs/domain recurrence.ts, TaskSeriesService): the task is
 * the first occurrence, its series starts after its deadline; bad input is a 400 on `recurrence.*` with nothing
 * written; changing it ends the series and starts another, null ends it. The worker's creation of the occurrences:
 * apps/worker/test/recurring-tasks.int-spec.ts. The clock stands on Friday 20/11/2026 (Asia/Ho_Chi_Minh).
 */
describe('task recurrence on create and update', () => {
  let api: TestApi;
  const token = (username: string) => api.login(username);
  const monthly20 = { rule: { frequency: 'monthly', on: { kind: 'day', day: 20, onDayOff: 'next_working_day' } }, aheadWorkingDays: 3 };
  const series = async (taskId: string) =>
    api.db.query(
      `SELECT rule, ahead_working_days, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on
         FROM task_series WHERE task_id = $1 ORDER BY created_at, starts_on`,
      [taskId],
    );
  const create = async (body: Record<string, unknown>, username = 'vbc_head') =>
    api.http.post('/api/tasks').set(bearer(await token(username))).send({ title: 'Báo cáo tình hình thực hiện nhiệm vụ tháng', leadUnitCode: 'VBC', deadline: '2026-11-30', ...body });
  const patch = async (id: string, body: Record<string, unknown>, username = 'vbc_head') => api.http.patch(`/api/tasks/${id}`).set(bearer(await token(username))).send(body);

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    await f.unit('OTHER', 'BO');
    await f.user('vbc_head', 'unit_head', 'VBC');
    await f.user('vbc_staff', 'staff', 'VBC');
    await f.user('other_head', 'unit_head', 'OTHER');
  });
  afterAll(() => api.close());

  it('create with a recurrence: the series starts the day after the task’s deadline; the history says so', async () => {
    const res = await create({ recurrence: monthly20 });
    expect(res.status).toBe(201);
    expect(await series(res.body.id)).toEqual([{ rule: monthly20.rule, ahead_working_days: 3, starts_on: '2026-12-01', ends_on: null }]);
    const history = await api.http.get(`/api/tasks/${res.body.id}/history`).set(bearer(await token('vbc_head')));
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(['created', 'updated']);
    expect(history.body[1].changes).toEqual([{ field: 'recurrence', from: null, to: { ...monthly20, endsOn: null, startsOn: '2026-12-01' } }]);
    // Without a deadline (a standing task), every 10 working days counts from today (Friday 20/11/2026: the first
    // is Friday 04/12, not today, which is the task's own); the default of 5 working days ahead.
    const standing = await create({ deadline: null, recurrence: { rule: { frequency: 'working_days', interval: 10 } } });
    expect(standing.status).toBe(201);
    expect(await series(standing.body.id)).toEqual([{ rule: { frequency: 'working_days', interval: 10 }, ahead_working_days: 5, starts_on: '2026-12-04', ends_on: null }]);
  });

  it('every N working days: the next occurrence is N working days after the task’s deadline, on the task page too', async () => {
    // Thursday 31/12/2026, every 3 working days; 01/01/2027 is a holiday: Wednesday 06/01, then 11/01, 14/01.
    const res = await create({ deadline: '2026-12-31', recurrence: { rule: { frequency: 'working_days', interval: 3 } } });
    expect(res.status).toBe(201);
    expect((await series(res.body.id)).map((s: { starts_on: string }) => s.starts_on)).toEqual(['2027-01-06']);
    const read = await api.http.get(`/api/tasks/${res.body.id}`).set(bearer(await token('vbc_head')));
    expect(read.body.recurrence.next).toEqual([
      { key: '#1', deadline: '2027-01-06', createOn: '2026-12-29' },
      { key: '#2', deadline: '2027-01-11', createOn: '2027-01-04' },
      { key: '#3', deadline: '2027-01-14', createOn: '2027-01-07' },
    ]);
  });

  it('no `onDayOff`: a deadline on a day off moves to the next working day (Civil Code 2015 art. 148(4)), stored in the rule', async () => {
    const res = await create({ recurrence: { rule: { frequency: 'monthly', on: { kind: 'day', day: 20 } } } });
    expect(res.status).toBe(201);
    expect((await series(res.body.id)).map((s: { rule: unknown }) => s.rule)).toEqual([{ frequency: 'monthly', on: { kind: 'day', day: 20, onDayOff: 'next_working_day' } }]);
    const read = await api.http.get(`/api/tasks/${res.body.id}`).set(bearer(await token('vbc_head')));
    // Sunday 20/12/2026: Monday 21/12.
    expect(read.body.recurrence.next[0]).toMatchObject({ key: '2026-12', deadline: '2026-12-21' });
    // `keep` given is kept: the 20th stays a Sunday.
    const kept = await create({ recurrence: { rule: { frequency: 'monthly', on: { kind: 'day', day: 20, onDayOff: 'keep' } } } });
    expect((await series(kept.body.id)).map((s: { rule: { on: unknown } }) => s.rule.on)).toEqual([{ kind: 'day', day: 20, onDayOff: 'keep' }]);
  });

  it('`endsOn` before the series’ first deadline: 400 on recurrence.endsOn naming that day, nothing written; on update too', async () => {
    const [{ n: before }] = await api.db.query(`SELECT count(*)::int AS n FROM tasks`);
    const early = await create({ deadline: '2026-12-31', recurrence: { rule: { frequency: 'working_days', interval: 3 }, endsOn: '2026-01-01' } });
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([{ field: 'recurrence.endsOn', rule: 'minDate', message: 'Ngày kết thúc không được trước 06/01/2027 (hạn của lần lặp đầu tiên)' }]);
    // The day before the first deadline (Monday 21/12/2026, the 20th moved) is refused too; the day itself is taken.
    const dayBefore = await create({ recurrence: { ...monthly20, endsOn: '2026-12-20' } });
    expect([dayBefore.status, dayBefore.body.errors?.[0]?.message]).toEqual([400, 'Ngày kết thúc không được trước 21/12/2026 (hạn của lần lặp đầu tiên)']);
    const [{ n: after }] = await api.db.query(`SELECT count(*)::int AS n FROM tasks`);
    expect(after).toBe(before);
    const onFirst = await create({ recurrence: { ...monthly20, endsOn: '2026-12-21' } });
    expect(onFirst.status).toBe(201);
    expect((await series(onFirst.body.id)).map((s: { ends_on: string }) => s.ends_on)).toEqual(['2026-12-21']);

    const task = (await create({ recurrence: monthly20 })).body;
    const bad = await patch(task.id, { version: task.version, title: 'Tên mới', recurrence: { ...monthly20, endsOn: '2026-11-30' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['recurrence.endsOn']);
    expect(await series(task.id)).toEqual([{ rule: monthly20.rule, ahead_working_days: 3, starts_on: '2026-12-01', ends_on: null }]);
    const [{ title, version }] = await api.db.query(`SELECT title, version FROM tasks WHERE id = $1`, [task.id]);
    expect([title, version]).toEqual([task.title, task.version]);
  });

  it('bad recurrence: 400 with each field in Vietnamese, nothing written', async () => {
    const [{ n: before }] = await api.db.query(`SELECT count(*)::int AS n FROM tasks`);
    const cases: Array<[unknown, string[]]> = [
      ['mỗi tháng', ['recurrence isObject']],
      [{ rule: { frequency: 'monthly', on: { kind: 'day', day: 40 } }, aheadWorkingDays: 99, every: 2 }, ['recurrence.rule.on.day recurrenceRule', 'recurrence.aheadWorkingDays recurrenceRule', 'recurrence.every whitelistValidation']],
      [{ rule: { frequency: 'weekly' } }, ['recurrence.rule.frequency recurrenceRule']],
      [{ rule: { frequency: 'quarterly', monthOfQuarter: 4, on: { kind: 'last_working_day' } }, endsOn: '2027-02-30' }, ['recurrence.rule.monthOfQuarter recurrenceRule', 'recurrence.endsOn isLocalDate']],
      [{}, ['recurrence.rule isObject']],
    ];
    for (const [recurrence, expected] of cases) {
      const res = await create({ recurrence });
      expect([JSON.stringify(recurrence), res.status]).toEqual([JSON.stringify(recurrence), 400]);
      const errors: Array<{ field: string; rule: string; message: string }> = res.body.errors;
      expect(errors.map((e) => `${e.field} ${e.rule}`)).toEqual(expected);
      expect(errors.filter((e) => !VIETNAMESE_LETTER.test(e.message))).toEqual([]);
    }
    const [{ n: after }] = await api.db.query(`SELECT count(*)::int AS n FROM tasks`);
    expect(after).toBe(before);
  });

  it('update: a new recurrence ends the series (yesterday) and starts another; null ends it; only the manager may', async () => {
    const task = (await create({ recurrence: monthly20 })).body;
    const quarterly = { rule: { frequency: 'quarterly', monthOfQuarter: 3, on: { kind: 'last_working_day' } } };
    expect((await patch(task.id, { version: task.version, recurrence: quarterly }, 'vbc_staff')).status).toBe(403);
    expect((await patch(task.id, { version: task.version, recurrence: quarterly }, 'other_head')).status).toBe(404);
    expect((await patch(task.id, { version: task.version, recurrence: { rule: { frequency: 'yearly', month: 13, on: { kind: 'last_working_day' } } } })).status).toBe(400);
    const changed = await patch(task.id, { version: task.version, recurrence: quarterly });
    expect(changed.status).toBe(200);
    expect(await series(task.id)).toEqual([
      { rule: monthly20.rule, ahead_working_days: 3, starts_on: '2026-12-01', ends_on: '2026-11-30' },
      { rule: quarterly.rule, ahead_working_days: 5, starts_on: '2026-12-01', ends_on: null },
    ]);
    const ended = await patch(task.id, { version: changed.body.version, recurrence: null });
    expect(ended.status).toBe(200);
    expect((await series(task.id)).map((s: { ends_on: string | null }) => s.ends_on)).toEqual(['2026-11-30', '2026-11-30']);
    const history = await api.http.get(`/api/tasks/${task.id}/history`).set(bearer(await token('vbc_head')));
    expect(history.body.at(-1).changes).toEqual([{ field: 'recurrence', from: { ...quarterly, aheadWorkingDays: 5, endsOn: null }, to: null }]);
    // A task without a series: null changes nothing.
    const plain = (await create({})).body;
    expect((await patch(plain.id, { version: plain.version, recurrence: null })).status).toBe(200);
    expect(await series(plain.id)).toEqual([]);
  });

  it('the task page says the recurrence in force with its next occurrences; an occurrence names its task; an ended one is null', async () => {
    const task = (await create({ recurrence: monthly20 })).body;
    const read = async (id: string) => (await api.http.get(`/api/tasks/${id}`).set(bearer(await token('vbc_staff')))).body;
    // 20/12/2026 is a Sunday: moved to Monday 21/12, created 3 working days before (Wednesday 16/12); 20/02/2027 a
    // Saturday: Monday 22/02, created Wednesday 17/02.
    expect((await read(task.id)).recurrence).toEqual({
      rule: monthly20.rule,
      aheadWorkingDays: 3,
      startsOn: '2026-12-01',
      endsOn: null,
      next: [
        { key: '2026-12', deadline: '2026-12-21', createOn: '2026-12-16' },
        { key: '2027-01', deadline: '2027-01-20', createOn: '2027-01-15' },
        { key: '2027-02', deadline: '2027-02-22', createOn: '2027-02-17' },
      ],
    });
    expect((await read(task.id)).occurrenceOf).toBeNull();
    // The worker's generator on the day December's occurrence is due to exist (the same service the worker runs).
    api.clock.set('2026-12-16T00:05:00+07:00');
    await api.app.get(RecurringTaskGenerator).createDue('2026-12-16');
    api.clock.set('2026-11-20T09:00:00+07:00'); // back to the day the sign-ins were made (their tokens would have expired)
    const [occurrence] = await api.db.query(`SELECT o.task_id FROM task_occurrences o JOIN task_series s ON s.id = o.series_id WHERE s.task_id = $1`, [task.id]);
    const made = await read(occurrence.task_id);
    expect([made.deadline, made.occurrenceOf, made.recurrence]).toEqual(['2026-12-21', { taskId: task.id, code: task.code, key: '2026-12' }, null]);
    // An end by the series' own `endsOn` keeps only what falls before it.
    const bounded = (await create({ recurrence: { ...monthly20, endsOn: '2027-01-31' } })).body;
    expect((await read(bounded.id)).recurrence.next.map((o: { key: string }) => o.key)).toEqual(['2026-12', '2027-01']);
    const ended = await patch(bounded.id, { version: bounded.version, recurrence: null });
    expect(ended.status).toBe(200);
    expect((await read(bounded.id)).recurrence).toBeNull();
  });
});
