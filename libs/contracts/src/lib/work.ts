/**
 * Work on a task: events, comments, attachments (files), sub-tasks, watchers and notification preferences.
 * Shapes shared by the API (dto/ classes `implements` these) and the web app. Moments are ISO strings in UTC.
 */
import type { PersonRef } from './api';

/**
 * What happened to a task, as recorded in the task events outbox (`task_events`) in the same transaction as the
 * change, and turned into notifications by the worker after commit.
 */
export const TASK_EVENT_KINDS = [
  'assigned', // a task assigned to a unit/person (created, or imported)
  'reassigned', // the assignee or the lead unit changed (payload: from/to)
  'deadline_changed', // a correction of the deadline by its manager
  'extension_requested',
  'extension_decided', // approved or rejected (payload.approved)
  'completion_reported',
  'completion_returned', // returned for redo
  'reopened',
  'cancelled',
  'progress_reported',
  'comment_added', // payload.commentId, payload.mentions (user ids)
  'attachment_added', // payload.attachmentId
] as const;
export type TaskEventKind = (typeof TASK_EVENT_KINDS)[number];

/** How a user wants one kind of event: in the product only, by e-mail at once as well, in a daily e-mail digest, or not at all. */
export const NOTIFICATION_DELIVERIES = ['in_app', 'email', 'digest', 'off'] as const;
export type NotificationDelivery = (typeof NOTIFICATION_DELIVERIES)[number];

/** `GET/PUT /api/me/notification-preferences`: one delivery per event kind (kinds left out keep their default). */
export interface NotificationPreferences {
  preferences: Record<TaskEventKind, NotificationDelivery>;
  /**
   * Whether the user's account has an e-mail address. When false, 'email' and 'digest' are still accepted and kept
   * (they take effect once an admin adds the address), but no e-mail and no digest is sent: the notification shows
   * in the product only. The web says so beside those choices.
   */
  emailAvailable: boolean;
}

/** A file: bytes addressed by their SHA-256 (stored once however often attached). */
export interface AttachmentView {
  id: string;
  /** The name as uploaded, NFC, Vietnamese kept intact. */
  name: string;
  /** Bytes. */
  size: number;
  /** Detected from the content, not taken from the name. */
  contentType: string;
  sha256: string;
  /** What the file is attached to: the task itself, or one of its completion reports, progress notes or comments. */
  attachedTo: { kind: 'task' | 'completion' | 'progress_note' | 'comment'; id: string | null };
  uploadedBy?: PersonRef;
  uploadedAt?: string;
  /** Set for a deleted file an admin may still restore (30 days). */
  deletedAt?: string | null;
}

export interface CommentView {
  id: string;
  taskId: string;
  /** Plain text; links are shown as links, never HTML. */
  body: string;
  author: PersonRef;
  mentions: PersonRef[];
  attachments: AttachmentView[];
  createdAt: string;
  editedAt: string | null;
  /** Deleted comments stay in the history; the thread shows them as deleted, without the body. */
  deletedAt: string | null;
}

/** A comment's body, at most (characters, UTF-16 units as `String.length` counts them): the API's DTO and the web's box. */
export const COMMENT_MAX_LENGTH = 5_000;
/** Files shown under one comment, at most. */
export const COMMENT_ATTACHMENTS_MAX = 20;

/**
 * The API's default file limits (AppConfig ATTACHMENT_MAX_MB, ATTACHMENTS_PER_TASK, ATTACHMENT_TYPES): the web states
 * them beside every drop zone. A deployment may change them; the API enforces its own settings (types by content).
 */
export const ATTACHMENT_DEFAULTS = {
  maxMegabytes: 25,
  maxPerTask: 50,
  types: 'pdf,doc,docx,xls,xlsx,ppt,pptx,odt,ods,odp,png,jpg,jpeg,zip',
} as const;

export interface CreateCommentRequest {
  body: string;
  /** Attachments already uploaded to this task, to show under the comment. */
  attachmentIds?: string[];
}

/** One line of a task's timeline: comments, progress notes, files and the history, newest first. */
export interface TimelineEntryView {
  kind: 'comment' | 'progress_note' | 'attachment' | 'history';
  id: string;
  at: string;
  actor: PersonRef | null;
  comment?: CommentView;
  progressNote?: { percent: number; note: string; attachments: AttachmentView[] };
  attachment?: AttachmentView;
  history?: { action: string; changes: { field: string; from: unknown; to: unknown }[]; note: string | null };
}

/** A sub-task as the parent's page lists it. */
export interface SubTaskView {
  id: string;
  code: string;
  title: string;
  assignee: PersonRef | null;
  leadUnit: { id: string; code: string; name: string };
  deadline: string | null;
  progressPercent: number;
  state: 'open' | 'completed' | 'cancelled';
  status: string;
}

/** `GET /api/tasks/:id/watchers`. */
export interface WatchersView {
  /** Whether the caller follows the task (explicitly, or by default as assigner or head of the lead unit, unless unfollowed). */
  following: boolean;
  watchers: PersonRef[];
}
