import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@tiendo/server-core';
import { DataSource } from 'typeorm';
import { AttachmentsRepository } from './attachments.repository';
import { BLOB_STORE, BlobStore } from './blob-store';

/** A deleted file can be restored by an admin for this many days; after that its row (and, unshared, its bytes) go. */
export const RESTORE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Forgets files deleted more than RESTORE_DAYS ago, then removes from the store the bytes no row refers to any more
 * (live or deleted, on any task). Each object is removed under its blob row's lock, so an upload of the same bytes
 * meanwhile waits, then stores them again. Safe on several processes at once (locked rows are skipped).
 */
@Injectable()
export class DeletedAttachmentsPurge {
  private readonly logger = new Logger(DeletedAttachmentsPurge.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    private readonly files: AttachmentsRepository,
    private readonly clock: Clock,
  ) {}

  /** @returns how many attachment rows were forgotten and how many stored objects removed. */
  async run(batch = 500): Promise<{ rows: number; blobs: number }> {
    const before = new Date(this.clock.now().getTime() - RESTORE_DAYS * DAY_MS);
    const rows = await this.db.transaction((manager) => this.files.dropExpired(manager, before));
    let blobs = 0;
    for (;;) {
      const removed = await this.db.transaction(async (manager) => {
        const orphans = await this.files.claimOrphanBlobs(manager, batch);
        for (const sha256 of orphans) {
          await this.store.delete(sha256);
          await this.files.dropBlob(manager, sha256);
        }
        return orphans.length;
      });
      blobs += removed;
      if (removed < batch) break;
    }
    if (rows || blobs) this.logger.log(`purged ${rows} deleted attachments, ${blobs} stored files`);
    return { rows, blobs };
  }
}
