import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig, Clock, listenUrl } from '@tiendo/server-core';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { redisConnection } from './redis-connection';
import { EMAIL_QUEUE, REMINDERS_QUEUE, schedules } from './reminder-jobs';
import { ReminderRuns } from './reminder-runs.service';
import { EmailQueueGap, ReconcileResult, ReminderScheduler } from './reminder-scheduler';
import { ReminderSettingsService } from './reminder-settings.service';

// Any constant distinct from the migrations' (7_204_611): one repair at a time per database, across workers.
const REPAIR_LOCK_KEY = 7_204_620;
// A check never waits longer than this on Redis or PostgreSQL: an unreachable one is reported, not waited for.
const REDIS_TIMEOUT_MS = 3_000;
// At start the worker waits this long for Redis before it goes on without it (the timer repairs when it returns).
const START_WAIT_MS = 5_000;

/** The job schedulers in Redis against those the settings ask for, and the e-mail queue against PostgreSQL. Ids as in `schedules()`. */
export interface SchedulerInspection {
  redis: 'up' | 'down';
  database: 'up' | 'down';
  present: string[];
  missing: string[];
  /** Present with another cron pattern than the settings now ask for (an admin changed the hour). */
  stale: string[];
  /**
   * Present, but the job queued for their next moment is gone or in no state that runs (its key or the delayed set
   * deleted): nothing would fire again.
   */
  unqueued: string[];
  /**
   * Pending e-mail deliveries against the e-mail jobs in Redis; null when Redis or PostgreSQL does not answer, or (in a
   * check) when a scheduler needs the reconcile anyway.
   */
  emails: EmailQueueGap | null;
}

/**
 * A job scheduler of another part of the worker that Redis holds too (the report tasks' daily run, the retention
 * purge), kept by the watchdog as its own: checked with the reminders' on every check and in the readiness, put back by
 * every repair.
 */
export interface WatchedScheduler {
  /** Whether it exists with the job of its next moment queued. */
  scheduled(): Promise<boolean>;
  /** Puts it back (an upsert, with whatever catch-up its owner does); safe to repeat. */
  reconcile(): Promise<unknown>;
}

export interface WatchdogCheck extends SchedulerInspection {
  /** A reconcile ran (in this worker) because of this check. */
  repaired: boolean;
  /** Why nothing ran although something was wrong. */
  skipped?: 'redis down' | 'database down' | 'another worker is repairing';
  reconcile?: ReconcileResult;
}

/** The worker's readiness, as GET /health/ready answers it. Moments are UTC ISO 8601 by the domain clock. */
export interface WorkerHealth {
  ready: boolean;
  redis: 'up' | 'down';
  database: 'up' | 'down';
  schedulers: { present: string[]; missing: string[]; stale: string[]; unqueued: string[] };
  /** Pending e-mail deliveries (PostgreSQL), e-mail jobs (Redis), and pending ones older than a minute without a job. */
  emails: EmailQueueGap | null;
  /** The last reminder run of any kind that finished (PostgreSQL's record, shared by every worker). */
  lastRunFinishedAt: string | null;
  lastRun: { kind: string; period: string } | null;
  /** This worker's last watchdog check and last repair (a reconcile it ran, at start or after a loss). */
  lastCheckAt: string | null;
  lastRepairAt: string | null;
  lastRepairReason: string | null;
  watchdogSeconds: number;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Keeps the reminders running when Redis loses its keys (FLUSHDB, or a restart: Redis keeps nothing on disk here).
 * A plain in-process timer, every REMINDER_WATCHDOG_SECONDS of real time, checks that every expected job scheduler
 * exists in Redis with the pattern the settings ask for AND has the job of its next moment queued (a partial loss,
 * the delayed set or a job's key deleted, leaves the scheduler's record but nothing that fires), and that no e-mail
 * delivery pending in PostgreSQL for over a minute lacks a job (a count against the e-mail queue's). The ten-minute
 * reconcile is itself a scheduler in Redis, so what notices the loss must not live there. When anything is missing
 * or stale it runs the start-up reconcile (ReminderScheduler.reconcile: schedulers, re-created when their next job is
 * gone; today's runs whose hour passed without a finished run in PostgreSQL; every pending e-mail). A Redis that
 * reconnects triggers a check at once.
 *
 * Several workers: the repair runs under a PostgreSQL advisory lock and re-checks once it holds it, so one worker
 * repairs and the others find the schedulers back; a repeat would be harmless anyway (upserts, job ids per day and
 * per delivery, deliveries' unique key). An unreachable Redis is reported (health 503), never thrown: the worker
 * stays up and repairs when Redis returns.
 *
 * Emits 'checked' (WatchdogCheck) after every check and 'repaired' after every reconcile it ran.
 */
@Injectable()
export class ReminderWatchdog extends EventEmitter implements OnModuleDestroy {
  private readonly logger = new Logger(ReminderWatchdog.name);
  private readonly probe: Redis;
  private timer: NodeJS.Timeout | null = null;
  /** Set by stop() (shutdown): a start() still waiting for Redis or its first check then starts no timer. */
  private stopped = false;
  private inFlight: Promise<WatchdogCheck> | null = null;
  /** Until one full reconcile succeeded in this process (Redis or the lock may have been unavailable at start). */
  private reconciledOnce = false;
  private redisWasDown = false;
  private lastCheckAt: Date | null = null;
  private lastRepairAt: Date | null = null;
  private lastRepairReason: string | null = null;
  /** Pending e-mails still without a job right after this worker's last reconcile: no use repeating it for those. */
  private emailsLeftUnqueued = 0;
  /** Other parts' job schedulers, by id (watch()). */
  private readonly watched = new Map<string, WatchedScheduler>();

  constructor(
    @InjectQueue(REMINDERS_QUEUE) private readonly reminders: Queue,
    @InjectQueue(EMAIL_QUEUE) email: Queue,
    @InjectDataSource() private readonly db: DataSource,
    private readonly scheduler: ReminderScheduler,
    private readonly settings: ReminderSettingsService,
    private readonly runs: ReminderRuns,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
    // A connection of its own that fails fast (no offline queue): a check asks "is Redis there now?", and BullMQ's
    // connections would instead hold the command until Redis returns.
    this.probe = new Redis({
      ...redisConnection(config),
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: REDIS_TIMEOUT_MS,
      retryStrategy: (times) => Math.min(times * 500, 5_000),
    });
    let connectedBefore = false;
    this.probe.on('ready', () => {
      // A Redis that comes back may have come back empty: check now rather than at the next tick.
      // (Also the first connection of a worker that started without Redis.)
      if (connectedBefore || this.redisWasDown) void this.afterReconnect();
      connectedBefore = true;
    });
    const quiet = quietErrors(this.logger);
    this.probe.on('error', quiet);
    // Without a listener BullMQ prints every reconnect error of its queues to the console.
    reminders.on('error', quiet);
    email.on('error', quiet);
  }

  /**
   * At worker start: waits up to 5 s for Redis, runs the full reconcile (under the lock; skipped while another
   * worker holds it, that one does the same), then starts the timer. Never throws for Redis being away.
   */
  async start(): Promise<void> {
    this.stopped = false;
    if (this.probe.status !== 'ready') {
      // Not events.once: it would give up at the first connection error, and a Redis may still be starting.
      await withTimeout(new Promise((resolve) => this.probe.once('ready', resolve)), START_WAIT_MS, 'Redis at start').catch(() => undefined);
    }
    await this.check('worker start').catch((err) => this.logger.error(`reconcile at start failed: ${(err as Error).message}`));
    // Stopped meanwhile (a shutdown during the start-up wait or check): the timer would go on checking after it.
    if (this.stopped) return;
    if (!this.timer) {
      this.timer = setInterval(() => {
        void this.check('timer').catch((err) => this.logger.warn(`watchdog check failed: ${(err as Error).message}`));
      }, this.config.REMINDER_WATCHDOG_SECONDS * 1000);
      // The BullMQ workers keep the process alive; the timer alone must not.
      this.timer.unref();
    }
  }

  /**
   * Keeps another part's job scheduler (`id` as in Redis) with the reminders': missing, it is reported by inspect()
   * and the readiness and sets off the repair, which reconciles it too. Register before the worker starts.
   */
  watch(id: string, scheduler: WatchedScheduler): void {
    this.watched.set(id, scheduler);
  }

  /** Whether the timer runs (the health answer, and the test that proves the worker starts it). */
  get running(): boolean {
    return this.timer !== null;
  }

  /**
   * One check: inspects Redis and, when a scheduler is missing or stale (or this process never completed its start-up
   * reconcile), repairs under the lock. Concurrent calls in one process share one check.
   */
  check(reason = 'check'): Promise<WatchdogCheck> {
    this.inFlight ??= this.checkOnce(reason).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /**
   * Read-only: Redis reachable, which schedulers exist, which are missing, stale or without their next job queued, and
   * the e-mail queue against PostgreSQL. `emails: 'if schedulers fine'` (the checks) skips the e-mail count when a
   * scheduler needs the reconcile anyway, which re-queues every pending e-mail: after a Redis restart the e-mail
   * queue's connection may come back seconds after the others, and a check should not wait on it for nothing.
   * Never throws.
   */
  async inspect(emails: 'always' | 'if schedulers fine' = 'always'): Promise<SchedulerInspection> {
    let sendHour = 8;
    let monthlyHour = 7;
    let database: 'up' | 'down' = 'up';
    try {
      ({ sendHour, monthlyHour } = await withTimeout(this.settings.get(), REDIS_TIMEOUT_MS, 'PostgreSQL'));
    } catch {
      // The ids do not depend on the hours: presence can still be checked; staleness cannot.
      database = 'down';
    }
    const specs = schedules(sendHour, monthlyHour);
    const none = { present: [], missing: [], stale: [], unqueued: [], emails: null };
    if (this.probe.status !== 'ready') return { redis: 'down', database, ...none };
    let found: Awaited<ReturnType<ReminderScheduler['schedulerState']>>[];
    const watched = [...this.watched.entries()];
    let watchedQueued: boolean[];
    try {
      await withTimeout(this.probe.ping(), REDIS_TIMEOUT_MS, 'Redis PING');
      found = await withTimeout(Promise.all(specs.map((s) => this.scheduler.schedulerState(s.id))), REDIS_TIMEOUT_MS, 'Redis job schedulers');
      watchedQueued = await withTimeout(Promise.all(watched.map(([, w]) => w.scheduled())), REDIS_TIMEOUT_MS, 'Redis job schedulers');
    } catch {
      return { redis: 'down', database, ...none };
    }
    const result: SchedulerInspection = { redis: 'up', database, present: [], missing: [], stale: [], unqueued: [], emails: null };
    specs.forEach((s, i) => {
      const scheduler = found[i];
      if (!scheduler.exists) result.missing.push(s.id);
      else {
        result.present.push(s.id);
        if (database === 'up' && scheduler.pattern !== s.pattern) result.stale.push(s.id);
        if (!scheduler.queued) result.unqueued.push(s.id);
      }
    });
    // Another part's scheduler without its next job queued is as good as missing: nothing would fire.
    watched.forEach(([id], i) => (watchedQueued[i] ? result.present : result.missing).push(id));
    if (database === 'up' && (emails === 'always' || result.missing.length + result.stale.length + result.unqueued.length === 0)) {
      try {
        result.emails = await withTimeout(this.scheduler.emailQueueGap(), REDIS_TIMEOUT_MS, 'e-mail queue against PostgreSQL');
      } catch {
        // Either store stopped answering between the two looks: the next check tells which.
        result.emails = null;
      }
    }
    return result;
  }

  /**
   * The readiness answer: ready when Redis and PostgreSQL answer, no scheduler is missing or without its next job
   * queued, and no pending e-mail older than a minute lacks its job. Never throws.
   */
  async health(): Promise<WorkerHealth> {
    const inspection = await this.inspect();
    let last: Awaited<ReturnType<ReminderRuns['lastFinished']>> = null;
    let database = inspection.database;
    // Once is enough to wait on a PostgreSQL that does not answer (a probe has a timeout of its own).
    if (database === 'up') {
      try {
        last = await withTimeout(this.runs.lastFinished(), REDIS_TIMEOUT_MS, 'PostgreSQL');
      } catch {
        database = 'down';
      }
    }
    return {
      // A stale scheduler still fires (at the old hour) and is repaired at the next check: ready all the same.
      ready: inspection.redis === 'up' && database === 'up' && inspection.missing.length + inspection.unqueued.length === 0 && (inspection.emails?.unqueued ?? 0) === 0,
      redis: inspection.redis,
      database,
      schedulers: { present: inspection.present, missing: inspection.missing, stale: inspection.stale, unqueued: inspection.unqueued },
      emails: inspection.emails,
      lastRunFinishedAt: last?.finishedAt.toISOString() ?? null,
      lastRun: last ? { kind: last.kind, period: last.periodKey } : null,
      lastCheckAt: this.lastCheckAt?.toISOString() ?? null,
      lastRepairAt: this.lastRepairAt?.toISOString() ?? null,
      lastRepairReason: this.lastRepairReason,
      watchdogSeconds: this.config.REMINDER_WATCHDOG_SECONDS,
    };
  }

  /**
   * The full reconcile under the repair lock, whatever Redis holds (the ten-minute job and the start-up path).
   * Returns null when another worker holds the lock: that one is doing the same work.
   */
  async reconcileUnderLock(reason: string): Promise<ReconcileResult | null> {
    const outcome = await this.underRepairLock(() => this.reconcile(reason));
    return outcome.locked ? outcome.value : null;
  }

  /** Stops the timer (shutdown; a test that drives check() itself). The reconnect trigger stays. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  onModuleDestroy(): void {
    this.stop();
    this.probe.disconnect();
  }

  /** BullMQ's own connections come back on their own schedule (up to 20 s apart): look until they answer. */
  private async afterReconnect(): Promise<void> {
    for (let attempt = 0; attempt < 10 && this.probe.status === 'ready'; attempt++) {
      try {
        if ((await this.check('Redis reconnected')).redis === 'up') return;
      } catch (err) {
        this.logger.warn(`check after reconnect failed: ${(err as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 2_000).unref());
    }
  }

  private async checkOnce(reason: string): Promise<WatchdogCheck> {
    const inspection = await this.inspect('if schedulers fine');
    this.lastCheckAt = this.clock.now();
    const result = await this.act(reason, inspection);
    this.emit('checked', result);
    return result;
  }

  private async act(reason: string, inspection: SchedulerInspection): Promise<WatchdogCheck> {
    if (inspection.redis === 'down') {
      if (!this.redisWasDown) this.logger.warn('Redis unreachable: reminders wait; the job schedulers are checked again when it answers');
      this.redisWasDown = true;
      return { ...inspection, repaired: false, skipped: 'redis down' };
    }
    if (this.redisWasDown) this.logger.log('Redis answers again');
    this.redisWasDown = false;
    if (inspection.emails && inspection.emails.unqueued < this.emailsLeftUnqueued) this.emailsLeftUnqueued = inspection.emails.unqueued;
    if (!this.needsRepair(inspection) && this.reconciledOnce) return { ...inspection, repaired: false };
    if (inspection.database === 'down') return { ...inspection, repaired: false, skipped: 'database down' };
    const why = inspection.missing.length
      ? `${reason}: job schedulers missing in Redis (${inspection.missing.join(', ')})`
      : inspection.unqueued.length
        ? `${reason}: job schedulers without their next job queued (${inspection.unqueued.join(', ')})`
        : inspection.emails?.unqueued
          ? `${reason}: ${inspection.emails.unqueued} pending e-mails without a job in Redis`
          : inspection.stale.length
            ? `${reason}: job schedulers out of date (${inspection.stale.join(', ')})`
            : reason;
    // A loss while running is worth a warning; at start (the first reconcile of this process) it is the usual case.
    if (inspection.missing.length || inspection.unqueued.length || inspection.emails?.unqueued) {
      if (this.reconciledOnce) this.logger.warn(why);
      else this.logger.log(why);
    }
    const outcome = await this.underRepairLock(async () => {
      // Another worker may have repaired between our look and the lock: look again, holding it.
      const again = await this.inspect('if schedulers fine');
      if (again.redis === 'down') return null;
      if (this.reconciledOnce && !this.needsRepair(again)) return null;
      const result = await this.reconcile(why);
      // Pending rows a reconcile cannot queue (a job of the same id kept as failed) must not set off one every check.
      const left = await withTimeout(this.scheduler.emailQueueGap(), REDIS_TIMEOUT_MS, 'e-mail queue').catch(() => null);
      this.emailsLeftUnqueued = left?.unqueued ?? 0;
      return result;
    });
    if (!outcome.locked) return { ...inspection, repaired: false, skipped: 'another worker is repairing' };
    if (!outcome.value) return { ...inspection, repaired: false };
    return { ...inspection, repaired: true, reconcile: outcome.value };
  }

  /** A scheduler missing, stale or without its next job; or more pending e-mails without a job than a reconcile left. */
  private needsRepair(inspection: SchedulerInspection): boolean {
    return inspection.missing.length + inspection.stale.length + inspection.unqueued.length > 0 || (inspection.emails?.unqueued ?? 0) > this.emailsLeftUnqueued;
  }

  private async reconcile(reason: string): Promise<ReconcileResult> {
    const result = await this.scheduler.reconcile();
    // The watched schedulers too: one failing is logged, and the next check finds it missing again.
    for (const [id, w] of this.watched) {
      await w.reconcile().catch((err: Error) => this.logger.warn(`job scheduler ${id}: reconcile failed: ${err.message}`));
    }
    this.reconciledOnce = true;
    this.lastRepairAt = this.clock.now();
    this.lastRepairReason = reason;
    this.logger.log(`reconciled (${reason}): ${result.schedulers} schedulers, caught up ${result.caughtUp.join(', ') || 'nothing'}, ${result.emails} pending e-mails queued`);
    this.emit('repaired', { reason, ...result });
    return result;
  }

  /**
   * Session-level advisory lock on a connection of its own; released (or dropped with the connection) after. Through a
   * transaction-mode pooler (DATABASE_POOL_MODE=transaction) a session lock would stay on whichever server connection
   * took it, so the lock is then taken on a direct connection (DATABASE_LISTEN_URL) opened for the repair.
   */
  private async underRepairLock<T>(work: () => Promise<T>): Promise<{ locked: false } | { locked: true; value: T }> {
    const session = await this.lockSession();
    try {
      const [{ locked }] = await session.query(`SELECT pg_try_advisory_lock($1) AS locked`, [REPAIR_LOCK_KEY]);
      if (!locked) return { locked: false };
      try {
        return { locked: true, value: await work() };
      } finally {
        await session.query(`SELECT pg_advisory_unlock($1)`, [REPAIR_LOCK_KEY]).catch(() => undefined);
      }
    } finally {
      await session.close();
    }
  }

  private async lockSession(): Promise<{ query(sql: string, values: unknown[]): Promise<Array<{ locked: boolean }>>; close(): Promise<void> }> {
    if (this.config.DATABASE_POOL_MODE === 'transaction') {
      const client = new Client({ connectionString: listenUrl(this.config), application_name: 'tiendo-worker-lock', connectionTimeoutMillis: 5_000 });
      client.on('error', () => undefined);
      await client.connect();
      return { query: async (sql, values) => (await client.query(sql, values)).rows, close: () => client.end().catch(() => undefined) };
    }
    const runner = this.db.createQueryRunner();
    await runner.connect();
    return { query: (sql, values) => runner.query(sql, values), close: () => runner.release() };
  }
}

/** Logs a Redis or worker error once per distinct message a minute: an outage is one line, not one per retry. */
export function quietErrors(logger: Logger): (err: Error) => void {
  const seen = new Map<string, number>();
  return (err: Error) => {
    const key = err.message;
    const now = Date.now();
    if ((seen.get(key) ?? 0) > now - 60_000) return;
    seen.set(key, now);
    logger.warn(key);
  };
}
