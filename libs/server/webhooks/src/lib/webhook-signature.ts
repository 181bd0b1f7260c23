import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers of a webhook POST (see WebhookPayload in libs/contracts). */
export const WEBHOOK_HEADERS = {
  eventId: 'X-TienDo-Event-Id',
  event: 'X-TienDo-Event',
  deliveryId: 'X-TienDo-Delivery-Id',
  timestamp: 'X-TienDo-Timestamp',
  signature: 'X-TienDo-Signature',
} as const;

/** How far a receiver should let a timestamp be from its own clock before treating the request as a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** `v1=` + hex HMAC-SHA256(secret, `<timestamp>.<body>`): what X-TienDo-Signature carries. `timestamp` in whole seconds. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (and the tests do): true when `signature` is the body's under `secret` and `timestamp` is
 * within WEBHOOK_TOLERANCE_SECONDS of `nowSeconds`. Compares in constant time.
 */
export function verifyWebhookSignature(secret: string, timestamp: string, body: string, signature: string, nowSeconds: number): boolean {
  const ts = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - ts) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const want = Buffer.from(webhookSignature(secret, ts, body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * A receiver URL is acceptable when it is http(s), names a host and carries no user name or password (they would be
 * stored and shown in lists). Nothing else is filtered: the receivers live on the ministry's network, and only an
 * admin subscribes.
 */
export function acceptableWebhookUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === '';
}
