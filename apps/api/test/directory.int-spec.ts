import { bearer, startTestApi, TestApi } from './harness';

describe('units, users, source documents and holidays over HTTP', () => {
  let api: TestApi;
  let admin: string;
  let head: string;
  let staff: string;

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO', undefined, 'Bộ Thông tin và Truyền thông');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    await f.unit('VP-TH', 'VP', 'Phòng Tổng hợp');
    await f.unit('TTRA', 'BO', 'Thanh tra Bộ');
    await f.user('admin1', 'admin', 'BO');
    await f.user('head_vp', 'unit_head', 'VP');
    await f.user('staff_vp', 'staff', 'VP');
    await f.user('staff_th', 'staff', 'VP-TH');
    await f.user('staff_tt', 'staff', 'TTRA');
    [admin, head, staff] = await Promise.all(['admin1', 'head_vp', 'staff_vp'].map((u) => api.login(u)));
  });
  afterAll(() => api.close());

  describe('units', () => {
    it('creates a unit under a parent; everyone reads the tree', async () => {
      const res = await api.http.post('/api/units').set(bearer(admin)).send({ code: 'VBC', name: 'Vụ Bưu chính', parentCode: 'BO' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ code: 'VBC', name: 'Vụ Bưu chính', kind: 'department', parentCode: 'BO', active: true });
      const tree = await api.http.get('/api/units').set(bearer(staff));
      expect(tree.body.map((u: { code: string }) => u.code)).toEqual(expect.arrayContaining(['BO', 'VP', 'VP-TH', 'TTRA', 'VBC']));
      expect((await api.http.get('/api/units/vbc').set(bearer(staff))).body.name).toBe('Vụ Bưu chính');
    });

    it('400 for bad fields or an unknown parent, 409 for a used code, 404 for an unknown unit', async () => {
      expect((await api.http.post('/api/units').set(bearer(admin)).send({ code: 'a b', name: '' })).status).toBe(400);
      expect((await api.http.post('/api/units').set(bearer(admin)).send({ code: 'X1', name: 'X', parentCode: 'NOPE' })).status).toBe(400);
      expect((await api.http.post('/api/units').set(bearer(admin)).send({ code: 'vp', name: 'Trùng' })).status).toBe(409);
      expect((await api.http.get('/api/units/NOPE').set(bearer(admin))).status).toBe(404);
      expect((await api.http.patch('/api/units/NOPE').set(bearer(admin)).send({ name: 'x' })).status).toBe(404);
    });

    it('moves a subtree, and refuses to move a unit under its own sub-unit (422)', async () => {
      expect((await api.http.patch('/api/units/VP').set(bearer(admin)).send({ parentCode: 'VP-TH' })).status).toBe(422);
      const moved = await api.http.patch('/api/units/VP').set(bearer(admin)).send({ parentCode: 'TTRA' });
      expect(moved.status).toBe(200);
      // The head of Thanh tra now reaches VP-TH through the moved subtree: the paths moved with it.
      const [{ ok }] = await api.db.query(
        `SELECT (SELECT path FROM units WHERE code = 'VP-TH') LIKE (SELECT path FROM units WHERE code = 'TTRA') || '%' AS ok`,
      );
      expect(ok).toBe(true);
      expect((await api.http.patch('/api/units/VP').set(bearer(admin)).send({ parentCode: 'BO' })).status).toBe(200);
    });
  });

  describe('users', () => {
    it('the admin creates a user; the password is never returned', async () => {
      const res = await api.http.post('/api/users').set(bearer(admin)).send({
        username: 'nguyenvana',
        fullName: 'Nguyễn Văn A',
        password: 'Một câu mật khẩu dài',
        role: 'staff',
        unitCode: 'VP',
        email: 'a@mic.gov.vn',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        username: 'nguyenvana',
        fullName: 'Nguyễn Văn A',
        email: 'a@mic.gov.vn',
        role: 'staff',
        unitCode: 'VP',
        unitName: 'Văn phòng Bộ',
        active: true,
        signInMethod: 'local',
      });
      expect((await api.http.post('/api/auth/login').send({ username: 'NguyenVanA', password: 'Một câu mật khẩu dài' })).status).toBe(200);
    });

    it('400 for a weak password, a bad role or an unknown unit; 409 for a taken username', async () => {
      const base = { username: 'tranthib', fullName: 'Trần Thị B', password: 'Một câu mật khẩu dài', role: 'staff', unitCode: 'VP' };
      const weak = await api.http.post('/api/users').set(bearer(admin)).send({ ...base, password: '12345678' });
      expect(weak.status).toBe(400);
      expect(weak.body.errors).toEqual([{ field: 'password', message: expect.stringContaining('Mật khẩu quá phổ biến'), rule: 'PASSWORD_TOO_COMMON' }]);
      expect((await api.http.post('/api/users').set(bearer(admin)).send({ ...base, role: 'boss' })).status).toBe(400);
      expect((await api.http.post('/api/users').set(bearer(admin)).send({ ...base, unitCode: 'NOPE' })).status).toBe(400);
      expect((await api.http.post('/api/users').set(bearer(admin)).send({ ...base, username: 'STAFF_VP' })).status).toBe(409);
    });

    it('lists users in scope: unit heads their subtree, staff their unit; 404 outside it', async () => {
      const names = async (token: string) => (await api.http.get('/api/users?pageSize=100').set(bearer(token))).body.items.map((u: { username: string }) => u.username).sort();
      expect(await names(head)).toEqual(expect.arrayContaining(['head_vp', 'staff_vp', 'staff_th']));
      expect(await names(head)).not.toContain('staff_tt');
      expect(await names(staff)).not.toContain('staff_th');
      expect((await api.http.get(`/api/users/${api.fixtures.userId('staff_tt')}`).set(bearer(head))).status).toBe(404);
      expect((await api.http.get(`/api/users/${api.fixtures.userId('staff_th')}`).set(bearer(head))).status).toBe(200);
      expect((await api.http.get('/api/users/00000000-0000-4000-8000-000000000000').set(bearer(admin))).status).toBe(404);
    });

    it('the last admin cannot be demoted (422); a role change is recorded as a security event', async () => {
      const self = api.fixtures.userId('admin1');
      expect((await api.http.patch(`/api/users/${self}`).set(bearer(admin)).send({ role: 'staff' })).status).toBe(422);
      const staffId = api.fixtures.userId('staff_tt');
      expect((await api.http.patch(`/api/users/${staffId}`).set(bearer(admin)).send({ role: 'unit_head' })).status).toBe(200);
      const events = await api.db.query(`SELECT event, detail FROM security_events WHERE event = 'user_changed'`);
      expect(events[0].detail).toMatchObject({ userId: staffId, role: { from: 'staff', to: 'unit_head' } });
      await expect(api.db.query(`DELETE FROM security_events`)).rejects.toThrow(/append-only/);
    });
  });

  describe('source documents', () => {
    it('creates, lists, reads; 409 for a known number, 400 for bad fields, 404 unknown', async () => {
      const res = await api.http.post('/api/source-documents').set(bearer(head)).send({ number: '01/CT-BTTTT', type: 'directive', title: 'Chỉ thị về nhiệm vụ trọng tâm năm 2026', issuedOn: '2026-01-05', issuer: 'Bộ trưởng' });
      expect(res.status).toBe(201);
      expect((await api.http.get(`/api/source-documents/${res.body.id}`).set(bearer(staff))).body.number).toBe('01/CT-BTTTT');
      expect((await api.http.get('/api/source-documents?q=trọng tâm').set(bearer(staff))).body.total).toBe(1);
      expect((await api.http.post('/api/source-documents').set(bearer(head)).send({ number: '01/ct-btttt', title: 'x' })).status).toBe(409);
      expect((await api.http.post('/api/source-documents').set(bearer(head)).send({ number: '', title: 'x', type: 'law' })).status).toBe(400);
      expect((await api.http.post('/api/source-documents').set(bearer(staff)).send({ number: '02/CT', title: 'x' })).status).toBe(403);
      expect((await api.http.get('/api/source-documents/00000000-0000-4000-8000-000000000000').set(bearer(staff))).status).toBe(404);
    });
  });

  describe('holidays', () => {
    it('lists Vietnam’s holidays; the admin adds and removes one; 400, 404 and 409 cases', async () => {
      const year = (await api.http.get('/api/holidays?year=2026').set(bearer(staff))).body;
      expect(year.map((h: { date: string }) => h.date)).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-17', '2026-04-30', '2026-09-02']));
      expect((await api.http.post('/api/holidays').set(bearer(admin)).send({ date: '2026-12-24', name: 'Nghỉ bù' })).status).toBe(201);
      expect((await api.http.post('/api/holidays').set(bearer(admin)).send({ date: '2026-12-24', name: 'Lặp' })).status).toBe(409);
      expect((await api.http.post('/api/holidays').set(bearer(admin)).send({ date: '2026-02-30', name: 'x' })).status).toBe(400);
      expect((await api.http.delete('/api/holidays/2026-12-24').set(bearer(admin))).status).toBe(204);
      expect((await api.http.delete('/api/holidays/2026-12-24').set(bearer(admin))).status).toBe(404);
      expect((await api.http.get('/api/holidays?year=abc').set(bearer(admin))).status).toBe(400);
      // Outside the years the law's rules are modelled for, a 400 naming the year, not an empty list read as "no holidays".
      for (const [year, rule] of [['1999', 'min'], ['2200', 'max']]) {
        const res = await api.http.get(`/api/holidays?year=${year}`).set(bearer(admin));
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'year', rule })]);
      }
    });

    it('computes any year\'s holidays by law, with the admin\'s changes on top (a law\'s day worked, a Saturday worked)', async () => {
      const dates = async (year: number) => (await api.http.get(`/api/holidays?year=${year}`).set(bearer(staff))).body.map((h: { date: string }) => h.date);
      // Nothing seeded: Vietnam's Tết 2030 (02/02, the eve 01/02) and any later year come from the lunar calendar.
      expect(await dates(2030)).toEqual(expect.arrayContaining(['2030-02-01', '2030-02-02', '2030-02-05']));
      // Mùng 1-2 fall on the weekend: compensated Wed 06/02 and Thu 07/02 (the old table, a day late, gave Fri 08/02).
      expect(await dates(2030)).toEqual(expect.arrayContaining(['2030-02-06', '2030-02-07']));
      expect(await dates(2030)).not.toContain('2030-02-08');
      expect(await dates(2045)).toEqual(expect.arrayContaining(['2045-01-01', '2045-04-30', '2045-09-02']));

      // 2025: the compensatory Monday 03/02 was placed on Monday 27/01, worked back on Saturday 08/02.
      expect((await api.http.delete('/api/holidays/2025-02-03').set(bearer(admin))).status).toBe(204);
      expect((await api.http.post('/api/holidays').set(bearer(admin)).send({ date: '2025-01-27', name: 'Nghỉ Tết (hoán đổi)' })).status).toBe(201);
      expect((await api.http.post('/api/holidays/working-days').set(bearer(admin)).send({ date: '2025-02-08', name: 'Làm bù cho 27/01' })).status).toBe(201);
      expect(await dates(2025)).toEqual(expect.arrayContaining(['2025-01-27', '2025-01-28']));
      expect(await dates(2025)).not.toContain('2025-02-03');
      const changes = (await api.http.get('/api/holidays/changes?year=2025').set(bearer(staff))).body;
      expect(changes.map((c: { date: string; kind: string }) => `${c.date} ${c.kind}`)).toEqual(['2025-01-27 day_off', '2025-02-03 working_day', '2025-02-08 working_day']);

      // Errors: a weekday is not a make-up day (400 with the field); the same date twice (409); unknown dates (404).
      const weekday = await api.http.post('/api/holidays/working-days').set(bearer(admin)).send({ date: '2025-02-10', name: 'x' });
      expect(weekday.status).toBe(400);
      expect(weekday.body.errors).toEqual([expect.objectContaining({ field: 'date', rule: 'isWeekendDay' })]);
      expect((await api.http.post('/api/holidays/working-days').set(bearer(admin)).send({ date: '2025-02-08', name: 'x' })).status).toBe(409);
      expect((await api.http.post('/api/holidays').set(bearer(admin)).send({ date: '2025-01-28', name: 'x' })).status).toBe(409);
      expect((await api.http.delete('/api/holidays/2025-02-04').set(bearer(admin))).status).toBe(404);
      expect((await api.http.delete('/api/holidays/working-days/2025-02-15').set(bearer(admin))).status).toBe(404);
      expect((await api.http.post('/api/holidays/working-days').set(bearer(staff)).send({ date: '2025-02-15', name: 'x' })).status).toBe(403);

      // Undo: the law's compensatory day comes back, the Saturday is a weekend again.
      expect((await api.http.post('/api/holidays').set(bearer(admin)).send({ date: '2025-02-03', name: 'Nghỉ bù Tết' })).status).toBe(201);
      expect((await api.http.delete('/api/holidays/working-days/2025-02-08').set(bearer(admin))).status).toBe(204);
      expect((await api.http.delete('/api/holidays/2025-01-27').set(bearer(admin))).status).toBe(204);
      expect(await dates(2025)).toContain('2025-02-03');
      expect(await dates(2025)).not.toContain('2025-01-27');
    });
  });
});
