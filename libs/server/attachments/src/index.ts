export * from './lib/blob-store';
export * from './lib/local-blob-store';
export * from './lib/s3-blob-store';
export * from './lib/file-name';
export * from './lib/file-content';
export * from './lib/attachments.repository';
export * from './lib/attachments.service';
export * from './lib/attachments.module';
