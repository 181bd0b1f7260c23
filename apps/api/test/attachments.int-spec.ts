import type { AttachmentView } from '@tiendo/contracts';
import { AttachmentsService } from '@tiendo/server-attachments';
import { loadConfig } from '@tiendo/server-core';
import { TASK_ATTACHMENTS, TaskAttachmentsPort } from '@tiendo/server-tasks';
import { TEST_PASSWORD } from '@tiendo/server-testing';
import ExcelJS from 'exceljs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { bearer, startTestApi, TestApi } from './harness';

// s3rver ships no types: the little of it used here.
const S3rver: new (options: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> } = require('s3rver');

const DAY = 24 * 60 * 60 * 1000;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n%%EOF\n`);
const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
const binary = (res: Response) => res.body as Buffer;

/** Reads a download's body as bytes whatever its content type. */
function bytesParser(res: NodeJS.ReadableStream & { setEncoding?: unknown }, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

async function xlsxBytes(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Tiến độ').addRow(['Nhiệm vụ', 'Hạn']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Everything an API with files needs: units, users, a task led by VBC assigned to staff_vbc. */
async function seed(api: TestApi) {
  const f = api.fixtures;
  await f.unit('BO');
  await f.unit('VP', 'BO', 'Văn phòng Bộ');
  await f.unit('VBC', 'BO', 'Vụ Bưu chính');
  await f.unit('VCNTT', 'BO', 'Vụ Công nghệ thông tin');
  await f.user('admin1', 'admin', 'VP');
  await f.user('monitor1', 'monitor', 'VP');
  await f.user('head_vbc', 'unit_head', 'VBC');
  await f.user('staff_vbc', 'staff', 'VBC');
  await f.user('staff_vbc2', 'staff', 'VBC');
  await f.user('staff_it', 'staff', 'VCNTT');
}

describe('files on tasks over HTTP (embedded store: a folder)', () => {
  let api: TestApi;
  let dir: string;
  let admin: string;
  let head: string;
  let staff: string;
  let colleague: string;
  let outsider: string;
  let taskId: string;

  const newTask = () => api.fixtures.task({ leadUnit: 'VBC', assignee: 'staff_vbc', assignedBy: 'monitor1' });
  const upload = (token: string, task: string, bytes: Buffer, filename: string) =>
    api.http.post(`/api/tasks/${task}/attachments`).set(bearer(token)).attach('file', bytes, { filename, contentType: 'application/octet-stream' });
  const download = (token: string, task: string, id: string) =>
    api.http.get(`/api/tasks/${task}/attachments/${id}`).set(bearer(token)).buffer(true).parse(bytesParser as never);
  /** A fresh session at the clock's current moment (the harness caches tokens, which a jump of days expires). */
  const signIn = async (username: string): Promise<string> =>
    (await api.http.post('/api/auth/login').send({ username, password: TEST_PASSWORD }).expect(200)).body.accessToken;
  const storedFiles = (): string[] => {
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else out.push(e.name);
      }
    };
    walk(dir);
    return out;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tiendo-files-'));
    api = await startTestApi({ STORAGE_DIR: dir, ATTACHMENT_MAX_MB: '1', ATTACHMENTS_PER_TASK: '12' });
    await seed(api);
    [admin, head, staff, colleague, outsider] = await Promise.all(['admin1', 'head_vbc', 'staff_vbc', 'staff_vbc2', 'staff_it'].map((u) => api.login(u)));
    taskId = await newTask();
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('POST /api/tasks/:id/attachments', () => {
    it('201 with the view; the Vietnamese name kept (NFC); in the history and the events, in the same transaction', async () => {
      const bytes = pdf('báo cáo');
      const name = 'Báo cáo kết quả Đợt 1.pdf';
      const res = await upload(staff, taskId, bytes, name.normalize('NFD'));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name, size: bytes.length, contentType: 'application/pdf', sha256: sha256(bytes), attachedTo: { kind: 'task', id: null } });
      expect(res.body.uploadedBy).toMatchObject({ username: 'staff_vbc' });
      const history = await api.http.get(`/api/tasks/${taskId}/history`).set(bearer(head));
      expect(history.body.map((h: { action: string }) => h.action)).toContain('attachment_added');
      const events = await api.db.query(`SELECT kind, payload, actor_id FROM task_events WHERE task_id = $1 AND kind = 'attachment_added'`, [taskId]);
      expect(events).toEqual([{ kind: 'attachment_added', payload: { attachmentId: res.body.id, name }, actor_id: api.fixtures.userId('staff_vbc') }]);
    });

    it('the same bytes attached twice (two tasks) are two attachments and one stored file', async () => {
      const bytes = pdf('một lần ' + randomBytes(8).toString('hex'));
      const other = await newTask();
      const a = await upload(staff, taskId, bytes, 'a.pdf');
      const b = await upload(head, other, bytes, 'b.pdf');
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.id).not.toBe(b.body.id);
      expect(a.body.sha256).toBe(b.body.sha256);
      expect(storedFiles().filter((n) => n === sha256(bytes))).toHaveLength(1);
      expect(await api.db.query(`SELECT count(*)::int AS n FROM attachment_blobs WHERE sha256 = $1`, [sha256(bytes)])).toEqual([{ n: 1 }]);
      // The temporary upload files are gone.
      expect(readdirSync(api.config.UPLOAD_TMP_DIR)).toEqual([]);
    });

    it('400 without a file, and for a name with direction-changing or control characters; nothing written', async () => {
      const before = await api.db.query(`SELECT count(*)::int AS n FROM task_attachments`);
      const none = await api.http.post(`/api/tasks/${taskId}/attachments`).set(bearer(staff)).field('note', 'x');
      expect(none.status).toBe(400);
      expect(none.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'isNotEmpty' })]);
      const spoofed = await upload(staff, taskId, pdf('x'), 'hoa-don\u202Efdp.exe.pdf');
      expect(spoofed.status).toBe(400);
      expect(spoofed.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'ATTACHMENT_NAME_INVALID' })]);
      expect(await api.db.query(`SELECT count(*)::int AS n FROM task_attachments`)).toEqual(before);
    });

    it('400 ATTACHMENT_NAME_TOO_LONG past 255 characters (after NFC, named in the message); 255 is accepted whole', async () => {
      const before = await api.db.query(`SELECT count(*)::int AS n FROM task_attachments`);
      const long = await upload(staff, taskId, pdf('dài'), ('ầ'.repeat(400) + '.pdf').normalize('NFD'));
      expect(long.status).toBe(400);
      expect(long.body.errors).toEqual([{ field: 'file', rule: 'ATTACHMENT_NAME_TOO_LONG', message: expect.stringContaining('255 ký tự') }]);
      expect(await api.db.query(`SELECT count(*)::int AS n FROM task_attachments`)).toEqual(before);
      // 251 + ".pdf" = 255 characters in NFC, though 502 code units more when sent decomposed.
      const fits = await upload(staff, taskId, pdf('vừa'), ('ầ'.repeat(251) + '.pdf').normalize('NFD'));
      expect(fits.status).toBe(201);
      expect(fits.body.name).toBe('ầ'.repeat(251) + '.pdf');
    });

    it('400 ATTACHMENT_EMPTY for a zero-byte file ("Tệp rỗng"), not a type error; nothing written', async () => {
      const before = await api.db.query(`SELECT count(*)::int AS n FROM task_attachments`);
      const empty = await upload(staff, taskId, Buffer.alloc(0), 'Báo cáo.pdf');
      expect(empty.status).toBe(400);
      expect(empty.body.errors).toEqual([{ field: 'file', rule: 'ATTACHMENT_EMPTY', message: expect.stringContaining('Tệp rỗng') }]);
      expect(await api.db.query(`SELECT count(*)::int AS n FROM task_attachments`)).toEqual(before);
    });

    it('a path in the name keeps only the file name', async () => {
      const res = await upload(staff, taskId, pdf('path'), 'C:\\Users\\Lan\\Tờ trình.pdf');
      expect(res.status).toBe(201);
      expect(res.body.name).toBe('Tờ trình.pdf');
    });

    it('413 ATTACHMENT_TOO_LARGE past ATTACHMENT_MAX_MB, in Vietnamese; nothing kept', async () => {
      const big = Buffer.concat([pdf('lớn'), Buffer.alloc(1024 * 1024)]);
      const res = await upload(staff, taskId, big, 'lớn.pdf');
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', message: 'Tệp đính kèm lớn hơn 1 MB; chưa ghi gì' });
      expect(storedFiles()).not.toContain(sha256(big));
      expect(readdirSync(api.config.UPLOAD_TMP_DIR)).toEqual([]);
    });

    it('an upload refused after it arrived and before its handler ran (a task id that is no UUID, one that does not exist) leaves no temporary file', async () => {
      const bytes = pdf('bỏ lại ' + randomBytes(8).toString('hex'));
      const notAnId = await upload(staff, 'not-a-uuid', bytes, 'x.pdf');
      const unknown = await upload(staff, randomUUID(), bytes, 'y.pdf');
      expect([notAnId.status, unknown.status]).toEqual([404, 404]);
      // Removed once each answer has gone (the response's close): looked at until then, bounded by the test's timeout.
      while (readdirSync(api.config.UPLOAD_TMP_DIR).length > 0) await new Promise((resolve) => setImmediate(resolve));
      expect(readdirSync(api.config.UPLOAD_TMP_DIR)).toEqual([]);
      expect(storedFiles()).not.toContain(sha256(bytes));
    });

    it('422 ATTACHMENT_TYPE_NOT_ALLOWED by content: a PDF named .exe, an HTML page named .pdf, an SVG, a workbook named .docx', async () => {
      const refused = [
        [pdf('exe'), 'chương trình.exe'],
        [Buffer.from('<!DOCTYPE html><html><script>alert(document.cookie)</script></html>'), 'báo cáo.pdf'],
        [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'sơ đồ.svg'],
        [await xlsxBytes(), 'dự thảo.docx'],
        [png(), 'ảnh.pdf'],
      ] as const;
      for (const [bytes, name] of refused) {
        const res = await upload(staff, taskId, bytes, name);
        expect([name, res.status, res.body.code]).toEqual([name, 422, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
        expect(res.body.errors[0]).toMatchObject({ field: 'file' });
      }
      const workbook = await upload(staff, await newTask(), await xlsxBytes(), 'Tiến độ.xlsx');
      expect(workbook.status).toBe(201);
      expect(workbook.body.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    });

    it('422 ATTACHMENT_LIMIT_REACHED past ATTACHMENTS_PER_TASK live files; a deleted one frees a place', async () => {
      const task = await newTask();
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push((await upload(staff, task, png(), `ảnh ${i}.png`)).body.id);
      const extra = await upload(staff, task, png(), 'ảnh 13.png');
      expect(extra.status).toBe(422);
      expect(extra.body).toMatchObject({ code: 'ATTACHMENT_LIMIT_REACHED', message: 'Nhiệm vụ đã có 12 tệp đính kèm, là số tối đa; hãy xoá bớt tệp không cần' });
      expect((await api.http.delete(`/api/tasks/${task}/attachments/${ids[0]}`).set(bearer(staff))).status).toBe(204);
      expect((await upload(staff, task, png(), 'ảnh 13.png')).status).toBe(201);
    });

    it('at once: the same new bytes twice are stored once; the last free places are not given twice', async () => {
      const task = await newTask();
      const bytes = pdf('cùng lúc ' + randomBytes(8).toString('hex'));
      const [a, b] = await Promise.all([upload(staff, task, bytes, 'một.pdf'), upload(head, task, bytes, 'hai.pdf')]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(storedFiles().filter((n) => n === sha256(bytes))).toHaveLength(1);
      for (let i = 0; i < 9; i++) expect((await upload(staff, task, png(), `ảnh ${i}.png`)).status).toBe(201);
      // 11 of 12 places taken: of three uploads at once, one gets the last place.
      const racing = await Promise.all([0, 1, 2].map((i) => upload(staff, task, png(), `đua ${i}.png`)));
      expect(racing.map((r) => r.status).sort()).toEqual([201, 422, 422]);
      expect((await api.http.get(`/api/tasks/${task}/attachments`).set(bearer(staff))).body).toHaveLength(12);
    });

    it('404 for a task outside the caller’s scope (as for a missing one); a colleague who may read an open task may attach', async () => {
      const res = await upload(outsider, taskId, pdf('x'), 'x.pdf');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect((await upload(staff, '00000000-0000-4000-8000-000000000000', pdf('x'), 'x.pdf')).status).toBe(404);
      expect((await upload(colleague, taskId, pdf('đồng nghiệp'), 'góp ý.pdf')).status).toBe(201);
    });

    it('403 on a closed task for anyone but its manager', async () => {
      const closed = await api.fixtures.task({ leadUnit: 'VBC', assignee: 'staff_vbc', assignedBy: 'monitor1', state: 'completed' });
      expect((await upload(staff, closed, pdf('muộn'), 'muộn.pdf')).status).toBe(403);
      expect((await upload(head, closed, pdf('bản ký'), 'bản ký.pdf')).status).toBe(201);
    });
  });

  describe('GET /api/tasks/:id/attachments and /:attachmentId', () => {
    let file: AttachmentView;
    const bytes = Buffer.concat([pdf('tải xuống'), randomBytes(300_000)]);
    const name = 'Quyết định số 15/QĐ "Bộ" — phê duyệt.pdf'.replace('/', '-');

    beforeAll(async () => {
      file = (await upload(staff, taskId, bytes, name)).body;
    });

    it('lists the task’s live files for whoever may read it; 404 outside scope', async () => {
      const list = await api.http.get(`/api/tasks/${taskId}/attachments`).set(bearer(head));
      expect(list.status).toBe(200);
      expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: file.id, name, sha256: sha256(bytes) })]));
      expect((await api.http.get(`/api/tasks/${taskId}/attachments`).set(bearer(outsider))).status).toBe(404);
    });

    it('returns the same bytes as a download: RFC 5987 name with an ASCII fallback, nosniff, never inline', async () => {
      const res = await download(head, taskId, file.id);
      expect(res.status).toBe(200);
      expect(sha256(binary(res))).toBe(sha256(bytes));
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const disposition = res.headers['content-disposition'] as string;
      expect(disposition.startsWith('attachment;')).toBe(true);
      expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '')).toBe(name);
      expect(/filename="([^"]*)"/.exec(disposition)?.[1]).toBe('Quyet dinh so 15-QD _Bo_ _ phe duyet.pdf');
      expect(disposition).toMatch(/^[\x20-\x7e]+$/);
    });

    it('404 for a staff member of another unit, for another task’s path, and for an unknown id', async () => {
      expect((await download(outsider, taskId, file.id)).status).toBe(404);
      const other = await newTask();
      expect((await download(head, other, file.id)).status).toBe(404);
      expect((await download(head, taskId, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await api.http.get(`/api/tasks/${taskId}/attachments/not-a-uuid`).set(bearer(head))).status).toBe(404);
    });
  });

  describe('DELETE and admin restore', () => {
    it('403 for another reader; the uploader deletes (in the history); an admin restores and the same bytes come back', async () => {
      const bytes = pdf('xoá rồi khôi phục ' + randomBytes(4).toString('hex'));
      const file = (await upload(staff, taskId, bytes, 'Biên bản.pdf')).body as AttachmentView;
      expect((await api.http.delete(`/api/tasks/${taskId}/attachments/${file.id}`).set(bearer(colleague))).status).toBe(403);
      expect((await api.http.delete(`/api/tasks/${taskId}/attachments/${file.id}`).set(bearer(outsider))).status).toBe(404);
      expect((await api.http.delete(`/api/tasks/${taskId}/attachments/${file.id}`).set(bearer(staff))).status).toBe(204);
      expect((await download(head, taskId, file.id)).status).toBe(404);
      expect((await api.http.get(`/api/tasks/${taskId}/attachments`).set(bearer(head))).body.map((a: AttachmentView) => a.id)).not.toContain(file.id);
      const withDeleted = await api.http.get(`/api/tasks/${taskId}/attachments?includeDeleted=true`).set(bearer(admin));
      expect(withDeleted.body.find((a: AttachmentView) => a.id === file.id)?.deletedAt).toEqual(expect.any(String));
      expect(storedFiles()).toContain(sha256(bytes));

      expect((await api.http.post(`/api/tasks/${taskId}/attachments/${file.id}/restore`).set(bearer(head))).status).toBe(403);
      api.clock.advance(29 * DAY);
      const restored = await api.http.post(`/api/tasks/${taskId}/attachments/${file.id}/restore`).set(bearer(await signIn('admin1')));
      api.clock.advance(-29 * DAY);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ id: file.id, deletedAt: null });
      const again = await download(head, taskId, file.id);
      expect(sha256(binary(again))).toBe(sha256(bytes));
      expect((await api.http.post(`/api/tasks/${taskId}/attachments/${file.id}/restore`).set(bearer(admin))).body.code).toBe('ATTACHMENT_NOT_DELETED');
      const actions = (await api.http.get(`/api/tasks/${taskId}/history`).set(bearer(head))).body.map((h: { action: string }) => h.action);
      expect(actions).toEqual(expect.arrayContaining(['attachment_deleted', 'attachment_restored']));
    });

    it('after 30 days a deletion can no longer be undone; the purge then forgets it, and removes the bytes only when no other row needs them', async () => {
      const shared = pdf('chung ' + randomBytes(4).toString('hex'));
      const alone = pdf('riêng ' + randomBytes(4).toString('hex'));
      const task = await newTask();
      const a = (await upload(staff, task, shared, 'chung-1.pdf')).body as AttachmentView;
      await upload(staff, task, shared, 'chung-2.pdf');
      const b = (await upload(staff, task, alone, 'riêng.pdf')).body as AttachmentView;
      for (const f of [a, b]) expect((await api.http.delete(`/api/tasks/${task}/attachments/${f.id}`).set(bearer(head))).status).toBe(204);
      api.clock.advance(31 * DAY);
      try {
        const lateAdmin = await signIn('admin1');
        const late = await api.http.post(`/api/tasks/${task}/attachments/${a.id}/restore`).set(bearer(lateAdmin));
        expect(late.status).toBe(422);
        expect(late.body.code).toBe('ATTACHMENT_RESTORE_EXPIRED');
        const purged = await api.app.get(AttachmentsService).purgeExpired();
        // These two, and the picture deleted by the limit test above (its bytes unshared).
        expect(purged).toEqual({ rows: 3, blobs: 2 });
        expect(storedFiles()).toContain(sha256(shared));
        expect(storedFiles()).not.toContain(sha256(alone));
        expect((await api.http.post(`/api/tasks/${task}/attachments/${a.id}/restore`).set(bearer(lateAdmin))).status).toBe(404);
        // The same bytes uploaded again after their purge are stored again.
        expect((await upload(await signIn('staff_vbc'), task, alone, 'riêng.pdf')).status).toBe(201);
        expect(storedFiles()).toContain(sha256(alone));
      } finally {
        api.clock.advance(-31 * DAY);
      }
    });
  });

  describe('evidence of completion (TASK_ATTACHMENTS, the completion-evidence rule)', () => {
    const port = () => api.app.get<TaskAttachmentsPort>(TASK_ATTACHMENTS, { strict: false });
    const evidenceTask = async (id: string) => {
      const [row] = await api.db.query(`SELECT id, lead_unit_id, source_document_id FROM tasks WHERE id = $1`, [id]);
      return { id: row.id, leadUnitId: row.lead_unit_id, sourceDocumentId: row.source_document_id };
    };

    it('the port the tasks feature injects is this module’s service', () => {
      expect(port()).toBe(api.app.get(AttachmentsService));
    });

    it('PUT /api/admin/completion-evidence: admins only; one of unitCode and documentType', async () => {
      expect((await api.http.put('/api/admin/completion-evidence').set(bearer(head)).send({ unitCode: 'VBC', requireFile: true })).status).toBe(403);
      const both = await api.http.put('/api/admin/completion-evidence').set(bearer(admin)).send({ unitCode: 'VBC', documentType: 'decision', requireFile: true });
      expect(both.status).toBe(400);
      expect(both.body.errors[0].rule).toBe('EVIDENCE_RULE_TARGET');
      const unknown = await api.http.put('/api/admin/completion-evidence').set(bearer(admin)).send({ unitCode: 'NOPE', requireFile: true });
      expect(unknown.body.errors[0]).toMatchObject({ field: 'unitCode', rule: 'UNKNOWN_UNIT' });
      const set = await api.http.put('/api/admin/completion-evidence').set(bearer(admin)).send({ unitCode: 'VBC', requireFile: true });
      expect(set.status).toBe(200);
      expect(set.body).toEqual([expect.objectContaining({ unitCode: 'VBC', documentType: null, requireFile: true })]);
    });

    it('a completion without a file is refused when the unit requires one, accepted with one (linked to the completion)', async () => {
      await api.http.put('/api/admin/completion-evidence').set(bearer(admin)).send({ unitCode: 'VBC', requireFile: true }).expect(200);
      const id = await newTask();
      const task = await evidenceTask(id);
      const completionId = '11111111-1111-4111-8111-111111111111';
      await expect(api.db.transaction((m) => port().link(m, task, { kind: 'completion', id: completionId }, []))).rejects.toMatchObject({
        code: 'COMPLETION_NEEDS_FILE',
        fieldErrors: [expect.objectContaining({ field: 'attachmentIds', rule: 'COMPLETION_NEEDS_FILE' })],
      });
      const evidence = (await upload(staff, id, pdf('minh chứng'), 'Báo cáo đã ký.pdf')).body as AttachmentView;
      const stranger = (await upload(staff, taskId, pdf('khác'), 'khác.pdf')).body as AttachmentView;
      await expect(api.db.transaction((m) => port().link(m, task, { kind: 'completion', id: completionId }, [stranger.id]))).rejects.toMatchObject({
        fieldErrors: [expect.objectContaining({ rule: 'ATTACHMENT_NOT_ON_TASK' })],
      });
      expect(evidence.id).toEqual(expect.any(String));
      await api.db.transaction((m) => port().link(m, task, { kind: 'completion', id: completionId }, [evidence.id]));
      const list = (await api.http.get(`/api/tasks/${id}/attachments`).set(bearer(head))).body as AttachmentView[];
      expect(list.find((a) => a.id === evidence.id)?.attachedTo).toEqual({ kind: 'completion', id: completionId });
      // Linked once: the same file cannot be claimed by a second completion or note.
      await expect(api.db.transaction((m) => port().link(m, task, { kind: 'progress_note', id: completionId }, [evidence.id]))).rejects.toMatchObject({
        fieldErrors: [expect.objectContaining({ rule: 'ATTACHMENT_NOT_ON_TASK' })],
      });
      // Another unit needs nothing; the unit's own "no" wins over its document type's "yes".
      await api.http.put('/api/admin/completion-evidence').set(bearer(admin)).send({ unitCode: 'VBC', requireFile: false }).expect(200);
      await api.db.transaction((m) => port().link(m, task, { kind: 'completion', id: completionId }, []));
    });

    it('over HTTP: POST /complete without a file is refused (422, nothing written) where the unit requires one; with one it completes and the file is the completion’s', async () => {
      await api.http.put('/api/admin/completion-evidence').set(bearer(admin)).send({ unitCode: 'VBC', requireFile: true }).expect(200);
      try {
        const id = await newTask();
        const bare = await api.http.post(`/api/tasks/${id}/complete`).set(bearer(staff)).send({ version: 1, result: 'Đã trình ký' });
        expect(bare.status).toBe(422);
        expect(bare.body.errors).toEqual([expect.objectContaining({ field: 'attachmentIds', rule: 'COMPLETION_NEEDS_FILE' })]);
        expect((await api.http.get(`/api/tasks/${id}`).set(bearer(staff))).body).toMatchObject({ state: 'open', version: 1 });

        const note = (await upload(staff, id, pdf('dự thảo'), 'Dự thảo lần 1.pdf')).body as AttachmentView;
        const progress = await api.http.post(`/api/tasks/${id}/progress`).set(bearer(staff)).send({ version: 1, percent: 50, note: 'Dự thảo', attachmentIds: [note.id] });
        expect(progress.status).toBe(201);
        const signed = (await upload(staff, id, pdf('đã ký'), 'Báo cáo đã ký.pdf')).body as AttachmentView;
        const done = await api.http.post(`/api/tasks/${id}/complete`).set(bearer(staff)).send({ version: 2, result: 'Đã trình ký', attachmentIds: [signed.id] });
        expect(done.status).toBe(201);
        expect(done.body.state).toBe('completed');
        const files = (await api.http.get(`/api/tasks/${id}/attachments`).set(bearer(head))).body as AttachmentView[];
        const [completion] = await api.db.query(`SELECT id FROM task_completions WHERE task_id = $1`, [id]);
        const [progressNote] = await api.db.query(`SELECT id FROM task_progress_notes WHERE task_id = $1`, [id]);
        expect(files.find((f) => f.id === signed.id)?.attachedTo).toEqual({ kind: 'completion', id: completion.id });
        expect(files.find((f) => f.id === note.id)?.attachedTo).toEqual({ kind: 'progress_note', id: progressNote.id });

        // The completion stands on this file: nobody (not its manager, not an admin) deletes it; nothing written.
        const history = async () => (await api.db.query(`SELECT count(*)::int AS n FROM task_history WHERE task_id = $1`, [id]))[0].n;
        const historyBefore = await history();
        for (const token of [head, admin]) {
          const refused = await api.http.delete(`/api/tasks/${id}/attachments/${signed.id}`).set(bearer(token));
          expect(refused.status).toBe(422);
          expect(refused.body.code).toBe('ATTACHMENT_IS_EVIDENCE');
          expect(refused.body.message).toMatch(/minh chứng/);
        }
        expect(await history()).toBe(historyBefore);
        expect((await api.db.query(`SELECT deleted_at FROM task_attachments WHERE id = $1`, [signed.id]))[0].deleted_at).toBeNull();
        // The progress note's file is no evidence of the completion.
        expect((await api.http.delete(`/api/tasks/${id}/attachments/${note.id}`).set(bearer(head))).status).toBe(204);
        // Returned for redo, the completion no longer stands: the file may go.
        const returned = await api.http.post(`/api/tasks/${id}/return`).set(bearer(head)).send({ version: done.body.version, reason: 'Thiếu chữ ký' });
        expect(returned.status).toBe(201);
        expect((await api.http.delete(`/api/tasks/${id}/attachments/${signed.id}`).set(bearer(head))).status).toBe(204);
      } finally {
        await api.http.put('/api/admin/completion-evidence').set(bearer(admin)).send({ unitCode: 'VBC', requireFile: false }).expect(200);
      }
    });

    it('the source document type’s rule applies when the lead unit has none', async () => {
      const [doc] = await api.db.query(`INSERT INTO source_documents (number, type, title) VALUES ('15/QĐ-BTTTT', 'decision', 'Quyết định') RETURNING id`);
      const id = await api.fixtures.task({ leadUnit: 'VCNTT', assignee: 'staff_it', assignedBy: 'monitor1' });
      await api.db.query(`UPDATE tasks SET source_document_id = $2 WHERE id = $1`, [id, doc.id]);
      await api.http.put('/api/admin/completion-evidence').set(bearer(admin)).send({ documentType: 'decision', requireFile: true }).expect(200);
      const task = await evidenceTask(id);
      await expect(api.db.transaction((m) => port().link(m, task, { kind: 'completion', id: '22222222-2222-4222-8222-222222222222' }, []))).rejects.toMatchObject({
        fieldErrors: [expect.objectContaining({ rule: 'COMPLETION_NEEDS_FILE' })],
      });
      await api.db.transaction((m) => port().link(m, task, { kind: 'progress_note', id: '22222222-2222-4222-8222-222222222222' }, []));
    });
  });
});

describe('files on tasks over HTTP (S3-compatible store: s3rver on a free port)', () => {
  let api: TestApi;
  let s3: InstanceType<typeof S3rver>;
  let s3dir: string;
  let stopped = false;
  let staff: string;
  let head: string;

  beforeAll(async () => {
    s3dir = mkdtempSync(join(tmpdir(), 'tiendo-s3rver-'));
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir, configureBuckets: [{ name: 'tiendo-files' }] });
    const { port } = await s3.run();
    api = await startTestApi({
      STORAGE_URL: `s3://tiendo-files/tep?endpoint=http://127.0.0.1:${port}&region=us-east-1&forcePathStyle=true`,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    });
    await seed(api);
    [staff, head] = await Promise.all(['staff_vbc', 'head_vbc'].map((u) => api.login(u)));
  });
  afterAll(async () => {
    await api?.close();
    if (!stopped) await s3?.close();
    rmSync(s3dir, { recursive: true, force: true });
  });

  it('stores once under the SHA-256 in the bucket, and downloads the same bytes', async () => {
    const taskId = await api.fixtures.task({ leadUnit: 'VBC', assignee: 'staff_vbc', assignedBy: 'monitor1' });
    const bytes = Buffer.concat([pdf('S3'), randomBytes(2 * 1024 * 1024)]);
    const send = (name: string) =>
      api.http.post(`/api/tasks/${taskId}/attachments`).set(bearer(staff)).attach('file', bytes, { filename: name, contentType: 'application/pdf' });
    const first = await send('Tờ trình.pdf');
    const second = await send('Tờ trình (bản sao).pdf');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body.sha256).toBe(sha256(bytes));
    const objects: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else objects.push(join(d, e.name));
      }
    };
    walk(join(s3dir, 'tiendo-files'));
    const data = objects.filter((p) => p.endsWith('._S3rver_object'));
    expect(data).toHaveLength(1);
    expect(data[0]).toContain(join('tep', sha256(bytes)));
    expect(statSync(data[0]).size).toBe(bytes.length);
    const res = await api.http
      .get(`/api/tasks/${taskId}/attachments/${second.body.id}`)
      .set(bearer(head))
      .buffer(true)
      .parse(bytesParser as never);
    expect(res.status).toBe(200);
    expect(sha256(res.body as Buffer)).toBe(sha256(bytes));
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('Tờ trình ').replace(/'/g, '%27')}%28b%E1%BA%A3n%20sao%29.pdf`);
  });

  it('503 STORAGE_UNAVAILABLE when the bucket stops answering: nothing written, downloads refused plainly', async () => {
    const taskId = await api.fixtures.task({ leadUnit: 'VBC', assignee: 'staff_vbc', assignedBy: 'monitor1' });
    const kept = (await api.http.post(`/api/tasks/${taskId}/attachments`).set(bearer(staff)).attach('file', pdf('giữ'), 'giữ.pdf')).body as AttachmentView;
    await s3.close();
    stopped = true;
    const before = await api.db.query(`SELECT count(*)::int AS n FROM task_attachments`);
    const res = await api.http.post(`/api/tasks/${taskId}/attachments`).set(bearer(staff)).attach('file', pdf('mất kết nối'), 'mất kết nối.pdf');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'STORAGE_UNAVAILABLE', message: expect.stringContaining('Kho lưu tệp') });
    expect(await api.db.query(`SELECT count(*)::int AS n FROM task_attachments`)).toEqual(before);
    const down = await api.http.get(`/api/tasks/${taskId}/attachments/${kept.id}`).set(bearer(head));
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('STORAGE_UNAVAILABLE');
  });

  it('a bad STORAGE_URL is refused at start with a Vietnamese message naming the problem', async () => {
    expect(() => loadConfig({ JWT_SECRET: randomBytes(48).toString('base64url'), STORAGE_URL: 'http://bucket' })).toThrow(/STORAGE_URL phải có dạng s3:\/\/bucket.*giao thức phải là s3:/);
    expect(() => loadConfig({ JWT_SECRET: randomBytes(48).toString('base64url'), STORAGE_URL: 's3://Bad_Bucket' })).toThrow(/tên bucket "Bad_Bucket" không hợp lệ/);
  });
});
