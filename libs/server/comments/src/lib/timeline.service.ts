import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AttachmentsService } from '@tiendo/server-attachments';
import type { Page, TimelineEntryView } from '@tiendo/contracts';
import { Actor, canReadTask, notFound, outOfScope, PageQuery } from '@tiendo/server-core';
import { TaskQueryRepository } from '@tiendo/server-tasks';
import { DataSource } from 'typeorm';
import { liveCommentIds, withCommentFiles } from './comments.service';
import { TimelineRepository } from './timeline.repository';

/** A task's timeline: who may read the task reads it (404 otherwise, as for the task). */
@Injectable()
export class TimelineService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TaskQueryRepository,
    private readonly timeline: TimelineRepository,
    private readonly attachments: AttachmentsService,
  ) {}

  /**
   * Comments (deleted ones shown as deleted), progress notes, files and the history of the task, newest first, a
   * page at a time (default 20, at most 200) with the total. History entries for a comment posted, a progress
   * report or a file added are left out: the comment, note or file is the entry.
   */
  async page(taskId: string, query: PageQuery, actor: Actor): Promise<Page<TimelineEntryView>> {
    const pageSize = query.pageSize ?? 20;
    // The access facts and the page in one statement; the page is used only once access is decided.
    const { text, values } = this.timeline.pageSql(taskId, pageSize, ((query.page ?? 1) - 1) * pageSize);
    const found = await this.tasks.scopeFactsWithRows<Record<string, unknown>>(text, values);
    if (!found) throw notFound('Task');
    if (!canReadTask(actor, found.scope)) throw outOfScope('task', taskId);
    const page = await this.timeline.pageFromRows(this.db.manager, taskId, found.rows, actor.role === 'admin');
    // The page's comments' and progress notes' files in one read.
    const pageComments = page.items.flatMap((e) => (e.comment ? [e.comment] : []));
    const noteIds = page.items.filter((e) => e.progressNote).map((e) => e.id);
    const files = await this.attachments.attachedTo(['comment', 'progress_note'], [...liveCommentIds(pageComments), ...noteIds]);
    const byComment = new Map(withCommentFiles(pageComments, files).map((c) => [c.id, c]));
    const items = page.items.map((e) => {
      if (e.comment) return { ...e, comment: byComment.get(e.comment.id) ?? e.comment };
      if (e.progressNote) return { ...e, progressNote: { ...e.progressNote, attachments: files.get(e.id) ?? [] } };
      return e;
    });
    return { total: page.total, items };
  }
}
