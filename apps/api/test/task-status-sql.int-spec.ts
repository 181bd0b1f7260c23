import { classifyTask, TASK_STATUSES, TaskStatus } from '@tiendo/domain';
import fc from 'fast-check';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * The list's status filter is SQL; the status rule is libs/domain. On random tasks and random "now"s, filtering by
 * each status must return exactly the tasks the rule puts there, and each item must carry that status.
 */
describe('status filter in SQL agrees with the status rule', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    await api.fixtures.unit('BO');
    await api.fixtures.user('mon', 'monitor', 'BO');
  });
  afterAll(() => api.close());

  const day = fc.integer({ min: 0, max: 60 }).map((n) => new Date(Date.UTC(2026, 10, 1 + n)).toISOString().slice(0, 10));
  // Instants around local midnights, where a wrong time zone would flip the day.
  const instant = fc.tuple(day, fc.constantFrom('00:00:00', '06:59:59', '07:00:00', '16:59:59', '17:00:00', '23:59:59')).map(([d, t]) => new Date(`${d}T${t}Z`));
  const task = fc.record({
    deadline: fc.option(day, { nil: null }),
    state: fc.constantFrom('open', 'completed', 'cancelled') as fc.Arbitrary<'open' | 'completed' | 'cancelled'>,
    closedAt: instant,
  });

  it('for random tasks and moments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(task, { minLength: 1, maxLength: 12 }), instant, async (tasks, now) => {
        await api.db.query(`DELETE FROM task_completions; DELETE FROM task_cancellations; DELETE FROM tasks`);
        const expected = new Map<string, TaskStatus>();
        for (const generated of tasks) {
          // A task's current row can only hold what already happened: nothing closes after "now".
          const t = { ...generated, closedAt: generated.closedAt > now ? now : generated.closedAt };
          const id = await api.fixtures.task({ leadUnit: 'BO', assignedBy: 'mon', assignedOn: '2026-10-01', deadline: t.deadline, state: t.state, closedAt: t.closedAt });
          expected.set(
            id,
            classifyTask(
              {
                originalDeadline: t.deadline,
                deadlineChanges: [],
                completions: t.state === 'completed' ? [{ completedAt: t.closedAt, returnedAt: null }] : [],
                cancellations: t.state === 'cancelled' ? [{ cancelledAt: t.closedAt, reopenedAt: null }] : [],
              },
              now,
            ),
          );
        }
        api.clock.set(now);
        const token = (await api.http.post('/api/auth/login').send({ username: 'mon', password: 'Mat-khau-thu-nghiem-2026' })).body.accessToken;
        for (const status of TASK_STATUSES) {
          const res = await api.http.get(`/api/tasks?status=${status}&pageSize=200`).set(bearer(token));
          const got = new Set(res.body.items.map((i: { id: string }) => i.id));
          const want = new Set([...expected].filter(([, s]) => s === status).map(([id]) => id));
          expect([status, got]).toEqual([status, want]);
          for (const item of res.body.items) expect(item.status).toBe(status);
        }
      }),
      { numRuns: 30 },
    );
  });
});
