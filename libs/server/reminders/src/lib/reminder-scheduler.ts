import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { mondayOf, startOfLocalDay, VN_TIME_ZONE } from '@tiendo/domain';
import { HolidaysService } from '@tiendo/server-calendar';
import { AppConfig, Clock } from '@tiendo/server-core';
import { Job, JobType, Queue } from 'bullmq';
import { jobIds, ReminderJob, schedules, EMAIL_QUEUE, REMINDERS_QUEUE, SEND_EMAIL_JOB, schedulerJobId, ScheduleSpec } from './reminder-jobs';
import { ReminderDeliveries } from './reminder-deliveries';
import { ReminderRuns } from './reminder-runs.service';
import { ReminderSettingsService } from './reminder-settings.service';

/** What a reconcile did: schedulers upserted, catch-up job ids queued, pending e-mails re-queued. */
export interface ReconcileResult {
  schedulers: number;
  caughtUp: string[];
  emails: number;
}

/** One job scheduler as Redis holds it: whether its record exists, its pattern, and whether its next job is queued. */
export interface SchedulerState {
  id: string;
  exists: boolean;
  pattern: string | null;
  /** The id of the job the scheduler queued for its next moment (`repeat:<id>:<ms>`), null when it has none. */
  nextJobId: string | null;
  /** That job exists and waits to run (delayed, waiting, prioritized) or runs (active). */
  queued: boolean;
}

/** E-mail deliveries PostgreSQL has pending against the e-mail jobs Redis holds (counts, not ids). */
export interface EmailQueueGap {
  /** Pending e-mail deliveries, all of them. */
  pending: number;
  /** Jobs of the e-mail queue waiting, delayed, prioritized, paused or running. */
  queued: number;
  /**
   * Pending deliveries older than EMAIL_QUEUE_GRACE_MS (by the domain clock) beyond the jobs queued: e-mails nobody
   * will send until a reconcile. 0 when the queue holds at least as many jobs. Younger rows are left out: a run
   * commits its rows and adds their jobs just after.
   */
  unqueued: number;
}

/** A run's job (a catch-up, a day's coordinator): 5 attempts, 10 s doubling; done jobs leave Redis. */
const RUN_JOB_OPTIONS = { removeOnComplete: true, removeOnFail: { count: 100 }, attempts: 5, backoff: { type: 'exponential', delay: 10_000 } } as const;

/** States in which a job will still run (BullMQ 6's getJobState names; 'waiting' covers a paused queue too). */
const QUEUED_STATES = new Set(['delayed', 'waiting', 'prioritized', 'active', 'waiting-children']);
/** A pending e-mail row younger than this may not have its job yet (added after its run's transaction commits). */
export const EMAIL_QUEUE_GRACE_MS = 60_000;

/**
 * PostgreSQL is the source of truth; Redis only wakes the workers. This puts back what Redis may have lost (it keeps
 * nothing on disk): the job schedulers, today's runs whose hour has passed without a finished run (a worker that was
 * down at 08:00 catches up once, the same day; past days are never backfilled), and every e-mail still pending.
 * Called by the ReminderWatchdog (at worker start, and within REMINDER_WATCHDOG_SECONDS of a scheduler going missing)
 * and by the ten-minute reconcile job. Safe to repeat: upserts, one job id per day and per delivery.
 */
@Injectable()
export class ReminderScheduler {
  private readonly logger = new Logger(ReminderScheduler.name);

  constructor(
    @InjectQueue(REMINDERS_QUEUE) private readonly reminders: Queue,
    @InjectQueue(EMAIL_QUEUE) private readonly email: Queue,
    private readonly runs: ReminderRuns,
    private readonly deliveries: ReminderDeliveries,
    private readonly settings: ReminderSettingsService,
    private readonly holidays: HolidaysService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async reconcile(): Promise<ReconcileResult> {
    const settings = await this.settings.get();
    const specs = schedules(settings.sendHour, settings.monthlyHour);
    for (const s of specs) {
      const state = await this.schedulerState(s.id);
      // A scheduler whose next job is gone (or left as a hash no state holds: BullMQ's upsert would refuse it, same id
      // for the same next moment) is taken down with that job first, so that the upsert below queues a new one.
      if (state.exists && !state.queued) await this.dropScheduler(s.id, state.nextJobId);
      await this.upsertScheduler(s);
    }
    const caughtUp: string[] = [];
    const now = this.clock.now();
    const today = this.clock.today();
    const calendar = await this.holidays.calendar();
    const hourPassed = (hour: number) => now.getTime() >= startOfLocalDay(today).getTime() + hour * 3_600_000;
    if (calendar.isWorkingDay(today) && hourPassed(settings.sendHour)) {
      if (!(await this.runs.finished('daily', today))) caughtUp.push(await this.enqueue(ReminderJob.daily, { day: today, catchUp: true }, jobIds.daily(today)));
      const monday = mondayOf(today);
      if (monday === today && !(await this.runs.finished('weekly', monday))) caughtUp.push(await this.enqueue(ReminderJob.weekly, { monday }, jobIds.weekly(monday)));
    }
    const month = this.runs.monthToBrief(today, calendar);
    if (month && hourPassed(settings.monthlyHour) && !(await this.runs.finished('monthly', month))) {
      caughtUp.push(await this.enqueue(ReminderJob.monthly, { month }, jobIds.monthly(month)));
    }
    let emails = 0;
    for await (const page of this.deliveries.pendingEmails()) {
      await this.enqueueEmails(page);
      emails += page.length;
    }
    if (caughtUp.length || emails) this.logger.log(`reconciled: ${caughtUp.join(', ') || 'no run to catch up'}; ${emails} pending e-mails queued`);
    return { schedulers: specs.length, caughtUp, emails };
  }

  /**
   * Reads one job scheduler and its next job from Redis. The scheduler may move on between the two reads (its job just
   * started, the next one is queued): a next job not found queued is looked for once more under a fresh read.
   */
  async schedulerState(id: string): Promise<SchedulerState> {
    for (let attempt = 0; ; attempt++) {
      const scheduler = await this.reminders.getJobScheduler(id);
      if (!scheduler) return { id, exists: false, pattern: null, nextJobId: null, queued: false };
      const nextJobId = scheduler.next ? schedulerJobId(id, scheduler.next) : null;
      const queued = nextJobId !== null && (await this.reminders.getJob(nextJobId)) !== undefined && QUEUED_STATES.has(await this.reminders.getJobState(nextJobId));
      if (queued || attempt === 1) return { id, exists: true, pattern: scheduler.pattern ?? null, nextJobId, queued };
    }
  }

  /** Counts pending e-mail deliveries (PostgreSQL) against the e-mail jobs Redis holds; see EmailQueueGap. */
  async emailQueueGap(): Promise<EmailQueueGap> {
    const [{ pending, old }] = await this.deliveries.pendingEmailCounts(new Date(this.clock.now().getTime() - EMAIL_QUEUE_GRACE_MS));
    // 'paused' is the list of a paused queue (getCounts' Lua knows it; BullMQ's JobType does not name it).
    const counts = await this.email.getJobCounts(...(['wait', 'paused', 'delayed', 'prioritized', 'active', 'waiting-children'] as JobType[]));
    const queued = Object.values(counts).reduce((a, b) => a + b, 0);
    return { pending, queued, unqueued: Math.max(0, old - queued) };
  }

  /**
   * Upserts one scheduler. BullMQ refuses (SchedulerJobIdCollision) when a job already holds the id of the moment it
   * computes, i.e. a finished job of that scheduler dated in the future (run early by hand: promoted); such jobs are
   * removed and the upsert made again, once.
   */
  private async upsertScheduler(s: ScheduleSpec): Promise<void> {
    // Done jobs leave Redis (reminder_runs keeps the record): kept, the ten-minute reconcile alone would leave 144 a day.
    const template = { name: s.job, data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } };
    const upsert = () => this.reminders.upsertJobScheduler(s.id, { pattern: s.pattern, tz: VN_TIME_ZONE }, template);
    try {
      await upsert();
    } catch (err) {
      if (!/job ID already exists/i.test((err as Error).message)) throw err;
      const prefix = schedulerJobId(s.id, 0).slice(0, -1);
      const finished = await this.reminders.getJobs(['completed', 'failed']);
      const early = finished.filter((j) => j.id?.startsWith(prefix) && Number(j.id.slice(prefix.length)) > Date.now());
      this.logger.warn(`job scheduler ${s.id}: removing ${early.length} finished job(s) dated ahead that block its next moment`);
      for (const job of early) await job.remove();
      await upsert();
    }
  }

  /** Removes a scheduler and the job it left for its next moment (any state but running). */
  private async dropScheduler(id: string, nextJobId: string | null): Promise<void> {
    this.logger.warn(`job scheduler ${id} has no queued next job${nextJobId ? ` (${nextJobId})` : ''}: re-creating it`);
    await this.reminders.removeJobScheduler(id);
    // Only once the scheduler is gone does BullMQ let its job be removed; an active one (locked) is left alone.
    if (nextJobId && (await this.reminders.getJob(nextJobId))) await this.reminders.remove(nextJobId);
  }

  /** One job per e-mail delivery, id = the delivery's: queued twice, it runs once while it exists. */
  async enqueueEmails(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.email.addBulk(
      deliveryIds.map((id) => ({
        name: SEND_EMAIL_JOB,
        data: { deliveryId: id },
        opts: {
          jobId: jobIds.email(id),
          attempts: this.config.EMAIL_ATTEMPTS,
          backoff: { type: 'exponential', delay: this.config.EMAIL_RETRY_BASE_MS },
          // Done jobs leave Redis; the delivery row keeps the record (and a re-queued delivered row sends nothing).
          removeOnComplete: true,
          removeOnFail: { count: 1000 },
        },
      })),
    );
  }

  /**
   * Queues the batches of a day's run as children of its coordinator `parent` (a BullMQ flow: the coordinator runs
   * again once they are all done). Each is retried alone (5 attempts, REMINDER_RETRY_BASE_MS doubling); one that
   * fails for good is left out of the wait (`ignoreDependencyOnFailure`) and removed, so that the coordinator finds
   * it not done in PostgreSQL and queues it again.
   */
  async enqueueDailyBatches(parent: Job, day: string, generation: number, batches: number[]): Promise<void> {
    if (batches.length === 0) return;
    await this.reminders.addBulk(
      batches.map((batch) => ({
        name: ReminderJob.dailyBatch,
        data: { day, generation, batch },
        opts: {
          jobId: jobIds.dailyBatch(day, generation, batch),
          parent: { id: parent.id as string, queue: parent.queueQualifiedName },
          attempts: 5,
          backoff: { type: 'exponential', delay: this.config.REMINDER_RETRY_BASE_MS },
          ignoreDependencyOnFailure: true,
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  }

  /**
   * Queues a day's coordinator as the child of the scheduler's job `parent` (which then completes with it). Attached,
   * not duplicated, when a catch-up queued it first.
   */
  async enqueueCoordinator(day: string, parent: Job): Promise<void> {
    await this.reminders.add(
      ReminderJob.daily,
      { day, catchUp: true },
      { ...RUN_JOB_OPTIONS, jobId: jobIds.daily(day), parent: { id: parent.id as string, queue: parent.queueQualifiedName }, ignoreDependencyOnFailure: true },
    );
  }

  private async enqueue(name: string, data: Record<string, unknown>, jobId: string): Promise<string> {
    await this.reminders.add(name, data, { ...RUN_JOB_OPTIONS, jobId });
    return jobId;
  }
}
