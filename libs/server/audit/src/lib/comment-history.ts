import type { FieldChange } from './task-history.entity';

/** History actions about a task's comments; their view is shaped by `commentHistoryView`. */
export const COMMENT_HISTORY_ACTIONS = ['comment_added', 'comment_edited', 'comment_deleted'];

/** Characters of a comment a history entry shows (the stored row keeps the whole text for admins and audit). */
export const COMMENT_HISTORY_EXCERPT_CHARS = 80;

/** A comment's short excerpt: spaces collapsed, cut at COMMENT_HISTORY_EXCERPT_CHARS code points with "…"; null for no text. */
export function commentExcerpt(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const chars = Array.from(value.replace(/\s+/g, ' ').trim());
  return chars.length > COMMENT_HISTORY_EXCERPT_CHARS ? `${chars.slice(0, COMMENT_HISTORY_EXCERPT_CHARS).join('')}…` : chars.join('');
}

/**
 * SQL (for a `task_history h` row) of the comment id an entry is about: `note` since issue #10's fix, else the
 * `to` of the first change (the first `comment_added` entries stored `{field:'commentId', to:<id>}`).
 */
export const COMMENT_ID_OF_HISTORY_SQL = `CASE WHEN h.action IN ('comment_added', 'comment_edited', 'comment_deleted') THEN coalesce(h.note, h.changes->0->>'to') END`;

/**
 * The view of a comment's history entry (`comment_added`, `comment_edited`, `comment_deleted`), read time:
 * `changes: [{ field: 'comment', from, to }]` with short excerpts (≤ 80 characters and "…") — added: from null, to
 * the text; edited: from the previous text, to the new; deleted: from the text, to null — and `note: null` (the
 * comment's id is not text for a reader). Once the comment is deleted, `from` and `to` are both null for everyone but
 * an admin: a deleted comment's text is hidden everywhere (thread, timeline, history); the row keeps it.
 * Entries stored before this shape (`commentId` / `body` / `deletedAt` fields) are shown the same way, the current
 * text of the comment standing in for the one they did not store.
 */
export function commentHistoryView(
  action: string,
  changes: FieldChange[],
  comment: { body: string; deletedAt: Date | string | null } | null,
  readerIsAdmin: boolean,
): { changes: FieldChange[]; note: null } {
  const hidden = !!comment?.deletedAt && !readerIsAdmin;
  const first = changes[0];
  const stored = first?.field === 'comment';
  let from: string | null = null;
  let to: string | null = null;
  if (action === 'comment_added') to = commentExcerpt(stored ? first.to : comment?.body);
  else if (action === 'comment_edited') {
    from = commentExcerpt(first?.from);
    to = commentExcerpt(first?.to);
  } else from = commentExcerpt(stored ? first.from : comment?.body);
  return { changes: [{ field: 'comment', from: hidden ? null : from, to: hidden ? null : to }], note: null };
}
