/** The webhooks' queue and job; one place decides job ids (where duplicates are collapsed). */
export const WEBHOOKS_QUEUE = 'webhooks';
export const DELIVER_WEBHOOK_JOB = 'deliver-webhook';

export interface DeliverWebhookData {
  deliveryId: string;
  /** An admin's "send again": the delivery is made pending again (if it is not) before it is sent. */
  resend?: boolean;
}

/**
 * Job ids (BullMQ refuses ':' in ids): a delivery is queued once however many workers (or sweeps) ask; each "send
 * again" is a job of its own, named after the moment it was asked.
 */
export const webhookJobIds = {
  deliver: (deliveryId: string) => `webhook-${deliveryId}`,
  resend: (deliveryId: string, askedAtMs: number) => `webhook-${deliveryId}-resend-${askedAtMs}`,
};
