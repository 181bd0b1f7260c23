import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { quietErrors } from '@tiendo/server-reminders';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { ReportTaskGenerator, ReportTaskRunResult } from '../report-task-generator';
import { CREATE_REPORT_TASKS_JOB, CreateReportTasksPayload, REPORT_TASKS_QUEUE } from '../report-task-jobs';

/** At most this many runs of one obligation's job when it keeps changing while the job runs (the daily run follows). */
const MAX_OBLIGATION_RERUNS = 5;

/**
 * Creates the report tasks whose day has come (ReportTaskGenerator.run on the clock's Vietnamese day), daily at 00:05
 * and whenever a reconcile finds today's run unfinished. A run killed half way is run again (by BullMQ once its lock
 * lapses, or by the next reconcile): what it committed stays, the rest is created then, nothing twice.
 *
 * With `{ obligationId }` (the API after a change to that obligation, ReportTasksTrigger) it runs the generator for that
 * obligation alone (`runFor`), then again while the obligation's version or requests changed during the run: the
 * job's id is one per obligation (deduplicated while it waits or runs), so a change committed mid-run would otherwise
 * wait for the next daily run.
 */
// A killed worker's run is picked up by another within about 15 s (the lock is renewed every 5 s while it runs).
@Processor(REPORT_TASKS_QUEUE, { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 })
export class CreateReportTasksJob extends WorkerHost {
  private readonly logger = new Logger(CreateReportTasksJob.name);
  private readonly redisError = quietErrors(this.logger);

  constructor(
    private readonly generator: ReportTaskGenerator,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    super();
  }

  async process(job: Job<CreateReportTasksPayload>): Promise<ReportTaskRunResult | Omit<ReportTaskRunResult, 'recurring'>> {
    if (job.name !== CREATE_REPORT_TASKS_JOB) throw new Error(`unknown job ${job.name}`);
    const obligationId = job.data?.obligationId;
    if (!obligationId) return this.generator.run();
    let state = await this.stateOf(obligationId);
    const total = { day: '', created: 0, alreadyThere: 0, failed: 0 };
    for (let i = 0; i < MAX_OBLIGATION_RERUNS; i++) {
      const r = await this.generator.runFor(obligationId);
      Object.assign(total, { day: r.day, created: total.created + r.created, alreadyThere: total.alreadyThere + r.alreadyThere, failed: total.failed + r.failed });
      const after = await this.stateOf(obligationId);
      if (after === state) break;
      state = after;
    }
    return total;
  }

  /** What a change to the obligation moves: its version (create, update, end, unit moves) and its requests. */
  private async stateOf(obligationId: string): Promise<string> {
    const [row] = await this.db.query(
      `SELECT o.version, (SELECT count(*) FROM report_obligation_requests r WHERE r.obligation_id = o.id) AS requests FROM report_obligations o WHERE o.id = $1`,
      [obligationId],
    );
    return row ? `${row.version}/${row.requests}` : 'gone';
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.redisError(err);
  }
}
