import ExcelJS from 'exceljs';
import { bearer, startDemoApi, TestApi } from './harness';

/** The task list a unit head hands on: its .xlsx export, the period's category beside today's status, saved filters. */
describe('lists that a unit head can hand on', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const PASSWORDS: Record<string, string> = {
    vanphong: 'Pho-co-mua-thu-2026',
    'vutruong.vbc': 'Tem-thu-bay-xa-2026',
    'chuyenvien.vbc': 'Buu-kien-toi-som-2026',
    'vutruong.cntt': 'May-chu-chay-em-2026',
  };
  const as = (user: string) => bearer(tokens[user]);

  beforeAll(async () => {
    // A small export limit, so that "too many" is reachable with the June 2020 demo (96 tasks with a deadline).
    api = await startDemoApi({ TASK_EXPORT_MAX_ROWS: '60' });
    api.clock.set('2026-11-20T09:00:00+07:00');
    for (const [username, password] of Object.entries(PASSWORDS)) {
      tokens[username] = (await api.http.post('/api/auth/login').send({ username, password })).body.accessToken;
    }
  }, 300_000);
  afterAll(() => api.close());

  const download = (path: string, user: string) =>
    api.http.get(path).set(as(user)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

  async function workbook(path: string, user: string) {
    const res = await download(path, user);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const sheet = wb.worksheets[0];
    const headerRow = (sheet.getSheetValues() as unknown[][]).findIndex((r) => r?.[1] === 'Mã');
    const header = (sheet.getRow(headerRow).values as unknown[]).slice(1) as string[];
    const rows: Record<string, ExcelJS.Cell>[] = [];
    for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
      rows.push(Object.fromEntries(header.map((h, i) => [h, sheet.getCell(r, i + 1)])));
    }
    const filter = Object.fromEntries(
      (sheet.getSheetValues() as unknown[][]).slice(2, headerRow).filter((r) => r?.[1]).map((r) => [String(r[1]), r[2]]),
    );
    return { res, sheet, header, headerRow, rows, filter };
  }

  async function allCodes(query: string, user: string): Promise<string[]> {
    const codes: string[] = [];
    for (let page = 1; ; page++) {
      const res = await api.http.get(`/api/tasks?${query}&pageSize=200&page=${page}`).set(as(user));
      expect(res.status).toBe(200);
      codes.push(...res.body.items.map((t: { code: string }) => t.code));
      if (codes.length >= res.body.total) return codes;
    }
  }

  it('the unit picker offers only what the caller may read: a unit head or staff their subtree, ministry roles all', async () => {
    const codes = async (user: string, scope?: string) => {
      const res = await api.http.get('/api/units').query(scope ? { scope } : {}).set(as(user));
      expect(res.status).toBe(200);
      return (res.body as Array<{ code: string }>).map((u) => u.code);
    };
    const all = await codes('vanphong');
    expect(await codes('vanphong', 'readable')).toEqual(all);
    // The whole tree stays public (it names who is responsible); the picker's list is the subtree.
    expect(await codes('vutruong.vbc')).toEqual(all);
    const head = await codes('vutruong.vbc', 'readable');
    expect(head[0]).toBe('VBC');
    expect(head).not.toContain('BO');
    expect(head).not.toContain('CNTT');
    expect(await codes('chuyenvien.vbc', 'readable')).toEqual(head);
    expect(await codes('vutruong.cntt', 'readable')).not.toContain('VBC');
    expect((await api.http.get('/api/units').query({ scope: 'everything' }).set(as('vanphong'))).status).toBe(400);
  });

  it('the June 2020 overdue list shows both tasks overdue as of June, beside their status today', async () => {
    const res = await api.http.get('/api/tasks?period=2020-06&category=inProgressOverdue').set(as('vanphong'));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items).toHaveLength(2);
    for (const task of res.body.items) expect(task.periodCategory).toBe('in_progress_overdue');
    // Without a period there is no period's category.
    const plain = await api.http.get('/api/tasks?pageSize=5').set(as('vanphong'));
    expect(plain.body.items[0]).not.toHaveProperty('periodCategory');
    // Every category of the month carries its own name, whatever the task's status is today.
    const onTime = await api.http.get('/api/tasks?period=2020-06&category=completedOnTime&pageSize=100').set(as('vanphong'));
    expect(onTime.body.items).toHaveLength(59);
    expect(new Set(onTime.body.items.map((t: { periodCategory: string }) => t.periodCategory))).toEqual(new Set(['completed_on_time']));
    // The whole month without a category: each task's own category, looked up, adding up to the briefing's figures.
    const month = await api.http.get('/api/tasks?period=2020-06&pageSize=200').set(as('vanphong'));
    expect(month.body.total).toBe(96);
    const counts: Record<string, number> = {};
    for (const t of month.body.items as Array<{ periodCategory: string }>) counts[t.periodCategory] = (counts[t.periodCategory] ?? 0) + 1;
    expect(counts).toEqual({ completed_on_time: 59, completed_late: 5, in_progress_overdue: 2, in_progress_on_track: 30 });
  });

  it('exports the filtered list: the filter in rows, a header, dates as date cells, statuses in Vietnamese', async () => {
    const { res, rows, filter, header, sheet, headerRow } = await workbook('/api/tasks/export.xlsx?period=2020-06&category=inProgressOverdue', 'vanphong');
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="danh-sach-nhiem-vu-2026-11-20\.xlsx"/);
    expect(filter['Kỳ báo cáo']).toBe('tháng 06/2020');
    expect(filter['Nhóm']).toBe('Đang thực hiện quá hạn');
    expect(filter['Số nhiệm vụ']).toBe(2);
    expect(header).toEqual(expect.arrayContaining(['Mã', 'Nhiệm vụ', 'Hạn xử lý', 'Nhóm cuối kỳ', 'Tình trạng hiện nay']));
    expect(rows).toHaveLength(2);
    const list = await api.http.get('/api/tasks?period=2020-06&category=inProgressOverdue').set(as('vanphong'));
    for (const [i, task] of list.body.items.entries()) {
      const row = rows[i];
      expect(row['Mã'].value).toBe(task.code);
      expect(row['Hạn xử lý'].value).toBeInstanceOf(Date);
      expect((row['Hạn xử lý'].value as Date).toISOString().slice(0, 10)).toBe(task.deadline);
      expect(row['Hạn xử lý'].numFmt).toBe('dd/mm/yyyy');
      expect(row['Ngày giao'].value).toBeInstanceOf(Date);
      expect(row['Nhóm cuối kỳ'].value).toBe('Đang thực hiện quá hạn');
      expect(['Hoàn thành đúng hạn', 'Hoàn thành quá hạn', 'Đang thực hiện quá hạn', 'Đang thực hiện trong hạn']).toContain(row['Tình trạng hiện nay'].value);
    }
    // Frozen below the header row.
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
  });

  it('exports only what the caller may read, exactly the list they see, unit and search written at the top', async () => {
    const head = await workbook('/api/tasks/export.xlsx?unit=VBC&q=buu%20chinh&status=completed_on_time,in_progress_on_track', 'vutruong.vbc');
    expect(head.filter['Đơn vị chủ trì']).toBe('Vụ Bưu chính (gồm cả đơn vị trực thuộc)');
    expect(head.filter['Tìm kiếm']).toBe('buu chinh');
    expect(head.filter['Tình trạng hiện nay']).toBe('Hoàn thành đúng hạn; Đang thực hiện trong hạn');
    expect(head.rows.map((r) => r['Mã'].value)).toEqual(await allCodes('unit=VBC&q=buu%20chinh&status=completed_on_time,in_progress_on_track', 'vutruong.vbc'));

    // Another unit's tasks: the head of VBC exports only those his scope reaches (none led by CNTT alone), the office all.
    const foreign = await workbook('/api/tasks/export.xlsx?unit=CNTT', 'vutruong.vbc');
    const office = await workbook('/api/tasks/export.xlsx?unit=CNTT', 'vanphong');
    expect(foreign.rows.map((r) => r['Mã'].value)).toEqual(await allCodes('unit=CNTT', 'vutruong.vbc'));
    expect(office.rows.length).toBeGreaterThan(foreign.rows.length);
    const staff = await workbook('/api/tasks/export.xlsx', 'chuyenvien.vbc');
    expect(staff.rows.map((r) => r['Mã'].value)).toEqual(await allCodes('sort=deadline', 'chuyenvien.vbc'));
  });

  it('refuses a bad filter (400), a list longer than one export holds (422), and a caller not signed in (401)', async () => {
    expect((await api.http.get('/api/tasks/export.xlsx?status=late').set(as('vanphong'))).status).toBe(400);
    expect((await api.http.get('/api/tasks/export.xlsx?category=inProgressOverdue').set(as('vanphong'))).status).toBe(400);
    const tooMany = await api.http.get('/api/tasks/export.xlsx?period=2020-06').set(as('vanphong'));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.code).toBe('EXPORT_TOO_LARGE');
    expect(tooMany.body.message).toContain('96');
    expect((await api.http.get('/api/tasks/export.xlsx')).status).toBe(401);
  });

  describe('saved filters', () => {
    it('saves, lists by name, refuses a bad name or filter (400) and a name taken (409)', async () => {
      const created = await api.http.post('/api/me/saved-filters').set(as('vutruong.vbc')).send({ name: 'Quá hạn của Vụ', query: '?unit=VBC&status=in_progress_overdue' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: expect.any(String), name: 'Quá hạn của Vụ', query: 'unit=VBC&status=in_progress_overdue' });
      await api.http.post('/api/me/saved-filters').set(as('vutruong.vbc')).send({ name: 'Báo cáo tháng 6', query: 'period=2020-06&category=inProgressOverdue' }).expect(201);

      const mine = await api.http.get('/api/me/saved-filters').set(as('vutruong.vbc'));
      expect(mine.body.map((f: { name: string }) => f.name)).toEqual(['Báo cáo tháng 6', 'Quá hạn của Vụ']);
      expect((await api.http.get('/api/me/saved-filters').set(as('vutruong.cntt'))).body).toEqual([]);

      const taken = await api.http.post('/api/me/saved-filters').set(as('vutruong.vbc')).send({ name: 'QUÁ HẠN CỦA VỤ', query: 'unit=VBC' });
      expect(taken.status).toBe(409);
      expect(taken.body.errors[0]).toMatchObject({ field: 'name', rule: 'SAVED_FILTER_NAME_TAKEN' });
      // Another user may use the same name.
      await api.http.post('/api/me/saved-filters').set(as('vutruong.cntt')).send({ name: 'Quá hạn của Vụ', query: 'unit=CNTT' }).expect(201);

      for (const body of [
        { name: '', query: 'unit=VBC' },
        { name: 'x'.repeat(101), query: 'unit=VBC' },
        { name: 'Sai', query: 'status=late' },
        { name: 'Sai', query: 'password=1' },
        { name: 'Sai', query: 'unit=VBC&unit=CNTT' },
        { name: 'Sai', query: 'category=inProgressOverdue' },
        { name: 'Sai', query: 'unit=KHONGCO' },
      ]) {
        const res = await api.http.post('/api/me/saved-filters').set(as('vutruong.vbc')).send(body);
        expect([body, res.status]).toEqual([body, 400]);
        expect(res.body.errors[0].field).toBe(body.name === 'Sai' ? 'query' : 'name');
      }
      expect((await api.http.get('/api/me/saved-filters').set(as('vutruong.vbc'))).body).toHaveLength(2);
    });

    it('deletes one\'s own filter (204); another user\'s is not found (404) and stays', async () => {
      const own = await api.http.post('/api/me/saved-filters').set(as('chuyenvien.vbc')).send({ name: 'Của tôi', query: 'assignee=me' });
      expect(own.status).toBe(201);
      expect((await api.http.delete(`/api/me/saved-filters/${own.body.id}`).set(as('vutruong.vbc'))).status).toBe(404);
      expect((await api.http.get('/api/me/saved-filters').set(as('chuyenvien.vbc'))).body).toHaveLength(1);
      expect((await api.http.delete(`/api/me/saved-filters/${own.body.id}`).set(as('chuyenvien.vbc'))).status).toBe(204);
      expect((await api.http.get('/api/me/saved-filters').set(as('chuyenvien.vbc'))).body).toEqual([]);
      expect((await api.http.delete(`/api/me/saved-filters/${own.body.id}`).set(as('chuyenvien.vbc'))).status).toBe(404);
    });
  });
});
