import { Logger } from '@nestjs/common';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, NotFound, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { ObjectStoreSettings } from '@tiendo/server-core';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { BlobStore, requireSha256 } from './blob-store';

/**
 * An S3-compatible bucket (AWS S3, MinIO, Ceph, SeaweedFS…) shared by several API replicas; each file is the object
 * `<prefix><sha256>`. Checksums are computed only where the protocol requires them: the newer SDK default (CRC32 in
 * an aws-chunked trailer) is not understood by every S3-compatible server.
 */
export class S3BlobStore implements BlobStore {
  readonly description: string;
  private readonly client: S3Client;

  constructor(private readonly settings: ObjectStoreSettings) {
    this.description = `s3://${settings.bucket}/${settings.prefix}${settings.endpoint ? ` (${settings.endpoint})` : ''}`;
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
      // Bounded waits: a store that stops answering fails the request (503) instead of holding it forever.
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
      maxAttempts: 2,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /**
   * Checked at start: the bucket answers. A failure is logged, not fatal: the store may come back, and meanwhile file
   * requests answer 503 STORAGE_UNAVAILABLE while the rest of the product works.
   */
  async onModuleInit(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
    } catch (err) {
      new Logger('S3BlobStore').warn(`STORAGE_URL: bucket ${this.settings.bucket} does not answer (${(err as Error).name}: ${(err as Error).message}); files are unavailable until it does`);
    }
  }

  private key(sha256: string): string {
    return this.settings.prefix + requireSha256(sha256);
  }

  async put(sha256: string, path: string, size: number): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256), Body: createReadStream(path), ContentLength: size, ContentType: 'application/octet-stream' }),
    );
  }

  async get(sha256: string): Promise<Readable> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }));
    if (!(out.Body instanceof Readable)) throw new Error('S3 GetObject returned no stream');
    return out.Body;
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }));
      return true;
    } catch (err) {
      if (err instanceof NotFound || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) return false;
      throw err;
    }
  }

  async delete(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }));
  }

  /** Nest calls this on shutdown: the SDK's keep-alive sockets would hold the process open. */
  onModuleDestroy(): void {
    this.client.destroy();
  }
}
