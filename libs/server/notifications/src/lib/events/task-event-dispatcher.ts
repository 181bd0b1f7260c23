import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NotificationDelivery, Role, TaskEventKind } from '@tiendo/contracts';
import { Actor, AppConfig, canReadTask, Clock, listenUrl, PgListener } from '@tiendo/server-core';
import { TaskEventConsumer, TaskEventRow, TaskEventsRepository } from '@tiendo/server-tasks';
import { WatchersService } from '@tiendo/server-watchers';
import { EventEmitter } from 'node:events';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_DELIVERY, MENTION_DEFAULT } from '../notification-defaults';
import { NotificationPreferencesService } from '../notification-preferences.service';
import { DeliveryItem, NotificationsService } from '../notifications.service';
import { burstMessage, eventMessage, formerAssigneeBurstMessage, MessageTask, RecipientRole, taskBurstMessage } from './event-messages';
import { eventRecipients } from './event-recipients';

/** Events claimed per transaction. An import's events (one transaction) mostly arrive in one claim, so they coalesce. */
export const DISPATCH_BATCH = 1000;
/** Events of one kind from one import (payload.batchId), or by one actor for one unit, that become one notification per recipient. */
export const BURST_MIN = 3;
/** The longest an event waits for its actor to be quiet (NOTIFICATION_SETTLE_SECONDS), in seconds. */
export const SETTLE_MAX_WAIT_SECONDS = 60;
/** The worker is not ready while an event has waited longer than this (the dispatcher is stuck or failing). */
export const OUTBOX_MAX_AGE_SECONDS = 300;
const EVENTS_CHANNEL = 'tiendo_task_events';
/** The worker's LISTEN connection in pg_stat_activity. */
export const WORKER_LISTENER_NAME = 'tiendo-worker-listen';
/** Kinds whose recipients include the followers (WatchersService.followersOf is read only for these). */
const FOLLOWER_KINDS = new Set<TaskEventKind>(['extension_requested', 'completion_reported', 'comment_added', 'progress_reported', 'attachment_added']);

/** What one dispatch did: events marked dispatched, new in-product notifications, new e-mail deliveries (ids). */
export interface DispatchResult {
  events: number;
  inApp: number;
  emails: string[];
}

/** The outbox as /health/ready reports it. `oldestAgeSeconds` by the domain clock; null when nothing waits. */
export interface OutboxHealth {
  ready: boolean;
  database: 'up' | 'down';
  pending: number;
  oldestAgeSeconds: number | null;
  maxAgeSeconds: number;
}

interface TaskFacts extends MessageTask {
  assigneeId: string | null;
  leadUnitId: string;
  leadUnitPath: string;
  coordinatingUnitPaths: string[];
}

interface UserFacts {
  actor: Actor;
  active: boolean;
  /** Has an address and did not turn e-mail off (users.email_notifications). */
  wantsEmail: boolean;
}

interface Told {
  event: TaskEventRow;
  task: TaskFacts;
  user: UserFacts;
  role: RecipientRole;
}

/**
 * Turns task events into notifications, in the worker, after the change committed (the outbox `task_events`).
 *
 * Woken by LISTEN tiendo_task_events (the trigger on the outbox) and by a timer every NOTIFICATION_DISPATCH_SECONDS
 * (a missed wake-up delays, never loses). Each batch is one transaction: claim pending events (FOR UPDATE SKIP
 * LOCKED: a second worker takes others or none), work out the recipients from PostgreSQL as it is now, write their
 * notifications and e-mail/digest rows through NotificationsService.deliver (unique key per subject, recipient and
 * channel, ON CONFLICT DO NOTHING), and mark the events dispatched, all or nothing. A worker killed before the
 * commit leaves the events pending and nothing written; after it, everything is written and nothing is claimed again.
 * E-mail jobs are queued (event 'emails', ids) after the commit; a lost Redis loses none, because the watchdog
 * re-queues every e-mail row still pending in PostgreSQL.
 *
 * Emits 'emails' (string[]) after each commit that wrote e-mail deliveries, and 'dispatched' (DispatchResult).
 */
@Injectable()
export class TaskEventDispatcher extends EventEmitter implements OnModuleDestroy {
  private readonly logger = new Logger(TaskEventDispatcher.name);
  /** LISTEN on a connection of its own (DATABASE_LISTEN_URL), re-opened with backoff when it drops. */
  private readonly listener: PgListener;
  private timer: NodeJS.Timeout | null = null;
  private settleTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private stopping: Promise<void> | null = null;
  /**
   * Test seam: awaited inside the dispatch transaction after everything is written and before the commit (a test
   * holds it there to kill the connection, as a crash would, or to run a second dispatcher meanwhile).
   */
  beforeCommit: ((manager: EntityManager) => Promise<void>) | null = null;
  /** What else each batch feeds, in its transaction (webhooks: `feed`). */
  private readonly consumers: TaskEventConsumer[] = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: TaskEventsRepository,
    private readonly watchers: WatchersService,
    private readonly notifications: NotificationsService,
    private readonly preferences: NotificationPreferencesService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
    this.listener = new PgListener({ connectionString: listenUrl(config), channels: [EVENTS_CHANNEL], applicationName: WORKER_LISTENER_NAME });
    this.listener.on('notification', () => {
      this.wake();
      this.wakeWhenSettled();
    });
    // Back after a loss: an event committed meanwhile woke nobody, so look now rather than at the next tick.
    this.listener.on('listening', ({ reconnected }: { reconnected: boolean }) => {
      if (reconnected) this.wake();
    });
  }

  /** Listens for new events and starts the timer; dispatches what waits already. Never throws for PostgreSQL being away. */
  async start(): Promise<void> {
    this.closed = false;
    await this.listener.start();
    // Stopped while LISTEN was being set up: no timer either (it would keep looking after the stop).
    if (this.closed) return;
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), this.config.NOTIFICATION_DISPATCH_SECONDS * 1000);
      this.timer.unref();
    }
    this.wake();
  }

  /**
   * Stops listening and the timer (shutdown; tests that drive `dispatchPending` themselves). The LISTEN connection is
   * closed; one still being made is closed when it arrives (`onModuleDestroy` waits for that).
   */
  stop(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    this.stopping = this.listener.stop();
  }

  /** Stops, and waits for the LISTEN connection to be closed (one under way included). */
  async onModuleDestroy(): Promise<void> {
    this.stop();
    await this.stopping;
  }

  /**
   * Adds a consumer of the outbox (the worker's webhooks): from the next batch on, each batch of events is given to it
   * in the batch's transaction, and its after-commit step runs once that transaction committed.
   */
  feed(consumer: TaskEventConsumer): void {
    if (!this.consumers.includes(consumer)) this.consumers.push(consumer);
  }

  /** Whether LISTEN and the timer run. */
  get listening(): boolean {
    return this.listener.listening && this.timer !== null;
  }

  /** Runs a dispatch now, or once more after the one running (wake-ups during a dispatch collapse into one). */
  wake(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = null));
  }

  /** Resolves when no dispatch started by `wake` is running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Dispatches every pending event, a batch (one transaction) at a time. */
  async dispatchPending(): Promise<DispatchResult> {
    const total: DispatchResult = { events: 0, inApp: 0, emails: [] };
    for (;;) {
      const r = await this.dispatchBatch(DISPATCH_BATCH);
      total.events += r.events;
      total.inApp += r.inApp;
      total.emails.push(...r.emails);
      if (r.events < DISPATCH_BATCH) return total;
    }
  }

  /** One transaction: claim up to `limit` events, write their notifications, mark them dispatched. */
  async dispatchBatch(limit = DISPATCH_BATCH): Promise<DispatchResult> {
    const afterCommit: Array<{ name: string; run: () => Promise<void> }> = [];
    const result = await this.db.transaction(async (m) => {
      afterCommit.length = 0;
      const settle = this.config.NOTIFICATION_SETTLE_SECONDS;
      const events = await this.events.claimPending(m, limit, settle > 0 ? { now: this.clock.now(), seconds: settle, maxWaitSeconds: SETTLE_MAX_WAIT_SECONDS } : undefined);
      if (events.length === 0) return { events: 0, inApp: 0, emails: [] };
      const items = await this.deliveriesFor(events, m);
      const written = await this.notifications.deliver(items, m);
      for (const consumer of this.consumers) {
        const run = await consumer.consume(m, events);
        if (run) afterCommit.push({ name: consumer.name, run });
      }
      await this.events.markDispatched(
        m,
        events.map((e) => e.id),
        this.clock.now(),
      );
      if (this.beforeCommit) await this.beforeCommit(m);
      return { events: events.length, ...written };
    });
    for (const step of afterCommit) {
      await step.run().catch((err: Error) => this.logger.warn(`${step.name} after dispatch failed (its rows wait in PostgreSQL): ${err.message}`));
    }
    if (result.emails.length) this.emit('emails', result.emails);
    if (result.events) this.emit('dispatched', result);
    return result;
  }

  /** Pending events and the oldest one's age; not ready when it waited over OUTBOX_MAX_AGE_SECONDS or PostgreSQL is away. */
  async health(): Promise<OutboxHealth> {
    const none = { pending: 0, oldestAgeSeconds: null, maxAgeSeconds: OUTBOX_MAX_AGE_SECONDS };
    try {
      const summary = await Promise.race([
        this.events.pendingSummary(this.db.manager),
        new Promise<never>((_r, reject) => setTimeout(() => reject(new Error('PostgreSQL: no answer')), 3_000).unref()),
      ]);
      const age = summary.oldestAt ? Math.max(0, Math.round((this.clock.now().getTime() - summary.oldestAt.getTime()) / 1000)) : null;
      return { ready: age === null || age <= OUTBOX_MAX_AGE_SECONDS, database: 'up', pending: summary.pending, oldestAgeSeconds: age, maxAgeSeconds: OUTBOX_MAX_AGE_SECONDS };
    } catch {
      return { ready: false, database: 'down', ...none };
    }
  }

  /**
   * One more look once the latest event has settled (NOTIFICATION_SETTLE_SECONDS after the last wake-up by LISTEN),
   * so a settled burst goes out then rather than at the next timer tick.
   */
  private wakeWhenSettled(): void {
    const settle = this.config.NOTIFICATION_SETTLE_SECONDS;
    if (settle <= 0 || this.closed) return;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      this.wake();
    }, settle * 1000 + 250);
    this.settleTimer.unref();
  }

  private tick(): void {
    this.wake();
    this.emit('tick');
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.dispatchPending();
      } catch (err) {
        this.logger.warn(`dispatch failed (events stay pending, retried at the next wake-up): ${(err as Error).message}`);
        return;
      }
    } while (this.again && !this.closed);
  }

  /** Who is told what, per the recipient rule, the read rule, the preferences, and bursts coalesced. */
  private async deliveriesFor(events: TaskEventRow[], m: EntityManager): Promise<DeliveryItem[]> {
    const tasks = await this.taskFacts([...new Set(events.map((e) => e.taskId))], m);
    const heads = await this.unitHeads([...new Set([...tasks.values()].map((t) => t.leadUnitId))], m);
    const followers = new Map<string, string[]>();
    for (const e of events) {
      if (FOLLOWER_KINDS.has(e.kind) && tasks.has(e.taskId) && !followers.has(e.taskId)) followers.set(e.taskId, await this.watchers.followersOf(e.taskId, m));
    }
    const wanted = events.flatMap((event) => {
      const task = tasks.get(event.taskId);
      if (!task) return [];
      const who = eventRecipients({
        kind: event.kind,
        actorId: event.actorId,
        payload: event.payload,
        assigneeId: task.assigneeId,
        leadUnitHeads: heads.get(task.leadUnitId) ?? [],
        followers: followers.get(event.taskId) ?? [],
      });
      return [...who].map(([userId, role]) => ({ event, task, userId, role }));
    });
    const users = await this.userFacts([...new Set([...wanted.map((w) => w.userId), ...events.map((e) => e.actorId).filter((a): a is string => Boolean(a))])], m);
    const told: Told[] = wanted.flatMap((w) => {
      const user = users.get(w.userId);
      // Never leak a task: only who may read it now (the former assignee is told only what they knew, with no link).
      if (!user?.active || (w.role !== 'former_assignee' && !canReadTask(user.actor, w.task))) return [];
      return [{ event: w.event, task: w.task, user, role: w.role }];
    });
    const prefs = await this.preferences.explicitFor([...new Set(told.map((t) => t.user.actor.id))], m);
    const deliveryOf = (t: Told): NotificationDelivery => {
      const own = prefs.get(t.user.actor.id) ?? {};
      return t.role === 'mentioned' ? (own.comment_added ?? MENTION_DEFAULT) : (own[t.event.kind] ?? DEFAULT_DELIVERY[t.event.kind]);
    };
    const actorName = (e: TaskEventRow) => (e.actorId ? (users.get(e.actorId)?.actor.fullName ?? null) : null);
    const base = this.config.PUBLIC_URL.replace(/\/$/, '');

    const items: DeliveryItem[] = [];
    const push = (t: Told, subjectKey: string, taskId: string | null, msg: { title: string; body: string }, link: string | null) => {
      const delivery = deliveryOf(t);
      if (delivery === 'off') return;
      const item = { subjectKey, kind: t.event.kind, taskId, recipientId: t.user.actor.id, title: msg.title, body: msg.body, link };
      items.push({ ...item, channel: 'in_app' });
      const emailOk = t.user.wantsEmail && Boolean(this.config.SMTP_URL);
      if (delivery === 'email' && emailOk) items.push({ ...item, channel: 'email' });
      if (delivery === 'digest' && emailOk) items.push({ ...item, channel: 'digest' });
    };
    const single = (t: Told) => {
      const msg = eventMessage(t.event.kind, t.role, t.task, actorName(t.event), t.event.payload);
      const hidden = t.role === 'former_assignee' && !canReadTask(t.user.actor, t.task);
      push(t, `event:${t.event.id}`, hidden ? null : t.task.id, msg, hidden ? null : `${base}/nhiem-vu/${t.task.id}`);
    };

    // Bursts: events of one kind from one import (batchId), or by one actor, for one lead unit (or, for the assignee
    // the tasks were taken from, whatever unit), for one recipient, in this claim. The claim waits for the actor to
    // be quiet (NOTIFICATION_SETTLE_SECONDS), so a burst is whole in one claim whatever the timing.
    const groups = new Map<string, Told[]>();
    for (const t of told) {
      if (t.event.kind === 'comment_added' || t.role === 'mentioned') {
        single(t);
        continue;
      }
      const batch = typeof t.event.payload['batchId'] === 'string' ? `b:${t.event.payload['batchId']}` : `a:${t.event.actorId ?? 'system'}`;
      const where = t.role === 'former_assignee' ? 'former' : t.task.leadUnitId;
      const key = `${batch}|${t.event.kind}|${where}|${t.user.actor.id}`;
      const group = groups.get(key) ?? [];
      group.push(t);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      if (group.length < BURST_MIN) {
        group.forEach(single);
        continue;
      }
      const first = group.reduce((a, b) => (BigInt(a.event.id) < BigInt(b.event.id) ? a : b));
      const subject = `burst:${first.event.kind}:${first.event.id}`;
      if (first.role === 'former_assignee') {
        push(first, subject, null, formerAssigneeBurstMessage(group.length, actorName(first.event)), null);
        continue;
      }
      if (group.every((t) => t.task.id === first.task.id)) {
        // Many events of one kind on one task (50 files in a row): one notification that opens the task.
        push(first, subject, first.task.id, taskBurstMessage(first.event.kind, group.length, first.task, actorName(first.event)), `${base}/nhiem-vu/${first.task.id}`);
        continue;
      }
      const mine = group.every((t) => t.task.assigneeId === t.user.actor.id);
      const filter = `unit=${encodeURIComponent(first.task.leadUnitCode)}&includeSubunits=false${first.event.kind === 'extension_requested' ? '&pendingExtension=true' : ''}`;
      const link = mine ? `${base}/viec-cua-toi` : `${base}/nhiem-vu?${filter}`;
      push(first, subject, null, burstMessage(first.event.kind, group.length, first.task.leadUnitName, actorName(first.event)), link);
    }
    return items;
  }

  private async taskFacts(ids: string[], m: EntityManager): Promise<Map<string, TaskFacts>> {
    const rows: Array<{
      id: string;
      code: string;
      title: string;
      deadline: string | null;
      assignee_id: string | null;
      lead_unit_id: string;
      lead_code: string;
      lead_name: string;
      lead_path: string;
      coordinating_paths: string[];
    }> = await m.query(
      `SELECT t.id, t.code, t.title, t.deadline::text AS deadline, t.assignee_id, t.lead_unit_id, lu.code AS lead_code, lu.name AS lead_name, lu.path AS lead_path,
              (SELECT coalesce(array_agg(u.path), '{}') FROM task_coordinating_units c JOIN units u ON u.id = c.unit_id WHERE c.task_id = t.id) AS coordinating_paths
         FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id WHERE t.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          code: r.code,
          title: r.title,
          deadline: r.deadline,
          assigneeId: r.assignee_id,
          leadUnitId: r.lead_unit_id,
          leadUnitCode: r.lead_code,
          leadUnitName: r.lead_name,
          leadUnitPath: r.lead_path,
          coordinatingUnitPaths: r.coordinating_paths,
        },
      ]),
    );
  }

  /** The active heads (role unit_head) of each unit itself, not of the units above it. */
  private async unitHeads(unitIds: string[], m: EntityManager): Promise<Map<string, string[]>> {
    const rows: Array<{ id: string; unit_id: string }> = await m.query(`SELECT id, unit_id FROM users WHERE role = 'unit_head' AND active AND unit_id = ANY($1::uuid[])`, [unitIds]);
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.unit_id, [...(out.get(r.unit_id) ?? []), r.id]);
    return out;
  }

  private async userFacts(ids: string[], m: EntityManager): Promise<Map<string, UserFacts>> {
    const rows: Array<{ id: string; username: string; full_name: string; role: Role; unit_id: string; unit_path: string; active: boolean; email: string | null; email_notifications: boolean }> =
      await m.query(
        `SELECT u.id, u.username, u.full_name, u.role, u.unit_id, un.path AS unit_path, u.active, u.email, u.email_notifications
           FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = ANY($1::uuid[])`,
        [ids],
      );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          actor: { id: r.id, username: r.username, fullName: r.full_name, role: r.role, unitId: r.unit_id, unitPath: r.unit_path },
          active: r.active,
          wantsEmail: Boolean(r.email && r.email_notifications),
        },
      ]),
    );
  }
}
