import { SEARCH_KEY_SQL, searchMatchSql, SqlParams } from '@tiendo/server-core';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * The search rule (libs/server/core/src/lib/text-search.ts) in every list with a search box: what a Vietnamese user
 * types is found with or without tone marks and diacritics, in any case, and decomposed (NFD) text entering the API
 * is stored in NFC (libs/server/core/src/lib/input-text.ts).
 */
describe('search finds what Vietnamese users type', () => {
  let api: TestApi;
  let admin: string;
  let staffVbc: string;
  const ids: Record<string, string> = {};

  const tasks = (token: string, q: string) => api.http.get('/api/tasks').query({ q, pageSize: 100 }).set(bearer(token));
  const codes = async (token: string, q: string): Promise<string[]> => {
    const res = await tasks(token, q);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items.map((t: { code: string }) => t.code).sort();
  };

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO', undefined, 'Bộ Thông tin và Truyền thông');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    await f.unit('CNTT', 'BO', 'Cục Công nghệ thông tin');
    await f.user('admin1', 'admin', 'BO', 'Quản trị hệ thống');
    await f.user('vutruong.vbc', 'unit_head', 'VBC', 'Nguyễn Văn Đường');
    await f.user('chuyenvien.vbc', 'staff', 'VBC', 'Trần Thị Bích Ngọc');
    await f.user('chuyenvien.cntt', 'staff', 'CNTT', 'Lê Đức Anh');
    admin = await api.login('admin1');
    staffVbc = await api.login('chuyenvien.vbc');

    const doc = await api.http
      .post('/api/source-documents')
      .set(bearer(admin))
      .send({ number: '45/QĐ-BTTTT', type: 'decision', title: 'Quyết định về chuyển đổi số quốc gia', issuedOn: '2026-03-02' });
    expect(doc.status).toBe(201);
    ids['doc'] = doc.body.id;

    const assign = async (code: string, title: string, leadUnitCode: string, sourceDocumentId?: string) => {
      const res = await api.http.post('/api/tasks').set(bearer(admin)).send({ code, title, leadUnitCode, deadline: '2026-12-31', sourceDocumentId });
      expect(res.status).toBe(201);
      ids[code] = res.body.id;
    };
    await assign('VBC-1', 'Báo cáo tình hình bưu chính quý IV', 'VBC');
    await assign('VBC-2', 'Xây dựng báo cáo tổng kết năm', 'VBC');
    await assign('VBC-3', 'Rà soát Đường thư quốc tế', 'VBC', ids['doc']);
    await assign('CNTT-1', 'Báo cáo an toàn thông tin', 'CNTT');
    await assign('CNTT-2', 'Nâng cao năng lực số', 'CNTT');
    // Typed on a Mac or pasted from a PDF: decomposed Unicode.
    await assign('CNTT-3', 'Tổng hợp báo cáo chuyển đổi số'.normalize('NFD'), 'CNTT');
  });
  afterAll(() => api.close());

  it('bao cao finds exactly the tasks Báo cáo finds, in any case and with marks on either side', async () => {
    const marked = await codes(admin, 'Báo cáo');
    expect(marked).toEqual(['CNTT-1', 'CNTT-3', 'VBC-1', 'VBC-2']);
    for (const typed of ['bao cao', 'BAO CAO', 'báo cao', 'Bao Cáo', '  bao   cao  ']) expect(await codes(admin, typed)).toEqual(marked);
  });

  it('pages of a search carry its total, past the last page too', async () => {
    const page = (n: number) => api.http.get('/api/tasks').query({ q: 'bao cao', pageSize: 3, page: n }).set(bearer(admin));
    expect((await page(1)).body).toMatchObject({ total: 4, items: { length: 3 } });
    expect((await page(2)).body).toMatchObject({ total: 4, items: { length: 1 } });
    expect((await page(3)).body).toEqual({ total: 4, items: [] });
    const none = await api.http.get('/api/tasks').query({ q: 'khong co nhiem vu nao' }).set(bearer(admin));
    expect(none.body).toEqual({ total: 0, items: [] });
  });

  it('đ/Đ is d: DUONG finds Đường, duc anh finds Lê Đức Anh', async () => {
    expect(await codes(admin, 'DUONG')).toEqual(['VBC-3']);
    expect(await codes(admin, 'đường thư')).toEqual(['VBC-3']);
    const users = await api.http.get('/api/users').query({ q: 'duc anh' }).set(bearer(admin));
    expect(users.body.items.map((u: { username: string }) => u.username)).toEqual(['chuyenvien.cntt']);
  });

  it('finds a task by its source document, number or title', async () => {
    expect(await codes(admin, 'chuyen doi so quoc gia')).toEqual(['VBC-3']);
    expect(await codes(admin, '45/qd-btttt')).toEqual(['VBC-3']);
    // Words may come from different fields (the title's "quốc tế", the document's number) and in any order.
    expect(await codes(admin, 'quoc te 45')).toEqual(['VBC-3']);
    expect(await codes(admin, 'duong quoc te')).toEqual(['VBC-3']);
    expect(await codes(admin, 'ra soat quoc 46')).toEqual([]);
  });

  it('a title typed in NFD is stored in NFC and found by a normally typed search', async () => {
    const [row] = await api.db.query(`SELECT title, title IS NFC NORMALIZED AS nfc FROM tasks WHERE code = 'CNTT-3'`);
    expect(row).toEqual({ title: 'Tổng hợp báo cáo chuyển đổi số', nfc: true });
    expect(await codes(admin, 'Tổng hợp')).toEqual(['CNTT-3']);
    expect(await codes(admin, 'Tổng hợp'.normalize('NFD'))).toEqual(['CNTT-3']);
    const view = await api.http.get(`/api/tasks/${ids['CNTT-3']}`).set(bearer(admin));
    expect(view.body.title).toBe('Tổng hợp báo cáo chuyển đổi số'.normalize('NFC'));
  });

  it('search keeps the caller\'s scope: a staff member finds only their unit\'s tasks', async () => {
    expect(await codes(staffVbc, 'bao cao')).toEqual(['VBC-1', 'VBC-2']);
  });

  it('LIKE characters are text: 100% and a_b find only themselves', async () => {
    await api.http.post('/api/tasks').set(bearer(admin)).send({ code: 'VBC-9', title: 'Đạt 100% chỉ tiêu', leadUnitCode: 'VBC', deadline: '2026-12-31' }).expect(201);
    expect(await codes(admin, '100%')).toEqual(['VBC-9']);
    expect(await codes(admin, '0%c')).toEqual([]);
    expect(await codes(admin, 'vbc_1')).toEqual([]);
  });

  it('a query of white space only is no filter', async () => {
    const all = await api.http.get('/api/tasks').query({ pageSize: 100 }).set(bearer(admin));
    expect((await tasks(admin, '   ')).body.total).toBe(all.body.total);
  });

  it('renaming a source document moves its tasks\' search text with it', async () => {
    await api.db.query(`UPDATE source_documents SET title = 'Chỉ thị về bưu chính công ích' WHERE id = $1`, [ids['doc']]);
    expect(await codes(admin, 'buu chinh cong ich')).toEqual(['VBC-3']);
    expect(await codes(admin, 'chuyen doi so quoc gia')).toEqual([]);
  });

  it('users, units and documents lists search the same way', async () => {
    const users = await api.http.get('/api/users').query({ q: 'NGUYEN VAN DUONG' }).set(bearer(admin));
    expect(users.body.items.map((u: { username: string }) => u.username)).toEqual(['vutruong.vbc']);
    // A family and a given name with the middle name left out.
    const skipped = await api.http.get('/api/users').query({ q: 'nguyen duong' }).set(bearer(admin));
    expect(skipped.body.items.map((u: { username: string }) => u.username)).toEqual(['vutruong.vbc']);
    const units = await api.http.get('/api/units').query({ q: 'buu chinh' }).set(bearer(staffVbc));
    expect(units.status).toBe(200);
    expect(units.body.map((u: { code: string }) => u.code)).toEqual(['VBC']);
    expect((await api.http.get('/api/units').query({ q: 'cong nghe' }).set(bearer(staffVbc))).body.map((u: { code: string }) => u.code)).toEqual(['CNTT']);
    const docs = await api.http.get('/api/source-documents').query({ q: 'chi thi ve buu chinh' }).set(bearer(staffVbc));
    expect(docs.body.items.map((d: { number: string }) => d.number)).toEqual(['45/QĐ-BTTTT']);
    expect((await api.http.get('/api/source-documents').query({ q: 'chi thi buu chinh' }).set(bearer(staffVbc))).body.total).toBe(1);
    expect((await api.http.get('/api/source-documents').query({ q: '45/qd' }).set(bearer(staffVbc))).body.total).toBe(1);
  });

  it('every list\'s search is answered from a trigram index (EXPLAIN)', async () => {
    const plan = async (table: string, key: string, alias: string) => {
      const p = new SqlParams();
      const where = searchMatchSql(key, 'bao cao', p) as string;
      const runner = api.db.createQueryRunner();
      try {
        // The test tables are tiny, where a scan is cheaper: allow only bitmap scans, to see whether the trigram
        // index can answer the condition (a unit head's search over few units takes the covering B-tree instead).
        await runner.query('BEGIN');
        for (const scan of ['seqscan', 'indexscan', 'indexonlyscan']) await runner.query(`SET LOCAL enable_${scan} = off`);
        const rows: Array<{ 'QUERY PLAN': string }> = await runner.query(`EXPLAIN SELECT 1 FROM ${table} ${alias} WHERE ${where}`, p.values);
        await runner.query('ROLLBACK');
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await runner.release();
      }
    };
    expect(await plan('tasks', SEARCH_KEY_SQL.task('t'), 't')).toContain('tasks_search_text_idx');
    expect(await plan('users', SEARCH_KEY_SQL.user('u'), 'u')).toContain('users_search_idx');
    expect(await plan('units', SEARCH_KEY_SQL.unit('u'), 'u')).toContain('units_search_idx');
    expect(await plan('source_documents', SEARCH_KEY_SQL.document('d'), 'd')).toContain('source_documents_search_idx');
  });
});
