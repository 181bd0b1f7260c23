import { Global, Logger, Module, OnModuleDestroy, Inject } from '@nestjs/common';
import { AuditModule } from '@tiendo/server-audit';
import { AppConfig, parseStorageUrl } from '@tiendo/server-core';
import { TASK_ATTACHMENTS, TasksModule } from '@tiendo/server-tasks';
import { UnitsModule } from '@tiendo/server-units';
import { AttachmentUpload } from './attachment-upload.interceptor';
import { AttachmentsController, CompletionEvidenceController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { BLOB_STORE, BlobStore } from './blob-store';
import { LocalBlobStore } from './local-blob-store';
import { S3BlobStore } from './s3-blob-store';

/** The one store of a process: the S3-compatible bucket of STORAGE_URL when set, else the folder STORAGE_DIR. */
export function createBlobStore(config: AppConfig): BlobStore {
  if (config.STORAGE_URL) {
    const settings = parseStorageUrl(config.STORAGE_URL);
    // loadConfig refused a bad URL at start already; this guards a config built another way.
    if (typeof settings === 'string') throw new Error(settings);
    return new S3BlobStore({
      ...settings,
      accessKeyId: settings.accessKeyId ?? config.AWS_ACCESS_KEY_ID,
      secretAccessKey: settings.secretAccessKey ?? config.AWS_SECRET_ACCESS_KEY,
    });
  }
  return new LocalBlobStore(config.STORAGE_DIR);
}

/**
 * Files on tasks. Global so that the tasks feature, which cannot import this one (it depends on tasks), receives
 * TASK_ATTACHMENTS through its optional injection.
 */
@Global()
@Module({
  imports: [TasksModule, AuditModule, UnitsModule],
  controllers: [AttachmentsController, CompletionEvidenceController],
  providers: [
    { provide: BLOB_STORE, useFactory: createBlobStore, inject: [AppConfig] },
    AttachmentsRepository,
    AttachmentsService,
    AttachmentUpload,
    { provide: TASK_ATTACHMENTS, useExisting: AttachmentsService },
  ],
  exports: [AttachmentsService, TASK_ATTACHMENTS, BLOB_STORE],
})
export class AttachmentsModule implements OnModuleDestroy {
  constructor(@Inject(BLOB_STORE) store: BlobStore) {
    this.store = store;
    new Logger('AttachmentsModule').log(`files stored in ${store.description}`);
  }

  private readonly store: BlobStore;

  onModuleDestroy(): void {
    if (this.store instanceof S3BlobStore) this.store.destroy();
  }
}
