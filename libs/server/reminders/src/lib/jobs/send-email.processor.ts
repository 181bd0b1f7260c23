import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { EmailSender } from '../email-sender';
import { EMAIL_QUEUE } from '../reminder-jobs';

/**
 * Sends one e-mail per job; SMTP refusals throw and BullMQ retries with exponential backoff. The last refusal marks
 * the delivery failed, with its reason, before the job itself fails: nothing is dropped silently.
 */
@Processor(EMAIL_QUEUE, { concurrency: 4 })
export class SendEmailProcessor extends WorkerHost {
  constructor(private readonly sender: EmailSender) {
    super();
  }

  async process(job: Job<{ deliveryId: string }>): Promise<'sent' | 'already'> {
    try {
      return await this.sender.send(job.data.deliveryId);
    } catch (err) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.sender.markFailed(job.data.deliveryId, (err as Error).message);
      throw err;
    }
  }
}
