import { createReadStream } from 'node:fs';
import { constants } from 'node:fs';
import { access, copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { BlobStore, requireSha256 } from './blob-store';

/**
 * The embedded store: a folder the API writes (STORAGE_DIR), each file at `ab/cd/<sha256>` so no folder grows past
 * a few thousand entries. A file arrives by `rename` (atomic on one file system; readers never see half a file), or
 * by copy to a temporary name and rename when the upload's temporary file lies on another file system.
 */
export class LocalBlobStore implements BlobStore {
  readonly root: string;
  readonly description: string;

  constructor(dir: string) {
    this.root = resolve(dir);
    this.description = `dossier ${this.root}`;
  }

  /**
   * Checked at start (Nest calls this when the module starts): the folder exists or can be made, and the process may
   * write it; otherwise the process stops with a message naming STORAGE_DIR, instead of failing each upload later.
   */
  async onModuleInit(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.W_OK | constants.R_OK);
    } catch (err) {
      throw new Error(`STORAGE_DIR=${this.root}: không tạo được hoặc không ghi được thư mục lưu tệp đính kèm (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }

  private pathOf(sha256: string): string {
    requireSha256(sha256);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(sha256: string, path: string): Promise<void> {
    const target = this.pathOf(sha256);
    await mkdir(join(target, '..'), { recursive: true });
    try {
      await rename(path, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      const partial = `${target}.${process.pid}.${Date.now()}.partial`;
      await copyFile(path, partial);
      await rename(partial, target);
    }
  }

  async get(sha256: string): Promise<Readable> {
    const path = this.pathOf(sha256);
    await access(path);
    return createReadStream(path);
  }

  async exists(sha256: string): Promise<boolean> {
    const path = this.pathOf(sha256);
    try {
      await access(path);
      return true;
    } catch {
      return false;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}
