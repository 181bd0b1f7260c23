import type { Provider } from '@nestjs/common';
import { AppConfig, parseStorageUrl } from '@tiendo/server-core';
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

export const BLOB_STORE_PROVIDER: Provider = { provide: BLOB_STORE, useFactory: createBlobStore, inject: [AppConfig] };
