import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { mondayOf, startOfLocalDay, VN_TIME_ZONE } from '@tiendo/domain';
import { HolidaysService } from '@tiendo/server-calendar';
import { AppConfig, Clock } from '@tiendo/server-core';
import { Queue } from 'bullmq';
import { jobIds, ReminderJob, schedules, EMAIL_QUEUE, REMINDERS_QUEUE, SEND_EMAIL_JOB } from './reminder-jobs';
import { ReminderDeliveries } from './reminder-deliveries';
import { ReminderRuns } from './reminder-runs.service';
import { ReminderSettingsService } from './reminder-settings.service';

/** What a reconcile did: schedulers upserted, catch-up job ids queued, pending e-mails re-queued. */
export interface ReconcileResult {
  schedulers: number;
  caughtUp: string[];
  emails: number;
}

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
      await this.reminders.upsertJobScheduler(s.id, { pattern: s.pattern, tz: VN_TIME_ZONE }, { name: s.job, data: {} });
    }
    const caughtUp: string[] = [];
    const now = this.clock.now();
    const today = this.clock.today();
    const calendar = await this.holidays.calendar();
    const hourPassed = (hour: number) => now.getTime() >= startOfLocalDay(today).getTime() + hour * 3_600_000;
    if (calendar.isWorkingDay(today) && hourPassed(settings.sendHour)) {
      if (!(await this.runs.finished('daily', today))) caughtUp.push(await this.enqueue(ReminderJob.daily, { day: today }, jobIds.daily(today)));
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

  private async enqueue(name: string, data: Record<string, string>, jobId: string): Promise<string> {
    await this.reminders.add(name, data, { jobId, removeOnComplete: true, removeOnFail: { count: 100 }, attempts: 5, backoff: { type: 'exponential', delay: 10_000 } });
    return jobId;
  }
}
