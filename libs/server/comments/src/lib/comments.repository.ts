import { Injectable } from '@nestjs/common';
import type { CommentView, PersonRef } from '@tiendo/contracts';
import { EntityManager } from 'typeorm';

/** A comment row as the rules need it (locked for an edit or a deletion). */
export interface CommentRow {
  id: string;
  taskId: string;
  authorId: string;
  body: string;
  createdAt: Date;
  deletedAt: Date | null;
}

/** A user a body mentions, with what the access policy needs to know of them. */
export interface MentionedUser extends PersonRef {
  active: boolean;
  role: 'admin' | 'leader' | 'monitor' | 'unit_head' | 'staff';
  unitId: string;
  unitPath: string;
}

/**
 * The columns of a CommentView for the comment aliased `c` and its author aliased `ca` (deleted: no body, no
 * mentions). Shared with the timeline, so both show a comment the same way. The files under a comment belong to the
 * files feature: the services add them (`AttachmentsService.attachedTo`).
 */
export const commentViewColumns = (c: string) => `
  ${c}.id AS comment_id, ${c}.task_id AS comment_task_id,
  CASE WHEN ${c}.deleted_at IS NULL THEN ${c}.body ELSE '' END AS comment_body,
  ${c}.created_at AS comment_created_at, ${c}.edited_at AS comment_edited_at, ${c}.deleted_at AS comment_deleted_at,
  ca.id AS comment_author_id, ca.username AS comment_author_username, ca.full_name AS comment_author_name,
  CASE WHEN ${c}.deleted_at IS NULL THEN
    (SELECT coalesce(json_agg(json_build_object('id', mu.id, 'username', mu.username, 'fullName', mu.full_name) ORDER BY lower(mu.username)), '[]'::json)
       FROM comment_mentions m JOIN users mu ON mu.id = m.user_id WHERE m.comment_id = ${c}.id)
  ELSE '[]'::json END AS comment_mentions`;

/** The comment columns' row, turned into the contract's view. */
export function toCommentView(r: Record<string, unknown>): CommentView {
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: r['comment_id'] as string,
    taskId: r['comment_task_id'] as string,
    body: r['comment_body'] as string,
    author: { id: r['comment_author_id'] as string, username: r['comment_author_username'] as string, fullName: r['comment_author_name'] as string },
    mentions: r['comment_mentions'] as PersonRef[],
    attachments: [],
    createdAt: iso(r['comment_created_at']) as string,
    editedAt: iso(r['comment_edited_at']),
    deletedAt: iso(r['comment_deleted_at']),
  };
}

/** THE SQL of the comments tables (task_comments, comment_mentions). */
@Injectable()
export class CommentsRepository {
  async insert(manager: EntityManager, c: { taskId: string; authorId: string; body: string; at: Date }): Promise<string> {
    const [row] = await manager.query(`INSERT INTO task_comments (task_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id`, [
      c.taskId,
      c.authorId,
      c.body,
      c.at,
    ]);
    return row.id;
  }

  /** Replaces the comment's mentions with `userIds`. */
  async setMentions(manager: EntityManager, commentId: string, userIds: string[]): Promise<void> {
    await manager.query(`DELETE FROM comment_mentions WHERE comment_id = $1`, [commentId]);
    if (userIds.length === 0) return;
    await manager.query(`INSERT INTO comment_mentions (comment_id, user_id) SELECT $1, unnest($2::uuid[])`, [commentId, userIds]);
  }

  async mentionIds(manager: EntityManager, commentId: string): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await manager.query(`SELECT user_id FROM comment_mentions WHERE comment_id = $1`, [commentId]);
    return rows.map((r) => r.user_id);
  }

  /** The comment, locked until the caller's transaction ends; null when it is not a comment of this task. */
  async lock(manager: EntityManager, taskId: string, commentId: string): Promise<CommentRow | null> {
    const [r] = await manager.query(
      `SELECT id, task_id, author_id, body, created_at, deleted_at FROM task_comments WHERE id = $1 AND task_id = $2 FOR UPDATE`,
      [commentId, taskId],
    );
    return r ? { id: r.id, taskId: r.task_id, authorId: r.author_id, body: r.body, createdAt: new Date(r.created_at), deletedAt: r.deleted_at ? new Date(r.deleted_at) : null } : null;
  }

  async updateBody(manager: EntityManager, commentId: string, body: string, at: Date): Promise<void> {
    await manager.query(`UPDATE task_comments SET body = $2, edited_at = $3 WHERE id = $1`, [commentId, body, at]);
  }

  async markDeleted(manager: EntityManager, commentId: string, by: string, at: Date): Promise<void> {
    await manager.query(`UPDATE task_comments SET deleted_at = $3, deleted_by_id = $2 WHERE id = $1`, [commentId, by, at]);
  }

  /**
   * The users named by `usernames` (any case), with their unit's path for the access policy. Usernames absent
   * from the answer do not exist.
   */
  async usersByName(manager: EntityManager, usernames: string[]): Promise<Map<string, MentionedUser>> {
    if (usernames.length === 0) return new Map();
    const rows: Array<{ id: string; username: string; full_name: string; active: boolean; role: MentionedUser['role']; unit_id: string; path: string }> =
      await manager.query(
        `SELECT u.id, u.username, u.full_name, u.active, u.role, u.unit_id, un.path
           FROM users u JOIN units un ON un.id = u.unit_id WHERE lower(u.username) = ANY($1::text[])`,
        [usernames],
      );
    return new Map(
      rows.map((r) => [
        r.username.toLowerCase(),
        { id: r.id, username: r.username, fullName: r.full_name, active: r.active, role: r.role, unitId: r.unit_id, unitPath: r.path },
      ]),
    );
  }

  async view(manager: EntityManager, commentId: string): Promise<CommentView | null> {
    const [r] = await manager.query(
      `SELECT ${commentViewColumns('c')} FROM task_comments c JOIN users ca ON ca.id = c.author_id WHERE c.id = $1`,
      [commentId],
    );
    return r ? toCommentView(r) : null;
  }

  /** A page of the task's comments (deleted ones included, without their body) and how many there are in all. */
  async page(manager: EntityManager, taskId: string, order: 'oldest' | 'newest', pageSize: number, offset: number): Promise<{ items: CommentView[]; total: number }> {
    const dir = order === 'newest' ? 'DESC' : 'ASC';
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT ${commentViewColumns('c')}, p.total
         FROM (SELECT id, count(*) OVER () AS total FROM task_comments WHERE task_id = $1
                ORDER BY created_at ${dir}, id ${dir} LIMIT $2 OFFSET $3) p
         JOIN task_comments c ON c.id = p.id JOIN users ca ON ca.id = c.author_id
        ORDER BY c.created_at ${dir}, c.id ${dir}`,
      [taskId, pageSize, offset],
    );
    // Past the last page the window gives no row to carry the total: count once.
    const total = rows.length
      ? Number(rows[0]['total'])
      : Number((await manager.query(`SELECT count(*)::int AS n FROM task_comments WHERE task_id = $1`, [taskId]))[0].n);
    return { items: rows.map(toCommentView), total };
  }
}
