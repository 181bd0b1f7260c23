import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { VN_TIME_ZONE } from '@tiendo/domain';
import { quietErrors, schedulerJobId } from '@tiendo/server-reminders';
import { Queue } from 'bullmq';
import { PURGE_EXPIRED_RECORDS_JOB, RETENTION_QUEUE, RETENTION_SCHEDULE } from './retention-jobs';

/** States in which a job will still run (BullMQ 6's getJobState names). */
const QUEUED_STATES = new Set(['delayed', 'waiting', 'prioritized', 'active', 'waiting-children']);

/**
 * Puts back the purge's job scheduler when Redis lost it, as ReportTaskScheduler does for the report tasks: the
 * ReminderWatchdog keeps it with the reminders' (WorkerModule registers it: `scheduled` in every check and the
 * worker's readiness, `reconcile` in every repair: at start, every ten minutes, and within REMINDER_WATCHDOG_SECONDS
 * of it going missing). Nothing is caught up: the next daily run deletes whatever a missed one would have (the
 * cut-offs only move forward). Safe to repeat (an upsert).
 */
@Injectable()
export class RetentionScheduler {
  private readonly logger = new Logger(RetentionScheduler.name);

  constructor(@InjectQueue(RETENTION_QUEUE) private readonly queue: Queue) {
    // Without a listener BullMQ prints every reconnect error of the queue to the console.
    queue.on('error', quietErrors(this.logger));
  }

  /** Upserts the daily scheduler; one whose next job is gone is removed first (BullMQ would keep the dead one). */
  async reconcile(): Promise<{ recreated: boolean }> {
    const s = await this.queue.getJobScheduler(RETENTION_SCHEDULE.id);
    let recreated = !s;
    if (s && !(await this.scheduled())) {
      this.logger.warn(`job scheduler ${RETENTION_SCHEDULE.id} has no queued next job: re-creating it`);
      await this.queue.removeJobScheduler(RETENTION_SCHEDULE.id);
      const next = s.next ? schedulerJobId(RETENTION_SCHEDULE.id, s.next) : null;
      if (next && (await this.queue.getJob(next))) await this.queue.remove(next);
      recreated = true;
    }
    await this.queue.upsertJobScheduler(
      RETENTION_SCHEDULE.id,
      { pattern: RETENTION_SCHEDULE.pattern, tz: VN_TIME_ZONE },
      { name: PURGE_EXPIRED_RECORDS_JOB, data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 30 }, attempts: 3, backoff: { type: 'exponential', delay: 60_000 } } },
    );
    return { recreated };
  }

  /** Whether the daily scheduler exists with its next job queued (false: Redis lost it). */
  async scheduled(): Promise<boolean> {
    const s = await this.queue.getJobScheduler(RETENTION_SCHEDULE.id);
    if (!s?.next) return false;
    const next = schedulerJobId(RETENTION_SCHEDULE.id, s.next);
    return (await this.queue.getJob(next)) !== undefined && QUEUED_STATES.has(await this.queue.getJobState(next));
  }
}
