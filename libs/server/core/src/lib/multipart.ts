import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';

/** Limits of one multipart form: bytes of the file, count of files, of plain fields, bytes of a field, of parts. */
export interface MultipartLimits {
  fileSize: number;
  files: number;
  fields: number;
  fieldSize: number;
  parts?: number;
}

/**
 * Why a form was refused: its file past `fileSize` (`fileTooLarge`: 413 by the caller), a part's header the parser
 * could not read (`partHeader`: a control character in the file name), or anything else wrong with the form
 * (`malformed`: another field holding a file, a second file, too many fields, a field too long, a broken body).
 */
export class MultipartRefused extends Error {
  constructor(readonly reason: 'fileTooLarge' | 'partHeader' | 'malformed') {
    super(`multipart refused: ${reason}`);
  }
}

/**
 * Reads a multipart/form-data request (@fastify/multipart, registered by the API): the one file of field `field`
 * streamed into `sink` (so a large file is never held in memory unless the sink does), the other fields as strings.
 * A request that is not multipart gives no file and no fields (the route says what is missing). Refusals throw
 * MultipartRefused, after `discard` removed whatever the sink had kept (a partial file is never left behind); an
 * error of the sink itself (the disk) is thrown as it is.
 *
 * @returns `file`: the sink's result with the client's name (`originalname`, read as UTF-8), when a file came
 */
export async function receiveMultipart<T extends object>(
  request: FastifyRequest,
  field: string,
  limits: MultipartLimits,
  sink: (file: Readable) => Promise<T>,
  discard: (kept: T) => Promise<void> = async () => undefined,
): Promise<{
  file?: T & { originalname: string };
  fields: Record<string, string>;
}> {
  const fields: Record<string, string> = Object.create(null);
  if (typeof request.isMultipart !== 'function' || !request.isMultipart()) return { fields: {} };
  let received: (T & { originalname: string }) | undefined;
  let refusal: MultipartRefused | undefined;
  try {
    // (the options' type is a union of busboy's and the plugin's; both are read)
    const parts = request.parts({
      limits: {
        ...limits,
        parts: limits.parts ?? limits.files + limits.fields,
      },
      throwFileSizeLimit: true,
    } as Parameters<FastifyRequest['parts']>[0]);
    for await (const part of parts as AsyncIterable<MultipartFile | MultipartValue<unknown>>) {
      if (part.type === 'file') {
        if (part.fieldname !== field || received || refusal) {
          // Read past it so the form's end (and any error of the parser) is reached; nothing is kept.
          part.file.resume();
          refusal ??= new MultipartRefused('malformed');
          continue;
        }
        const kept = await sink(part.file);
        if (part.file.truncated) {
          await discard(kept);
          refusal = new MultipartRefused('fileTooLarge');
          continue;
        }
        received = Object.assign(kept, {
          originalname: formFileName(part.filename),
        });
      } else {
        if (part.valueTruncated || part.fieldnameTruncated) refusal ??= new MultipartRefused('malformed');
        else fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    refusal ??= classify(err);
  }
  if (refusal) {
    if (received) await discard(received);
    throw refusal;
  }
  return { file: received, fields: { ...fields } };
}

/** The parser's and the plugin's errors as refusals; anything else (the sink's disk) thrown as it is. */
function classify(err: unknown): MultipartRefused {
  const { code, message } = (err ?? {}) as { code?: string; message?: string };
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new MultipartRefused('fileTooLarge');
  if (/malformed part header/i.test(message ?? '')) return new MultipartRefused('partHeader');
  if (typeof code === 'string' && code.startsWith('FST_')) return new MultipartRefused('malformed');
  if (/multipart|unexpected end|terminated early|boundary/i.test(message ?? '')) return new MultipartRefused('malformed');
  throw err;
}

/**
 * A part's file name as the client meant it: browsers (and form-data libraries) send `"`, CR and LF in a name as
 * `%22`, `%0D`, `%0A` (the HTML standard's multipart/form-data encoding); the parser leaves them so.
 */
export function formFileName(raw: string): string {
  return raw.replace(/%(22|0D|0A)/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
