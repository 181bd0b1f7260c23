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
    // Without a deadline (a standing task), from today; the default of 5 working days ahead.
    const standing = await create({ deadline: null, recurrence: { rule: { frequency: 'working_days', interval: 10 } } });
    expect(standing.status).toBe(201);
    expect(await series(standing.body.id)).toEqual([{ rule: { frequency: 'working_days', interval: 10 }, ahead_working_days: 5, starts_on: '2026-11-20', ends_on: null }]);
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
