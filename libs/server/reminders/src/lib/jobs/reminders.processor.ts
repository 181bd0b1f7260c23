import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { mondayOf } from '@tiendo/domain';
import { HolidaysService } from '@tiendo/server-calendar';
import { AppConfig, AppMetrics, Clock } from '@tiendo/server-core';
import { Job, WaitingChildrenError } from 'bullmq';
import { hostname } from 'node:os';
import { jobIds, ReminderJob, REMINDERS_QUEUE } from '../reminder-jobs';
import { ReminderRuns, RunResult } from '../reminder-runs.service';
import { ReminderScheduler } from '../reminder-scheduler';
import { quietErrors, ReminderWatchdog } from '../reminder-watchdog';

type RemindersJobData = { day?: string; monday?: string; month?: string; catchUp?: boolean; generation?: number; batch?: number; rounds?: number };

const WORKER_ID = `${hostname()}:${process.pid}`;

/** A coordinator queues a day's unfinished batches at most this many times (each batch job has 5 attempts). */
const MAX_BATCH_ROUNDS = 3;

/**
 * Runs the reminder jobs. Scheduled runs (no day in the payload) work on "today" by the clock; catch-up runs carry
 * their day. A job that dies half way is simply run again: deliveries already made are skipped by their unique key.
 *
 * A day's run is split. Its coordinator is the job `daily-<day>` (queued by the reconcile's catch-up, or by the
 * scheduler's daily job, which waits for it as its child), or a run-daily job queued by hand with a day. It plans
 * the day's batches in PostgreSQL (ReminderRuns.planDaily), queues those not done as its children
 * (`daily-<day>-g<generation>-b<n>`), and waits (BullMQ's waiting-children); any worker runs any batch, up to
 * REMINDER_CONCURRENCY at once each. When they are all done the coordinator runs again and records the run finished.
 * PostgreSQL says which batches are done, so a coordinator queued again after Redis lost everything queues only the
 * rest. A scheduled or catch-up coordinator leaves a finished day alone; one queued by hand with a day works it out
 * again (a new generation).
 */
// A killed worker's run is picked up by another within about 15 s (the lock is renewed every 5 s while it runs).
@Processor(REMINDERS_QUEUE, { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 })
export class RemindersProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(RemindersProcessor.name);
  private readonly redisError = quietErrors(this.logger);

  constructor(
    private readonly runs: ReminderRuns,
    private readonly scheduler: ReminderScheduler,
    private readonly watchdog: ReminderWatchdog,
    private readonly holidays: HolidaysService,
    private readonly clock: Clock,
    private readonly metrics: AppMetrics,
    private readonly config: AppConfig,
  ) {
    super();
  }

  /** REMINDER_CONCURRENCY jobs at once (the decorator's options are fixed at build time; the setting is not). */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.REMINDER_CONCURRENCY;
  }

  /**
   * Runs the job; a reminder run (daily, weekly, monthly) is counted in `tiendo_reminder_runs_total{kind, outcome}`
   * (completed: recorded finished by this job, skipped: not a working day / not the first one / finished before,
   * failed: thrown, to be retried) and its in-app deliveries in `tiendo_reminder_deliveries_total` (a day's by each
   * batch; the e-mails are counted when sent, by SendEmailProcessor). A coordinator going to wait for its batches is
   * neither.
   */
  async process(job: Job<RemindersJobData>, token?: string): Promise<unknown> {
    if (job.name === ReminderJob.reconcile) return this.run(job);
    if (job.name === ReminderJob.dailyBatch) return this.batch(job);
    if (job.name === ReminderJob.daily && job.data.day === undefined) return this.scheduled(job, token);
    const kind = Object.entries(ReminderJob).find(([, name]) => name === job.name)?.[0] ?? job.name;
    try {
      const done = (job.name === ReminderJob.daily ? await this.coordinate(job, token) : await this.run(job)) as { skipped?: string; inApp?: number };
      this.metrics.reminderRuns.inc({ kind, outcome: done.skipped ? 'skipped' : 'completed' });
      this.metrics.delivery('in_app', 'delivered', done.inApp ?? 0);
      return done;
    } catch (err) {
      if (err instanceof WaitingChildrenError) throw err;
      this.metrics.reminderRuns.inc({ kind, outcome: 'failed' });
      throw err;
    }
  }

  /**
   * The coordinator of a day's run: plan, queue the batches not done as children, wait; once none is pending, record
   * the run finished. Throws (to be retried) when batches failed for good, after MAX_BATCH_ROUNDS of queuing them.
   */
  private async coordinate(job: Job<RemindersJobData>, token?: string): Promise<{ skipped?: string; delivered?: number; batches?: number }> {
    const day = job.data.day ?? this.clock.today();
    const calendar = await this.holidays.calendar();
    if (!calendar.isWorkingDay(day)) return { skipped: 'not a working day' };
    // Queued by hand with a day (and not yet planned by this job): a re-run. The scheduler's and catch-ups: not.
    const rerun = job.data.day !== undefined && !job.data.catchUp && job.data.generation === undefined;
    const plan = await this.runs.planDaily(day, { rerun });
    if (job.data.generation !== undefined && plan.generation !== job.data.generation) return { skipped: 'superseded by a later run of the day' };
    if (plan.finished) return { skipped: 'finished before' };
    const rounds = (job.data.rounds ?? 0) + (plan.pending.length ? 1 : 0);
    if (rounds > MAX_BATCH_ROUNDS) throw new Error(`daily ${day}: ${plan.pending.length} batch(es) still failing after ${MAX_BATCH_ROUNDS} rounds`);
    await job.updateData({ ...job.data, day, generation: plan.generation, rounds });
    await this.scheduler.enqueueDailyBatches(job, day, plan.generation, plan.pending);
    if (plan.pending.length && (await job.moveToWaitingChildren(token as string))) throw new WaitingChildrenError();
    const finish = await this.runs.finishDaily(day, plan.generation);
    if (!finish.finished) throw new Error(`daily ${day}: ${finish.remaining} batch(es) not done`);
    return finish.byThis ? { delivered: finish.delivered, batches: plan.batches } : { skipped: 'finished by another job' };
  }

  /**
   * The scheduler's daily job (no day in its payload): queues today's coordinator `daily-<day>` as its child and
   * completes when it does. The same job id as a catch-up's, so the two share one coordinator (BullMQ attaches an
   * existing job to the new parent) instead of planning the day twice. A weekend or holiday is counted skipped here.
   */
  private async scheduled(job: Job<RemindersJobData & { scheduledDay?: string }>, token?: string): Promise<unknown> {
    // Its day is the one it first ran on (kept in its data: it may run again after midnight, once its child is done).
    const day = job.data.scheduledDay ?? this.clock.today();
    if (job.data.scheduledDay === undefined) {
      if (!(await this.holidays.calendar()).isWorkingDay(day)) {
        this.metrics.reminderRuns.inc({ kind: 'daily', outcome: 'skipped' });
        return { skipped: 'not a working day' };
      }
      await job.updateData({ scheduledDay: day });
    } else {
      // Its child is done (or failed for good: the coordinator's record says so), or this job was cut short after
      // queuing it: the coordinator runs the day by itself either way.
      return { day, coordinator: jobIds.daily(day) };
    }
    await this.scheduler.enqueueCoordinator(day, job);
    if (await job.moveToWaitingChildren(token as string)) throw new WaitingChildrenError();
    return { day, coordinator: jobIds.daily(day) };
  }

  /** One batch of a day's run; its e-mails queued at once, its in-app deliveries counted. */
  private async batch(job: Job<RemindersJobData>): Promise<unknown> {
    const { day, generation, batch } = job.data as Required<Pick<RemindersJobData, 'day' | 'generation' | 'batch'>>;
    const done = await this.runs.dailyBatch(day, generation, batch);
    await this.scheduler.enqueueEmails(done.emails);
    this.metrics.delivery('in_app', 'delivered', done.inApp);
    // `worker`: which process ran it (the benchmark's per-worker share; logs).
    return { inApp: done.inApp, emails: done.emails.length, already: done.already, skipped: done.skipped, worker: WORKER_ID };
  }

  private async run(job: Job<RemindersJobData>): Promise<unknown> {
    const today = this.clock.today();
    let result: RunResult | null = null;
    switch (job.name) {
      case ReminderJob.weekly:
        result = await this.runs.weekly(job.data.monday ?? mondayOf(today));
        break;
      case ReminderJob.monthly: {
        const month = job.data.month ?? this.runs.monthToBrief(today, await this.holidays.calendar());
        if (!month) return { skipped: 'not the first working day' };
        result = await this.runs.monthly(month);
        break;
      }
      case ReminderJob.reconcile:
        // Under the watchdog's lock: with several workers, one reconciles; the others' repair would repeat it.
        return (await this.watchdog.reconcileUnderLock('every ten minutes')) ?? { skipped: 'another worker is reconciling' };
      default:
        this.logger.error(`unknown job ${job.name}`);
        throw new Error(`unknown job ${job.name}`);
    }
    await this.scheduler.enqueueEmails(result.emails);
    return { inApp: result.inApp, emails: result.emails.length, skipped: result.skipped };
  }

  /** Redis gone, or a job's keys flushed under it (Redis lost its keys): logged; the watchdog repairs. */
  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.redisError(err);
  }
}
