import type { DocumentType } from './roles';
import type { TaskEventKind } from './work';

/**
 * What an API token may do: each endpoint a token may call declares the one scope it accepts; every other endpoint
 * (the account, administration, sign-in, a person's work on a task) refuses tokens whatever their scopes.
 * - `tasks:read`: the task list and a task's details, within the token's units.
 * - `documents:create`: the e-office hand-off, POST /api/documents (tasks led by the token's units only).
 * - `reports:read`: the briefing, trend, key tasks and per-document reports.
 */
export const API_TOKEN_SCOPES = ['tasks:read', 'documents:create', 'reports:read'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** The prefix of every API token's secret: a token is `tdk_` followed by 32 random bytes in base64url. */
export const API_TOKEN_PREFIX = 'tdk_';

/** POST /api/admin/api-tokens. */
export interface CreateApiTokenRequest {
  /** What the integration is, e.g. "Văn phòng điện tử (e-office)". 1–120 characters, unique among live tokens. */
  name: string;
  scopes: ApiTokenScope[];
  /** Codes of the units the token may touch; each includes its sub-units. At least one. */
  unitCodes: string[];
  /** The last calendar day (Asia/Ho_Chi_Minh) the token works: it stops at the start of the next day. */
  expiresOn: string;
}

/** An API token as listed: never its secret, only the first characters to tell tokens apart. */
export interface ApiTokenView {
  id: string;
  name: string;
  /** `tdk_` and the first 6 characters of the secret. */
  prefix: string;
  scopes: ApiTokenScope[];
  units: Array<{ code: string; name: string }>;
  expiresOn: string;
  /** ISO instants (UTC). */
  createdAt: string;
  createdBy: { id: string; username: string; fullName: string };
  lastUsedAt: string | null;
  revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
}

/** The answer to creating a token: the only time its secret is shown. */
export interface CreatedApiToken extends ApiTokenView {
  /** The bearer token, `tdk_…`: send it as `Authorization: Bearer <token>`. Stored only as its SHA-256. */
  token: string;
}

/**
 * Webhooks: the events of "Work happens on the task" (the task events outbox, TASK_EVENT_KINDS) posted to a URL an
 * admin subscribed, for the tasks of some units. Each POST carries a `WebhookPayload` as JSON and is signed:
 * - `X-TienDo-Event-Id`: the event's id (the same for every retry and every subscription: deduplicate on it);
 * - `X-TienDo-Event`: the event type; `X-TienDo-Delivery-Id`: this subscription's delivery of it;
 * - `X-TienDo-Timestamp`: the moment of this attempt, whole seconds since 1970-01-01T00:00:00Z;
 * - `X-TienDo-Signature`: `v1=` and the hex HMAC-SHA256, keyed by the subscription's secret, of
 *   `<timestamp>.<raw body>`. A receiver recomputes it over the bytes it received, compares in constant time, and
 *   refuses a timestamp more than 5 minutes from its own clock (a replay).
 * A 2xx answer ends the delivery; anything else (and a timeout, a refused connection or a redirect) is retried
 * with exponential backoff up to WEBHOOK_MAX_ATTEMPTS; 410 Gone ends it at once as failed.
 */
export interface WebhookPayload {
  /** The event's id (task_events), as a string. */
  id: string;
  type: TaskEventKind;
  /** ISO instant (UTC). */
  occurredAt: string;
  task: {
    id: string;
    code: string;
    title: string;
    leadUnit: { code: string; name: string };
    /** A calendar day (Asia/Ho_Chi_Minh), or null for a standing task. */
    deadline: string | null;
    state: 'open' | 'completed' | 'cancelled';
    progressPercent: number;
  };
  /** Who did it; null for the system (the worker, an import's batch). */
  actor: { id: string; username: string; fullName: string } | null;
  /** The event's own facts (e.g. from/to assignee, requestedDeadline, approved); never a secret. */
  data: Record<string, unknown>;
}

/** POST /api/admin/webhooks. */
export interface CreateWebhookRequest {
  name: string;
  /** http(s), with a host, no user name or password in it. */
  url: string;
  /** Which events to post; at least one of TASK_EVENT_KINDS. */
  eventTypes: TaskEventKind[];
  /** Tasks led or coordinated by these units (each with its sub-units). At least one. */
  unitCodes: string[];
}

export interface WebhookSubscriptionView {
  id: string;
  name: string;
  url: string;
  eventTypes: TaskEventKind[];
  units: Array<{ code: string; name: string }>;
  active: boolean;
  createdAt: string;
  createdBy: { id: string; username: string; fullName: string };
}

/** The answer to creating a subscription: the only time its signing secret is shown. */
export interface CreatedWebhookSubscription extends WebhookSubscriptionView {
  /** `whsec_…`: the HMAC key of `X-TienDo-Signature`. */
  secret: string;
}

/** POST /api/admin/webhooks/deliveries/:deliveryId/resend: the delivery is queued for the worker (202). */
export interface WebhookResendView {
  queued: true;
}

export interface WebhookAttemptView {
  /** ISO instant (UTC) the attempt started. */
  at: string;
  /** The receiver's HTTP status; null when none came (timeout, refused connection). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: TaskEventKind;
  taskId: string;
  state: 'pending' | 'delivered' | 'failed';
  createdAt: string;
  deliveredAt: string | null;
  attempts: WebhookAttemptView[];
}

/**
 * One task a document assigns, as the e-office system hands it off (giao việc). Dates are calendar days in
 * Asia/Ho_Chi_Minh; the task is assigned on the day it arrives.
 */
export interface DocumentHandOffTask {
  title: string;
  description?: string;
  /** Đơn vị chủ trì: one of the API token's units (or a sub-unit). */
  leadUnitCode: string;
  /** Đơn vị phối hợp. */
  coordinatingUnitCodes?: string[];
  deadline?: string | null;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  isKeyTask?: boolean;
}

/**
 * The answer to POST /api/documents: 201 the first time, 200 with the very same body when the same document (number
 * and issuer) comes again with the same content.
 */
export interface IncomingDocumentResult {
  /** The hand-off's id. */
  id: string;
  document: { id: string; number: string; type: DocumentType; title: string; issuer: string; issuedOn: string; fileId: string };
  tasks: Array<{ id: string; code: string; title: string; leadUnitCode: string }>;
  /** ISO instant (UTC) of the first receipt. */
  receivedAt: string;
}
