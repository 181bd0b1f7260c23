import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { quietErrors } from '@tiendo/server-reminders';
import { Job } from 'bullmq';
import { ReportTaskGenerator, ReportTaskRunResult } from '../report-task-generator';
import { CREATE_REPORT_TASKS_JOB, REPORT_TASKS_QUEUE } from '../report-task-jobs';

/**
 * Creates the report tasks whose day has come (ReportTaskGenerator.run on the clock's Vietnamese day), daily at 00:05
 * and whenever a reconcile finds today's run unfinished. A run killed half way is run again (by BullMQ once its lock
 * lapses, or by the next reconcile): what it committed stays, the rest is created then, nothing twice.
 */
// A killed worker's run is picked up by another within about 15 s (the lock is renewed every 5 s while it runs).
@Processor(REPORT_TASKS_QUEUE, { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 })
export class CreateReportTasksJob extends WorkerHost {
  private readonly logger = new Logger(CreateReportTasksJob.name);
  private readonly redisError = quietErrors(this.logger);

  constructor(private readonly generator: ReportTaskGenerator) {
    super();
  }

  async process(job: Job<{ day?: string }>): Promise<ReportTaskRunResult> {
    if (job.name !== CREATE_REPORT_TASKS_JOB) throw new Error(`unknown job ${job.name}`);
    return this.generator.run();
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.redisError(err);
  }
}
