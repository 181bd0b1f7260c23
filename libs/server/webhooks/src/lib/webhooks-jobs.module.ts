import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DeliverWebhookJob } from './jobs/deliver-webhook.job';
import { WebhookFanOut } from './webhook-fan-out';
import { WEBHOOKS_QUEUE } from './webhook-jobs';
import { WebhookQueue } from './webhook-queue';
import { WebhookSender } from './webhook-sender';

/**
 * The worker's webhooks: the fan-out the task event dispatcher feeds (the worker wires it: TaskEventDispatcher.feed),
 * the queue, and the delivery job. Needs BullMQ's root connection (RemindersJobsModule.forRoot registers it).
 */
@Module({
  imports: [BullModule.registerQueue({ name: WEBHOOKS_QUEUE })],
  providers: [WebhookFanOut, WebhookQueue, WebhookSender, DeliverWebhookJob],
  exports: [WebhookFanOut, WebhookQueue, WebhookSender],
})
export class WebhooksJobsModule {}
