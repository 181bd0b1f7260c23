/// <reference types="multer" />
import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException, Type } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { AppConfig, isControlCharacterInPartHeader, refuse, validationFailed } from '@tiendo/server-core';
import type { Request } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Observable } from 'rxjs';
import { HEAD_BYTES } from './file-content';

/** An upload as the service receives it: on disk (a temporary file), already hashed and measured. */
export interface ReceivedFile {
  /** The name the client gave (multipart `filename`, read as UTF-8), not yet cleaned. */
  originalname: string;
  /** Temporary file; removed by whoever handles the upload, in `finally`. */
  path: string;
  size: number;
  sha256: string;
  /** The first HEAD_BYTES bytes, for the content check. */
  head: Buffer;
}

/**
 * A multer storage engine that streams the upload to a temporary file while hashing it (SHA-256) and keeping its
 * first bytes, so a 25 MB file is never held in memory and is read once.
 */
class HashingDiskStorage {
  /** `dir`: where uploads are written while they arrive (AppConfig.UPLOAD_TMP_DIR), one file per upload. */
  constructor(private readonly dir: string) {}

  _handleFile(_req: Request, file: Express.Multer.File, cb: (error: Error | null, info?: Partial<ReceivedFile>) => void): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, randomUUID());
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let size = 0;
    let headLength = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        if (headLength < HEAD_BYTES) {
          const part = chunk.subarray(0, HEAD_BYTES - headLength);
          head.push(part);
          headLength += part.length;
        }
        done(null, chunk);
      },
    });
    pipeline(file.stream, measure, createWriteStream(path, { flags: 'wx', mode: 0o600 })).then(
      () => cb(null, { path, size, sha256: hash.digest('hex'), head: Buffer.concat(head) }),
      (err: Error) => rm(path, { force: true }).finally(() => cb(err)),
    );
  }

  _removeFile(_req: Request, file: Express.Multer.File, cb: (error: Error | null) => void): void {
    rm(file.path, { force: true }).then(() => cb(null), cb);
  }
}

/**
 * Receives the multipart field `file` (one file, a few small fields) into a temporary file, with the size limit from
 * AppConfig.ATTACHMENT_MAX_MB, and answers multer's refusals in Vietnamese: 413 ATTACHMENT_TOO_LARGE, 400 for a
 * malformed form. File names are read as UTF-8 (multer's default, Latin-1, garbles "Báo cáo.pdf").
 */
@Injectable()
export class AttachmentUpload implements NestInterceptor {
  /** The form's other fields: how many at most, and the longest value in bytes. A subclass may allow more. */
  static readonly FIELDS = { fields: 5, fieldSize: 1024 };
  private readonly multipart: NestInterceptor;

  constructor(private readonly config: AppConfig) {
    const { fields, fieldSize } = (this.constructor as typeof AttachmentUpload).FIELDS;
    const Multipart: Type<NestInterceptor> = FileInterceptor('file', {
      storage: new HashingDiskStorage(config.UPLOAD_TMP_DIR),
      defParamCharset: 'utf8',
      limits: { fileSize: config.ATTACHMENT_MAX_MB * 1024 * 1024, files: 1, fields, fieldSize, parts: fields + 1 },
    });
    this.multipart = new Multipart();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multipart.intercept(context, next);
    } catch (err) {
      if (err instanceof PayloadTooLargeException) throw refuse('ATTACHMENT_TOO_LARGE', { field: 'file', params: { max: this.config.ATTACHMENT_MAX_MB } });
      // A NUL or another control character in the file name: the parser refused the part's header (input-text.ts).
      if (err instanceof BadRequestException && isControlCharacterInPartHeader(err)) throw refuse('ATTACHMENT_NAME_INVALID', { field: 'file' });
      if (err instanceof BadRequestException) {
        throw validationFailed([{ field: 'file', rule: 'multipart', message: 'Gửi đúng một tệp trong trường "file" của biểu mẫu multipart' }]);
      }
      throw err;
    }
  }
}

/**
 * The same upload (one file in `file`, streamed to a temporary file and hashed) for a form that carries more than a
 * few short fields: the e-office hand-off (POST /api/documents) sends the document's facts and its tasks as JSON
 * beside the file, up to 64 KB.
 */
@Injectable()
export class DocumentUpload extends AttachmentUpload {
  static override readonly FIELDS = { fields: 10, fieldSize: 64 * 1024 };
}
