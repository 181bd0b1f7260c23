import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AttachmentView, CommentView, Page } from '@tiendo/contracts';
import { AttachmentsService } from '@tiendo/server-attachments';
import { AuditService, commentExcerpt } from '@tiendo/server-audit';
import { Actor, canReadTask, Clock, notFound, outOfScope, refuse, refusedOn, TaskScopeFacts } from '@tiendo/server-core';
import { TaskEventsRepository, TaskQueryRepository } from '@tiendo/server-tasks';
import { DataSource, EntityManager } from 'typeorm';
import { CommentRow, CommentsRepository } from './comments.repository';
import { CreateCommentDto, EditCommentDto, ListCommentsQuery } from './dto/comment.dto';
import { mentionCandidates } from './mentions';

/** How long after posting its author may still edit a comment. */
export const COMMENT_EDIT_WINDOW_MINUTES = 15;

/**
 * The rules of a task's comment thread. Whoever may read the task (`canReadTask`) reads and writes its comments;
 * anyone else gets 404 as for the task itself. Each write appends the task's history and (for new comments and new
 * mentions) a `comment_added` event in the same transaction, so notifications follow only committed comments.
 * Comments are allowed on completed and cancelled tasks too: the discussion of a result often continues after it.
 */
@Injectable()
export class CommentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly tasks: TaskQueryRepository,
    private readonly comments: CommentsRepository,
    private readonly events: TaskEventsRepository,
    private readonly audit: AuditService,
    private readonly attachments: AttachmentsService,
  ) {}

  /**
   * Posts a comment. `@username` in the body mentions that colleague; every mention must name an active user who may
   * read the task, else 422 MENTION_NOT_ALLOWED (field body, naming every such username) and nothing is written.
   * `attachmentIds` must be live files of this task attached to the task itself (not yet to a report, note or another
   * comment): 400 ATTACHMENT_NOT_ON_TASK (field attachmentIds), checked and linked by the files feature.
   * 404 NOT_FOUND for a task the actor may not read. Records history `comment_added` and event `comment_added`
   * with payload `{ commentId, mentions: userId[] }`.
   */
  async create(taskId: string, dto: CreateCommentDto, actor: Actor): Promise<CommentView> {
    const now = this.clock.now();
    const id = await this.db.transaction(async (manager) => {
      const facts = await this.readableTask(taskId, actor, manager);
      const mentions = await this.resolveMentions(dto.body, facts, manager);
      const commentId = await this.comments.insert(manager, { taskId, authorId: actor.id, body: dto.body, at: now });
      await this.comments.setMentions(manager, commentId, mentions);
      await this.attachments.linkTo(manager, taskId, { kind: 'comment', id: commentId }, dto.attachmentIds ?? []);
      await this.audit.recordTaskChange(manager, {
        taskId,
        actorId: actor.id,
        action: 'comment_added',
        changes: [{ field: 'comment', from: null, to: commentExcerpt(dto.body) }],
        note: commentId,
        at: now,
      });
      await this.events.record(manager, { taskId, kind: 'comment_added', actorId: actor.id, at: now, payload: { commentId, mentions } });
      return commentId;
    });
    return this.withFiles((await this.comments.view(this.db.manager, id)) as CommentView);
  }

  /** The task's comments, a page at a time (default 20, at most 200), oldest first unless `order=newest`. 404 as `create`. */
  async list(taskId: string, query: ListCommentsQuery, actor: Actor): Promise<Page<CommentView>> {
    await this.readableTask(taskId, actor, this.db.manager);
    const pageSize = query.pageSize ?? 20;
    const page = await this.comments.page(this.db.manager, taskId, query.order ?? 'oldest', pageSize, ((query.page ?? 1) - 1) * pageSize);
    return { total: page.total, items: await this.addFiles(page.items) };
  }

  /**
   * Edits a comment: only its author (403 COMMENT_NOT_OWN), only within COMMENT_EDIT_WINDOW_MINUTES of posting by the
   * injected clock (422 COMMENT_EDIT_WINDOW_CLOSED), not once deleted (422 COMMENT_DELETED); mentions as in `create`.
   * The history entry `comment_edited` keeps the previous and the new body (`{field:'comment', from, to}`; readers
   * other than admins see them only while the comment is not deleted, see AuditService.taskHistory); users mentioned for the first time get an event
   * `comment_added` with `{ commentId, mentions: newlyMentioned, edited: true }` (nobody is told twice).
   */
  async edit(taskId: string, commentId: string, dto: EditCommentDto, actor: Actor): Promise<CommentView> {
    const now = this.clock.now();
    await this.db.transaction(async (manager) => {
      const facts = await this.readableTask(taskId, actor, manager);
      const comment = await this.lockComment(manager, taskId, commentId);
      if (comment.authorId !== actor.id) throw refusedOn(refuse('COMMENT_NOT_OWN'), 'task', taskId);
      if (comment.deletedAt) throw refuse('COMMENT_DELETED');
      if (now.getTime() - comment.createdAt.getTime() > COMMENT_EDIT_WINDOW_MINUTES * 60_000) {
        throw refuse('COMMENT_EDIT_WINDOW_CLOSED', { params: { minutes: COMMENT_EDIT_WINDOW_MINUTES } });
      }
      const mentions = await this.resolveMentions(dto.body, facts, manager);
      if (dto.body === comment.body) return;
      const before = new Set(await this.comments.mentionIds(manager, commentId));
      await this.comments.updateBody(manager, commentId, dto.body, now);
      await this.comments.setMentions(manager, commentId, mentions);
      await this.audit.recordTaskChange(manager, {
        taskId,
        actorId: actor.id,
        action: 'comment_edited',
        changes: [{ field: 'comment', from: comment.body, to: dto.body }],
        note: commentId,
        at: now,
      });
      const added = mentions.filter((m) => !before.has(m));
      if (added.length) {
        await this.events.record(manager, { taskId, kind: 'comment_added', actorId: actor.id, at: now, payload: { commentId, mentions: added, edited: true } });
      }
    });
    return this.withFiles((await this.comments.view(this.db.manager, commentId)) as CommentView);
  }

  /**
   * Deletes a comment: its author or an admin (403 COMMENT_NOT_OWN), once (422 COMMENT_DELETED). Kept: the row is
   * marked deleted (the thread shows "deleted" without the body) and the history records `comment_deleted`.
   */
  async remove(taskId: string, commentId: string, actor: Actor): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (manager) => {
      await this.readableTask(taskId, actor, manager);
      const comment = await this.lockComment(manager, taskId, commentId);
      if (comment.authorId !== actor.id && actor.role !== 'admin') throw refusedOn(refuse('COMMENT_NOT_OWN'), 'task', taskId);
      if (comment.deletedAt) throw refuse('COMMENT_DELETED');
      await this.comments.markDeleted(manager, commentId, actor.id, now);
      await this.audit.recordTaskChange(manager, {
        taskId,
        actorId: actor.id,
        action: 'comment_deleted',
        changes: [{ field: 'comment', from: commentExcerpt(comment.body), to: null }],
        note: commentId,
        at: now,
      });
    });
  }

  /** The live files under each comment (deleted comments show none), from the files feature. */
  async addFiles(comments: CommentView[]): Promise<CommentView[]> {
    return withCommentFiles(comments, await this.attachments.attachedTo('comment', liveCommentIds(comments)));
  }

  private async withFiles(comment: CommentView): Promise<CommentView> {
    return (await this.addFiles([comment]))[0];
  }

  /** 404 for a missing task and (recorded as `object_hidden`) for one outside the actor's read scope. */
  async readableTask(taskId: string, actor: Actor, manager: EntityManager): Promise<TaskScopeFacts> {
    const facts = await this.tasks.scopeFacts(taskId, manager);
    if (!facts) throw notFound('Task');
    if (!canReadTask(actor, facts)) throw outOfScope('task', taskId);
    return facts;
  }

  private async lockComment(manager: EntityManager, taskId: string, commentId: string): Promise<CommentRow> {
    const comment = await this.comments.lock(manager, taskId, commentId);
    if (!comment) throw notFound('Resource');
    return comment;
  }

  /**
   * The ids of the users the body mentions, in the order first seen. A mention is refused (422 MENTION_NOT_ALLOWED,
   * field body) when its username names nobody, a locked account, or someone the access policy does not let read
   * this task: refused rather than dropped, so the author never believes someone was told who was not.
   */
  private async resolveMentions(body: string, task: TaskScopeFacts, manager: EntityManager): Promise<string[]> {
    const candidates = mentionCandidates(body);
    if (candidates.length === 0) return [];
    const names = candidates.flatMap((c) => (c.trimmed && c.trimmed !== c.full ? [c.full, c.trimmed] : [c.full]));
    const users = await this.comments.usersByName(manager, names);
    const ids: string[] = [];
    const refused: string[] = [];
    for (const c of candidates) {
      const user = users.get(c.full) ?? (c.trimmed ? users.get(c.trimmed) : undefined);
      const named = user?.username ?? c.trimmed ?? c.full;
      if (!user || !user.active || !canReadTask({ id: user.id, username: user.username, fullName: user.fullName, role: user.role, unitId: user.unitId, unitPath: user.unitPath }, task)) {
        if (!refused.includes(named)) refused.push(named);
        continue;
      }
      if (!ids.includes(user.id)) ids.push(user.id);
    }
    // Every refused mention named in the one message ("@a, @b"), so the author fixes them all at once.
    if (refused.length) throw refuse('MENTION_NOT_ALLOWED', { field: 'body', params: { username: refused.join(', @') } });
    return ids;
  }
}

/** The comments whose files are shown: a deleted comment shows none. */
export function liveCommentIds(comments: CommentView[]): string[] {
  return comments.filter((c) => !c.deletedAt).map((c) => c.id);
}

/** The comments with their files (`files` by comment id, as AttachmentsService.attachedTo gives them). */
export function withCommentFiles(comments: CommentView[], files: Map<string, AttachmentView[]>): CommentView[] {
  return comments.map((c) => ({ ...c, attachments: c.deletedAt ? [] : (files.get(c.id) ?? []) }));
}
