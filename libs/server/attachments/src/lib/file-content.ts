import type { AttachmentTypeName } from '@tiendo/server-core';
import { filetypeinfo } from 'magic-bytes.js';
import { open } from 'node:fs/promises';

/** Bytes read from the start of an upload for the content checks (magic-bytes.js needs at most a few KB). */
export const HEAD_BYTES = 4096;

const MIME: Record<AttachmentTypeName, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  zip: 'application/zip',
};

/** The folder inside an Office Open XML package that makes it a document, a workbook or a presentation. */
const OOXML_PART: Partial<Record<AttachmentTypeName, string>> = { docx: 'word/', xlsx: 'xl/', pptx: 'ppt/' };
const ODF: Partial<Record<AttachmentTypeName, string>> = { odt: MIME.odt, ods: MIME.ods, odp: MIME.odp };
const LEGACY_OFFICE = new Set<AttachmentTypeName>(['doc', 'xls', 'ppt']);

/** The extension of a file name, lower case, without the dot ('' when there is none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * Decides a file's type by its CONTENT and requires the name's extension to agree: a PDF named .exe, or an HTML page
 * named .pdf, is refused (null). magic-bytes.js recognises the signature; ZIP-based formats all share one
 * signature, so they are told apart by their entries: an Office Open XML package has `[Content_Types].xml` and its
 * `word/`, `xl/` or `ppt/` part (listed in the ZIP's central directory), an OpenDocument file starts with its stored
 * `mimetype` entry (ODF 1.2 §3.3). Legacy Office files (.doc, .xls, .ppt) share the OLE2 container signature and are
 * accepted under any of the three names. HTML, SVG, scripts and executables are never in the list.
 *
 * @param path the uploaded file on disk (for the ZIP's central directory at its end)
 * @param head its first HEAD_BYTES bytes (or all of it when smaller)
 * @returns the MIME type served on download, or null when refused
 */
export async function detectAllowedType(path: string, size: number, head: Buffer, name: string, allowed: readonly AttachmentTypeName[]): Promise<string | null> {
  const ext = extensionOf(name) as AttachmentTypeName;
  if (!allowed.includes(ext)) return null;
  const found = new Set(filetypeinfo(head).map((g) => g.typename));
  switch (ext) {
    case 'pdf':
      return found.has('pdf') ? MIME.pdf : null;
    case 'png':
      return found.has('png') ? MIME.png : null;
    case 'jpg':
    case 'jpeg':
      return found.has('jpg') ? MIME.jpeg : null;
  }
  if (LEGACY_OFFICE.has(ext)) return found.has('doc') || found.has('xls') || found.has('ppt') ? MIME[ext] : null;
  if (!found.has('zip')) return null;
  if (ext === 'zip') return MIME.zip;
  const odf = ODF[ext];
  if (odf) return odfMimetype(head) === odf ? odf : null;
  const part = OOXML_PART[ext];
  if (part) {
    const names = await zipEntryNames(path, size);
    return names.includes('[Content_Types].xml') && names.some((n) => n.startsWith(part)) ? MIME[ext] : null;
  }
  return null;
}

/** The content of an OpenDocument's first entry when it is the stored `mimetype` entry the format requires. */
function odfMimetype(head: Buffer): string | null {
  if (head.length < 30 || head.readUInt32LE(0) !== 0x04034b50) return null;
  const method = head.readUInt16LE(8);
  const stored = head.readUInt32LE(18);
  const nameLength = head.readUInt16LE(26);
  const extraLength = head.readUInt16LE(28);
  const nameEnd = 30 + nameLength;
  if (method !== 0 || head.toString('latin1', 30, nameEnd) !== 'mimetype' || stored > 200) return null;
  const start = nameEnd + extraLength;
  return head.length >= start + stored ? head.toString('latin1', start, start + stored) : null;
}

const EOCD = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
/** A central directory larger than this (tens of thousands of entries) is not an office document: refused. */
const MAX_CENTRAL_DIRECTORY = 4 * 1024 * 1024;

/** The entry names of a ZIP file, read from its central directory (at the end) without unpacking anything. */
async function zipEntryNames(path: string, size: number): Promise<string[]> {
  const file = await open(path, 'r');
  try {
    const tailLength = Math.min(size, 22 + 65535);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return [];
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > size) return [];
    const cd = Buffer.alloc(cdSize);
    await file.read(cd, 0, cdSize, cdOffset);
    const names: string[] = [];
    for (let at = 0; at + 46 <= cd.length && cd.readUInt32LE(at) === CENTRAL_ENTRY; ) {
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      names.push(cd.toString('utf8', at + 46, at + 46 + nameLength));
      at += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  } finally {
    await file.close();
  }
}
