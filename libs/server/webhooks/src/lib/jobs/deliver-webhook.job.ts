import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { AppConfig } from '@tiendo/server-core';
import { quietErrors } from '@tiendo/server-reminders';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { DELIVER_WEBHOOK_JOB, DeliverWebhookData, WEBHOOKS_QUEUE } from '../webhook-jobs';
import { SendOutcome, WebhookBusyError, WebhookGoneError, WebhookSender } from '../webhook-sender';

/**
 * Posts one webhook delivery per job (WebhookSender). A refusal throws and BullMQ retries with exponential backoff
 * (WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_BASE_MS); the last marks the delivery failed. 410 Gone ends it at once.
 */
@Processor(WEBHOOKS_QUEUE, { concurrency: 4 })
export class DeliverWebhookJob extends WorkerHost {
  private readonly redisError = quietErrors(new Logger(DeliverWebhookJob.name));

  constructor(
    private readonly sender: WebhookSender,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job<DeliverWebhookData>, token?: string): Promise<SendOutcome> {
    if (job.name !== DELIVER_WEBHOOK_JOB) throw new UnrecoverableError(`unknown job ${job.name}`);
    // Only the first try of a "send again" resends a settled delivery; its retries are ordinary.
    const resend = job.data.resend === true && job.attemptsMade === 0;
    try {
      return await this.sender.send(job.data.deliveryId, resend);
    } catch (err) {
      if (err instanceof WebhookBusyError) {
        // Not an attempt: another job is sending it. Looked at again later, it is found delivered (or free).
        await job.moveToDelayed(Date.now() + this.config.WEBHOOK_RETRY_BASE_MS, token);
        throw new DelayedError();
      }
      if (err instanceof WebhookGoneError) throw new UnrecoverableError(err.message);
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.sender.markFailed(job.data.deliveryId);
      throw err;
    }
  }

  /** Redis gone, or a job's keys flushed under it: logged; the sweep re-queues what is pending. */
  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.redisError(err);
  }
}
