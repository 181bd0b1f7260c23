import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { decideText, FILE_NAME_FORBIDDEN } from '@tiendo/server-core';

/** Longest file name accepted, in characters after NFC (the column is varchar(255)); a longer one is refused. */
export const MAX_FILE_NAME_CHARS = 255;
/** Characters a file name may not hold: FILE_NAME_FORBIDDEN (input-text.ts), shared with the register import. */
const FORBIDDEN = FILE_NAME_FORBIDDEN;

/**
 * The name an attachment is kept and served under: NFC (input-text.ts's rule), only its last path segment (browsers
 * once sent C:\\…\\tên.pdf), trimmed. Vietnamese is kept as typed. Returns null for a name
 * that is empty, only dots, or holds a control or direction-changing character (refused, not repaired: the user
 * would not recognise the file). Its length is checked by the caller against MAX_FILE_NAME_CHARS (refused, not cut).
 */
export function cleanFileName(raw: string): string | null {
  const decided = decideText(raw);
  if (!decided.ok) return null;
  const base = decided.text.split(/[\\/]/).pop()?.trim() ?? '';
  if (base === '' || /^\.+$/.test(base) || FORBIDDEN.test(base)) return null;
  return base;
}

/** ASCII letters for a Vietnamese name, for clients that ignore `filename*`: "Báo cáo Đợt 1.pdf" → "Bao cao Dot 1.pdf". */
export function asciiFileName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\%;]/g, '_');
}

/**
 * `Content-Disposition` for a download: always `attachment` (a file is never shown inline, so an uploaded page can
 * never run in the product's origin), the name in UTF-8 per RFC 6266/5987 (`filename*=UTF-8''…`) with an ASCII
 * fallback `filename="…"` for old clients.
 */
export function contentDisposition(name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${asciiFileName(name)}"; filename*=UTF-8''${encoded}`;
}

/**
 * Sends a stored file as a download: its type and length, `contentDisposition` of its name, `nosniff` and a sandboxing
 * CSP (a file never runs in the product's origin), `private, no-store`, its SHA-256 as the ETag when known; then its
 * bytes, streamed. A client gone or a store failing mid-file closes the connection (nothing more can be answered). One
 * place for every download of a stored file: a task's files, a report's files, an obligation's template. For a route
 * taking `@Res()`: resolves once the answer is finished or the connection closed.
 */
export async function sendStoredFile(
  reply: FastifyReply,
  file: { name: string; contentType: string; size: number; sha256?: string | null },
  bytes: Readable,
): Promise<void> {
  reply.status(200).headers({
    'Content-Type': file.contentType,
    'Content-Length': String(file.size),
    'Content-Disposition': contentDisposition(file.name),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
    ...(file.sha256 ? { ETag: `"${file.sha256}"` } : {}),
  });
  const done = new Promise<void>((resolve) => reply.raw.once('close', resolve));
  // Fastify pipes the stream; a store failing after the headers left closes the connection.
  bytes.once('error', () => reply.raw.destroy());
  void reply.send(bytes);
  await done;
}
