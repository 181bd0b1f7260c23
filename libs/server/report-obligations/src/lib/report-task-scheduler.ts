import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { VN_TIME_ZONE } from '@tiendo/domain';
import { Clock } from '@tiendo/server-core';
import { quietErrors, schedulerJobId } from '@tiendo/server-reminders';
import { Queue } from 'bullmq';
import { ReportTaskGenerator } from './report-task-generator';
import { CREATE_REPORT_TASKS_JOB, CreateReportTasksPayload, REPORT_TASKS_QUEUE, REPORT_TASKS_SCHEDULE, reportTaskJobIds } from './report-task-jobs';

/** States in which a job will still run (BullMQ 6's getJobState names). */
const QUEUED_STATES = new Set(['delayed', 'waiting', 'prioritized', 'active', 'waiting-children']);

/** What a reconcile did: the daily scheduler upserted (re-created when its next job was gone), today's run queued. */
export interface ReportTaskReconcile {
  recreated: boolean;
  /** The catch-up job queued for today (its id), or null when today's run has ended (report_task_runs). */
  caughtUp: string | null;
  /** The obligations' own runs queued again (job ids): those changed since today's daily run began. */
  obligations: string[];
}

/**
 * Puts back what Redis may have lost for the report-task generator, as ReminderScheduler does for the reminders:
 * the daily job scheduler (00:05 Asia/Ho_Chi_Minh), and today's run when PostgreSQL has no finished run of today
 * (report_task_runs). Only today is queued: a run creates every period still missing whose creation day has come
 * (ReportTaskGenerator, catch-up bounded there), so one run catches up the days a worker or Redis missed.
 * The ReminderWatchdog keeps its scheduler with the reminders' (WorkerModule registers it: `schedulerQueued` in every
 * check and the worker's readiness, `reconcile` in every repair: at start, every ten minutes, and within
 * REMINDER_WATCHDOG_SECONDS of the scheduler or its next job going missing). Safe to repeat: an upsert and one job
 * id per day.
 */
@Injectable()
export class ReportTaskScheduler {
  private readonly logger = new Logger(ReportTaskScheduler.name);

  constructor(
    @InjectQueue(REPORT_TASKS_QUEUE) private readonly queue: Queue,
    private readonly generator: ReportTaskGenerator,
    private readonly clock: Clock,
  ) {
    // Without a listener BullMQ prints every reconnect error of the queue to the console.
    queue.on('error', quietErrors(this.logger));
  }

  async reconcile(): Promise<ReportTaskReconcile> {
    const recreated = await this.repairScheduler();
    const today = this.clock.today();
    let caughtUp: string | null = null;
    if (!(await this.generator.finished(today))) {
      caughtUp = reportTaskJobIds.catchUp(today);
      await this.queue.add(CREATE_REPORT_TASKS_JOB, { day: today }, { jobId: caughtUp, removeOnComplete: true, removeOnFail: true, attempts: 5, backoff: { type: 'exponential', delay: 10_000 } });
    }
    // The API queues an obligation's run after each change (ReportTasksTrigger), best effort: Redis may have refused
    // or lost it. Queue again the run of every obligation changed since today's daily run began (its job id is one per
    // obligation, and a run creates only what is missing, so this repeats nothing).
    const obligations: string[] = [];
    for (const id of await this.generator.changedSinceDailyRun(today)) {
      const payload: CreateReportTasksPayload = { obligationId: id };
      const jobId = reportTaskJobIds.obligation(id);
      await this.queue.add(CREATE_REPORT_TASKS_JOB, payload, { jobId, removeOnComplete: true, removeOnFail: { count: 100 }, attempts: 5, backoff: { type: 'exponential', delay: 5_000 } });
      obligations.push(jobId);
    }
    return { recreated, caughtUp, obligations };
  }

  /** Whether the daily scheduler exists with its next job queued (false: Redis lost it). */
  async schedulerQueued(): Promise<boolean> {
    const s = await this.queue.getJobScheduler(REPORT_TASKS_SCHEDULE.id);
    if (!s?.next) return false;
    const next = schedulerJobId(REPORT_TASKS_SCHEDULE.id, s.next);
    return (await this.queue.getJob(next)) !== undefined && QUEUED_STATES.has(await this.queue.getJobState(next));
  }

  /** Upserts the scheduler; one whose next job is gone is removed first (BullMQ would keep the dead one). */
  private async repairScheduler(): Promise<boolean> {
    const s = await this.queue.getJobScheduler(REPORT_TASKS_SCHEDULE.id);
    let recreated = false;
    if (s && !(await this.schedulerQueued())) {
      this.logger.warn(`job scheduler ${REPORT_TASKS_SCHEDULE.id} has no queued next job: re-creating it`);
      await this.queue.removeJobScheduler(REPORT_TASKS_SCHEDULE.id);
      const next = s.next ? schedulerJobId(REPORT_TASKS_SCHEDULE.id, s.next) : null;
      if (next && (await this.queue.getJob(next))) await this.queue.remove(next);
      recreated = true;
    }
    await this.queue.upsertJobScheduler(
      REPORT_TASKS_SCHEDULE.id,
      { pattern: REPORT_TASKS_SCHEDULE.pattern, tz: VN_TIME_ZONE },
      { name: CREATE_REPORT_TASKS_JOB, data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
    );
    return recreated || !s;
  }
}
