import { HttpStatus, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { FieldError } from '@tiendo/contracts';
import { ApiError, runOnPool } from '@tiendo/server-core';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { columnTitle, FileRefusal, REGISTER_LIMITS, refusals } from './register-columns';
import type { ReadMessage, ReadOutcome, ReadTask, RowBatch } from './register-reader.worker';

/** A register row as read: its row number in the file and the text of each column, in template order. */
export type ReadRow = RowBatch[number];

/** Imports waiting for the reader thread beyond this are refused with 503 (one reads, the others wait their turn). */
const MAX_WAITING = 4;

/** The whole-file refusals in the API's error shape: 413 for limits, 422 for unreadable files. */
export function refusalError(list: FileRefusal[]): ApiError {
  const status = list.some((r) => r.status === 413) ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.UNPROCESSABLE_ENTITY;
  const errors: FieldError[] = list.map((r) => ({
    field: r.field ?? '(file)',
    row: r.row,
    column: r.field ? columnTitle(r.field) : '',
    rule: r.rule,
    message: r.message,
    ...(r.value !== undefined ? { value: r.value } : {}),
  }));
  const message = status === HttpStatus.PAYLOAD_TOO_LARGE ? `${list[0].message}; chưa ghi gì` : `Không đọc được tệp: ${list[0].message}; chưa ghi gì`;
  return new ApiError(status, status === HttpStatus.PAYLOAD_TOO_LARGE ? 'IMPORT_TOO_LARGE' : 'IMPORT_INVALID', message, errors);
}

/**
 * Reads register files in a worker thread (a pool of one, piscina) with a heap limit, so unpacking and parsing never
 * hold the API's event loop: other users' requests are answered while a file is read. Rows come back in batches of
 * a thousand, so receiving them does not hold the loop either.
 *
 * `events` emits `reading` when a file goes to the thread and `read` when its rows are all back (for logs and tests).
 */
@Injectable()
export class RegisterReader implements OnModuleDestroy {
  private readonly logger = new Logger('RegisterReader');
  readonly events = new EventEmitter();
  private readonly pool = new Piscina({
    // From TypeScript sources (tests) a shim registers ts-node in the thread; the built API has the bundled worker.
    filename: __filename.endsWith('.ts') ? join(__dirname, 'register-reader.worker.from-source.js') : join(__dirname, 'register-reader-worker.js'),
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 60_000,
    maxQueue: MAX_WAITING,
    resourceLimits: { maxOldGenerationSizeMb: REGISTER_LIMITS.readerHeapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
  });

  /**
   * The register's rows (non-empty, under the header), or an ApiError: 413 IMPORT_TOO_LARGE past a limit (rows,
   * unpacked size, compression ratio, files inside, the reader's memory), 422 IMPORT_INVALID for a file that is not
   * a readable register (with the header's problems listed), 503 SERVER_BUSY when imports are queued already.
   */
  async read(file: Buffer, filename: string): Promise<ReadRow[]> {
    const started = Date.now();
    const { port1, port2 } = new MessageChannel();
    const rows: ReadRow[] = [];
    const ended = new Promise<void>((resolve) => {
      port1.on('message', (m: ReadMessage) => {
        if ('rows' in m) for (const r of m.rows) rows.push(r);
        else resolve();
      });
    });
    // The thread gets its own copy (the upload's buffer may share memory with other requests).
    const data = new Uint8Array(file);
    this.events.emit('reading');
    let outcome: ReadOutcome;
    try {
      outcome = await runOnPool<ReadOutcome>(this.pool, { data, filename, port: port2 } satisfies ReadTask, { transferList: [port2, data.buffer] });
      await ended;
    } catch (err) {
      throw this.failure(err);
    } finally {
      port1.close();
      this.events.emit('read');
    }
    this.logger.log({ filename, bytes: file.length, rows: outcome.ok ? outcome.rows : 0, ms: Date.now() - started }, 'register read');
    if (!outcome.ok) throw refusalError(outcome.refusals);
    return rows;
  }

  private failure(err: unknown): Error {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') return refusalError([refusals.readerOutOfMemory()]);
    if (err instanceof Error && /queue is at limit/i.test(err.message)) {
      return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'SERVER_BUSY', 'Đang có nhiều sổ theo dõi chờ đọc; vui lòng gửi lại sau ít phút', undefined, { 'Retry-After': '30' });
    }
    return err instanceof Error ? err : new Error(String(err));
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }
}
