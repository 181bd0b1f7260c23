import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CreatedWebhookSubscription, Page, WebhookDeliveryView, WebhookResendView, WebhookSubscriptionView } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, PageQuery, Roles, UuidParamPipe } from '@tiendo/server-core';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';

/** Shown in the OpenAPI document under the tag "webhooks": the payload, the headers and how to verify a signature. */
export const WEBHOOKS_DOC = `Each event of "Work happens on the task" (assigned, reassigned, deadline_changed, extension_requested,
extension_decided, completion_reported, completion_returned, reopened, cancelled, progress_reported, comment_added,
attachment_added) on a task led or coordinated by one of the subscription's units is POSTed once to its URL by the
worker, as JSON: { id (event id), type, occurredAt, task: { id, code, title, leadUnit: { code, name }, deadline,
state, progressPercent }, actor: { id, username, fullName } | null, data }.
Headers: X-TienDo-Event-Id (deduplicate on it), X-TienDo-Event, X-TienDo-Delivery-Id, X-TienDo-Timestamp (Unix
seconds of this attempt), X-TienDo-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>. Verify over
the raw bytes, compare in constant time, refuse a timestamp more than 300 s from your clock.
A 2xx ends the delivery; any other answer, a timeout (WEBHOOK_TIMEOUT_MS) or a redirect is retried with exponential
backoff (WEBHOOK_RETRY_BASE_MS, doubling) up to WEBHOOK_MAX_ATTEMPTS tries; 410 Gone ends it as failed at once.`;

/** Admins only; no API token reaches these (no token scope declared). */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('admin/webhooks')
@Roles('admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookSubscriptionsService) {}

  /**
   * 201 with the subscription and its `secret` (shown once). 400: WEBHOOK_URL_INVALID on url, WEBHOOK_ADDRESS_NOT_ALLOWED on
   * url (this host, link-local such as the cloud's metadata service, multicast, reserved), UNKNOWN_UNIT on unitCodes.<i>.
   */
  @Post()
  @ApiAnswer('CreatedWebhookSubscription', { summary: 'Đăng ký một địa chỉ nhận sự kiện (webhook; khoá ký chỉ hiện một lần)', description: WEBHOOKS_DOC, status: 201 })
  create(@CurrentActor() admin: Actor, @Body() dto: CreateWebhookDto): Promise<CreatedWebhookSubscription> {
    return this.webhooks.create(dto, admin);
  }

  /** Every subscription, newest first. */
  @Get()
  @ApiAnswer.list('WebhookSubscriptionView', { summary: 'Các đăng ký nhận sự kiện (webhook)' })
  list(): Promise<WebhookSubscriptionView[]> {
    return this.webhooks.list();
  }

  /** Stops the subscription (idempotent); 404 for an unknown id. */
  @Post(':id/disable')
  @HttpCode(200)
  @ApiAnswer('WebhookSubscriptionView', { summary: 'Tắt một đăng ký nhận sự kiện' })
  disable(@CurrentActor() admin: Actor, @Param('id', UuidParamPipe) id: string): Promise<WebhookSubscriptionView> {
    return this.webhooks.disable(id, admin);
  }

  /** The subscription's deliveries, newest first, with every attempt (status code, error, duration, moment). */
  @Get(':id/deliveries')
  @ApiAnswer.page('WebhookDeliveryView', { summary: 'Các lần gửi sự kiện của một đăng ký, với từng lần thử' })
  deliveries(@Param('id', UuidParamPipe) id: string, @Query() q: PageQuery): Promise<Page<WebhookDeliveryView>> {
    return this.webhooks.deliveries(id, q.page, q.pageSize);
  }

  /** Queues the delivery to be sent again (202); 404 unknown; 503 QUEUE_UNAVAILABLE when Redis does not answer. */
  @Post('deliveries/:deliveryId/resend')
  @HttpCode(202)
  @ApiAnswer('WebhookResendView', { summary: 'Gửi lại một sự kiện (webhook)', status: 202, errors: [503] })
  resend(@CurrentActor() admin: Actor, @Param('deliveryId') deliveryId: string): Promise<WebhookResendView> {
    return this.webhooks.resend(deliveryId, admin);
  }
}
