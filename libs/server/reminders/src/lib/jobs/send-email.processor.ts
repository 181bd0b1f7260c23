import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { EmailSender } from '../email-sender';
import { EMAIL_QUEUE } from '../reminder-jobs';

/** Sends one e-mail per job; SMTP refusals throw, BullMQ retries with exponential backoff, the last failure is kept. */
@Processor(EMAIL_QUEUE, { concurrency: 4 })
export class SendEmailProcessor extends WorkerHost {
  constructor(private readonly sender: EmailSender) {
    super();
  }

  process(job: Job<{ deliveryId: string }>): Promise<'sent' | 'already'> {
    return this.sender.send(job.data.deliveryId);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<{ deliveryId: string }> | undefined, err: Error): Promise<void> {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) await this.sender.markFailed(job.data.deliveryId, err.message);
  }
}
