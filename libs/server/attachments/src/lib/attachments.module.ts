import { Global, Inject, Logger, Module } from '@nestjs/common';
import { AuditModule } from '@tiendo/server-audit';
import { TASK_ATTACHMENTS, TasksModule } from '@tiendo/server-tasks';
import { UnitsModule } from '@tiendo/server-units';
import { AttachmentUpload } from './attachment-upload.interceptor';
import { AttachmentsController, CompletionEvidenceController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { BLOB_STORE, BlobStore } from './blob-store';
import { BLOB_STORE_PROVIDER } from './blob-store.provider';
import { DeletedAttachmentsPurge } from './deleted-attachments-purge';

/**
 * Files on tasks (the API's side). Global so that the tasks feature, which cannot import this one (it depends on
 * tasks), receives TASK_ATTACHMENTS through its optional injection.
 */
@Global()
@Module({
  imports: [TasksModule, AuditModule, UnitsModule],
  controllers: [AttachmentsController, CompletionEvidenceController],
  providers: [
    BLOB_STORE_PROVIDER,
    AttachmentsRepository,
    AttachmentsService,
    DeletedAttachmentsPurge,
    AttachmentUpload,
    { provide: TASK_ATTACHMENTS, useExisting: AttachmentsService },
  ],
  exports: [AttachmentsService, TASK_ATTACHMENTS, BLOB_STORE, AttachmentUpload],
})
export class AttachmentsModule {
  constructor(@Inject(BLOB_STORE) store: BlobStore) {
    new Logger(AttachmentsModule.name).log(`files stored in ${store.description}`);
  }
}
