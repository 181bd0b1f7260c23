import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { AppConfig, AppMetrics } from '@tiendo/server-core';
import { DelayedError, Job } from 'bullmq';
import { DeliveryBusyError, EmailSender } from '../email-sender';
import { EMAIL_QUEUE } from '../reminder-jobs';
import { quietErrors } from '../reminder-watchdog';

/**
 * Sends one e-mail per job; SMTP refusals throw and BullMQ retries with exponential backoff. The last refusal marks
 * the delivery failed, with its reason, before the job itself fails: nothing is dropped silently.
 */
@Processor(EMAIL_QUEUE, { concurrency: 4 })
export class SendEmailProcessor extends WorkerHost {
  private readonly redisError = quietErrors(new Logger(SendEmailProcessor.name));

  constructor(
    private readonly sender: EmailSender,
    private readonly config: AppConfig,
    private readonly metrics: AppMetrics,
  ) {
    super();
  }

  /** Sends; each attempt's fate counted in `tiendo_reminder_deliveries_total{channel="email", outcome}`. */
  async process(job: Job<{ deliveryId: string }>, token?: string): Promise<'sent' | 'already'> {
    try {
      const sent = await this.sender.send(job.data.deliveryId);
      this.metrics.delivery('email', sent === 'sent' ? 'delivered' : 'already');
      return sent;
    } catch (err) {
      if (err instanceof DeliveryBusyError) {
        // Not an attempt: the other job is sending it. Looked at again later, it is found delivered (or free).
        await job.moveToDelayed(Date.now() + this.config.EMAIL_RETRY_BASE_MS, token);
        throw new DelayedError();
      }
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (last) await this.sender.markFailed(job.data.deliveryId, (err as Error).message);
      this.metrics.delivery('email', last ? 'failed' : 'retry');
      throw err;
    }
  }

  /** Redis gone, or a job's keys flushed under it (Redis lost its keys): logged; the watchdog repairs. */
  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.redisError(err);
  }
}
