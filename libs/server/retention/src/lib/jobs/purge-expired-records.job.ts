import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { quietErrors } from '@tiendo/server-reminders';
import { Job, UnrecoverableError } from 'bullmq';
import { RetentionPurge, RetentionRunResult } from '../retention-purge';
import { PURGE_EXPIRED_RECORDS_JOB, RETENTION_QUEUE } from '../retention-jobs';

/**
 * The daily retention purge (RetentionPurge.run), queued by its job scheduler (RETENTION_SCHEDULE): one job per
 * scheduled moment, taken by one worker however many run. A run killed half way is run again by BullMQ once its lock
 * lapses; what it deleted stays deleted and the rest goes then. Fails (so BullMQ retries it) when a kind's purge failed,
 * after the other kinds went on.
 */
@Processor(RETENTION_QUEUE)
export class PurgeExpiredRecordsJob extends WorkerHost {
  private readonly logger = new Logger(PurgeExpiredRecordsJob.name);
  private readonly redisError = quietErrors(this.logger);

  constructor(private readonly purge: RetentionPurge) {
    super();
  }

  async process(job: Job): Promise<RetentionRunResult> {
    if (job.name !== PURGE_EXPIRED_RECORDS_JOB) throw new UnrecoverableError(`unknown job ${job.name}`);
    const result = await this.purge.run();
    const failed = Object.entries(result.failed);
    if (failed.length > 0) throw new Error(`retention purge failed for ${failed.map(([k, m]) => `${k} (${m})`).join(', ')}`);
    return result;
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.redisError(err);
  }
}
