import type { DocumentType } from './roles';
import type { ImportPreview, ImportResult, NotificationView, Page } from './api';

/*
 * Small answers that are no view of one object: counts, acknowledgements, settings of one flag. Named here so that
 * the API's document (libs/server/core/src/lib/openapi) types them from the same source as everything else.
 */

/** `{ count }`: how many (GET /api/tasks/pending-extensions/count). */
export interface CountView {
  count: number;
}

/** `{ unread }`: the caller's unread notifications (GET /api/notifications/unread-count; each event of …/live). */
export interface UnreadCountView {
  unread: number;
}

/** `{ marked }`: how many notifications were marked read just now. */
export interface MarkedReadView {
  marked: number;
}

/** Whether the user receives notifications by e-mail too. */
export interface EmailPreferenceView {
  emailNotifications: boolean;
}

/** A page of the caller's notifications, newest first, with the unread count. */
export type NotificationPage = Page<NotificationView> & UnreadCountView;

/** A delivery queued again for sending. */
export interface DeliveryRetryView {
  status: 'pending';
}

/** Jobs per state (waiting, active, delayed, failed…) of each queue, by queue name (admin view). */
export type QueueCounts = Record<string, Record<string, number>>;

/**
 * Whether completing a task needs an evidence file: per lead unit (`unitCode`) or per type of source document
 * (`documentType`), exactly one of them set.
 */
export interface EvidenceRuleView {
  unitCode: string | null;
  documentType: DocumentType | null;
  requireFile: boolean;
  /** ISO instant. */
  updatedAt: string;
}

/** A register import's answer: the preview (`dryRun=true`: what would change, nothing written) or the result. */
export type ImportAnswer = ImportResult | ImportPreview;

/** GET /api/health: the process answers and PostgreSQL too (500 otherwise). */
export interface HealthView {
  status: 'ok';
  database: 'up';
}
