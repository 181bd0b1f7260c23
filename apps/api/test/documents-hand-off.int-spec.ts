import type { CreatedApiToken } from '@tiendo/contracts';
import type { Test } from 'supertest';
import { bearer, startTestApi, TestApi } from './harness';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n%%EOF\n`);

/**
 * The e-office hand-off: POST /api/documents with a token of scope documents:create. A document and its tasks in one
 * transaction, idempotent by number and issuer, every task's lead unit within the token's units, field-level refusals
 * in Vietnamese with nothing written, the history naming the token.
 *
 * Units: BO ─┬─ VBC ── VBC_1
 *            └─ VKH
 */
describe('documents hand-off (POST /api/documents)', () => {
  let api: TestApi;
  let admin: string;
  let eoffice: CreatedApiToken;

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    await f.unit('VBC_1', 'VBC', 'Phòng 1');
    await f.unit('VKH', 'BO', 'Vụ Kế hoạch');
    await f.user('quantri', 'admin', 'BO');
    await f.user('cv', 'staff', 'VBC');
    admin = await api.login('quantri');
    eoffice = await token(['documents:create', 'tasks:read'], ['VBC']);
  });
  afterAll(() => api.close());

  async function token(scopes: string[], unitCodes: string[]): Promise<CreatedApiToken> {
    const res = await api.http.post('/api/admin/api-tokens').set(bearer(admin)).send({ name: `Văn phòng điện tử ${scopes.join(',')}`, scopes, unitCodes, expiresOn: '2027-06-30' });
    expect(res.status).toBe(201);
    return res.body;
  }

  const fields = (number: string, tasks: unknown, extra: Record<string, string> = {}) => ({
    number,
    type: 'directive',
    issuer: 'Bộ Thông tin và Truyền thông',
    date: '2026-11-18',
    title: 'Chỉ thị về đẩy mạnh chuyển đổi số',
    tasks: typeof tasks === 'string' ? tasks : JSON.stringify(tasks),
    ...extra,
  });
  function post(secret: string, form: Record<string, string>, file: Buffer | null = pdf(form['number'] ?? 'x'), filename = 'chi-thi.pdf'): Test {
    const req = api.http.post('/api/documents').set(bearer(secret));
    for (const [k, v] of Object.entries(form)) req.field(k, v);
    if (file) req.attach('file', file, { filename, contentType: 'application/pdf' });
    return req;
  }
  const counts = async () => (await api.db.query(`SELECT (SELECT count(*)::int FROM tasks) AS tasks, (SELECT count(*)::int FROM source_documents) AS docs, (SELECT count(*)::int FROM incoming_documents) AS incoming, (SELECT count(*)::int FROM stored_files) AS files`))[0];

  const twoTasks = [
    { title: 'Xây dựng kế hoạch chuyển đổi số 2027', leadUnitCode: 'VBC', coordinatingUnitCodes: ['VKH'], deadline: '2026-12-31', priority: 'high' },
    { title: 'Báo cáo kết quả quý IV', leadUnitCode: 'VBC_1', deadline: null },
  ];

  it('creates the document, its file and its tasks, linked, assigned today, the history naming the token', async () => {
    const res = await post(eoffice.token, fields('15/CT-BTTTT', twoTasks));
    expect(res.status).toBe(201);
    expect(res.body.document).toMatchObject({ number: '15/CT-BTTTT', type: 'directive', issuer: 'Bộ Thông tin và Truyền thông', issuedOn: '2026-11-18', title: 'Chỉ thị về đẩy mạnh chuyển đổi số' });
    expect(res.body.tasks.map((t: { title: string; leadUnitCode: string }) => `${t.leadUnitCode}: ${t.title}`)).toEqual(['VBC: Xây dựng kế hoạch chuyển đổi số 2027', 'VBC_1: Báo cáo kết quả quý IV']);
    const [first] = res.body.tasks;
    // Visible through the token's tasks:read, as on the task page: the source document, the units, the deadline.
    const task = await api.http.get(`/api/tasks/${first.id}`).set(bearer(eoffice.token));
    expect(task.status).toBe(200);
    expect(task.body.sourceDocument).toMatchObject({ id: res.body.document.id, number: '15/CT-BTTTT' });
    expect(task.body).toMatchObject({ assignedOn: '2026-11-20', deadline: '2026-12-31', priority: 'high' });
    const history = await api.http.get(`/api/tasks/${first.id}/history`).set(bearer(admin));
    expect(history.body[0]).toMatchObject({ action: 'created', actor: { username: 'quantri' }, apiToken: { id: eoffice.id, name: eoffice.name } });
    const [file] = await api.db.query(`SELECT owner_kind, owner_id, name, content_type FROM stored_files WHERE id = $1`, [res.body.document.fileId]);
    expect(file).toEqual({ owner_kind: 'source_document', owner_id: res.body.document.id, name: 'chi-thi.pdf', content_type: 'application/pdf' });
    const events: Array<{ kind: string }> = await api.db.query(`SELECT kind FROM task_events WHERE task_id = ANY($1::uuid[])`, [res.body.tasks.map((t: { id: string }) => t.id)]);
    expect(events.map((e) => e.kind)).toEqual(['assigned', 'assigned']);
  });

  it('is idempotent by number and issuer: the same again answers 200 with the same ids; another content is 409', async () => {
    const form = fields('16/CT-BTTTT', twoTasks);
    const first = await post(eoffice.token, form);
    expect(first.status).toBe(201);
    const before = await counts();
    const again = await post(eoffice.token, { ...form, number: '16/ct-btttt', issuer: 'BỘ THÔNG TIN VÀ TRUYỀN THÔNG' }, pdf('16/CT-BTTTT'));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await counts()).toEqual(before);
    const changed = await post(eoffice.token, fields('16/CT-BTTTT', [twoTasks[0]]));
    expect([changed.status, changed.body.code]).toEqual([409, 'DOCUMENT_CONFLICT']);
    expect(changed.body.message).toContain('16/CT-BTTTT');
    const otherFile = await post(eoffice.token, form, pdf('another file'));
    expect([otherFile.status, otherFile.body.code]).toEqual([409, 'DOCUMENT_CONFLICT']);
    expect(await counts()).toEqual(before);
  });

  it('receives the same document sent twice at once exactly once', async () => {
    const form = fields('17/CT-BTTTT', twoTasks);
    const [a, b] = await Promise.all([post(eoffice.token, form), post(eoffice.token, form)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body).toEqual(b.body);
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM tasks t JOIN source_documents d ON d.id = t.source_document_id WHERE d.number = '17/CT-BTTTT'`);
    expect(n).toBe(2);
  });

  it('refuses a task led outside the token’s units (403 API_TOKEN_UNIT), writing nothing', async () => {
    const before = await counts();
    const res = await post(eoffice.token, fields('18/CT-BTTTT', [twoTasks[0], { title: 'Việc của Vụ Kế hoạch', leadUnitCode: 'VKH' }]));
    expect([res.status, res.body.code, res.body.errors]).toEqual([403, 'API_TOKEN_UNIT', [{ field: 'tasks.1.leadUnitCode', rule: 'API_TOKEN_UNIT', message: 'Mã truy cập (API token) không được thao tác trên đơn vị VKH' }]]);
    expect(await counts()).toEqual(before);
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM security_events WHERE event = 'api_token_out_of_scope' AND detail->>'unit' = 'VKH'`);
    expect(n).toBe(1);
  });

  it('refuses a token without documents:create, and a person who is not an admin', async () => {
    const reader = await token(['tasks:read'], ['VBC']);
    const res = await post(reader.token, fields('19/CT-BTTTT', twoTasks));
    expect([res.status, res.body.code]).toEqual([403, 'API_TOKEN_SCOPE']);
    const staff = await api.login('cv');
    expect((await post(staff, fields('19/CT-BTTTT', twoTasks))).status).toBe(403);
  });

  it.each([
    ['tasks not JSON', fields('20/CT', 'không phải JSON'), ['tasks']],
    ['no tasks', fields('20/CT', []), ['tasks']],
    ['a task without a title and a bad deadline', fields('20/CT', [{ leadUnitCode: 'VBC', deadline: '2026-02-30' }]), ['tasks.0.deadline', 'tasks.0.title']],
    ['an unknown type and a date that is not a day', fields('20/CT', twoTasks, { type: 'memo', date: '18/11/2026' }), ['date', 'type']],
    ['an unknown lead unit', fields('20/CT', [{ title: 'Việc', leadUnitCode: 'KHONG_CO' }]), ['tasks.0.leadUnitCode']],
    ['a lead unit also coordinating', fields('20/CT', [{ title: 'Việc', leadUnitCode: 'VBC', coordinatingUnitCodes: ['VBC'] }]), ['tasks.0.coordinatingUnitCodes']],
  ])('refuses %s field by field, in Vietnamese, writing nothing', async (_name, form, want) => {
    const before = await counts();
    const res = await post(eoffice.token, form);
    expect(res.status).toBe(400);
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(want);
    for (const e of res.body.errors) expect(e.message).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữíìịỉĩóòỏõọúùủũụýỳỷỹỵé]/i);
    expect(await counts()).toEqual(before);
  });

  it('refuses a deadline before today (422, on the task’s field), a missing file and a file of a refused type', async () => {
    const before = await counts();
    const early = await post(eoffice.token, fields('21/CT', [{ title: 'Việc', leadUnitCode: 'VBC', deadline: '2026-11-01' }]));
    expect([early.status, early.body.errors[0].field]).toEqual([422, 'tasks.0.deadline']);
    const noFile = await post(eoffice.token, fields('21/CT', twoTasks), null);
    expect([noFile.status, noFile.body.errors[0].field]).toEqual([400, 'file']);
    const exe = await post(eoffice.token, fields('21/CT', twoTasks), Buffer.from('MZ\x90\x00 not a document'), 'chi-thi.exe');
    expect([exe.status, exe.body.errors[0].field]).toEqual([422, 'file']);
    expect(await counts()).toEqual(before);
  });

  it('links to a document entered by hand under the same number; refuses one of another issuer', async () => {
    await api.http.post('/api/source-documents').set(bearer(admin)).send({ number: '22/NQ-CP', type: 'resolution', title: 'Nghị quyết phiên họp', issuer: 'Chính phủ' }).expect(201);
    const same = await post(eoffice.token, fields('22/NQ-CP', [twoTasks[0]], { issuer: 'Chính phủ', type: 'resolution' }));
    expect(same.status).toBe(201);
    const [doc] = await api.db.query(`SELECT id FROM source_documents WHERE number = '22/NQ-CP'`);
    expect(same.body.document.id).toBe(doc.id);
    const other = await post(eoffice.token, fields('22/NQ-CP', [twoTasks[0]], { issuer: 'Ủy ban nhân dân tỉnh' }));
    expect([other.status, other.body.errors?.[0]?.field]).toEqual([409, 'number']);
  });
});
