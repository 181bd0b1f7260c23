import { Injectable } from '@nestjs/common';
import type { AttachmentView, Page, TimelineEntryView } from '@tiendo/contracts';
import { COMMENT_HISTORY_ACTIONS, COMMENT_ID_OF_HISTORY_SQL, commentHistoryView, FieldChange } from '@tiendo/server-audit';
import { preparedQuery } from '@tiendo/server-core';
import { EntityManager } from 'typeorm';
import { commentViewColumns, toCommentView } from './comments.repository';

/**
 * History actions the timeline leaves out because the thing itself is an entry of its own (the comment, the
 * progress note, the file); `GET /api/tasks/:id/history` still lists them.
 */
export const TIMELINE_HIDDEN_HISTORY = ['comment_added', 'progress', 'attachment_added'];

/**
 * THE SQL of a task's timeline: comments, progress notes, files and history in one statement, newest first
 * (ties: by kind, then newest id). Each branch reads its table through its (task_id, …) index, so a task's page
 * costs the same whatever the size of the tables; the page is cut first, then only its rows are joined to their
 * details (mentions, people). Files are read here (read-only) from the files feature's `task_attachments`: the live
 * files of the task itself and of its completion reports; those under a comment or a progress note are shown there
 * (the service adds them through `AttachmentsService.attachedTo`), not twice.
 */
@Injectable()
export class TimelineRepository {
  /** `readerIsAdmin`: a deleted comment's history entries keep their words only for an admin (`commentHistoryView`). */
  async page(manager: EntityManager, taskId: string, pageSize: number, offset: number, readerIsAdmin = false): Promise<Page<TimelineEntryView>> {
    const { text, values } = this.pageSql(taskId, pageSize, offset);
    return this.pageFromRows(manager, taskId, await preparedQuery(manager, text, values), readerIsAdmin);
  }

  /** The SELECT behind `page`, over the task id $1 (for a read that checks access in the same statement). */
  pageSql(taskId: string, pageSize: number, offset: number): { text: string; values: unknown[] } {
    return {
      text: `WITH entries AS (
         SELECT 'comment'::text AS kind, c.created_at AS at, c.author_id AS actor_id,
                c.id AS comment_ref, NULL::uuid AS note_ref, NULL::bigint AS history_ref, NULL::uuid AS file_ref
           FROM task_comments c WHERE c.task_id = $1
         UNION ALL
         SELECT 'progress_note', n.created_at, n.author_id, NULL::uuid, n.id, NULL::bigint, NULL::uuid
           FROM task_progress_notes n WHERE n.task_id = $1
         UNION ALL
         SELECT 'history', h.at, h.actor_id, NULL::uuid, NULL::uuid, h.id, NULL::uuid
           FROM task_history h WHERE h.task_id = $1 AND h.action <> ALL($4::text[])
         UNION ALL
         SELECT 'attachment', f.uploaded_at, f.uploaded_by_id, NULL::uuid, NULL::uuid, NULL::bigint, f.id
           FROM task_attachments f WHERE f.task_id = $1 AND f.deleted_at IS NULL AND f.attached_to_kind IN ('task', 'completion')
       ), page AS (
         SELECT e.*, count(*) OVER () AS total FROM entries e
          ORDER BY e.at DESC, e.kind, e.history_ref DESC NULLS LAST, coalesce(e.comment_ref, e.note_ref, e.file_ref) DESC
          LIMIT $2 OFFSET $3
       )
       SELECT p.kind, p.at, p.total, p.history_ref, p.note_ref, u.id AS actor_id, u.username AS actor_username, u.full_name AS actor_name,
              ${commentViewColumns('c')},
              n.percent AS note_percent, n.note AS note_text,
              h.action AS history_action, h.changes AS history_changes, h.note AS history_note,
              hc.body AS history_comment_body, hc.deleted_at AS history_comment_deleted_at,
              f.id AS file_id, f.name AS file_name, f.size::text AS file_size, f.content_type AS file_type, f.sha256 AS file_sha256,
              f.attached_to_kind AS file_kind, f.attached_to_id AS file_target
         FROM page p
         LEFT JOIN users u ON u.id = p.actor_id
         LEFT JOIN task_comments c ON c.id = p.comment_ref
         LEFT JOIN users ca ON ca.id = c.author_id
         LEFT JOIN task_progress_notes n ON n.id = p.note_ref
         LEFT JOIN task_history h ON h.id = p.history_ref
         LEFT JOIN task_comments hc ON hc.task_id = h.task_id AND hc.id::text = ${COMMENT_ID_OF_HISTORY_SQL}
         LEFT JOIN task_attachments f ON f.id = p.file_ref
        ORDER BY p.at DESC, p.kind, p.history_ref DESC NULLS LAST, coalesce(p.comment_ref, p.note_ref, p.file_ref) DESC`,
      values: [taskId, pageSize, offset, TIMELINE_HIDDEN_HISTORY],
    };
  }

  /** `page`'s answer from the rows of `pageSql` (a page past the end counts the entries apart). */
  async pageFromRows(manager: EntityManager, taskId: string, rows: Array<Record<string, unknown>>, readerIsAdmin: boolean): Promise<Page<TimelineEntryView>> {
    const total = rows.length ? Number(rows[0]['total']) : await this.count(manager, taskId);
    return { total, items: rows.map((r) => this.toEntry(r, readerIsAdmin)) };
  }

  private async count(manager: EntityManager, taskId: string): Promise<number> {
    const [{ n }] = await manager.query(
      `SELECT (SELECT count(*) FROM task_comments WHERE task_id = $1)
            + (SELECT count(*) FROM task_progress_notes WHERE task_id = $1)
            + (SELECT count(*) FROM task_history WHERE task_id = $1 AND action <> ALL($2::text[]))
            + (SELECT count(*) FROM task_attachments WHERE task_id = $1 AND deleted_at IS NULL AND attached_to_kind IN ('task', 'completion')) AS n`,
      [taskId, TIMELINE_HIDDEN_HISTORY],
    );
    return Number(n);
  }

  private toEntry(r: Record<string, unknown>, readerIsAdmin: boolean): TimelineEntryView {
    const kind = r['kind'] as TimelineEntryView['kind'];
    const base = {
      kind,
      at: new Date(r['at'] as string).toISOString(),
      actor: r['actor_id'] ? { id: r['actor_id'] as string, username: r['actor_username'] as string, fullName: r['actor_name'] as string } : null,
    };
    switch (kind) {
      case 'comment':
        return { ...base, id: r['comment_id'] as string, comment: toCommentView(r) };
      case 'progress_note':
        return { ...base, id: r['note_ref'] as string, progressNote: { percent: Number(r['note_percent']), note: r['note_text'] as string, attachments: [] } };
      case 'history': {
        const action = r['history_action'] as string;
        const changes = r['history_changes'] as FieldChange[];
        const note = (r['history_note'] as string | null) ?? null;
        const comment =
          r['history_comment_body'] === null || r['history_comment_body'] === undefined
            ? null
            : { body: r['history_comment_body'] as string, deletedAt: (r['history_comment_deleted_at'] as Date | null) ?? null };
        return {
          ...base,
          id: String(r['history_ref']),
          history: COMMENT_HISTORY_ACTIONS.includes(action)
            ? { action, ...commentHistoryView(action, changes, comment, readerIsAdmin) }
            : { action, changes: changes as never, note },
        };
      }
      case 'attachment': {
        const attachment: AttachmentView = {
          id: r['file_id'] as string,
          name: r['file_name'] as string,
          size: Number(r['file_size']),
          contentType: r['file_type'] as string,
          sha256: r['file_sha256'] as string,
          attachedTo: { kind: (r['file_kind'] as AttachmentView['attachedTo']['kind']) ?? 'task', id: (r['file_target'] as string | null) ?? null },
          uploadedBy: base.actor ?? undefined,
          uploadedAt: base.at,
          deletedAt: null,
        };
        return { ...base, id: attachment.id, attachment };
      }
    }
  }
}
