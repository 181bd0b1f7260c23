import { Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AttachmentsRepository } from './attachments.repository';
import { BLOB_STORE_PROVIDER } from './blob-store.provider';
import { DeletedAttachmentsPurge } from './deleted-attachments-purge';

/** Minutes between the worker's purges; the first runs this long after start (a restart loop purges nothing twice). */
export const PURGE_EVERY_MINUTES = 60;

/**
 * Runs the purge on a plain in-process timer rather than a Redis job: nothing is lost if it is late or skipped (files
 * are only forgotten later), several workers may run it at once, and a flushed Redis does not stop it.
 */
@Injectable()
class DeletedAttachmentsPurgeTimer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DeletedAttachmentsPurge');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly purge: DeletedAttachmentsPurge) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), PURGE_EVERY_MINUTES * 60_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.purge.run();
    } catch (err) {
      this.logger.warn(`purge of deleted attachments failed, retried in ${PURGE_EVERY_MINUTES} min: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}

/** For the worker: forgets files deleted over 30 days ago and the bytes nothing refers to any more, every hour. */
@Module({
  providers: [BLOB_STORE_PROVIDER, AttachmentsRepository, DeletedAttachmentsPurge, DeletedAttachmentsPurgeTimer],
  exports: [DeletedAttachmentsPurge],
})
export class AttachmentsPurgeModule {}
