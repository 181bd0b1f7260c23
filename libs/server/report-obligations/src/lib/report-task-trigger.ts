import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@tiendo/server-core';
import { redisConnection } from '@tiendo/server-reminders';
import { Queue } from 'bullmq';
import { CREATE_REPORT_TASKS_JOB, CreateReportTasksPayload, REPORT_TASKS_QUEUE, reportTaskJobIds } from './report-task-jobs';

/** How long the API waits for Redis to take the job before it answers anyway (the worker's reconcile catches up). */
const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * The API's side of "report tasks appear as soon as they are due to exist": after an obligation is created or changed
 * (its schedule, its units, its start) or an ad hoc report is requested, it asks the worker, on the worker's own
 * `report-tasks` queue, to run the generator for that obligation now (CreateReportTasksJob with `{ obligationId }`),
 * rather than at the next 00:05. The worker's generator stays the only creator of report tasks.
 *
 * Best effort, as everything the API does with Redis: the API never needs Redis for users' work, so a Redis that does
 * not answer within ENQUEUE_TIMEOUT_MS is logged and the change stands; the worker's reconcile (at start and every ten
 * minutes, ReportTaskScheduler) queues the same job for every obligation changed since today's daily run began, and
 * the daily run covers every obligation. One job id per obligation (reportTaskJobIds.obligation): a burst of changes
 * queues one job.
 */
@Injectable()
export class ReportTasksTrigger implements OnModuleDestroy {
  private readonly logger = new Logger(ReportTasksTrigger.name);
  private queue: Queue | null = null;

  constructor(private readonly config: AppConfig) {}

  /** Queues the obligation's run; resolves to the job's id, or null when Redis did not take it (logged). */
  async obligationChanged(obligationId: string): Promise<string | null> {
    const jobId = reportTaskJobIds.obligation(obligationId);
    const payload: CreateReportTasksPayload = { obligationId };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.open().add(CREATE_REPORT_TASKS_JOB, payload, {
          jobId,
          removeOnComplete: true,
          removeOnFail: { count: 100 },
          attempts: 5,
          backoff: { type: 'exponential', delay: 5_000 },
        }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
        }),
      ]);
      return jobId;
    } catch (err) {
      this.logger.warn(`report tasks of obligation ${obligationId} not queued (the worker's reconcile will): ${(err as Error).message}`);
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close().catch(() => undefined);
  }

  /** One connection for the API's life, opened at the first change; commands fail at once while Redis is away. */
  private open(): Queue {
    if (!this.queue) {
      this.queue = new Queue(REPORT_TASKS_QUEUE, {
        prefix: this.config.QUEUE_PREFIX,
        connection: { ...redisConnection(this.config), enableOfflineQueue: false, connectTimeout: ENQUEUE_TIMEOUT_MS, maxRetriesPerRequest: 1 },
      });
      // Without a listener BullMQ prints every reconnect error to the console.
      this.queue.on('error', () => undefined);
    }
    return this.queue;
  }
}
