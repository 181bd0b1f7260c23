import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreatedWebhookSubscription, Page, WebhookDeliveryView, WebhookSubscriptionView } from '@tiendo/contracts';
import { AuditService } from '@tiendo/server-audit';
import { Actor, AppConfig, Clock, fieldError, notFound, refuse, validationFailed } from '@tiendo/server-core';
import { redisConnection } from '@tiendo/server-reminders';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CreateWebhookDto } from './dto/create-webhook.dto';
import { DELIVER_WEBHOOK_JOB, DeliverWebhookData, WEBHOOKS_QUEUE, webhookJobIds } from './webhook-jobs';
import { ReceiverAddressPolicy } from './receiver-addresses';
import { acceptableWebhookUrl } from './webhook-signature';

interface SubscriptionRow {
  id: string;
  name: string;
  url: string;
  event_types: WebhookSubscriptionView['eventTypes'];
  active: boolean;
  created_at: Date;
  created_by_id: string;
  username: string;
  full_name: string;
  units: Array<{ code: string; name: string }>;
}

const SELECT_SUBSCRIPTIONS = `
  SELECT s.id, s.name, s.url, s.event_types, s.active, s.created_at, s.created_by_id, u.username, u.full_name,
         COALESCE((SELECT json_agg(json_build_object('code', n.code, 'name', n.name) ORDER BY n.code)
                     FROM webhook_subscription_units su JOIN units n ON n.id = su.unit_id WHERE su.subscription_id = s.id), '[]') AS units
    FROM webhook_subscriptions s JOIN users u ON u.id = s.created_by_id`;

/**
 * Webhook subscriptions, for admins: THE writer of `webhook_subscriptions`. Deliveries are written by the worker
 * (WebhookFanOut, WebhookSender); here they are only read, and "send again" asks the worker through the queue.
 */
@Injectable()
export class WebhookSubscriptionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.receivers = new ReceiverAddressPolicy(config.WEBHOOK_ALLOWED_NETWORKS);
  }

  /** The same rule the sender applies when it connects (receiver-addresses.ts), for what a URL shows by itself. */
  private readonly receivers: ReceiverAddressPolicy;

  /**
   * Subscribes `url` to the event types for the tasks of the units; the answer carries the signing secret, shown this
   * once. 400 VALIDATION_FAILED: WEBHOOK_URL_INVALID on `url`, WEBHOOK_ADDRESS_NOT_ALLOWED on `url` (an address of
   * this host, link-local, multicast or reserved written in it, or `localhost`; a name's addresses are checked when a
   * delivery connects), UNKNOWN_UNIT on `unitCodes.<i>`. Recorded as the security
   * event `webhook_created`.
   */
  async create(dto: CreateWebhookDto, admin: Actor): Promise<CreatedWebhookSubscription> {
    const units: Array<{ id: string; code: string }> = await this.db.query(`SELECT id, code FROM units WHERE upper(code) = ANY($1::text[])`, [
      dto.unitCodes.map((c) => c.toUpperCase()),
    ]);
    const errors = dto.unitCodes
      .map((code, i) => (units.some((u) => u.code.toUpperCase() === code.toUpperCase()) ? null : fieldError(`unitCodes.${i}`, 'UNKNOWN_UNIT', { code })))
      .filter((e) => e !== null);
    if (!acceptableWebhookUrl(dto.url)) errors.unshift(fieldError('url', 'WEBHOOK_URL_INVALID'));
    else if (this.receivers.refusalOfUrl(new URL(dto.url))) errors.unshift(fieldError('url', 'WEBHOOK_ADDRESS_NOT_ALLOWED'));
    if (errors.length) throw validationFailed(errors);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const id = await this.db.transaction(async (m) => {
      const [{ id }] = await m.query(
        `INSERT INTO webhook_subscriptions (name, url, secret, event_types, created_by_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [dto.name.trim(), dto.url, secret, dto.eventTypes, admin.id, this.clock.now()],
      );
      await m.query(`INSERT INTO webhook_subscription_units (subscription_id, unit_id) SELECT $1, unnest($2::uuid[])`, [id, units.map((u) => u.id)]);
      await this.audit.recordSecurityEvent('webhook_created', { actorId: admin.id, subscriptionId: id, url: dto.url, eventTypes: dto.eventTypes, units: units.map((u) => u.code) }, m);
      return id as string;
    });
    return { ...(await this.get(id)), secret };
  }

  /** Every subscription, newest first (never a secret). */
  async list(): Promise<WebhookSubscriptionView[]> {
    const rows: SubscriptionRow[] = await this.db.query(`${SELECT_SUBSCRIPTIONS} ORDER BY s.created_at DESC, s.id`);
    return rows.map(view);
  }

  /** One subscription; 404 when there is none. */
  async get(id: string): Promise<WebhookSubscriptionView> {
    const [row]: SubscriptionRow[] = await this.db.query(`${SELECT_SUBSCRIPTIONS} WHERE s.id = $1`, [id]);
    if (!row) throw notFound('Webhook subscription');
    return view(row);
  }

  /**
   * Stops the subscription: no new delivery is made for it, and the worker marks its waiting deliveries failed
   * unsent. Idempotent. Recorded as the security event `webhook_disabled`.
   */
  async disable(id: string, admin: Actor): Promise<WebhookSubscriptionView> {
    await this.get(id);
    await this.db.transaction(async (m) => {
      const [done]: [unknown[], number] = await m.query(
        `UPDATE webhook_subscriptions SET active = false, disabled_at = $2, disabled_by_id = $3 WHERE id = $1 AND active RETURNING id`,
        [id, this.clock.now(), admin.id],
      );
      if (done.length) await this.audit.recordSecurityEvent('webhook_disabled', { actorId: admin.id, subscriptionId: id }, m);
    });
    return this.get(id);
  }

  /** The subscription's deliveries, newest first, each with its attempts (oldest first); `pageSize` at most 200. */
  async deliveries(id: string, page = 1, pageSize = 50): Promise<Page<WebhookDeliveryView>> {
    await this.get(id);
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM webhook_deliveries WHERE subscription_id = $1`, [id]);
    const rows: Array<{ id: string; event_id: string; event_type: WebhookDeliveryView['eventType']; task_id: string; state: WebhookDeliveryView['state']; created_at: Date; delivered_at: Date | null; attempts: Array<{ at: string; status_code: number | null; error: string | null; duration_ms: number }> }> =
      await this.db.query(
        `SELECT d.id::text, d.event_id::text, d.event_type, d.task_id, d.state, d.created_at, d.delivered_at,
                COALESCE((SELECT json_agg(json_build_object('at', a.at, 'status_code', a.status_code, 'error', a.error, 'duration_ms', a.duration_ms) ORDER BY a.id)
                            FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts
           FROM webhook_deliveries d WHERE d.subscription_id = $1 ORDER BY d.id DESC LIMIT $2 OFFSET $3`,
        [id, pageSize, (page - 1) * pageSize],
      );
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        eventId: r.event_id,
        eventType: r.event_type,
        taskId: r.task_id,
        state: r.state,
        createdAt: new Date(r.created_at).toISOString(),
        deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
        attempts: r.attempts.map((a) => ({ at: new Date(a.at).toISOString(), statusCode: a.status_code, error: a.error, durationMs: a.duration_ms })),
      })),
    };
  }

  /**
   * "Send again": queues the delivery for the worker, which sends it whatever its state (a new attempt is recorded).
   * 404 for an unknown delivery; 503 QUEUE_UNAVAILABLE when Redis does not answer (nothing queued).
   */
  async resend(deliveryId: string, admin: Actor): Promise<{ queued: true }> {
    // Delivery ids are bigserials: anything else names no delivery (and never reaches SQL as a bad bigint).
    const [row] = /^\d{1,18}$/.test(deliveryId) ? await this.db.query(`SELECT id FROM webhook_deliveries WHERE id = $1`, [deliveryId]) : [];
    if (!row) throw notFound('Webhook delivery');
    const queue = new Queue<DeliverWebhookData>(WEBHOOKS_QUEUE, {
      prefix: this.config.QUEUE_PREFIX,
      connection: { ...redisConnection(this.config), enableOfflineQueue: false, connectTimeout: 2000, maxRetriesPerRequest: 1 },
    });
    queue.on('error', () => undefined);
    try {
      await queue.add(
        DELIVER_WEBHOOK_JOB,
        { deliveryId, resend: true },
        {
          jobId: webhookJobIds.resend(deliveryId, this.clock.now().getTime()),
          attempts: this.config.WEBHOOK_MAX_ATTEMPTS,
          backoff: { type: 'exponential', delay: this.config.WEBHOOK_RETRY_BASE_MS },
          removeOnComplete: true,
          removeOnFail: { count: 1000 },
        },
      );
    } catch {
      throw refuse('QUEUE_UNAVAILABLE');
    } finally {
      await queue.close().catch(() => undefined);
    }
    await this.audit.recordSecurityEvent('webhook_resend', { actorId: admin.id, deliveryId });
    return { queued: true };
  }
}

function view(r: SubscriptionRow): WebhookSubscriptionView {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    eventTypes: r.event_types,
    units: r.units,
    active: r.active,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: { id: r.created_by_id, username: r.username, fullName: r.full_name },
  };
}
