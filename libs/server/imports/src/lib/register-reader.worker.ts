import type { MessagePort } from 'node:worker_threads';
import { FileRefusal, REGISTER_LIMITS, refusals, resolveHeader } from './register-columns';
import { csvRows, FileRefused, registerKind, xlsxRows } from './register-parsing';

/**
 * Runs in a worker thread of RegisterReader's pool (piscina), so that unpacking and parsing a register never holds
 * the API's event loop. Keep its imports to npm packages and this folder: it must load without Nest or TypeORM.
 */

export interface ReadTask {
  /** The uploaded file (its memory is transferred to the thread). */
  data: Uint8Array;
  filename: string;
  /** Batches of rows go back through this port as they are read; `{ end: true }` comes last. */
  port: MessagePort;
}

/** Rows of the register: [row number in the file, the cell of each register column in template order, trimmed]. */
export type RowBatch = Array<[number, string[]]>;
export type ReadMessage = { rows: RowBatch } | { end: true };
export type ReadOutcome = { ok: true; rows: number } | { ok: false; refusals: FileRefusal[] };

/** Rows per message: small enough that receiving one never holds the API's event loop more than a few ms. */
const BATCH = 1000;

export default async function readRegisterFile(task: ReadTask): Promise<ReadOutcome> {
  const buffer = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
  let batch: RowBatch = [];
  try {
    const kind = registerKind(buffer, task.filename);
    let positions: number[] | null = null;
    let count = 0;
    for await (const { row, cells } of kind === 'xlsx' ? xlsxRows(buffer) : csvRows(buffer)) {
      if (cells.every((c) => c.trim() === '')) continue;
      if (!positions) {
        // The first row with anything in it is the header.
        const header = resolveHeader(cells);
        if ('refusals' in header) return { ok: false, refusals: header.refusals.map((r) => ({ ...r, row })) };
        positions = header.positions;
        continue;
      }
      // Stop at the first row past the limit, however many follow.
      if (++count > REGISTER_LIMITS.rows) return { ok: false, refusals: [refusals.tooManyRows()] };
      batch.push([row, positions.map((p) => (cells[p] ?? '').trim())]);
      if (batch.length === BATCH) {
        task.port.postMessage({ rows: batch } satisfies ReadMessage);
        batch = [];
      }
    }
    if (!positions) return { ok: false, refusals: [refusals.emptyFile()] };
    if (count === 0) return { ok: false, refusals: [refusals.noRows()] };
    if (batch.length > 0) task.port.postMessage({ rows: batch } satisfies ReadMessage);
    return { ok: true, rows: count };
  } catch (err) {
    if (err instanceof FileRefused) return { ok: false, refusals: [err.refusal] };
    throw err;
  } finally {
    task.port.postMessage({ end: true } satisfies ReadMessage);
  }
}
