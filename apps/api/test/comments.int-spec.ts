import type { CommentView, TimelineEntryView } from '@tiendo/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, DEFAULT_NOW, startTestApi, TestApi } from './harness';

/**
 * A task's comment thread and timeline over HTTP: who may comment (whoever may read the task), mentions refused
 * rather than dropped, the author's 15 minutes to edit (by the controlled clock), deletion kept in the history, the
 * `comment_added` event written with the comment (and never for a refused one), pagination and the timeline's order.
 */
describe('comments and timeline over HTTP', () => {
  let api: TestApi;
  let admin: string;
  let monitor: string;
  let head: string;
  let staff: string;
  let dotted: string;
  let outsider: string;
  let taskId: string;
  const count = async (table: string, taskFilter?: string) =>
    Number((await api.db.query(`SELECT count(*) AS n FROM ${table}${taskFilter ? ' WHERE task_id = $1' : ''}`, taskFilter ? [taskFilter] : []))[0].n);
  const events = (task: string) =>
    api.db.query(`SELECT kind, actor_id, payload FROM task_events WHERE task_id = $1 AND kind = 'comment_added' ORDER BY id`, [task]);
  const post = (token: string, task: string, body: unknown) => api.http.post(`/api/tasks/${task}/comments`).set(bearer(token)).send(body as object);
  const at = (local: string) => api.clock.set(new Date(local));
  const storage = mkdtempSync(join(tmpdir(), 'tiendo-comments-'));
  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n%%EOF\n`);
  const upload = async (token: string, task: string, name: string) => {
    const res = await api.http.post(`/api/tasks/${task}/attachments`).set(bearer(token)).attach('file', pdf(name), { filename: name, contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    // The clock moves through the morning here; tokens are not this file's subject, so they outlive the moves.
    api = await startTestApi({ ACCESS_TOKEN_TTL_SECONDS: '86400', SESSION_IDLE_MINUTES: '1440', STORAGE_DIR: storage });
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    await f.unit('VCNTT', 'BO', 'Vụ Công nghệ thông tin');
    await f.user('admin1', 'admin', 'VP');
    await f.user('monitor1', 'monitor', 'VP');
    await f.user('head_vbc', 'unit_head', 'VBC', 'Trần Thị Hương');
    await f.user('staff_vbc', 'staff', 'VBC', 'Nguyễn Văn Bình');
    await f.user('nguyen.van_a', 'staff', 'VBC', 'Nguyễn Văn A');
    await f.user('locked.user', 'staff', 'VBC');
    await f.user('staff_it', 'staff', 'VCNTT');
    await api.db.query(`UPDATE users SET active = false WHERE username = 'locked.user'`);
    [admin, monitor, head, staff, dotted, outsider] = await Promise.all(
      ['admin1', 'monitor1', 'head_vbc', 'staff_vbc', 'nguyen.van_a', 'staff_it'].map((u) => api.login(u)),
    );
    taskId = await f.task({ leadUnit: 'VBC', assignee: 'staff_vbc', assignedBy: 'monitor1' });
  });
  afterAll(async () => {
    await api.close();
    rmSync(storage, { recursive: true, force: true });
  });
  afterEach(() => at(DEFAULT_NOW));

  describe('POST /api/tasks/:id/comments', () => {
    it('posts a comment with its mentions, a history entry and a comment_added event in the same transaction', async () => {
      const body = 'Đề nghị @nguyen.van_a gửi dự thảo; chị @Head_VBC cho ý kiến. Thư gửi bình@mic.gov.vn, xem https://mic.gov.vn/a?b=1. Cảm ơn @nguyen.van_a.';
      const res = await post(staff, taskId, { body });
      expect(res.status).toBe(201);
      const comment: CommentView = res.body;
      expect(comment).toMatchObject({
        taskId,
        body,
        author: { username: 'staff_vbc', fullName: 'Nguyễn Văn Bình' },
        attachments: [],
        createdAt: new Date(DEFAULT_NOW).toISOString(),
        editedAt: null,
        deletedAt: null,
      });
      expect(comment.mentions.map((m) => m.username)).toEqual(['head_vbc', 'nguyen.van_a']);
      expect(await events(taskId)).toEqual([
        {
          kind: 'comment_added',
          actor_id: api.fixtures.userId('staff_vbc'),
          payload: { commentId: comment.id, mentions: [api.fixtures.userId('nguyen.van_a'), api.fixtures.userId('head_vbc')] },
        },
      ]);
      const history = await api.http.get(`/api/tasks/${taskId}/history`).set(bearer(head));
      expect(history.body.at(-1)).toMatchObject({ action: 'comment_added', actor: { username: 'staff_vbc' }, note: null, changes: [{ field: 'comment', from: null, to: `${Array.from(body).slice(0, 80).join('')}…` }] });
    });

    it('keeps HTML as the text typed (never markup) and stores NFC', async () => {
      const body = '<script>alert(1)</script> <b>đậm</b> &amp; Ho\u0300a';
      const res = await post(dotted, taskId, { body });
      expect(res.status).toBe(201);
      expect(res.body.body).toBe(body.normalize('NFC'));
      const [row] = await api.db.query(`SELECT body FROM task_comments WHERE id = $1`, [res.body.id]);
      expect(row.body).toBe('<script>alert(1)</script> <b>đậm</b> &amp; Hòa');
    });

    it('400 with a Vietnamese field message for an empty, blank, too long, NUL or missing body; nothing written', async () => {
      const before = [await count('task_comments'), await count('task_events'), await count('task_history')];
      for (const [body, rule] of [
        [{ body: '' }, 'matches'],
        [{ body: '  \n ' }, 'matches'],
        [{ body: 'x'.repeat(5001) }, 'maxLength'],
        [{ body: 'a\u0000b' }, 'noNulCharacter'],
        [{}, 'isDefined'],
        [{ body: 42 }, 'isString'],
        [{ body: 'ok', attachmentIds: ['not-a-uuid'] }, 'isUuid'],
      ] as const) {
        const res = await post(staff, taskId, body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        const error = res.body.errors.find((e: { rule: string }) => e.rule === rule);
        expect(error).toBeDefined();
        expect(error.message).toMatch(/[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i);
        // One error per bad field: a missing or non-text body is not also "blank" and "longer than 5000".
        if (rule === 'isString') expect(res.body.errors).toEqual([{ field: 'body', rule: 'isString', message: 'Phải là văn bản' }]);
        // A missing body is reported as missing, not as "is not text" (the validation pipe's presence rule).
        if (rule === 'isDefined') expect(res.body.errors).toEqual([{ field: 'body', rule: 'isDefined', message: 'Thiếu trường bắt buộc' }]);
      }
      expect((await post(staff, taskId, { body: 'x'.repeat(5000) })).status).toBe(201);
      expect([await count('task_comments'), await count('task_events'), await count('task_history')]).toEqual(before.map((n) => n + 1));
    });

    it('shows files of the task under the comment; an id that is not a free file of this task is refused, nothing written', async () => {
      const task = await api.fixtures.task({ leadUnit: 'VBC', assignee: 'staff_vbc', assignedBy: 'monitor1' });
      const other = await api.fixtures.task({ leadUnit: 'VBC', assignee: 'staff_vbc', assignedBy: 'monitor1' });
      const file = await upload(staff, task, 'Dự thảo báo cáo.pdf');
      const elsewhere = await upload(staff, other, 'Tệp nhiệm vụ khác.pdf');
      const res = await post(staff, task, { body: 'Gửi dự thảo', attachmentIds: [file] });
      expect(res.status).toBe(201);
      expect(res.body.attachments).toEqual([
        expect.objectContaining({ id: file, name: 'Dự thảo báo cáo.pdf', contentType: 'application/pdf', attachedTo: { kind: 'comment', id: res.body.id } }),
      ]);
      const listed = (await api.http.get(`/api/tasks/${task}/comments`).set(bearer(head))).body.items[0];
      expect(listed.attachments.map((a: { id: string }) => a.id)).toEqual([file]);

      const before = [await count('task_comments'), await count('task_events'), await count('task_history')];
      for (const ids of [[file], [elsewhere], ['0b6f1d8e-6a53-4f1e-9a42-2f7f2f7c9a11']]) {
        const refused = await post(staff, task, { body: 'Kèm tệp', attachmentIds: ids });
        expect(refused.status).toBe(400);
        expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'attachmentIds', rule: 'ATTACHMENT_NOT_ON_TASK' })]);
      }
      expect([await count('task_comments'), await count('task_events'), await count('task_history')]).toEqual(before);
    });

    it('404 outside the reader’s scope and for a task that does not exist, as for the task itself', async () => {
      const before = await count('task_comments');
      expect((await post(outsider, taskId, { body: 'Tôi xem được không?' })).status).toBe(404);
      expect((await api.http.get(`/api/tasks/${taskId}/comments`).set(bearer(outsider))).status).toBe(404);
      expect((await api.http.get(`/api/tasks/${taskId}/timeline`).set(bearer(outsider))).status).toBe(404);
      expect((await post(staff, '6d1c7c35-1f5e-4d2e-bb7e-5b1a5b1f0f00', { body: 'x' })).status).toBe(404);
      expect((await post(staff, 'khong-phai-uuid', { body: 'x' })).status).toBe(404);
      expect(await count('task_comments')).toBe(before);
      // A coordinating unit's staff may read the task, so may comment.
      const shared = await api.fixtures.task({ leadUnit: 'VBC', assignedBy: 'monitor1', coordinating: ['VCNTT'] });
      expect((await post(outsider, shared, { body: 'Vụ CNTT đã góp ý' })).status).toBe(201);
    });

    it('refuses (422, field body, naming the username) a mention of someone who may not read the task, does not exist or is locked; nothing written', async () => {
      const before = [await count('task_comments'), await count('task_events'), await count('task_history')];
      for (const name of ['staff_it', 'khong_co_ai', 'locked.user']) {
        const res = await post(staff, taskId, { body: `Nhờ @nguyen.van_a và @${name} xem giúp` });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('MENTION_NOT_ALLOWED');
        expect(res.body.errors).toEqual([{ field: 'body', rule: 'MENTION_NOT_ALLOWED', message: expect.stringContaining(`@${name}`) }]);
      }
      expect([await count('task_comments'), await count('task_events'), await count('task_history')]).toEqual(before);
      // Several refused mentions are all named in the one message.
      const several = await post(staff, taskId, { body: 'Nhờ @khong_co_ai và @staff_it và @nguyen.van_a' });
      expect(several.status).toBe(422);
      expect(several.body.errors).toHaveLength(1);
      expect(several.body.errors[0].message).toContain('@khong_co_ai, @staff_it');
      // The same colleague may be mentioned once the task is theirs to read (a ministry-wide role reads everything).
      expect((await post(staff, taskId, { body: 'Báo cáo @monitor1' })).status).toBe(201);
    });

    it('allows comments on completed and cancelled tasks: the discussion continues', async () => {
      const done = await api.fixtures.task({ leadUnit: 'VBC', assignee: 'staff_vbc', assignedBy: 'monitor1', state: 'completed' });
      const cancelled = await api.fixtures.task({ leadUnit: 'VBC', assignedBy: 'monitor1', state: 'cancelled' });
      expect((await post(head, done, { body: 'Kết quả tốt' })).status).toBe(201);
      expect((await post(head, cancelled, { body: 'Lý do huỷ đã ghi' })).status).toBe(201);
    });
  });

  describe('PATCH and DELETE /api/tasks/:id/comments/:commentId', () => {
    it('the author edits within 15 minutes (by the clock), the history keeps the previous body, only new mentions get an event', async () => {
      at('2026-11-20T10:00:00+07:00');
      const task = await api.fixtures.task({ leadUnit: 'VBC', assignee: 'staff_vbc', assignedBy: 'monitor1' });
      const created = (await post(staff, task, { body: 'Gửi @nguyen.van_a bản nháp' })).body as CommentView;
      const edit = (token: string, body: string) => api.http.patch(`/api/tasks/${task}/comments/${created.id}`).set(bearer(token)).send({ body });

      at('2026-11-20T10:14:59+07:00');
      expect((await edit(head, 'Tôi sửa hộ')).status).toBe(403);
      expect((await edit(staff, 'Gửi @nguyen.van_a và @khong_co_ai')).status).toBe(422);
      const ok = await edit(staff, 'Gửi @nguyen.van_a và @head_vbc bản nháp 2');
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ body: 'Gửi @nguyen.van_a và @head_vbc bản nháp 2', editedAt: new Date('2026-11-20T10:14:59+07:00').toISOString() });
      expect(ok.body.mentions.map((m: { username: string }) => m.username)).toEqual(['head_vbc', 'nguyen.van_a']);
      expect((await events(task)).map((e: { payload: unknown }) => e.payload)).toEqual([
        { commentId: created.id, mentions: [api.fixtures.userId('nguyen.van_a')] },
        { commentId: created.id, mentions: [api.fixtures.userId('head_vbc')], edited: true },
      ]);
      const history = (await api.http.get(`/api/tasks/${task}/history`).set(bearer(staff))).body;
      expect(history.at(-1)).toMatchObject({
        action: 'comment_edited',
        note: null,
        changes: [{ field: 'comment', from: 'Gửi @nguyen.van_a bản nháp', to: 'Gửi @nguyen.van_a và @head_vbc bản nháp 2' }],
      });
      // An edit that mentions nobody new records no event.
      expect((await edit(staff, 'Gửi @head_vbc bản nháp 3')).status).toBe(200);
      expect(await events(task)).toHaveLength(2);

      at('2026-11-20T10:15:01+07:00');
      const late = await edit(staff, 'Sửa muộn');
      expect(late.status).toBe(422);
      expect(late.body.code).toBe('COMMENT_EDIT_WINDOW_CLOSED');
      expect((await api.db.query(`SELECT body FROM task_comments WHERE id = $1`, [created.id]))[0].body).toBe('Gửi @head_vbc bản nháp 3');
      expect((await api.http.patch(`/api/tasks/${task}/comments/${created.id}`).set(bearer(outsider)).send({ body: 'x' })).status).toBe(404);
    });

    it('deletes by the author or an admin only (403 for others); kept as deleted, in the history, once', async () => {
      const task = await api.fixtures.task({ leadUnit: 'VBC', assignee: 'staff_vbc', assignedBy: 'monitor1' });
      const mine = (await post(staff, task, { body: 'Bình luận sẽ xoá' })).body as CommentView;
      at('2026-11-20T09:01:00+07:00');
      const other = (await post(dotted, task, { body: 'Bình luận của A' })).body as CommentView;
      const del = (token: string, id: string) => api.http.delete(`/api/tasks/${task}/comments/${id}`).set(bearer(token));

      const refused = await del(head, mine.id);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('COMMENT_NOT_OWN');
      expect((await del(monitor, mine.id)).status).toBe(403);
      expect((await del(outsider, mine.id)).status).toBe(404);
      expect((await del(staff, '3f0e9d1c-2b8a-4c7d-9e6f-5a4b3c2d1e0f')).status).toBe(404);
      expect((await del(staff, mine.id)).status).toBe(204);
      expect((await del(staff, mine.id)).body.code).toBe('COMMENT_DELETED');
      expect((await api.http.patch(`/api/tasks/${task}/comments/${mine.id}`).set(bearer(staff)).send({ body: 'sửa' })).body.code).toBe('COMMENT_DELETED');
      expect((await del(admin, other.id)).status).toBe(204);

      const list = (await api.http.get(`/api/tasks/${task}/comments`).set(bearer(staff))).body;
      expect(list.total).toBe(2);
      expect(list.items[0]).toMatchObject({ id: mine.id, body: '', mentions: [], deletedAt: expect.any(String) });
      const [row] = await api.db.query(`SELECT body, deleted_by_id FROM task_comments WHERE id = $1`, [other.id]);
      expect(row).toEqual({ body: 'Bình luận của A', deleted_by_id: api.fixtures.userId('admin1') });
      const history = (await api.http.get(`/api/tasks/${task}/history`).set(bearer(staff))).body;
      expect(history.filter((h: { action: string }) => h.action === 'comment_deleted')).toEqual([
        expect.objectContaining({ note: null, changes: [{ field: 'comment', from: null, to: null }], actor: expect.objectContaining({ username: 'staff_vbc' }) }),
        expect.objectContaining({ note: null, changes: [{ field: 'comment', from: null, to: null }], actor: expect.objectContaining({ username: 'admin1' }) }),
      ]);
    });

    it('hides a deleted comment’s text in the history and the timeline from everyone but an admin; the row keeps it', async () => {
      at('2026-11-20T11:00:00+07:00');
      const task = await api.fixtures.task({ leadUnit: 'VBC', assignee: 'staff_vbc', assignedBy: 'monitor1' });
      const secret = (await post(staff, task, { body: 'Số điện thoại riêng 0912 345 678' })).body as CommentView;
      const kept = (await post(staff, task, { body: 'Bình luận còn lại' })).body as CommentView;
      at('2026-11-20T11:05:00+07:00');
      expect((await api.http.patch(`/api/tasks/${task}/comments/${secret.id}`).set(bearer(staff)).send({ body: 'Số điện thoại 0912 xxx' })).status).toBe(200);
      expect((await api.http.delete(`/api/tasks/${task}/comments/${secret.id}`).set(bearer(staff))).status).toBe(204);

      const about = (entries: Array<{ action: string; changes: unknown; note: unknown }>) =>
        entries.filter((h) => h.action.startsWith('comment_')).map((h) => [h.action, h.changes, h.note]);
      const hidden = [{ field: 'comment', from: null, to: null }];
      for (const reader of [staff, head, monitor]) {
        const history = (await api.http.get(`/api/tasks/${task}/history`).set(bearer(reader))).body;
        expect(JSON.stringify(history)).not.toContain('0912');
        expect(about(history)).toEqual([
          ['comment_added', hidden, null],
          ['comment_added', [{ field: 'comment', from: null, to: 'Bình luận còn lại' }], null],
          ['comment_edited', hidden, null],
          ['comment_deleted', hidden, null],
        ]);
        const timeline = (await api.http.get(`/api/tasks/${task}/timeline`).set(bearer(reader))).body;
        expect(JSON.stringify(timeline)).not.toContain('0912');
        expect(timeline.items.filter((e: TimelineEntryView) => e.history?.action.startsWith('comment_')).map((e: TimelineEntryView) => e.history)).toEqual([
          { action: 'comment_deleted', changes: hidden, note: null },
          { action: 'comment_edited', changes: hidden, note: null },
        ]);
      }
      // An admin (and the audit) still reads every word; nothing the user typed is lost.
      const forAdmin = (await api.http.get(`/api/tasks/${task}/history`).set(bearer(admin))).body;
      expect(about(forAdmin)).toEqual([
        ['comment_added', [{ field: 'comment', from: null, to: 'Số điện thoại riêng 0912 345 678' }], null],
        ['comment_added', [{ field: 'comment', from: null, to: 'Bình luận còn lại' }], null],
        ['comment_edited', [{ field: 'comment', from: 'Số điện thoại riêng 0912 345 678', to: 'Số điện thoại 0912 xxx' }], null],
        ['comment_deleted', [{ field: 'comment', from: 'Số điện thoại 0912 xxx', to: null }], null],
      ]);
      const stored = await api.db.query(`SELECT action, changes, note FROM task_history WHERE task_id = $1 AND action LIKE 'comment_%' ORDER BY id`, [task]);
      expect(stored.map((h: { note: string }) => h.note)).toEqual([secret.id, kept.id, secret.id, secret.id]);
      expect(stored[2].changes).toEqual([{ field: 'comment', from: 'Số điện thoại riêng 0912 345 678', to: 'Số điện thoại 0912 xxx' }]);
    });
  });

  describe('GET /api/tasks/:id/comments', () => {
    it('pages the thread oldest first (newest first on request) with the total', async () => {
      const task = await api.fixtures.task({ leadUnit: 'VBC', assignee: 'staff_vbc', assignedBy: 'monitor1' });
      for (let i = 1; i <= 25; i++) {
        at(new Date(new Date(DEFAULT_NOW).getTime() + i * 60_000).toISOString());
        expect((await post(staff, task, { body: `Ý kiến ${i}` })).status).toBe(201);
      }
      const page = (q: string) => api.http.get(`/api/tasks/${task}/comments${q}`).set(bearer(head));
      const first = (await page('?pageSize=10')).body;
      expect(first.total).toBe(25);
      expect(first.items.map((c: CommentView) => c.body)).toEqual(Array.from({ length: 10 }, (_, i) => `Ý kiến ${i + 1}`));
      const third = (await page('?page=3&pageSize=10')).body;
      expect(third.items.map((c: CommentView) => c.body)).toEqual(['Ý kiến 21', 'Ý kiến 22', 'Ý kiến 23', 'Ý kiến 24', 'Ý kiến 25']);
      expect((await page('?pageSize=2&order=newest')).body.items.map((c: CommentView) => c.body)).toEqual(['Ý kiến 25', 'Ý kiến 24']);
      expect((await page('?page=9&pageSize=10')).body).toEqual({ items: [], total: 25 });
      expect((await page('?pageSize=201')).status).toBe(400);
      expect((await page('?order=random')).status).toBe(400);
    });
  });

  describe('GET /api/tasks/:id/timeline', () => {
    it('shows comments, progress notes and history together, newest first, without repeating a comment or a note as history', async () => {
      at('2026-11-20T08:00:00+07:00');
      const created = await api.http
        .post('/api/tasks')
        .set(bearer(monitor))
        .send({ title: 'Báo cáo chuyển đổi số', leadUnitCode: 'VBC', assigneeId: api.fixtures.userId('staff_vbc'), deadline: '2026-12-15' });
      expect(created.status).toBe(201);
      const task = created.body.id as string;
      at('2026-11-20T08:10:00+07:00');
      expect((await api.http.post(`/api/tasks/${task}/progress`).set(bearer(staff)).send({ version: 1, percent: 30, note: 'Đã có dàn ý' })).status).toBe(201);
      at('2026-11-20T08:15:00+07:00');
      const file = await upload(staff, task, 'Số liệu.pdf');
      const underComment = await upload(head, task, 'Mẫu biểu.pdf');
      at('2026-11-20T08:20:00+07:00');
      const comment = (await post(head, task, { body: 'Cần thêm số liệu @staff_vbc', attachmentIds: [underComment] })).body as CommentView;
      at('2026-11-20T08:30:00+07:00');
      const second = (await post(staff, task, { body: 'Sẽ bổ sung' })).body as CommentView;
      at('2026-11-20T08:40:00+07:00');
      expect((await api.http.delete(`/api/tasks/${task}/comments/${second.id}`).set(bearer(staff))).status).toBe(204);

      const res = await api.http.get(`/api/tasks/${task}/timeline`).set(bearer(staff));
      expect(res.status).toBe(200);
      const items: TimelineEntryView[] = res.body.items;
      const summary = items.map((e) => [e.kind, e.at, e.actor?.username, e.history?.action ?? e.comment?.body ?? e.progressNote?.note ?? e.attachment?.name]);
      expect(summary).toEqual([
        ['history', new Date('2026-11-20T08:40:00+07:00').toISOString(), 'staff_vbc', 'comment_deleted'],
        ['comment', new Date('2026-11-20T08:30:00+07:00').toISOString(), 'staff_vbc', ''],
        ['comment', new Date('2026-11-20T08:20:00+07:00').toISOString(), 'head_vbc', 'Cần thêm số liệu @staff_vbc'],
        ['attachment', new Date('2026-11-20T08:15:00+07:00').toISOString(), 'staff_vbc', 'Số liệu.pdf'],
        ['progress_note', new Date('2026-11-20T08:10:00+07:00').toISOString(), 'staff_vbc', 'Đã có dàn ý'],
        ['history', new Date('2026-11-20T08:00:00+07:00').toISOString(), 'monitor1', 'created'],
      ]);
      expect(res.body.total).toBe(6);
      expect(items[1].comment).toMatchObject({ id: second.id, deletedAt: expect.any(String) });
      expect(items[2]).toMatchObject({ id: comment.id, comment: { mentions: [{ username: 'staff_vbc' }], attachments: [{ id: underComment, name: 'Mẫu biểu.pdf' }] } });
      expect(items[3]).toMatchObject({ id: file, attachment: { id: file, attachedTo: { kind: 'task', id: null }, uploadedBy: { username: 'staff_vbc' } } });
      expect(items[4].progressNote).toEqual({ percent: 30, note: 'Đã có dàn ý', attachments: [] });

      const page2 = (await api.http.get(`/api/tasks/${task}/timeline?page=2&pageSize=2`).set(bearer(head))).body;
      expect(page2.total).toBe(6);
      expect(page2.items.map((e: TimelineEntryView) => e.id)).toEqual([items[2].id, items[3].id]);
      expect((await api.http.get(`/api/tasks/${task}/timeline?page=4&pageSize=2`).set(bearer(head))).body).toEqual({ items: [], total: 6 });
      expect((await api.http.get(`/api/tasks/${task}/timeline?pageSize=0`).set(bearer(head))).status).toBe(400);
    });

    it('gives each comment and progress note on the page its own files, and a deleted comment none', async () => {
      at('2026-11-20T09:00:00+07:00');
      const created = await api.http
        .post('/api/tasks')
        .set(bearer(monitor))
        .send({ title: 'Tệp của ghi chú và bình luận', leadUnitCode: 'VBC', assigneeId: api.fixtures.userId('staff_vbc'), deadline: '2026-12-15' });
      const task = created.body.id as string;
      const forNote = await upload(staff, task, 'Bảng số liệu.pdf');
      at('2026-11-20T09:10:00+07:00');
      expect((await api.http.post(`/api/tasks/${task}/progress`).set(bearer(staff)).send({ version: 1, percent: 40, note: 'Kèm số liệu', attachmentIds: [forNote] })).status).toBe(201);
      const forComment = await upload(head, task, 'Góp ý.pdf');
      const forDeleted = await upload(staff, task, 'Bản nháp.pdf');
      at('2026-11-20T09:20:00+07:00');
      const comment = (await post(head, task, { body: 'Xem góp ý', attachmentIds: [forComment] })).body as CommentView;
      at('2026-11-20T09:30:00+07:00');
      const deleted = (await post(staff, task, { body: 'Nháp', attachmentIds: [forDeleted] })).body as CommentView;
      at('2026-11-20T09:40:00+07:00');
      expect((await api.http.delete(`/api/tasks/${task}/comments/${deleted.id}`).set(bearer(staff))).status).toBe(204);

      const items: TimelineEntryView[] = (await api.http.get(`/api/tasks/${task}/timeline`).set(bearer(head))).body.items;
      const files = (e: TimelineEntryView | undefined) => (e?.comment?.attachments ?? e?.progressNote?.attachments ?? []).map((f) => f.name);
      expect(files(items.find((e) => e.id === comment.id))).toEqual(['Góp ý.pdf']);
      expect(files(items.find((e) => e.id === deleted.id))).toEqual([]);
      expect(files(items.find((e) => e.kind === 'progress_note'))).toEqual(['Bảng số liệu.pdf']);
    });
  });
});
