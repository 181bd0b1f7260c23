import { Module } from '@nestjs/common';
import { AuditModule } from '@tiendo/server-audit';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';
import { WebhooksController } from './webhooks.controller';

/** The API's side of webhooks: admins subscribe, disable, read deliveries and ask for a delivery to be sent again. */
@Module({
  imports: [AuditModule],
  controllers: [WebhooksController],
  providers: [WebhookSubscriptionsService],
  exports: [WebhookSubscriptionsService],
})
export class WebhooksModule {}
