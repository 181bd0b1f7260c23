import { classifyForPeriod, classifyTask, LocalDate, PeriodTask, TASK_STATUSES, TaskStatus, TaskTimeline, toLocalDate } from '@tiendo/domain';
import { SqlParams } from '@tiendo/server-core';
import { dataSourceOptions } from '@tiendo/server-database';
import { cloneDatabase, Fixtures } from '@tiendo/server-testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { periodClassificationSql, periodCountsSql, statusPredicateSql, SubTaskScope } from './task-status.sql';

/**
 * The SQL of task-status.sql.ts against the rule of libs/domain, on random tasks written straight into PostgreSQL:
 * the status predicates as of a random moment, and the period classification (and the per-unit counts the briefing
 * reads) on random histories (completions and returns, cancellations and reopenings, deadline changes), with some
 * tasks made sub-tasks, which only `subTasks: 'only' | 'include'` may read.
 */
describe('task-status.sql agrees with the status and period rules of libs/domain', () => {
  let db: DataSource;
  let drop: () => Promise<void>;
  let fixtures: Fixtures;
  let unitId: string;
  let userId: string;

  beforeAll(async () => {
    const template = process.env['TIENDO_TEST_TEMPLATE_DB'];
    if (!template) throw new Error('TIENDO_TEST_TEMPLATE_DB is not set: run through jest.int.config.cts');
    const database = await cloneDatabase(template);
    drop = database.drop;
    db = new DataSource(dataSourceOptions(database.url));
    await db.initialize();
    fixtures = new Fixtures(db);
    unitId = await fixtures.unit('BO');
    userId = await fixtures.user('mon', 'monitor', 'BO');
  });
  afterAll(async () => {
    await db.destroy();
    await drop();
  });

  const clear = () => db.query(`DELETE FROM task_completions; DELETE FROM task_cancellations; DELETE FROM task_extensions; DELETE FROM tasks`);

  const day = (n: number): LocalDate => new Date(Date.UTC(2026, 9, 1 + n)).toISOString().slice(0, 10);
  // Moments around local midnights (UTC+7), where a wrong time zone would flip the day.
  const TIMES = ['00:00:00', '06:59:59', '07:00:00', '16:59:59', '17:00:00', '23:59:59'];
  const instant = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.constantFrom(...TIMES)).map(([n, t]) => new Date(`${day(n)}T${t}Z`));
  const dayIndex = (d: LocalDate) => Math.round((Date.parse(d) - Date.parse(day(0))) / 86_400_000);
  /** A moment within a day or two of `around` (a deadline), where on time and late part. */
  const near = (around: number, offset: number, time: string) => new Date(`${day(Math.min(60, Math.max(0, around + offset)))}T${time}Z`);

  it('statusPredicateSql: each status as of a random moment holds exactly the tasks the rule puts there', async () => {
    const task = fc
      .record({
        deadline: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
        state: fc.constantFrom('open', 'completed', 'cancelled') as fc.Arbitrary<'open' | 'completed' | 'cancelled'>,
        offset: fc.integer({ min: -2, max: 2 }),
        time: fc.constantFrom(...TIMES),
      })
      .map((t) => ({ deadline: t.deadline === null ? null : day(t.deadline), state: t.state, closedAt: near(t.deadline ?? 30, t.offset, t.time) }));
    const nowArb = fc.oneof(instant, fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: -1, max: 1 }), fc.constantFrom(...TIMES)).map(([d, o, t]) => near(d, o, t)));
    await fc.assert(
      fc.asyncProperty(fc.array(task, { minLength: 1, maxLength: 12 }), nowArb, async (tasks, now) => {
        await clear();
        const expected = new Map<string, TaskStatus>();
        for (const generated of tasks) {
          const t = { ...generated, closedAt: generated.closedAt > now ? now : generated.closedAt };
          const id = await fixtures.task({ leadUnit: 'BO', assignedBy: 'mon', assignedOn: '2026-10-01', deadline: t.deadline, state: t.state, closedAt: t.closedAt });
          const timeline: TaskTimeline = {
            originalDeadline: t.deadline,
            deadlineChanges: [],
            completions: t.state === 'completed' ? [{ completedAt: t.closedAt, returnedAt: null }] : [],
            cancellations: t.state === 'cancelled' ? [{ cancelledAt: t.closedAt, reopenedAt: null }] : [],
          };
          expected.set(id, classifyTask(timeline, now));
        }
        for (const status of TASK_STATUSES) {
          // "today" is a parameter only when the predicate uses it (PostgreSQL refuses an unused one).
          const params: unknown[] = [];
          const today = () => ((params[0] = toLocalDate(now)), '$1');
          const rows: Array<{ id: string }> = await db.query(`SELECT t.id FROM tasks t WHERE ${statusPredicateSql(status, today)}`, params);
          const want = [...expected].filter(([, s]) => s === status).map(([id]) => id).sort();
          expect([status, rows.map((r) => r.id).sort()]).toEqual([status, want]);
        }
      }),
      { numRuns: 25 },
    );
  });

  type Step = { kind: 'complete' | 'return' | 'cancel' | 'reopen' | 'extend'; offset: number; time: string; days: number };

  /** A task's history written as the write path would leave it: the current columns and every record. */
  async function writeTask(assignedOn: LocalDate, deadline: LocalDate | null, steps: Array<Step & { at: Date }>, parentId: string | null): Promise<{ id: string; timeline: PeriodTask }> {
    const id = randomUUID();
    const timeline = { assignedOn, originalDeadline: deadline, deadlineChanges: [] as TaskTimeline['deadlineChanges'][number][], completions: [] as { completedAt: Date; returnedAt: Date | null }[], cancellations: [] as { cancelledAt: Date; reopenedAt: Date | null }[] };
    let state: 'open' | 'completed' | 'cancelled' = 'open';
    let current = deadline;
    const records: Array<() => Promise<unknown>> = [];
    for (const s of [...steps].sort((a, b) => a.at.getTime() - b.at.getTime())) {
      if (s.kind === 'complete' && state === 'open') {
        timeline.completions.push({ completedAt: s.at, returnedAt: null });
        state = 'completed';
      } else if (s.kind === 'return' && state === 'completed') {
        timeline.completions[timeline.completions.length - 1].returnedAt = s.at;
        state = 'open';
      } else if (s.kind === 'cancel' && state === 'open') {
        timeline.cancellations.push({ cancelledAt: s.at, reopenedAt: null });
        state = 'cancelled';
      } else if (s.kind === 'reopen' && state === 'cancelled') {
        timeline.cancellations[timeline.cancellations.length - 1].reopenedAt = s.at;
        state = 'open';
      } else if (s.kind === 'extend' && state === 'open' && current !== null) {
        const to = day(Math.min(60, Math.max(0, dayIndex(current) + s.days)));
        const from = current;
        timeline.deadlineChanges.push({ effectiveAt: s.at, deadline: to });
        records.push(() =>
          db.query(
            `INSERT INTO task_extensions (id, task_id, kind, state, reason, previous_deadline, requested_deadline, requested_by_id, requested_at, decided_by_id, decided_at)
             VALUES ($1, $2, 'correction', 'approved', 'Điều chỉnh', $3, $4, $5, $6, $5, $6)`,
            [randomUUID(), id, from, to, userId, s.at],
          ),
        );
        current = to;
      }
    }
    const completion = timeline.completions.find((c) => c.returnedAt === null);
    const cancellation = timeline.cancellations.find((c) => c.reopenedAt === null);
    const simple = timeline.deadlineChanges.length === 0 && timeline.completions.every((c) => c.returnedAt === null) && timeline.cancellations.every((c) => c.reopenedAt === null);
    await db.query(
      `INSERT INTO tasks (id, code, title, lead_unit_id, assigned_by_id, assigned_on, original_deadline, deadline, priority, is_key_task, state,
                          completed_at, completion_result, cancelled_at, cancel_reason, progress_percent, simple_history, parent_task_id)
       VALUES ($1, $2, 'Nhiệm vụ', $3, $4, $5, $6, $7, 'normal', false, $8, $9, $10, $11, $12, 0, $13, $14)`,
      [id, `P-${id.slice(0, 8)}`, unitId, userId, assignedOn, deadline, current, state, completion?.completedAt ?? null, completion ? 'Xong' : null, cancellation?.cancelledAt ?? null, cancellation ? 'Huỷ' : null, simple, parentId],
    );
    for (const c of timeline.completions) {
      await db.query(`INSERT INTO task_completions (task_id, completed_at, result, reported_by_id, returned_at) VALUES ($1, $2, 'Xong', $3, $4)`, [id, c.completedAt, userId, c.returnedAt]);
    }
    for (const c of timeline.cancellations) {
      await db.query(`INSERT INTO task_cancellations (task_id, cancelled_at, reason, cancelled_by_id, reopened_at) VALUES ($1, $2, 'Huỷ', $3, $4)`, [id, c.cancelledAt, userId, c.reopenedAt]);
    }
    for (const r of records) await r();
    return { id, timeline };
  }

  it('periodClassificationSql and periodCountsSql: the period rule task by task, sub-tasks only where asked', async () => {
    // Steps fall within days of the deadline (or of the 15th day after assignment for a standing task).
    const step = fc.record({
      kind: fc.constantFrom('complete', 'complete', 'return', 'cancel', 'reopen', 'extend') as fc.Arbitrary<Step['kind']>,
      offset: fc.integer({ min: -2, max: 2 }),
      time: fc.constantFrom(...TIMES),
      days: fc.integer({ min: -5, max: 20 }),
    });
    const spec = fc.record({
      assignedDay: fc.integer({ min: 0, max: 40 }),
      deadlineAfter: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
      steps: fc.array(step, { maxLength: 4 }),
      subTask: fc.boolean(),
    });
    let counted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 8 }), fc.integer({ min: 5, max: 40 }), fc.integer({ min: 0, max: 20 }), async (specs, startDay, length) => {
        await clear();
        const from = day(startDay);
        const to = day(Math.min(60, startDay + length));
        const parent = await writeTask(day(0), null, [], null);
        const written: Array<{ id: string; timeline: PeriodTask; subTask: boolean }> = [{ ...parent, subTask: false }];
        for (const s of specs) {
          const assignedOn = day(s.assignedDay);
          const deadline = s.deadlineAfter === null ? null : Math.min(60, s.assignedDay + s.deadlineAfter);
          const steps = s.steps
            .map((x) => ({ ...x, at: near(deadline ?? s.assignedDay + 15, x.offset, x.time) }))
            .filter((x) => x.at.getTime() >= Date.parse(`${assignedOn}T02:00:00Z`));
          const task = await writeTask(assignedOn, deadline === null ? null : day(deadline), steps, s.subTask ? parent.id : null);
          written.push({ ...task, subTask: s.subTask });
        }
        for (const scope of ['exclude', 'only', 'include'] as SubTaskScope[]) {
          const p = new SqlParams();
          const rows: Array<{ task_id: string; category: string }> = await db.query(periodClassificationSql(p, from, to, undefined, scope), p.values);
          const got = new Map(rows.map((r) => [r.task_id, r.category]));
          const want = new Map<string, string>();
          for (const t of written) {
            if ((scope === 'exclude' && t.subTask) || (scope === 'only' && !t.subTask)) continue;
            const category = classifyForPeriod(t.timeline, from, to);
            if (category) want.set(t.id, category);
          }
          expect([scope, from, to, got]).toEqual([scope, from, to, want]);
          if (scope === 'exclude') counted += want.size;
        }
        // The briefing's counts: the ministry's tasks only, the same numbers as the classification.
        const sql = periodCountsSql(from, to);
        const sums: Record<string, number> = {};
        for (const part of [sql.simple, sql.history]) {
          for (const r of await db.query(...part)) for (const k of ['completed_on_time', 'completed_late', 'in_progress_overdue', 'in_progress_on_track', 'no_deadline']) sums[k] = (sums[k] ?? 0) + r[k];
        }
        const expected: Record<string, number> = { completed_on_time: 0, completed_late: 0, in_progress_overdue: 0, in_progress_on_track: 0, no_deadline: 0 };
        for (const t of written) {
          const category = t.subTask ? null : classifyForPeriod(t.timeline, from, to);
          if (category) expected[category]++;
        }
        expect({ ...expected, ...sums }).toEqual(expected);
      }),
      { numRuns: 60 },
    );
    // The runs did count tasks: a property over empty periods would prove nothing.
    expect(counted).toBeGreaterThan(20);
  });

  it('a period reads the open and recently finished tasks from tasks_finished_idx and tasks_history_finished_idx, not every task (EXPLAIN)', async () => {
    // Years of finished tasks and a few open ones: the running month's pass should read the open and the recently
    // finished, whatever the years kept (BENCHMARKS.md, "Cost as the data grows").
    await clear();
    await db.query(
      `INSERT INTO tasks (code, title, lead_unit_id, assigned_by_id, assigned_on, deadline, state, completed_at, progress_percent, search_text, simple_history)
       SELECT 'F-' || g, 'Nhiệm vụ ' || g, $1, $2, DATE '2021-01-01' + g / 4, DATE '2021-01-20' + g / 4,
              CASE WHEN g % 500 = 0 THEN 'open' ELSE 'completed' END,
              CASE WHEN g % 500 <> 0 THEN TIMESTAMPTZ '2021-01-10 09:00+07' + (g / 4) * interval '1 day' END,
              CASE WHEN g % 500 = 0 THEN 40 ELSE 100 END, '', g % 10 <> 0
         FROM generate_series(1, 8000) g`,
      [unitId, userId],
    );
    await db.query('ANALYZE tasks');
    const plan = async (sql: string, values: unknown[]) => {
      const runner = db.createQueryRunner();
      try {
        await runner.query('BEGIN');
        // Only the access paths a growing table would weigh: no plain index scans of other indexes in a small table.
        await runner.query('SET LOCAL enable_seqscan = off');
        await runner.query('SET LOCAL enable_indexscan = off');
        const rows: Array<{ 'QUERY PLAN': string }> = await runner.query(`EXPLAIN ${sql}`, values);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await runner.query('ROLLBACK');
        await runner.release();
      }
    };
    // The index searched for the open and for the recently finished (conditions on it), not read whole.
    const searched = (text: string, index: string) => ({
      open: new RegExp(String.raw`Bitmap Index Scan on ${index}[^\n]*\n\s+Index Cond: \(COALESCE\(completed_at, cancelled_at\) IS NULL\)`).test(text),
      recent: new RegExp(String.raw`Bitmap Index Scan on ${index}[^\n]*\n\s+Index Cond: \(COALESCE\(completed_at, cancelled_at\) >= `).test(text),
    });
    const both = { open: true, recent: true };
    const counts = periodCountsSql('2026-11-01', '2026-11-30');
    expect(searched(await plan(...counts.simple), 'tasks_finished_idx')).toEqual(both);
    // The tasks with a history: no longer every one of them set against every completion.
    expect(searched(await plan(...counts.history), 'tasks_history_finished_idx')).toEqual(both);
    const p = new SqlParams();
    const classification = await plan(periodClassificationSql(p, '2026-11-01', '2026-11-30'), p.values);
    expect([searched(classification, 'tasks_finished_idx'), searched(classification, 'tasks_history_finished_idx')]).toEqual([both, both]);
    // The planner knows how few tasks finished since a recent start (statistics on the expression; a partial index's
    // are not used for estimates): without them it guesses a third of the table and, on a large one, scans it all.
    const estimate = await db.query(`EXPLAIN SELECT 1 FROM tasks t WHERE coalesce(t.completed_at, t.cancelled_at) >= '2026-10-31 17:00+00'`);
    expect(Number(/rows=(\d+)/.exec(estimate[0]['QUERY PLAN'])?.[1])).toBeLessThan(100);
    await clear();
  });
});
