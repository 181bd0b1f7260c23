import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { AppConfig, MultipartRefused, receiveMultipart, refuse, validationFailed } from '@tiendo/server-core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
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
 * Streams an upload to a temporary file in `dir` (AppConfig.UPLOAD_TMP_DIR, one file per upload) while hashing it
 * (SHA-256) and keeping its first bytes, so a 25 MB file is never held in memory and is read once. A failure half way
 * removes the partial file.
 */
async function toHashedTemporaryFile(dir: string, file: Readable): Promise<Omit<ReceivedFile, 'originalname'>> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, randomUUID());
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
  try {
    await pipeline(file, measure, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  return { path, size, sha256: hash.digest('hex'), head: Buffer.concat(head) };
}

/**
 * Receives the multipart field `file` (one file, a few small fields) into a temporary file, with the size limit from
 * AppConfig.ATTACHMENT_MAX_MB, and answers a refused form in Vietnamese: 413 ATTACHMENT_TOO_LARGE, 400
 * ATTACHMENT_NAME_INVALID for a control character in the part's header, 400 for a malformed form. Nothing is kept on
 * a refusal. The file is the route's `@UploadedFile()`, the other fields its `@Body()`. File names are read as UTF-8.
 */
@Injectable()
export class AttachmentUpload implements NestInterceptor {
  /** The form's other fields: how many at most, and the longest value in bytes. A subclass may allow more. */
  static readonly FIELDS = { fields: 5, fieldSize: 1024 };

  constructor(private readonly config: AppConfig) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const { fields: fieldCount, fieldSize } = (this.constructor as typeof AttachmentUpload).FIELDS;
    const limits = {
      fileSize: this.config.ATTACHMENT_MAX_MB * 1024 * 1024,
      files: 1,
      fields: fieldCount,
      fieldSize,
      parts: fieldCount + 1,
    };
    try {
      const { file, fields } = await receiveMultipart(
        request,
        'file',
        limits,
        (stream) => toHashedTemporaryFile(this.config.UPLOAD_TMP_DIR, stream),
        (kept) => rm(kept.path, { force: true }),
      );
      // The route's @UploadedFile() (Nest reads `request.file`, over the plugin's method of that name).
      (request as unknown as { file?: ReceivedFile }).file = file;
      // The temporary file goes when the answer has gone, whatever happened in between: the handler removes it in its
      // `finally`, but a request refused after this point and before the handler (an id that is no UUID, a body
      // that fails validation, a guard) never reaches it, and every such refusal would leave a file behind.
      if (file) context.switchToHttp().getResponse<FastifyReply>().raw.once('close', () => void rm(file.path, { force: true }));
      if (request.isMultipart?.()) request.body = fields;
    } catch (err) {
      if (!(err instanceof MultipartRefused)) throw err;
      if (err.reason === 'fileTooLarge')
        throw refuse('ATTACHMENT_TOO_LARGE', {
          field: 'file',
          params: { max: this.config.ATTACHMENT_MAX_MB },
        });
      // A NUL or another control character in the file name: the parser refused the part's header (input-text.ts).
      if (err.reason === 'partHeader') throw refuse('ATTACHMENT_NAME_INVALID', { field: 'file' });
      throw validationFailed([
        {
          field: 'file',
          rule: 'multipart',
          message: 'Gửi đúng một tệp trong trường "file" của biểu mẫu multipart',
        },
      ]);
    }
    return next.handle();
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
