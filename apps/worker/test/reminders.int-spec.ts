import { HolidaysService } from '@tiendo/server-calendar';
import { ReminderRuns, ReminderScheduler, ReminderWatchdog } from '@tiendo/server-reminders';
import { TasksModule, TasksService } from '@tiendo/server-tasks';
import type { DataSource } from 'typeorm';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';
import { SmtpSink } from './worker-harness';

const vn = (local: string) => new Date(`${local}+07:00`);

/** What each user was reminded of, as "username kind", sorted (notifications of task events left out: their own spec). */
async function told(db: DataSource): Promise<string[]> {
  const rows: Array<{ username: string; subject_key: string; channel: string }> = await db.query(
    `SELECT u.username, d.subject_key, d.channel FROM reminder_deliveries d JOIN users u ON u.id = d.recipient_id
      WHERE d.subject_key NOT LIKE 'event:%' AND d.subject_key NOT LIKE 'burst:%'`,
  );
  return rows.map((r) => `${r.username} ${r.subject_key.split('|')[1] ?? r.subject_key}${r.channel === 'email' ? ' (email)' : ''}`).sort();
}

describe('daily reminders: who is told what, worked out from PostgreSQL at send time', () => {
  let t: WorkerTestbed;
  let runs: ReminderRuns;
  beforeAll(async () => {
    // TasksModule as the API has it: the test changes tasks the way users do.
    t = await startWorkerTestbed('2026-11-23T06:00:00+07:00', {}, [TasksModule]);
    runs = t.worker.app.get(ReminderRuns);
    const f = t.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO');
    await f.unit('VBC', 'BO');
    await f.user('vanphong', 'monitor', 'VP');
    await f.user('truong', 'unit_head', 'VBC');
    await f.user('cv', 'staff', 'VBC');
    await f.user('cv2', 'staff', 'VBC');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.db.query(`TRUNCATE notifications, reminder_deliveries, reminder_runs, task_history, task_extensions, task_completions, task_cancellations, task_lead_unit_changes, tasks CASCADE`);
  });

  it('sends each task’s reminder of the day to the assignee, or the unit head when nobody is assigned', async () => {
    // Monday 23/11/2026. Deadlines chosen to hit each rung of the ladder today.
    await t.fixtures.task({ code: 'B7', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vanphong', deadline: '2026-12-02' }); // 7 working days before
    await t.fixtures.task({ code: 'B3', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vanphong', deadline: '2026-11-26' });
    await t.fixtures.task({ code: 'B1', leadUnit: 'VBC', assignedBy: 'vanphong', deadline: '2026-11-24' });
    await t.fixtures.task({ code: 'D0', leadUnit: 'VBC', assignee: 'cv2', assignedBy: 'vanphong', deadline: '2026-11-23' });
    await t.fixtures.task({ code: 'O3', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vanphong', deadline: '2026-11-18' }); // 3 working days overdue
    await t.fixtures.task({ code: 'O10', leadUnit: 'VBC', assignee: 'cv2', assignedBy: 'vanphong', deadline: '2026-11-09' }); // 10
    await t.fixtures.task({ code: 'NONE', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vanphong', deadline: '2026-11-25' }); // 2 before: no rung
    await t.fixtures.task({ code: 'DONE', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vanphong', deadline: '2026-11-23', state: 'completed' });
    await t.fixtures.task({ code: 'GONE', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vanphong', deadline: '2026-11-23', state: 'cancelled' });
    const result = await runs.daily('2026-11-23');
    expect(result.inApp).toBe(9);
    expect(await told(t.db)).toEqual([
      'cv before_3',
      'cv before_7',
      'cv overdue_3',
      'cv2 due_today',
      'cv2 overdue_10',
      'truong before_1',
      'truong overdue_10',
      'truong overdue_3',
      'vanphong overdue_10',
    ]);
    const [n] = await t.db.query(`SELECT title, body FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'cv2' AND n.kind = 'due_today'`);
    expect(n.title).toContain('Đến hạn hôm nay');
  });

  it('exactly once: running the day again, or twice at the same time, delivers nothing more', async () => {
    for (const code of ['A', 'B', 'C']) await t.fixtures.task({ code, leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vanphong', deadline: '2026-11-20' });
    const first = await runs.daily('2026-11-23');
    const [again, concurrent] = await Promise.all([runs.daily('2026-11-23'), runs.daily('2026-11-23')]);
    expect(first.inApp).toBe(3);
    expect(again.inApp + concurrent.inApp).toBe(0);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM notifications`);
    expect(n).toBe(3);
  });

  it('nothing on a weekend or a holiday', async () => {
    await t.fixtures.task({ code: 'W', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vanphong', deadline: '2026-11-20' });
    expect((await runs.daily('2026-11-22')).skipped).toBe('not a working day');
    expect((await runs.daily('2027-01-01')).skipped).toBe('not a working day');
    expect(await told(t.db)).toEqual([]);
  });

  it('follows deadline changes, reassignment, completion and reopening without any rescheduling', async () => {
    const tasks = t.worker.app.get(TasksService);
    const users = t.db;
    const [{ id: monId }] = await users.query(`SELECT u.id FROM users u WHERE username = 'vanphong'`);
    const [{ path }] = await users.query(`SELECT path FROM units WHERE code = 'BO'`);
    const actor = { id: monId, username: 'vanphong', fullName: 'VP', role: 'monitor' as const, unitId: '', unitPath: path };
    t.clock.set(vn('2026-11-23T07:00:00'));
    const task = await tasks.create({ title: 'Dời hạn', leadUnitCode: 'VBC', assigneeId: t.fixtures.userId('cv'), deadline: '2026-11-26' }, actor);
    // Moved to Tuesday: today becomes "1 working day before", not "3".
    const moved = await tasks.update(task.id, { version: 1, deadline: '2026-11-24', assigneeId: t.fixtures.userId('cv2') }, actor);
    await runs.daily('2026-11-23');
    expect(await told(t.db)).toEqual(['cv2 before_1']);
    // Completed: nothing on the deadline day. Reopened: back on the ladder the next day (overdue).
    const done = await tasks.complete(task.id, { version: moved.version, result: 'x' }, actor);
    await runs.daily('2026-11-24');
    expect(await told(t.db)).toEqual(['cv2 before_1']);
    await tasks.reopen(task.id, { version: done.version, reason: 'Chưa đạt' }, actor);
    await runs.daily('2026-11-25');
    expect(await told(t.db)).toEqual(['cv2 before_1', 'cv2 overdue_1']);
  });
});

describe('e-mail over a real SMTP server: retries with backoff, no duplicates, failures kept', () => {
  const smtp = new SmtpSink();
  let t: WorkerTestbed;
  beforeAll(async () => {
    await smtp.start();
    t = await startWorkerTestbed('2026-11-23T06:00:00+07:00', { SMTP_URL: smtp.url(), EMAIL_ATTEMPTS: '4' });
    const f = t.fixtures;
    await f.unit('BO');
    await f.unit('VBC', 'BO');
    await f.user('vp', 'monitor', 'BO');
    await f.user('cv', 'staff', 'VBC');
    await f.user('cv_off', 'staff', 'VBC');
    await t.db.query(`UPDATE users SET email = username || '@mic.gov.vn'`);
    await t.db.query(`UPDATE users SET email_notifications = false WHERE username = 'cv_off'`);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    smtp.received.length = 0;
    await t.db.query(`TRUNCATE notifications, reminder_deliveries, reminder_runs, task_history, task_completions, task_cancellations, tasks CASCADE`);
  });

  const runDay = async (day: string) => {
    const done = new Promise<void>((resolve) => {
      const onDone = async () => {
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM reminder_deliveries WHERE channel = 'email' AND status = 'pending'`);
        if (n === 0) {
          t.worker.events.email.off('completed', onDone);
          t.worker.events.email.off('failed', onDone);
          resolve();
        }
      };
      t.worker.events.email.on('completed', onDone);
      t.worker.events.email.on('failed', onDone);
    });
    const result = await t.worker.app.get(ReminderRuns).daily(day);
    await t.worker.app.get(ReminderScheduler).enqueueEmails(result.emails);
    await done;
    return result;
  };

  it('sends the Vietnamese e-mail once; a user who turned e-mail off gets only the in-product one', async () => {
    await t.fixtures.task({ code: 'MAIL-1', title: 'Báo cáo tình hình bưu chính', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vp', deadline: '2026-11-23' });
    await t.fixtures.task({ code: 'MAIL-2', leadUnit: 'VBC', assignee: 'cv_off', assignedBy: 'vp', deadline: '2026-11-23' });
    const result = await runDay('2026-11-23');
    expect(result.emails).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].to).toBe('cv@mic.gov.vn');
    expect(smtp.received[0].raw).toContain('MAIL-1');
    // Queued again (a second worker, a reconcile): the row is delivered, nothing is sent twice.
    await t.worker.app.get(ReminderScheduler).enqueueEmails(result.emails);
    await t.worker.app.get(ReminderScheduler).reconcile();
    expect(smtp.received).toHaveLength(1);
  });

  it('SMTP refusing then recovering: retried with backoff, delivered once', async () => {
    smtp.refuseNext = 2; // refused twice, then the server is back
    await t.fixtures.task({ code: 'MAIL-3', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vp', deadline: '2026-11-24' });
    const result = await t.worker.app.get(ReminderRuns).daily('2026-11-23');
    expect(result.emails).toHaveLength(1);
    const completed = new Promise<void>((resolve) => t.worker.events.email.on('completed', ({ jobId }) => jobId === `email-${result.emails[0]}` && resolve()));
    await t.worker.app.get(ReminderScheduler).enqueueEmails(result.emails);
    await completed;
    expect(smtp.received.map((m) => m.raw.includes('MAIL-3'))).toEqual([true]);
    const [row] = await t.db.query(`SELECT status, attempts FROM reminder_deliveries WHERE channel = 'email' AND subject_key LIKE '%before_1%'`);
    expect(row).toMatchObject({ status: 'delivered', attempts: 3 });
  });

  it('SMTP refusing every attempt: the delivery stays visible as failed, with the reason', async () => {
    smtp.refuse = true;
    await t.fixtures.task({ code: 'MAIL-4', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vp', deadline: '2026-11-30' });
    const result = await t.worker.app.get(ReminderRuns).daily('2026-11-25'); // 3 working days before 30/11
    expect(result.emails).toHaveLength(1);
    // The job fails for good only after the delivery row was marked failed.
    const exhausted = new Promise<void>((resolve) => t.worker.events.email.on('failed', ({ jobId }) => jobId === `email-${result.emails[0]}` && resolve()));
    await t.worker.app.get(ReminderScheduler).enqueueEmails(result.emails);
    await exhausted;
    const [row] = await t.db.query(`SELECT status, attempts, last_error FROM reminder_deliveries WHERE id = $1`, [result.emails[0]]);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(4);
    expect(row.last_error).toMatch(/451|unavailable/i);
    smtp.refuse = false;
  });
});

describe('the reconciler: Redis loses everything, PostgreSQL has it all', () => {
  let t: WorkerTestbed;
  beforeAll(async () => {
    t = await startWorkerTestbed('2026-11-23T06:00:00+07:00', { SMTP_URL: 'smtp://127.0.0.1:1' });
    // These tests wipe the queues and call the reconcile themselves: the watchdog's timer must not race them.
    t.worker.app.get(ReminderWatchdog).stop();
    await t.fixtures.unit('BO');
    await t.fixtures.user('vp', 'monitor', 'BO');
  });
  afterAll(() => t.close());

  it('restores every job scheduler and re-queues every pending e-mail after the prefix is flushed', async () => {
    const before = await t.worker.reminders.getJobSchedulers();
    expect(before.map((s) => s.key).sort()).toEqual(['daily-reminders', 'monthly-briefing', 'reconcile', 'weekly-digest']);
    await t.worker.email.pause();
    const [{ id }] = await t.db.query(
      `INSERT INTO reminder_deliveries (subject_key, recipient_id, channel, title, body, status, created_at)
       SELECT 'x|before_1|2026-11-24', id, 'email', 't', 'b', 'pending', now() FROM users LIMIT 1 RETURNING id`,
    );
    await t.worker.reminders.obliterate({ force: true });
    await t.worker.email.obliterate({ force: true });
    // Obliterating deletes the queue's meta key, its pause with it: paused again, the e-mail job the reconcile queues
    // waits for this test to read it instead of being sent (or refused) and removed by this process's worker.
    await t.worker.email.pause();
    expect(await t.worker.reminders.getJobSchedulers()).toEqual([]);
    const result = await t.worker.app.get(ReminderScheduler).reconcile();
    expect(result.emails).toBe(1);
    expect((await t.worker.reminders.getJobSchedulers()).map((s) => s.key).sort()).toEqual(['daily-reminders', 'monthly-briefing', 'reconcile', 'weekly-digest']);
    const job = await t.worker.email.getJob(`email-${id}`);
    expect(job?.data).toEqual({ deliveryId: id });
  });

  it('catches up today’s run once when the worker was down at 08:00, and never backfills past days', async () => {
    await t.worker.reminders.pause();
    t.clock.set(vn('2026-11-23T09:30:00'));
    const first = await t.worker.app.get(ReminderScheduler).reconcile();
    expect(first.caughtUp).toEqual(['daily-2026-11-23', 'weekly-2026-11-23']);
    // Queued twice, held once (the job id is the day's).
    await t.worker.app.get(ReminderScheduler).reconcile();
    expect(await t.worker.reminders.getJobCountByTypes('waiting')).toBe(2);
    expect((await t.worker.reminders.getWaiting()).map((j) => j.id).sort()).toEqual(['daily-2026-11-23', 'weekly-2026-11-23']);
    // A run finished today is not caught up again; yesterday (a Sunday) or last week never are.
    await t.db.query(`INSERT INTO reminder_runs (kind, period_key, started_at, finished_at) VALUES ('daily', '2026-11-24', now(), now()), ('weekly', '2026-11-23', now(), now())`);
    t.clock.set(vn('2026-11-24T08:30:00'));
    await t.worker.reminders.obliterate({ force: true });
    const next = await t.worker.app.get(ReminderScheduler).reconcile();
    expect(next.caughtUp).toEqual([]);
  });

  it('the watchdog stopped while it is still starting (its start-up check under way) starts no timer', async () => {
    const watchdog = t.worker.app.get(ReminderWatchdog);
    const starting = watchdog.start();
    watchdog.stop();
    await starting;
    expect(watchdog.running).toBe(false);
  });
});

describe('digests: Monday’s week ahead for unit heads, and the first working day’s figures before the flag ceremony', () => {
  let t: WorkerTestbed;
  beforeAll(async () => {
    t = await startWorkerTestbed('2026-11-23T06:00:00+07:00');
    const f = t.fixtures;
    await f.unit('BO');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    await f.unit('CNTT', 'BO', 'Vụ Công nghệ thông tin');
    await f.user('lanhdao', 'leader', 'BO');
    await f.user('vp', 'monitor', 'BO');
    await f.user('truong.vbc', 'unit_head', 'VBC');
    await f.user('truong.cntt', 'unit_head', 'CNTT');
    await f.task({ code: 'W-OVER', leadUnit: 'VBC', assignedBy: 'vp', assignedOn: '2026-10-01', deadline: '2026-11-10' });
    await f.task({ code: 'W-WEEK', leadUnit: 'VBC', assignedBy: 'vp', assignedOn: '2026-10-01', deadline: '2026-11-26' });
    await f.task({ code: 'W-LATER', leadUnit: 'VBC', assignedBy: 'vp', assignedOn: '2026-10-01', deadline: '2026-12-20' });
    await f.task({ code: 'OCT-1', leadUnit: 'CNTT', assignedBy: 'vp', assignedOn: '2026-10-01', deadline: '2026-10-20', state: 'completed', closedAt: new Date('2026-10-15T03:00:00Z') });
  });
  afterAll(() => t.close());

  it('Monday: each unit head gets their unit’s overdue tasks and those due this week, once', async () => {
    t.clock.set(vn('2026-11-23T08:00:00'));
    const runs = t.worker.app.get(ReminderRuns);
    await runs.weekly('2026-11-23');
    await runs.weekly('2026-11-23');
    const rows = await t.db.query(`SELECT u.username, n.title, n.body FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'weekly_digest'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].username).toBe('truong.vbc');
    expect(rows[0].title).toContain('1 nhiệm vụ quá hạn, 1 nhiệm vụ đến hạn trong tuần');
    expect(rows[0].body).toContain('W-OVER');
    expect(rows[0].body).toContain('W-WEEK');
    expect(rows[0].body).not.toContain('W-LATER');
  });

  it('first working day: last month’s figures to leaders and the Ministry Office, each unit head their line', async () => {
    t.clock.set(vn('2026-11-02T07:00:00'));
    const runs = t.worker.app.get(ReminderRuns);
    const calendar = await t.worker.app.get(HolidaysService).calendar();
    expect(runs.monthToBrief('2026-11-02', calendar)).toBe('2026-10');
    expect(runs.monthToBrief('2026-11-03', calendar)).toBeNull();
    await runs.monthly('2026-10');
    const rows: Array<{ username: string; title: string; body: string }> = await t.db.query(
      `SELECT u.username, n.title, n.body FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'monthly_briefing' ORDER BY u.username`,
    );
    expect(rows.map((r) => r.username)).toEqual(['lanhdao', 'truong.cntt', 'truong.vbc', 'vp']);
    const leader = rows.find((r) => r.username === 'lanhdao');
    expect(leader?.title).toBe('Kết quả thực hiện nhiệm vụ tháng 10/2026');
    expect(leader?.body).toContain('Tổng số nhiệm vụ đã thực hiện: 4.');
    expect(leader?.body).toContain('Hoàn thành đúng hạn: 1 (25,00%).');
    const cntt = rows.find((r) => r.username === 'truong.cntt');
    expect(cntt?.title).toContain('Vụ Công nghệ thông tin');
    expect(cntt?.body).toContain('Tổng số nhiệm vụ đã thực hiện: 1.');
  });
});
