import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { PurgeExpiredRecordsJob } from './jobs/purge-expired-records.job';
import { RETENTION_QUEUE } from './retention-jobs';
import { RetentionPurge } from './retention-purge';
import { RetentionRepository } from './retention.repository';
import { RetentionScheduler } from './retention-scheduler';

/**
 * The worker's retention purge: its queue, job and scheduler. Needs BullMQ's root connection (RemindersJobsModule.forRoot
 * registers it); the worker wires RetentionScheduler.reconcile to the reminders' watchdog so that a lost Redis is
 * repaired for it too.
 */
@Module({
  imports: [BullModule.registerQueue({ name: RETENTION_QUEUE })],
  providers: [RetentionRepository, RetentionPurge, RetentionScheduler, PurgeExpiredRecordsJob],
  exports: [RetentionPurge, RetentionScheduler],
})
export class RetentionJobsModule {}
