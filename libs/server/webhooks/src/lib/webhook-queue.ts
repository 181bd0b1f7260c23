import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@tiendo/server-core';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { DELIVER_WEBHOOK_JOB, DeliverWebhookData, WEBHOOKS_QUEUE, webhookJobIds } from './webhook-jobs';

/** The worker's side of the webhooks queue: queues deliveries (once each, by job id), and re-queues what waits. */
@Injectable()
export class WebhookQueue {
  constructor(
    @InjectQueue(WEBHOOKS_QUEUE) private readonly queue: Queue<DeliverWebhookData>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Queues a delivery job per id: WEBHOOK_MAX_ATTEMPTS tries, exponential backoff from WEBHOOK_RETRY_BASE_MS. */
  async enqueue(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.queue.addBulk(deliveryIds.map((id) => ({ name: DELIVER_WEBHOOK_JOB, data: { deliveryId: id }, opts: { jobId: webhookJobIds.deliver(id), ...this.retries() } })));
  }

  /** The retry options of every delivery job (an admin's "send again" included). */
  retries() {
    return {
      attempts: this.config.WEBHOOK_MAX_ATTEMPTS,
      backoff: { type: 'exponential' as const, delay: this.config.WEBHOOK_RETRY_BASE_MS },
      // Done jobs leave Redis; the delivery row and its attempts keep the record.
      removeOnComplete: true,
      removeOnFail: { count: 1000 },
    };
  }

  /**
   * Queues again every delivery still pending in PostgreSQL (after Redis lost its keys, or when queuing failed after a
   * dispatch): a job still queued under the same id is left as it is, and a delivered row sends nothing.
   */
  async requeuePending(): Promise<number> {
    const rows: Array<{ id: string }> = await this.db.query(`SELECT id::text FROM webhook_deliveries WHERE state = 'pending' ORDER BY id LIMIT 5000`);
    await this.enqueue(rows.map((r) => r.id));
    return rows.length;
  }
}
