import { NotificationDelivery, TASK_EVENT_KINDS, TaskEventKind } from '@tiendo/contracts';

/**
 * How each kind of task event reaches a user who never chose (`GET /api/me/notification-preferences` shows these
 * until changed). What asks the user to act, or changes their work, comes by e-mail at once; what only informs
 * (progress notes, comments, files) stays in the product. A comment that mentions a user is a request addressed to
 * them: it follows their `comment_added` choice when they made one, else it comes by e-mail (MENTION_DEFAULT).
 */
export const DEFAULT_DELIVERY: Record<TaskEventKind, NotificationDelivery> = {
  assigned: 'email',
  reassigned: 'email',
  deadline_changed: 'email',
  extension_requested: 'email',
  extension_decided: 'email',
  completion_reported: 'email',
  completion_returned: 'email',
  reopened: 'email',
  cancelled: 'email',
  progress_reported: 'in_app',
  comment_added: 'in_app',
  attachment_added: 'in_app',
};

/** A mention, for a user who left `comment_added` at its default. */
export const MENTION_DEFAULT: NotificationDelivery = 'email';

export const isTaskEventKind = (k: string): k is TaskEventKind => (TASK_EVENT_KINDS as readonly string[]).includes(k);
