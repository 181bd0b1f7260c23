import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AttachmentsService } from '@tiendo/server-attachments';
import type { Page, TimelineEntryView } from '@tiendo/contracts';
import { Actor, PageQuery } from '@tiendo/server-core';
import { DataSource } from 'typeorm';
import { CommentsService, liveCommentIds, withCommentFiles } from './comments.service';
import { TimelineRepository } from './timeline.repository';

/** A task's timeline: who may read the task reads it (404 otherwise, as for the task). */
@Injectable()
export class TimelineService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly comments: CommentsService,
    private readonly timeline: TimelineRepository,
    private readonly attachments: AttachmentsService,
  ) {}

  /**
   * Comments (deleted ones shown as deleted), progress notes, files and the history of the task, newest first, a
   * page at a time (default 20, at most 200) with the total. History entries for a comment posted, a progress
   * report or a file added are left out: the comment, note or file is the entry.
   */
  async page(taskId: string, query: PageQuery, actor: Actor): Promise<Page<TimelineEntryView>> {
    await this.comments.readableTask(taskId, actor, this.db.manager);
    const pageSize = query.pageSize ?? 20;
    const page = await this.timeline.page(this.db.manager, taskId, pageSize, ((query.page ?? 1) - 1) * pageSize, actor.role === 'admin');
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
