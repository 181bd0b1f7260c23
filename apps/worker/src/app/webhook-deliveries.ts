import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { TaskEventDispatcher } from '@tiendo/server-notifications';
import { WebhookFanOut, WebhookQueue } from '@tiendo/server-webhooks';

/**
 * Webhooks ride on the task event dispatcher: each batch of events it claims is fanned out to the subscriptions in the
 * same transaction (WebhookFanOut), and the deliveries are queued after the commit. On every dispatcher tick the
 * deliveries still pending in PostgreSQL are queued again (a lost Redis, a failed queuing); a job id per delivery
 * keeps that from doubling anything.
 */
@Injectable()
export class WebhookDeliveries implements OnModuleInit {
  private readonly logger = new Logger(WebhookDeliveries.name);

  constructor(
    private readonly dispatcher: TaskEventDispatcher,
    private readonly fanOut: WebhookFanOut,
    private readonly queue: WebhookQueue,
  ) {}

  onModuleInit(): void {
    this.dispatcher.feed(this.fanOut);
    this.dispatcher.on('tick', () => {
      this.queue.requeuePending().catch((err: Error) => this.logger.warn(`pending webhook deliveries wait in PostgreSQL: ${err.message}`));
    });
  }
}
