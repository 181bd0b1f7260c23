import type { TaskEventKind } from '@tiendo/contracts';
import { ApiError, AppConfig, PgListener } from '@tiendo/server-core';
import {
  BURST_MIN,
  NotificationDigest,
  NotificationPreferencesService,
  OUTBOX_MAX_AGE_SECONDS,
  SETTLE_MAX_WAIT_SECONDS,
  TaskEventDispatcher,
  WORKER_LISTENER_NAME,
} from '@tiendo/server-notifications';
import { ReminderWatchdog } from '@tiendo/server-reminders';
import { TaskEventsRepository, TasksService } from '@tiendo/server-tasks';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { WorkerHealthServer } from '../src/app/worker-health.server';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';
import { dropQueuePrefix, SmtpSink, startTestWorker, teardownStep, TestWorker } from './worker-harness';

const vn = (local: string) => new Date(`${local}+07:00`);
const events = new TaskEventsRepository();

/** Every in-product notification as "username: title", sorted. */
async function bell(db: DataSource): Promise<string[]> {
  const rows: Array<{ username: string; title: string }> = await db.query(`SELECT u.username, n.title FROM notifications n JOIN users u ON u.id = n.user_id`);
  return rows.map((r) => `${r.username}: ${r.title}`).sort();
}

/** Every delivery as "username channel subject", sorted. */
async function deliveries(db: DataSource): Promise<string[]> {
  const rows: Array<{ username: string; channel: string; subject_key: string }> = await db.query(
    `SELECT u.username, d.channel, d.subject_key FROM reminder_deliveries d JOIN users u ON u.id = d.recipient_id`,
  );
  return rows.map((r) => `${r.username} ${r.channel} ${r.subject_key.split(':')[0]}`).sort();
}

/**
 * Resolves once no e-mail delivery is pending. Woken by the e-mail queue's events, never by a timer: each job that
 * ends (completed, or failed for good) is a reason to look again; the listener is in place before each look, so an end
 * between the look and the wait is not missed. A delivery whose job never ends fails the test by its timeout.
 */
async function emailsSettled(t: WorkerTestbed): Promise<void> {
  const events = t.worker.events.email;
  for (;;) {
    let stop = () => undefined as void;
    const ended = new Promise<void>((resolve) => {
      stop = () => {
        events.off('completed', stop);
        events.off('failed', stop);
        resolve();
      };
      events.on('completed', stop);
      events.on('failed', stop);
    });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM reminder_deliveries WHERE channel = 'email' AND status = 'pending'`);
    if (n === 0) return stop();
    await ended;
  }
}

/**
 * Resolves once the e-mail queue holds nothing waiting, delayed or running: at once when so, else at the queue's next
 * 'drained' (BullMQ's event when a job ends and nothing waits or runs), looking again each time (a delayed retry
 * drains the queue and fills it again).
 */
async function emailQueueDrained(t: WorkerTestbed): Promise<void> {
  const events = t.worker.events.email;
  for (;;) {
    let stop = () => undefined as void;
    const drained = new Promise<void>((resolve) => {
      stop = () => {
        events.off('drained', stop);
        resolve();
      };
      events.on('drained', stop);
    });
    const counts = await t.worker.email.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).every((n) => n === 0)) return stop();
    await drained;
  }
}

/** Resolves once no e-mail delivery is pending, then tells how many times the SMTP server received each. */
async function emailsSent(t: WorkerTestbed, smtp: SmtpSink): Promise<Record<string, number>> {
  await emailsSettled(t);
  const rows: Array<{ id: string; username: string }> = await t.db.query(
    `SELECT d.id, u.username FROM reminder_deliveries d JOIN users u ON u.id = d.recipient_id WHERE d.channel = 'email'`,
  );
  const out: Record<string, number> = {};
  for (const r of rows) out[`${r.username} ${r.id}`] = smtp.received.filter((m) => m.delivery === r.id).length;
  return out;
}

describe('task events become notifications in the worker, exactly once per recipient and channel', () => {
  let t: WorkerTestbed;
  let dispatcher: TaskEventDispatcher;
  let smtp: SmtpSink;
  let taskId: string;
  const id = (username: string) => t.fixtures.userId(username);
  const record = (kind: TaskEventKind, actor: string | null, payload: Record<string, unknown> = {}, task = taskId) =>
    t.db.transaction((m) => events.record(m, { taskId: task, kind, actorId: actor ? id(actor) : null, at: t.clock.now(), payload }));
  /** The backends of the dispatcher's LISTEN connection on this database. */
  const listeners = async (): Promise<number[]> =>
    (await t.db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [WORKER_LISTENER_NAME])).map((r: { pid: number }) => r.pid);
  /** Looks again every 20 ms until the condition holds (bounded by the test's timeout). */
  const until = async (condition: () => Promise<boolean> | boolean) => {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  beforeAll(async () => {
    smtp = new SmtpSink();
    await smtp.start();
    t = await startWorkerTestbed('2026-11-23T09:00:00+07:00', { SMTP_URL: smtp.url(), NOTIFICATION_DIGEST_HOUR: '16' });
    dispatcher = t.worker.app.get(TaskEventDispatcher);
    // The tests drive the dispatcher themselves (one test starts it again to see LISTEN wake it).
    dispatcher.stop();
    await dispatcher.idle();
    const f = t.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    await f.unit('VKH', 'BO', 'Vụ Kế hoạch');
    await f.user('vanphong', 'monitor', 'VP');
    await f.user('truong', 'unit_head', 'VBC');
    await f.user('cv', 'staff', 'VBC');
    await f.user('cv2', 'staff', 'VBC');
    await f.user('ngoai', 'staff', 'VKH');
    await f.user('truongkh', 'unit_head', 'VKH');
    await t.db.query(`UPDATE users SET email = username || '@mic.gov.vn'`);
  });
  afterAll(async () => {
    // A test starts the dispatcher again (LISTEN): stop it and let a dispatch under way finish before the app closes.
    dispatcher.stop();
    await teardownStep('the dispatcher going idle', () => dispatcher.idle());
    await teardownStep('the worker and its database closing', () => t.close());
    await teardownStep('the SMTP sink stopping', () => smtp.stop());
  });
  beforeEach(async () => {
    dispatcher.beforeCommit = null;
    await t.db.query(`TRUNCATE notifications, reminder_deliveries, task_events, task_watchers, notification_preferences, tasks CASCADE`);
    t.clock.set(vn('2026-11-23T09:00:00'));
    smtp.received.length = 0;
    taskId = await t.fixtures.task({ code: 'NV-1', title: 'Báo cáo chuyển đổi số', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vanphong', deadline: '2026-12-15' });
    // cv2 follows the task; ngoai "follows" it too but may not read it (another unit): ngoai must never hear of it.
    await t.db.query(`INSERT INTO task_watchers (task_id, user_id, following, changed_at) VALUES ($1, $2, true, now()), ($1, $3, true, now())`, [taskId, id('cv2'), id('ngoai')]);
  });

  it('tells each the issue’s recipients, never the actor, never one who may not read the task', async () => {
    await record('completion_reported', 'cv', { completionId: randomUUID() });
    await record('comment_added', 'truong', { commentId: randomUUID(), mentions: [id('cv2'), id('ngoai')] });
    await record('extension_decided', 'truong', { extensionId: randomUUID(), approved: true, toDeadline: '2026-12-31' });
    await record('progress_reported', 'cv', { percent: 40 });
    const result = await dispatcher.dispatchPending();
    expect(result.events).toBe(4);
    expect(await bell(t.db)).toEqual([
      'cv2: Báo cáo hoàn thành: NV-1',
      'cv2: Cán bộ truong nhắc đến bạn: NV-1',
      'cv2: Cập nhật tiến độ: NV-1',
      'cv: Bình luận mới: NV-1',
      'cv: Đồng ý gia hạn: NV-1',
      'truong: Báo cáo hoàn thành: NV-1',
      'truong: Cập nhật tiến độ: NV-1',
      'vanphong: Báo cáo hoàn thành: NV-1',
      'vanphong: Bình luận mới: NV-1',
      'vanphong: Cập nhật tiến độ: NV-1',
    ]);
    // By default: completion and decisions by e-mail too, a mention by e-mail, comments and progress in the bell only.
    expect((await deliveries(t.db)).filter((d) => d.includes(' email '))).toEqual([
      'cv email event',
      'cv2 email event',
      'cv2 email event',
      'truong email event',
      'vanphong email event',
    ]);
    const [link] = await t.db.query(`SELECT link, task_id FROM notifications WHERE user_id = $1 AND kind = 'extension_decided'`, [id('cv')]);
    expect(link).toEqual({ link: `http://localhost:3000/nhiem-vu/${taskId}`, task_id: taskId });
    const sent = await emailsSent(t, smtp);
    expect(Object.values(sent)).toEqual([1, 1, 1, 1, 1]);
    const mail = smtp.received.find((m) => m.to === 'cv@mic.gov.vn');
    expect(mail?.raw).toContain(`nhiem-vu/${taskId}`);
    expect(smtp.received.some((m) => m.to.startsWith('ngoai'))).toBe(false);
    // Dispatched: nothing more to do, however often asked.
    expect((await dispatcher.dispatchPending()).events).toBe(0);
  });

  it('changes made through the tasks’ write path notify through the outbox (assign, ask for an extension, decide it)', async () => {
    const tasks = t.worker.app.get(TasksService);
    const actorOf = async (username: string) => {
      const [u] = await t.db.query(`SELECT u.id, u.username, u.full_name, u.role, u.unit_id, un.path FROM users u JOIN units un ON un.id = u.unit_id WHERE username = $1`, [username]);
      return { id: u.id, username: u.username, fullName: u.full_name, role: u.role, unitId: u.unit_id, unitPath: u.path };
    };
    const task = await tasks.create({ title: 'Tổng hợp số liệu quý IV', leadUnitCode: 'VBC', assigneeId: id('cv'), deadline: '2026-12-10' }, await actorOf('vanphong'));
    await dispatcher.dispatchPending();
    expect(await bell(t.db)).toEqual([`cv: Bạn được giao nhiệm vụ: ${task.code}`, `truong: Đơn vị được giao nhiệm vụ: ${task.code}`]);
    const ext = await tasks.requestExtension(task.id, { newDeadline: '2026-12-24', reason: 'Chờ số liệu của các tỉnh' }, await actorOf('cv'));
    await dispatcher.dispatchPending();
    await tasks.decideExtension(task.id, ext.id, { approve: true }, await actorOf('truong'));
    await dispatcher.dispatchPending();
    expect(await bell(t.db)).toEqual([
      `cv: Bạn được giao nhiệm vụ: ${task.code}`,
      `cv: Đồng ý gia hạn: ${task.code}`,
      `truong: Đơn vị được giao nhiệm vụ: ${task.code}`,
      `truong: Đề nghị gia hạn: ${task.code}`,
      `vanphong: Đề nghị gia hạn: ${task.code}`,
    ]);
    const [decided] = await t.db.query(`SELECT body FROM notifications WHERE user_id = $1 AND kind = 'extension_decided'`, [id('cv')]);
    expect(decided.body).toBe('Cán bộ truong đồng ý gia hạn nhiệm vụ "Tổng hợp số liệu quý IV" đến 24/12/2026.');
  });

  it('a reassignment tells the new assignee, the old one (who learns nothing new) and the new unit’s heads', async () => {
    await t.db.query(`UPDATE tasks SET assignee_id = $2, lead_unit_id = $3 WHERE id = $1`, [taskId, id('ngoai'), t.fixtures.unitId('VKH')]);
    await record('reassigned', 'vanphong', { fromAssigneeId: id('cv'), toAssigneeId: id('ngoai'), fromLeadUnitId: t.fixtures.unitId('VBC'), toLeadUnitId: t.fixtures.unitId('VKH') });
    await dispatcher.dispatchPending();
    expect(await bell(t.db)).toEqual([
      'cv: Nhiệm vụ đã chuyển cho người khác: NV-1',
      'ngoai: Bạn được giao nhiệm vụ: NV-1',
      'truongkh: Đơn vị được giao nhiệm vụ: NV-1',
    ]);
    // cv may no longer read the task: no link to it, no task id.
    const [old] = await t.db.query(`SELECT link, task_id, body FROM notifications WHERE user_id = $1`, [id('cv')]);
    expect(old).toEqual({ link: null, task_id: null, body: 'Nhiệm vụ "Báo cáo chuyển đổi số" không còn giao cho bạn.' });
  });

  it('a dispatcher killed before its commit writes nothing; the next one delivers everything once', async () => {
    // Two of each kind: fewer than BURST_MIN, so each event is told on its own.
    for (const kind of ['completion_reported', 'extension_requested', 'completion_reported', 'extension_requested'] as const) await record(kind, 'cv', {});
    // As a worker killed mid-dispatch: PostgreSQL ends its connection, so its transaction never commits.
    dispatcher.beforeCommit = async (m) => {
      const [{ pid }] = await m.query(`SELECT pg_backend_pid() AS pid`);
      await t.db.query(`SELECT pg_terminate_backend($1)`, [pid]);
    };
    await expect(dispatcher.dispatchPending()).rejects.toThrow();
    expect(await bell(t.db)).toEqual([]);
    const [{ pending }] = await t.db.query(`SELECT count(*)::int AS pending FROM task_events WHERE dispatched_at IS NULL`);
    expect(pending).toBe(4);
    dispatcher.beforeCommit = null;
    expect((await dispatcher.dispatchPending()).events).toBe(4);
    expect((await dispatcher.dispatchPending()).events).toBe(0);
    // 4 events × (truong, vanphong, cv2) in the bell, and by e-mail.
    const told = await deliveries(t.db);
    expect(told.filter((d) => d.includes('in_app'))).toHaveLength(12);
    expect(told.filter((d) => d.includes('email'))).toHaveLength(12);
    const sent = await emailsSent(t, smtp);
    expect(Object.values(sent)).toEqual(Array(12).fill(1));
  });

  it('two workers dispatching at once deliver each event once', async () => {
    const second: TestWorker = await startTestWorker(t.databaseUrl, t.clock, { QUEUE_PREFIX: t.prefix, SMTP_URL: smtp.url() });
    const other = second.app.get(TaskEventDispatcher);
    other.stop();
    await other.idle();
    try {
      await t.db.transaction((m) =>
        events.recordMany(
          m,
          Array.from({ length: 40 }, (_x, i) => ({ taskId, kind: i % 2 ? ('extension_requested' as const) : ('completion_reported' as const), actorId: id('cv'), at: t.clock.now(), payload: { n: i } })),
        ),
      );
      // The first holds its claim open while the second looks: the second must skip the locked events, not wait or repeat.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let reached!: () => void;
      const atCommit = new Promise<void>((r) => (reached = r));
      dispatcher.beforeCommit = async () => {
        reached();
        await held;
      };
      const first = dispatcher.dispatchBatch(25);
      await atCommit;
      const meanwhile = await other.dispatchPending();
      release();
      const firstResult = await first;
      expect(firstResult.events + meanwhile.events).toBe(40);
      expect(firstResult.events).toBe(25);
      // Each dispatcher coalesced its share (one notification per recipient and kind); together they count 40 events
      // for each recipient, each event once.
      const told: Array<{ username: string; title: string }> = await t.db.query(`SELECT u.username, n.title FROM notifications n JOIN users u ON u.id = n.user_id`);
      expect(told).toHaveLength(12);
      for (const user of ['truong', 'vanphong', 'cv2']) {
        expect(told.filter((n) => n.username === user).reduce((sum, n) => sum + Number(n.title.split(' ')[0]), 0)).toBe(40);
      }
      const [{ pending }] = await t.db.query(`SELECT count(*)::int AS pending FROM task_events WHERE dispatched_at IS NULL`);
      expect(pending).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('an import of 300 tasks arrives as one notification per recipient that opens the list', async () => {
    const batchId = randomUUID();
    const ids: Array<{ id: string }> = await t.db.query(
      `INSERT INTO tasks (code, title, lead_unit_id, assignee_id, assigned_by_id, assigned_on, original_deadline, deadline)
       SELECT 'IM-' || g, 'Nhiệm vụ nhập ' || g, $1, CASE WHEN g % 2 = 0 THEN $2::uuid END, $3, '2026-11-23', '2026-12-31', '2026-12-31'
         FROM generate_series(1, 300) g RETURNING id, assignee_id`,
      [t.fixtures.unitId('VBC'), id('cv'), id('vanphong')],
    );
    await t.db.transaction((m) =>
      events.recordMany(
        m,
        ids.map((r) => ({ taskId: r.id, kind: 'assigned' as const, actorId: id('vanphong'), at: t.clock.now(), payload: { leadUnitId: t.fixtures.unitId('VBC'), batchId } })),
      ),
    );
    // Two ordinary assignments beside the import are told one by one (fewer than BURST_MIN).
    expect(BURST_MIN).toBeGreaterThan(2);
    await record('assigned', 'truong', { assigneeId: id('cv2'), leadUnitId: t.fixtures.unitId('VBC') });
    expect((await dispatcher.dispatchPending()).events).toBe(301);
    expect(await bell(t.db)).toEqual(['cv2: Bạn được giao nhiệm vụ: NV-1', 'cv: 150 nhiệm vụ mới được giao: Vụ Bưu chính', 'truong: 300 nhiệm vụ mới được giao: Vụ Bưu chính']);
    const links: Array<{ username: string; link: string; task_id: string | null }> = await t.db.query(
      `SELECT u.username, n.link, n.task_id FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.title LIKE '%nhiệm vụ mới%' ORDER BY u.username`,
    );
    expect(links).toEqual([
      { username: 'cv', link: 'http://localhost:3000/viec-cua-toi', task_id: null },
      { username: 'truong', link: 'http://localhost:3000/nhiem-vu?unit=VBC&includeSubunits=false', task_id: null },
    ]);
    // One e-mail each too, not 300.
    expect((await deliveries(t.db)).filter((d) => d.includes('email'))).toEqual(['cv email burst', 'cv2 email event', 'truong email burst']);
  });

  it('a burst by one person (50 files in a row, a reassignment of 3 tasks one by one) is one notification per recipient whatever the timing', async () => {
    const config = t.worker.app.get(AppConfig);
    config.NOTIFICATION_SETTLE_SECONDS = 5;
    try {
      // 50 uploads one second apart: each wake-up in between (as LISTEN gives) finds nothing settled, so nothing goes.
      for (let i = 1; i <= 50; i++) {
        await record('attachment_added', 'cv', { attachmentId: randomUUID(), name: `tệp ${i}.pdf` });
        expect((await dispatcher.dispatchPending()).events).toBe(0);
        t.clock.advance(1_000);
      }
      // 4 s after cv's last upload (and 3 s after the head's own note) nothing has settled yet; at 6 s and 5 s, all has.
      await record('progress_reported', 'truong', { percent: 10 });
      t.clock.advance(3_000);
      expect((await dispatcher.dispatchPending()).events).toBe(0);
      t.clock.advance(2_000);
      expect((await dispatcher.dispatchPending()).events).toBe(51);
      const files = (await bell(t.db)).filter((b) => b.includes('tệp mới'));
      // One each for whoever the rule tells of a file (the head and the assigner among them), never one per file.
      expect(files).toEqual(expect.arrayContaining(['truong: 50 tệp mới: NV-1', 'vanphong: 50 tệp mới: NV-1']));
      expect(files.every((f) => f.endsWith(': 50 tệp mới: NV-1'))).toBe(true);
      expect(new Set(files.map((f) => f.split(':')[0])).size).toBe(files.length);
      const [link] = await t.db.query(`SELECT n.link, n.task_id FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'truong' AND n.title LIKE '50 tệp%'`);
      expect(link).toEqual({ link: `http://localhost:3000/nhiem-vu/${taskId}`, task_id: taskId });

      // A reassignment of three tasks, each in its own transaction (as POST /api/tasks/bulk/reassign does), 300 ms apart.
      await t.db.query(`TRUNCATE notifications, reminder_deliveries, task_events CASCADE`);
      const moved: string[] = [];
      for (let i = 1; i <= 3; i++) {
        const task = await t.fixtures.task({ code: `NV-R${i}`, title: `Chuyển ${i}`, leadUnit: 'VBC', assignee: 'cv2', assignedBy: 'vanphong', deadline: '2026-12-15' });
        moved.push(task);
        await record('reassigned', 'vanphong', { fromAssigneeId: id('cv'), toAssigneeId: id('cv2'), fromLeadUnitId: t.fixtures.unitId('VBC'), toLeadUnitId: t.fixtures.unitId('VBC') }, task);
        expect((await dispatcher.dispatchPending()).events).toBe(0);
        t.clock.advance(300);
      }
      t.clock.advance(5_000);
      expect((await dispatcher.dispatchPending()).events).toBe(3);
      expect(await bell(t.db)).toEqual(['cv2: 3 nhiệm vụ được chuyển giao: Vụ Bưu chính', 'cv: 3 nhiệm vụ đã chuyển cho người khác']);
      // No task named to the former assignee (they may no longer read them), and one e-mail each, not three.
      const [former] = await t.db.query(`SELECT n.link, n.task_id, n.body FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'cv'`);
      expect(former).toMatchObject({ link: null, task_id: null });
      expect(former.body).not.toContain('Chuyển');
      expect((await deliveries(t.db)).filter((d) => d.includes('email'))).toEqual(['cv email burst', 'cv2 email burst']);

      // One person busy for over a minute is not held back for ever: an event waits at most SETTLE_MAX_WAIT_SECONDS.
      await t.db.query(`TRUNCATE notifications, reminder_deliveries, task_events CASCADE`);
      for (let i = 0; i < SETTLE_MAX_WAIT_SECONDS / 2 + 1; i++) {
        await record('progress_reported', 'cv', { percent: i });
        t.clock.advance(2_000);
      }
      expect((await dispatcher.dispatchPending()).events).toBeGreaterThan(0);
    } finally {
      config.NOTIFICATION_SETTLE_SECONDS = 0;
    }
  });

  it('honours each user’s preference per kind: off, in the product, e-mail at once, daily digest', async () => {
    const preferences = t.worker.app.get(NotificationPreferencesService);
    const chosen = await preferences.set(id('cv'), { assigned: 'off', completion_returned: 'in_app', cancelled: 'email', reopened: 'digest', deadline_changed: 'digest' });
    expect(chosen.preferences).toMatchObject({ assigned: 'off', reopened: 'digest', extension_decided: 'email', progress_reported: 'in_app' });
    await expect(preferences.set(id('cv'), { assigned: 'fax', nonsense: 'email' })).rejects.toMatchObject({
      status: 400,
      fieldErrors: [
        { field: 'preferences.assigned', rule: 'UNKNOWN_DELIVERY', message: expect.stringContaining('Cách nhận thông báo') },
        { field: 'preferences.nonsense', rule: 'UNKNOWN_EVENT_KIND', message: 'Không có loại sự kiện "nonsense"' },
      ],
    } as Partial<ApiError>);
    expect((await preferences.get(id('cv'))).preferences.assigned).toBe('off');

    await record('assigned', 'truong', { assigneeId: id('cv'), leadUnitId: t.fixtures.unitId('VBC') });
    await record('completion_returned', 'truong', { reason: 'Thiếu số liệu' });
    await record('cancelled', 'truong', { reason: 'Không còn cần' });
    await record('reopened', 'truong', { reason: 'Cần làm tiếp' });
    await record('deadline_changed', 'truong', { fromDeadline: '2026-12-15', toDeadline: '2026-12-20' });
    await dispatcher.dispatchPending();
    expect((await deliveries(t.db)).filter((d) => d.startsWith('cv '))).toEqual([
      'cv digest event',
      'cv digest event',
      'cv email event',
      'cv in_app event',
      'cv in_app event',
      'cv in_app event',
      'cv in_app event',
    ]);
    expect(await bell(t.db)).not.toContain('cv: Bạn được giao nhiệm vụ: NV-1');

    // The digest: nothing before 16:00; at 16:30 one e-mail with both; asked again, nothing more.
    const digest = t.worker.app.get(NotificationDigest);
    expect((await digest.runDue()).users).toBe(0);
    t.clock.set(vn('2026-11-23T16:30:00'));
    const first = await digest.runDue();
    expect(first.users).toBe(1);
    dispatcher.emit('emails', first.emails);
    expect((await digest.runDue()).users).toBe(0);
    const [row] = await t.db.query(`SELECT subject_key, title, body FROM reminder_deliveries WHERE channel = 'email' AND subject_key LIKE 'digest:%'`);
    expect(row.subject_key).toBe('digest:2026-11-23');
    expect(row.title).toBe('Tổng hợp thông báo ngày 23/11/2026: 2 thông báo');
    expect(row.body).toContain('Mở lại nhiệm vụ: NV-1');
    expect(row.body).toContain(`/nhiem-vu/${taskId}`);
    const [{ waiting }] = await t.db.query(`SELECT count(*)::int AS waiting FROM reminder_deliveries WHERE channel = 'digest' AND status = 'pending'`);
    expect(waiting).toBe(0);
    const sent = await emailsSent(t, smtp);
    expect(Object.values(sent)).toEqual([1, 1]);
  });

  it('a worker down at the digest hour sends the digest when it is back, once per user per day', async () => {
    await t.worker.app.get(NotificationPreferencesService).set(id('cv'), { cancelled: 'digest', reopened: 'digest' });
    await record('cancelled', 'truong', { reason: 'x' });
    await dispatcher.dispatchPending();
    // Next morning: yesterday's 16:00 passed while nobody looked.
    t.clock.set(vn('2026-11-24T08:00:00'));
    const digest = t.worker.app.get(NotificationDigest);
    expect(digest.cutoff().day).toBe('2026-11-23');
    expect((await digest.runDue()).users).toBe(1);
    // An event of this morning waits for today's digest, at 16:00.
    await record('reopened', 'truong', {});
    await dispatcher.dispatchPending();
    expect((await digest.runDue()).users).toBe(0);
    t.clock.set(vn('2026-11-24T16:00:00'));
    expect((await digest.runDue()).users).toBe(1);
    const keys: Array<{ subject_key: string }> = await t.db.query(`SELECT subject_key FROM reminder_deliveries WHERE subject_key LIKE 'digest:%' ORDER BY subject_key`);
    expect(keys.map((k) => k.subject_key)).toEqual(['digest:2026-11-23', 'digest:2026-11-24']);
  });

  it('e-mails survive a lost Redis: pending rows in PostgreSQL are queued again by the watchdog and sent once', async () => {
    const listeners = dispatcher.listeners('emails');
    // As if Redis lost the jobs (or was away) right after the commit: the e-mail rows wait in PostgreSQL, no job.
    dispatcher.removeAllListeners('emails');
    try {
      await record('extension_requested', 'cv', { extensionId: randomUUID(), requestedDeadline: '2026-12-31' });
      await dispatcher.dispatchPending();
      await dropQueuePrefix(t.prefix);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM reminder_deliveries WHERE channel = 'email' AND status = 'pending'`);
      expect(n).toBe(3);
      // The watchdog notices the flush (its schedulers are gone) and re-queues every pending e-mail.
      t.clock.advance(2 * 60_000);
      const check = await t.worker.app.get(ReminderWatchdog).check('test: Redis flushed');
      expect(check.repaired).toBe(true);
      const sent = await emailsSent(t, smtp);
      expect(Object.values(sent)).toEqual([1, 1, 1]);
      // A second repair sends nothing again: every e-mail is delivered, so it queues none.
      await dropQueuePrefix(t.prefix);
      const again = await t.worker.app.get(ReminderWatchdog).check('test: flushed again');
      expect(again.reconcile?.emails ?? 0).toBe(0);
      // Whatever ran meanwhile (a job of the first repair that lost its keys in the flush) has ended.
      await emailQueueDrained(t);
      expect(smtp.received).toHaveLength(3);
    } finally {
      for (const l of listeners) dispatcher.on('emails', l as (ids: string[]) => void);
    }
  });

  it('wakes on LISTEN tiendo_task_events without waiting for its timer', async () => {
    await dispatcher.start();
    try {
      const dispatched = new Promise((resolve) => dispatcher.once('dispatched', resolve));
      await record('completion_reported', 'cv', { completionId: randomUUID() });
      await expect(dispatched).resolves.toMatchObject({ events: 1 });
      expect(dispatcher.listening).toBe(true);
    } finally {
      dispatcher.stop();
      await dispatcher.idle();
    }
  });

  it('listens again by itself after its LISTEN connection is terminated, and wakes for an event recorded after', async () => {
    const listener = (dispatcher as unknown as { listener: PgListener }).listener;
    const retries: Array<{ attempt: number }> = [];
    const onRetry = (r: { attempt: number }) => retries.push(r);
    listener.on('retry', onRetry);
    await dispatcher.start();
    try {
      const [before] = await listeners();
      expect(before).toBeDefined();
      await t.db.query(`SELECT pg_terminate_backend($1)`, [before]);
      await until(async () => dispatcher.listening && (await listeners()).some((pid) => pid !== before));
      expect(retries[0]).toMatchObject({ attempt: 1 });
      const dispatched = new Promise((resolve) => dispatcher.once('dispatched', resolve));
      await record('completion_reported', 'cv', { completionId: randomUUID() });
      await expect(dispatched).resolves.toMatchObject({ events: 1 });
    } finally {
      listener.off('retry', onRetry);
      dispatcher.stop();
      await dispatcher.idle();
    }
  });

  it('stopped, started and stopped again, it leaves no LISTEN connection open', async () => {
    await dispatcher.start();
    expect(await listeners()).toHaveLength(1);
    dispatcher.stop();
    await dispatcher.start();
    dispatcher.stop();
    await dispatcher.onModuleDestroy();
    await until(async () => (await listeners()).length === 0);
    expect(dispatcher.listening).toBe(false);
  });

  it('a stop while its LISTEN connection is being made leaves neither that connection nor the timer running', async () => {
    const starting = dispatcher.start();
    dispatcher.stop();
    await starting;
    await dispatcher.onModuleDestroy();
    const internals = dispatcher as unknown as { timer: NodeJS.Timeout | null };
    expect(internals.timer === null).toBe(true);
    expect(dispatcher.listening).toBe(false);
    await until(async () => (await listeners()).length === 0);
  });

  it('readiness reports the outbox and fails when an event waits too long', async () => {
    await record('completion_reported', 'cv', { completionId: randomUUID() });
    const port = t.worker.app.get(WorkerHealthServer).port;
    const ready = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      return { status: res.status, body: (await res.json()) as { ready: boolean; outbox: { pending: number; oldestAgeSeconds: number | null } } };
    };
    t.clock.advance((OUTBOX_MAX_AGE_SECONDS + 60) * 1000);
    const stuck = await ready();
    expect(stuck.status).toBe(503);
    expect(stuck.body.outbox).toMatchObject({ pending: 1, oldestAgeSeconds: OUTBOX_MAX_AGE_SECONDS + 60 });
    await dispatcher.dispatchPending();
    expect((await dispatcher.health()).ready).toBe(true);
    expect((await dispatcher.health()).pending).toBe(0);
  });
});

