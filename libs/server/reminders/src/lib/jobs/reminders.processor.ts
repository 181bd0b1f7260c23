import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { mondayOf } from '@tiendo/domain';
import { HolidaysService } from '@tiendo/server-calendar';
import { AppMetrics, Clock } from '@tiendo/server-core';
import { Job } from 'bullmq';
import { ReminderJob, REMINDERS_QUEUE } from '../reminder-jobs';
import { ReminderRuns, RunResult } from '../reminder-runs.service';
import { ReminderScheduler } from '../reminder-scheduler';
import { quietErrors, ReminderWatchdog } from '../reminder-watchdog';

/**
 * Runs the reminder jobs. Scheduled runs (no day in the payload) work on "today" by the clock; catch-up runs carry
 * their day. A job that dies half way is simply run again: deliveries already made are skipped by their unique key.
 */
// A killed worker's run is picked up by another within about 15 s (the lock is renewed every 5 s while it runs).
@Processor(REMINDERS_QUEUE, { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 })
export class RemindersProcessor extends WorkerHost {
  private readonly logger = new Logger(RemindersProcessor.name);
  private readonly redisError = quietErrors(this.logger);

  constructor(
    private readonly runs: ReminderRuns,
    private readonly scheduler: ReminderScheduler,
    private readonly watchdog: ReminderWatchdog,
    private readonly holidays: HolidaysService,
    private readonly clock: Clock,
    private readonly metrics: AppMetrics,
  ) {
    super();
  }

  /**
   * Runs the job; a reminder run (daily, weekly, monthly) is counted in `tiendo_reminder_runs_total{kind, outcome}`
   * (completed, skipped: not a working day / not the first one, failed: thrown, to be retried) and its in-app
   * deliveries in `tiendo_reminder_deliveries_total` (the e-mails are counted when sent, by SendEmailProcessor).
   */
  async process(job: Job<{ day?: string; monday?: string; month?: string }>): Promise<unknown> {
    if (job.name === ReminderJob.reconcile) return this.run(job);
    const kind = Object.entries(ReminderJob).find(([, name]) => name === job.name)?.[0] ?? job.name;
    try {
      const done = (await this.run(job)) as { skipped?: string; inApp?: number };
      this.metrics.reminderRuns.inc({ kind, outcome: done.skipped ? 'skipped' : 'completed' });
      this.metrics.delivery('in_app', 'delivered', done.inApp ?? 0);
      return done;
    } catch (err) {
      this.metrics.reminderRuns.inc({ kind, outcome: 'failed' });
      throw err;
    }
  }

  private async run(job: Job<{ day?: string; monday?: string; month?: string }>): Promise<unknown> {
    const today = this.clock.today();
    let result: RunResult | null = null;
    switch (job.name) {
      case ReminderJob.daily:
        result = await this.runs.daily(job.data.day ?? today);
        break;
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
