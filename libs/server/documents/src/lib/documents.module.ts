import { Module } from '@nestjs/common';
import { AttachmentsModule, DocumentUpload } from '@tiendo/server-attachments';
import { AuditModule } from '@tiendo/server-audit';
import { TasksModule } from '@tiendo/server-tasks';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

/** The e-office hand-off: POST /api/documents. */
@Module({
  imports: [TasksModule, AttachmentsModule, AuditModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, DocumentUpload],
})
export class DocumentsModule {}
