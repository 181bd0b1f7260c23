import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addDays, firstWorkingDayOfMonth, LocalDate, monthBounds, reminderDueOn, ReminderSettings, WorkingCalendar } from '@tiendo/domain';
import { HolidaysService } from '@tiendo/server-calendar';
import { AppConfig, Clock } from '@tiendo/server-core';
import { ReportsService } from '@tiendo/server-reports';
import { DataSource } from 'typeorm';
import { briefingMessage, reminderMessage, TaskRef, taskLink, weeklyDigestMessage } from './messages';
import { Person, Recipients } from './recipients';
import { Delivery, ReminderDeliveries } from './reminder-deliveries';
import { ReminderSettingsService } from './reminder-settings.service';

export interface RunResult {
  inApp: number;
  emails: string[];
  skipped?: string;
}

/** A day's run as planned (ReminderRuns.planDaily): its generation, how many batches, those not done yet. */
export interface DailyPlan {
  generation: number;
  batches: number;
  /** Batch numbers (0-based) not recorded done. */
  pending: number[];
  /** The run was finished already (and not planned again). */
  finished: boolean;
}

type DueTask = { id: string; code: string; title: string; deadline: string; assignee_id: string | null; lead_unit_id: string };

const MIN_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Works out, from PostgreSQL as it is at send time, what is due on a day and delivers it in batches, one transaction
 * each. Nothing is scheduled per task: changing a deadline, assignee or lead unit, completing, cancelling or
 * reopening a task is reflected in the next run by itself, and a run repeated (a retry, a second worker, a catch-up)
 * delivers nothing twice.
 */
@Injectable()
export class ReminderRuns {
  private readonly logger = new Logger(ReminderRuns.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deliveries: ReminderDeliveries,
    private readonly recipients: Recipients,
    private readonly settings: ReminderSettingsService,
    private readonly holidays: HolidaysService,
    private readonly reports: ReportsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The whole day's run in this process: its plan (see planDaily), every batch not done yet one after the other, then
   * the run recorded finished. A finished day is worked out again (`rerun`), delivering only what is new. The queue's
   * path splits the same work into batch jobs instead (RemindersProcessor); both use the same plan and batches.
   */
  async daily(day: LocalDate): Promise<RunResult> {
    const calendar = await this.holidays.calendar();
    if (!calendar.isWorkingDay(day)) return { inApp: 0, emails: [], skipped: 'not a working day' };
    const plan = await this.planDaily(day, { rerun: true });
    const result: RunResult = { inApp: 0, emails: [] };
    for (const batch of plan.pending) {
      const done = await this.dailyBatch(day, plan.generation, batch);
      result.inApp += done.inApp;
      result.emails.push(...done.emails);
    }
    await this.finishDaily(day, plan.generation);
    return result;
  }

  /**
   * The split of a day's run into batches, decided once per run (generation) and kept on its reminder_runs row: the
   * candidate tasks (open, with a deadline up to the last reminder rung ahead) ordered by id, cut every
   * REMINDER_JOB_TASKS; batch n covers ids from `batch_starts[n-1]` (inclusive; batch 0 from the lowest) up to
   * `batch_starts[n]` (exclusive; the last one unbounded). Under the row's lock, so that two coordinators (a retry, a
   * second worker, a catch-up beside the scheduled job) share one plan.
   *
   * A run already planned is returned as it stands (`pending`: the batches not finished). A finished run is returned
   * with nothing pending, unless `rerun`: then it is planned again under the next generation (the day worked out
   * anew; deliveries made before are skipped by their unique key).
   */
  async planDaily(day: LocalDate, opts: { rerun: boolean }): Promise<DailyPlan> {
    const calendar = await this.holidays.calendar();
    const settings = await this.settings.get();
    const latestDeadline = calendar.addWorkingDays(day, Math.max(1, ...settings.beforeWorkingDays));
    return this.db.transaction(async (m) => {
      await m.query(`INSERT INTO reminder_runs (kind, period_key, started_at) VALUES ('daily', $1, $2) ON CONFLICT (kind, period_key) DO NOTHING`, [day, this.clock.now()]);
      const [row]: Array<{ batch_starts: string[] | null; batches_done: number[]; generation: number; finished_at: Date | null }> = await m.query(
        `SELECT batch_starts::text[] AS batch_starts, batches_done, generation, finished_at FROM reminder_runs WHERE kind = 'daily' AND period_key = $1 FOR UPDATE`,
        [day],
      );
      const planned = row.batch_starts !== null;
      if (row.finished_at && !opts.rerun) {
        const batches = planned ? (row.batch_starts as string[]).length + 1 : 1;
        return { generation: row.generation, batches, pending: [], finished: true };
      }
      if (planned && !row.finished_at) {
        const starts = row.batch_starts as string[];
        const done = new Set(row.batches_done);
        const pending = Array.from({ length: starts.length + 1 }, (_v, i) => i).filter((i) => !done.has(i));
        return { generation: row.generation, batches: starts.length + 1, pending, finished: false };
      }
      const starts: Array<{ id: string }> = await m.query(
        `SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM tasks WHERE state = 'open' AND deadline IS NOT NULL AND deadline <= $1) c
          WHERE rn > 1 AND (rn - 1) % $2 = 0 ORDER BY id`,
        [latestDeadline, this.config.REMINDER_JOB_TASKS],
      );
      // TypeORM answers an UPDATE with [rows, affected].
      const [[{ generation }]] = await m.query(
        `UPDATE reminder_runs SET batch_starts = $2::uuid[], batches_done = '{}', generation = generation + 1, finished_at = NULL, started_at = $3
          WHERE kind = 'daily' AND period_key = $1 RETURNING generation`,
        [day, starts.map((s) => s.id), this.clock.now()],
      );
      const batches = starts.length + 1;
      this.logger.log(`daily ${day}: planned ${batches} batch(es) of up to ${this.config.REMINDER_JOB_TASKS} tasks (generation ${generation})`);
      return { generation, batches, pending: Array.from({ length: batches }, (_v, i) => i), finished: false };
    });
  }

  /**
   * One batch of a day's run: the reminders due today for its range of task ids, delivered in transactions of
   * REMINDER_BATCH_SIZE tasks (each adding what it wrote to the run's count), then the batch recorded done. Safe to run
   * twice, or by two workers at once: deliveries are unique per subject, recipient and channel, and a batch already
   * done is skipped (`already`). A batch of another generation than the run's (superseded by a re-run) does nothing.
   */
  async dailyBatch(day: LocalDate, generation: number, batch: number): Promise<RunResult & { already?: boolean }> {
    const [run]: Array<{ batch_starts: string[] | null; batches_done: number[]; generation: number }> = await this.db.query(
      `SELECT batch_starts::text[] AS batch_starts, batches_done, generation FROM reminder_runs WHERE kind = 'daily' AND period_key = $1`,
      [day],
    );
    if (!run || run.batch_starts === null || run.generation !== generation) return { inApp: 0, emails: [], skipped: 'superseded by another plan' };
    if (run.batches_done.includes(batch)) return { inApp: 0, emails: [], already: true };
    const starts = run.batch_starts;
    const from = batch === 0 ? MIN_UUID : starts[batch - 1];
    const before = batch < starts.length ? starts[batch] : null;
    const calendar = await this.holidays.calendar();
    const settings = await this.settings.get();
    const latestDeadline = calendar.addWorkingDays(day, Math.max(1, ...settings.beforeWorkingDays));
    const monitors = await this.recipients.withRoles(['monitor']);
    const result: RunResult = { inApp: 0, emails: [] };
    let after = MIN_UUID;
    for (;;) {
      const tasks: DueTask[] = await this.db.query(
        `SELECT id, code, title, deadline::text AS deadline, assignee_id, lead_unit_id FROM tasks
          WHERE state = 'open' AND deadline IS NOT NULL AND deadline <= $1 AND id >= $2 AND id > $3 AND ($4::uuid IS NULL OR id < $4)
          ORDER BY id LIMIT $5`,
        [latestDeadline, from, after, before, this.config.REMINDER_BATCH_SIZE],
      );
      if (tasks.length === 0) break;
      after = tasks[tasks.length - 1].id;
      const items = await this.dueDeliveries(day, tasks, calendar, settings, monitors);
      // The run's count goes up in the deliveries' own transaction: a batch that fails half way and is run again
      // counts what it wrote before exactly once (the rows written then are skipped by their unique key).
      const done = await this.db.transaction(async (m) => {
        const written = await this.deliveries.deliver(items, m);
        if (written.inApp > 0) {
          await m.query(`UPDATE reminder_runs SET delivered = delivered + $3 WHERE kind = 'daily' AND period_key = $1 AND generation = $2`, [day, generation, written.inApp]);
        }
        return written;
      });
      result.inApp += done.inApp;
      result.emails.push(...done.emails);
    }
    await this.db.query(
      `UPDATE reminder_runs SET batches_done = CASE WHEN $3 = ANY(batches_done) THEN batches_done ELSE array_append(batches_done, $3::int) END
        WHERE kind = 'daily' AND period_key = $1 AND generation = $2`,
      [day, generation, batch],
    );
    return result;
  }

  /**
   * Records the day's run finished once every batch of its plan is done. `finished`: it is (by this call or before);
   * `byThis`: this call recorded it; `remaining`: batches not done yet.
   */
  async finishDaily(day: LocalDate, generation: number): Promise<{ finished: boolean; byThis: boolean; remaining: number; delivered: number }> {
    const now = this.clock.now();
    // TypeORM answers an UPDATE with [rows, affected].
    const [[set]]: [Array<{ delivered: number }>, number] = await this.db.query(
      `UPDATE reminder_runs SET finished_at = $3
        WHERE kind = 'daily' AND period_key = $1 AND generation = $2 AND finished_at IS NULL AND batch_starts IS NOT NULL
          AND cardinality(batches_done) >= cardinality(batch_starts) + 1
        RETURNING delivered`,
      [day, generation, now],
    );
    if (set) {
      this.logger.log(`daily ${day}: ${set.delivered} delivered`);
      return { finished: true, byThis: true, remaining: 0, delivered: set.delivered };
    }
    const [row] = await this.db.query(
      `SELECT finished_at, delivered, coalesce(cardinality(batch_starts), 0) + 1 - cardinality(batches_done) AS remaining FROM reminder_runs WHERE kind = 'daily' AND period_key = $1`,
      [day],
    );
    return { finished: Boolean(row?.finished_at), byThis: false, remaining: row?.finished_at ? 0 : Number(row?.remaining ?? 0), delivered: row?.delivered ?? 0 };
  }

  /** The deliveries one page of candidate tasks owes today: each task's rung, to its assignee or unit heads, escalated. */
  private async dueDeliveries(day: LocalDate, tasks: DueTask[], calendar: WorkingCalendar, settings: ReminderSettings, monitors: Person[]): Promise<Delivery[]> {
    const due = tasks.map((t) => ({ task: t, due: reminderDueOn(day, t.deadline, calendar, settings) })).filter((x) => x.due !== null);
    if (due.length === 0) return [];
    const assignees = await this.recipients.byIds(due.map((x) => x.task.assignee_id).filter((id): id is string => Boolean(id)));
    const heads = await this.recipients.unitHeads([...new Set(due.map((x) => x.task.lead_unit_id))]);
    const items: Delivery[] = [];
    for (const { task, due: reminder } of due) {
      if (!reminder) continue;
      const ref: TaskRef = { id: task.id, code: task.code, title: task.title, deadline: task.deadline };
      const unitHeads = heads.get(task.lead_unit_id) ?? [];
      const assignee = task.assignee_id ? assignees.get(task.assignee_id) : undefined;
      const to = new Map<string, { person: Person; escalated: boolean }>();
      for (const p of assignee ? [assignee] : unitHeads) to.set(p.id, { person: p, escalated: false });
      if (reminder.escalation !== 'none') for (const p of unitHeads) if (!to.has(p.id)) to.set(p.id, { person: p, escalated: true });
      if (reminder.escalation === 'monitor') for (const p of monitors) if (!to.has(p.id)) to.set(p.id, { person: p, escalated: true });
      for (const { person, escalated } of to.values()) {
        const { title, body } = reminderMessage(ref, reminder, escalated);
        items.push(...this.channels(`task:${task.id}|${reminder.kind}|${task.deadline}`, reminder.kind, task.id, person, title, body, taskLink(this.config.PUBLIC_URL, task.id)));
      }
    }
    return items;
  }

  /** Monday 08:00: to each unit head, their unit's overdue tasks and those due this week. */
  async weekly(monday: LocalDate): Promise<RunResult> {
    const heads = await this.recipients.withRoles(['unit_head']);
    await this.start('weekly', monday);
    const sunday = addDays(monday, 6);
    const today = this.clock.today();
    const items: Delivery[] = [];
    for (const head of heads) {
      const [unit] = await this.db.query(`SELECT name, path FROM units WHERE id = $1`, [head.unitId]);
      const tasks: Array<TaskRef & { overdue: boolean }> = await this.db.query(
        `SELECT t.id, t.code, t.title, t.deadline::text AS deadline, t.deadline < $2 AS overdue FROM tasks t
          WHERE t.state = 'open' AND t.deadline IS NOT NULL AND t.deadline <= $3
            AND t.lead_unit_id IN (SELECT id FROM units WHERE path LIKE $1) ORDER BY t.deadline, t.code`,
        [unit.path + '%', today, sunday],
      );
      const overdue = tasks.filter((t) => t.overdue);
      const dueThisWeek = tasks.filter((t) => !t.overdue && t.deadline >= monday);
      if (overdue.length + dueThisWeek.length === 0) continue;
      const { title, body } = weeklyDigestMessage(unit.name, overdue, dueThisWeek);
      items.push(...this.channels(`weekly:${monday}`, 'weekly_digest', null, head, title, body, `${this.config.PUBLIC_URL.replace(/\/$/, '')}/`));
    }
    const done = await this.deliveries.deliver(items);
    await this.finish('weekly', monday, done.inApp);
    return done;
  }

  /**
   * The first working day, 07:00, before the flag ceremony: last month's figures to leaders and the Ministry Office,
   * and to each unit head their unit's line with its overdue tasks. `month` is the month that ended.
   */
  async monthly(month: string): Promise<RunResult> {
    await this.start('monthly', month);
    const period = monthBounds(month);
    const all = await this.reports.briefing(period);
    const items: Delivery[] = [];
    const link = `${this.config.PUBLIC_URL.replace(/\/$/, '')}/`;
    for (const person of await this.recipients.withRoles(['leader', 'monitor'])) {
      const { title, body } = briefingMessage(all, month);
      items.push(...this.channels(`monthly:${month}`, 'monthly_briefing', null, person, title, body, link));
    }
    const today = this.clock.today();
    for (const head of await this.recipients.withRoles(['unit_head'])) {
      const [unit] = await this.db.query(`SELECT code, name, path FROM units WHERE id = $1`, [head.unitId]);
      const report = await this.reports.briefing(period, unit.code);
      const overdue: TaskRef[] = await this.db.query(
        `SELECT id, code, title, deadline::text AS deadline FROM tasks
          WHERE state = 'open' AND deadline < $2 AND lead_unit_id IN (SELECT id FROM units WHERE path LIKE $1) ORDER BY deadline, code`,
        [unit.path + '%', today],
      );
      const { title, body } = briefingMessage(report, month, { name: unit.name, overdue });
      items.push(...this.channels(`monthly:${month}`, 'monthly_briefing', null, head, title, body, link));
    }
    const done = await this.deliveries.deliver(items);
    await this.finish('monthly', month, done.inApp);
    return done;
  }

  /** Whether a run of that kind and period finished (catch-up runs only what did not). */
  async finished(kind: string, periodKey: string): Promise<boolean> {
    const [row] = await this.db.query(`SELECT finished_at FROM reminder_runs WHERE kind = $1 AND period_key = $2`, [kind, periodKey]);
    return Boolean(row?.finished_at);
  }

  /** The run that finished last, of any kind (for the worker's health); null before the first. `finishedAt` in UTC. */
  async lastFinished(): Promise<{ kind: string; periodKey: string; finishedAt: Date } | null> {
    const [row] = await this.db.query(
      `SELECT kind, period_key, finished_at FROM reminder_runs WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1`,
    );
    return row ? { kind: row.kind, periodKey: row.period_key, finishedAt: new Date(row.finished_at) } : null;
  }

  /** The month that ended, when today is the first working day of the next one; else null. */
  monthToBrief(today: LocalDate, calendar: WorkingCalendar): string | null {
    if (firstWorkingDayOfMonth(today, calendar) !== today) return null;
    return addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  }

  private channels(subjectKey: string, kind: string, taskId: string | null, person: Person, title: string, body: string, link: string): Delivery[] {
    const base = { subjectKey, kind, taskId, recipientId: person.id, title, body, link };
    const wantsEmail = person.wantsEmail && Boolean(this.config.SMTP_URL);
    return wantsEmail ? [{ ...base, channel: 'in_app' }, { ...base, channel: 'email' }] : [{ ...base, channel: 'in_app' }];
  }

  private async start(kind: string, periodKey: string): Promise<void> {
    await this.db.query(
      `INSERT INTO reminder_runs (kind, period_key, started_at) VALUES ($1, $2, $3) ON CONFLICT (kind, period_key) DO UPDATE SET started_at = EXCLUDED.started_at`,
      [kind, periodKey, this.clock.now()],
    );
  }

  private async finish(kind: string, periodKey: string, delivered: number): Promise<void> {
    await this.db.query(`UPDATE reminder_runs SET finished_at = $3, delivered = delivered + $4 WHERE kind = $1 AND period_key = $2`, [
      kind,
      periodKey,
      this.clock.now(),
      delivered,
    ]);
    this.logger.log(`${kind} ${periodKey}: ${delivered} delivered`);
  }
}
