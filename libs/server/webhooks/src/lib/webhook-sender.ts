import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig, Clock } from '@tiendo/server-core';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { Agent, fetch } from 'undici';
import { RECEIVER_ADDRESS_REFUSED, ReceiverAddressPolicy } from './receiver-addresses';
import { WEBHOOK_HEADERS, webhookSignature } from './webhook-signature';

/** Another job holds this delivery right now (it is being sent); retry later, when it will be found delivered. */
export class WebhookBusyError extends Error {
  constructor(readonly deliveryId: string) {
    super(`webhook delivery ${deliveryId} is being sent by another job`);
  }
}

/** The receiver answered 410 Gone: no more tries for this delivery (the subscription stays, for an admin to disable). */
export class WebhookGoneError extends Error {}

export type SendOutcome = 'delivered' | 'already' | 'skipped';

/**
 * Sends one webhook delivery and records the attempt: THE writer of `webhook_delivery_attempts` and of a delivery's
 * state. The row is locked (FOR UPDATE SKIP LOCKED) from the read until its outcome commits, so two jobs for one
 * delivery (two workers after Redis lost its keys, a sweep, a re-run) never both send; a delivered row sends nothing.
 * (A crash between the receiver's 2xx and the commit leaves it pending and it is sent again: HTTP offers nothing
 * atomic; receivers deduplicate on X-TienDo-Event-Id.)
 */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  /** Where deliveries may go (never this host or the cloud's metadata service unless WEBHOOK_ALLOWED_NETWORKS says). */
  private readonly receivers: ReceiverAddressPolicy;
  /** undici's client, connecting only to addresses the policy allows (checked on the addresses connected to). */
  private readonly dispatcher: Agent;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.receivers = new ReceiverAddressPolicy(config.WEBHOOK_ALLOWED_NETWORKS);
    this.dispatcher = new Agent({ connect: { lookup: this.receivers.lookup } });
  }

  async onModuleDestroy(): Promise<void> {
    await this.dispatcher.close();
  }

  /**
   * Posts the delivery unless it is delivered already or failed (`resend`: an admin's "send again" sends it whatever
   * its state). Throws when the receiver did not answer 2xx (BullMQ retries), WebhookGoneError for 410, and
   * WebhookBusyError when another job is sending it now. A disabled subscription's delivery is marked failed unsent.
   */
  async send(deliveryId: string, resend = false): Promise<SendOutcome> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`SET LOCAL idle_in_transaction_session_timeout = '5min'`);
      const [row] = await runner.query(
        `SELECT d.id::text, d.state, d.payload, d.event_id::text AS event_id, d.event_type, s.url, s.secret, s.active
           FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
          WHERE d.id = $1 FOR UPDATE OF d SKIP LOCKED`,
        [deliveryId],
      );
      if (!row) {
        const [held] = await runner.query(`SELECT state FROM webhook_deliveries WHERE id = $1`, [deliveryId]);
        await runner.commitTransaction();
        if (held?.state === 'pending') throw new WebhookBusyError(deliveryId);
        return 'already';
      }
      if (row.state !== 'pending' && !resend) {
        await runner.commitTransaction();
        return 'already';
      }
      if (!row.active) {
        await runner.query(`UPDATE webhook_deliveries SET state = 'failed' WHERE id = $1`, [deliveryId]);
        await runner.commitTransaction();
        return 'skipped';
      }
      const body = JSON.stringify(row.payload);
      const at = this.clock.now();
      const timestamp = Math.floor(at.getTime() / 1000);
      const started = performance.now();
      let status: number | null = null;
      let error: string | null = null;
      try {
        // An address written in the URL is not looked up, so it is checked here; a name, when connecting.
        const refused = this.receivers.refusalOfUrl(new URL(row.url));
        if (refused) throw Object.assign(new Error(refused), { cause: { code: RECEIVER_ADDRESS_REFUSED, message: refused } });
        const res = await fetch(row.url, {
          method: 'POST',
          body,
          dispatcher: this.dispatcher,
          // A redirect is an answer, not a delivery: followed, it could lead the worker anywhere.
          redirect: 'manual',
          signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'User-Agent': 'TienDo-Webhooks/1',
            [WEBHOOK_HEADERS.eventId]: row.event_id,
            [WEBHOOK_HEADERS.event]: row.event_type,
            [WEBHOOK_HEADERS.deliveryId]: row.id,
            [WEBHOOK_HEADERS.timestamp]: String(timestamp),
            [WEBHOOK_HEADERS.signature]: webhookSignature(row.secret, timestamp, body),
          },
        });
        status = res.status;
        await res.body?.cancel().catch(() => undefined);
        if (status < 200 || status > 299) error = `HTTP ${status}`;
      } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } };
        error =
          e.name === 'TimeoutError'
            ? `no answer in ${this.config.WEBHOOK_TIMEOUT_MS} ms`
            : e.cause?.code === RECEIVER_ADDRESS_REFUSED
              ? `${RECEIVER_ADDRESS_REFUSED}: ${e.cause.message}`
              : (e.cause?.code ?? e.cause?.message ?? e.message);
      }
      const durationMs = Math.round(performance.now() - started);
      await runner.query(`INSERT INTO webhook_delivery_attempts (delivery_id, at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)`, [
        deliveryId,
        at,
        status,
        error?.slice(0, 500) ?? null,
        durationMs,
      ]);
      if (error === null) {
        await runner.query(`UPDATE webhook_deliveries SET state = 'delivered', delivered_at = $2 WHERE id = $1`, [deliveryId, this.clock.now()]);
        await runner.commitTransaction();
        return 'delivered';
      }
      await runner.query(`UPDATE webhook_deliveries SET state = $2 WHERE id = $1`, [deliveryId, status === 410 ? 'failed' : 'pending']);
      await runner.commitTransaction();
      throw status === 410 ? new WebhookGoneError(`receiver answered 410 Gone`) : new Error(`webhook delivery ${deliveryId}: ${error}`);
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /** After the last try: stays visible to admins as failed, with its attempts. */
  async markFailed(deliveryId: string): Promise<void> {
    await this.db.query(`UPDATE webhook_deliveries SET state = 'failed' WHERE id = $1 AND state = 'pending'`, [deliveryId]);
  }
}
