import { Module } from '@nestjs/common';
import { AttachmentsModule } from '@tiendo/server-attachments';
import { AuditModule } from '@tiendo/server-audit';
import { TasksModule } from '@tiendo/server-tasks';
import { CommentsController } from './comments.controller';
import { CommentsRepository } from './comments.repository';
import { CommentsService } from './comments.service';
import { TimelineRepository } from './timeline.repository';
import { TimelineService } from './timeline.service';

/** A task's comment thread (mentions, edit, delete) and its timeline. */
@Module({
  imports: [TasksModule, AuditModule, AttachmentsModule],
  controllers: [CommentsController],
  providers: [CommentsService, CommentsRepository, TimelineService, TimelineRepository],
  exports: [CommentsService],
})
export class CommentsModule {}
