import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommentView, Page, TimelineEntryView } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, PageQuery, UuidParamPipe } from '@tiendo/server-core';
import { CommentsService } from './comments.service';
import { CreateCommentDto, EditCommentDto, ListCommentsQuery } from './dto/comment.dto';
import { TimelineService } from './timeline.service';

/**
 * Thin: any signed-in user reaches these routes; whether they may read the task (else 404), and whether they wrote
 * the comment, is decided per object in CommentsService.
 */
@ApiTags('comments')
@ApiBearerAuth()
@Controller('tasks/:id')
export class CommentsController {
  constructor(
    private readonly comments: CommentsService,
    private readonly timeline: TimelineService,
  ) {}

  /** Post a comment (bình luận), with @mentions and files of the task. 201 CommentView. */
  @ApiAnswer('CommentView', { summary: 'Viết bình luận', status: 201, errors: [403, 422] })
  @Post('comments')
  create(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: CreateCommentDto): Promise<CommentView> {
    return this.comments.create(id, dto, actor);
  }

  @ApiAnswer.page('CommentView', { summary: 'Bình luận của nhiệm vụ' })
  @Get('comments')
  list(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Query() query: ListCommentsQuery): Promise<Page<CommentView>> {
    return this.comments.list(id, query, actor);
  }

  /** Edit one's own comment within 15 minutes. */
  @ApiAnswer('CommentView', { summary: 'Sửa bình luận', errors: [403, 422] })
  @Patch('comments/:commentId')
  edit(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Param('commentId', UuidParamPipe) commentId: string,
    @Body() dto: EditCommentDto,
  ): Promise<CommentView> {
    return this.comments.edit(id, commentId, dto, actor);
  }

  /** Delete one's own comment (or any, as admin); kept in the history. 204. */
  @ApiAnswer.empty({ summary: 'Xoá bình luận', errors: [403, 422] })
  @Delete('comments/:commentId')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Param('commentId', UuidParamPipe) commentId: string): Promise<void> {
    return this.comments.remove(id, commentId, actor);
  }

  /** Comments, progress notes, files and history, newest first. */
  @ApiAnswer.page('TimelineEntryView', { summary: 'Dòng thời gian của nhiệm vụ' })
  @Get('timeline')
  timelinePage(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Query() query: PageQuery): Promise<Page<TimelineEntryView>> {
    return this.timeline.page(id, query, actor);
  }
}
