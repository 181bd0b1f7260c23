import type { ErrorBody } from '@tiendo/contracts';
import { VIETNAMESE_LETTER } from '@tiendo/server-core';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * What a user reads when the API refuses: a stable code the web app translates, and a Vietnamese message for
 * whoever reads the API directly. Tasks' rules are in tasks.int-spec.ts; these are administration, reports and the
 * answers that come from the framework rather than a rule (an unknown route, a body that is not JSON).
 */
describe('refusals answer a stable code and a Vietnamese message', () => {
  let api: TestApi;
  let admin: string;
  let monitor: string;

  const expectRefusal = (res: { status: number; body: ErrorBody }, status: number, code: string, rule?: { field: string; rule: string; message?: string }) => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.body.message).toMatch(VIETNAMESE_LETTER);
    expect(res.body.correlationId).toEqual(expect.any(String));
    if (rule) expect(res.body.errors).toEqual([{ message: expect.stringMatching(VIETNAMESE_LETTER), ...rule }]);
  };

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    await f.unit('VP-TH', 'VP', 'Phòng Tổng hợp');
    await f.user('admin1', 'admin', 'BO');
    await f.user('monitor1', 'monitor', 'VP');
    [admin, monitor] = await Promise.all(['admin1', 'monitor1'].map((u) => api.login(u)));
  });
  afterAll(() => api.close());

  it('units: a used code, an unknown parent, a move under its own sub-unit', async () => {
    const units = () => api.http.post('/api/units').set(bearer(admin));
    expectRefusal(await units().send({ code: 'vp', name: 'Trùng' }), 409, 'DUPLICATE', { field: 'code', rule: 'UNIT_CODE_TAKEN', message: 'Mã đơn vị vp đã được dùng' });
    expectRefusal(await units().send({ code: 'X1', name: 'X', parentCode: 'NOPE' }), 400, 'VALIDATION_FAILED', { field: 'parentCode', rule: 'UNKNOWN_UNIT' });
    expectRefusal(await units().send({ code: 'a b', name: 'X' }), 400, 'VALIDATION_FAILED', { field: 'code', rule: 'matches' });
    expectRefusal(await api.http.patch('/api/units/VP').set(bearer(admin)).send({ parentCode: 'VP-TH' }), 422, 'UNIT_MOVE_CYCLE', { field: 'parentCode', rule: 'UNIT_MOVE_CYCLE' });
    const missing = await api.http.get('/api/units/NOPE').set(bearer(admin));
    expectRefusal(missing, 404, 'NOT_FOUND');
    expect(missing.body.message).toBe('Không tìm thấy đơn vị, hoặc bạn không có quyền xem');
  });

  it('users: a taken username, the last admin, an unknown unit', async () => {
    const body = { username: 'monitor1', fullName: 'Trùng tên', password: 'Mot-mat-khau-dai-2026', role: 'staff', unitCode: 'VP' };
    expectRefusal(await api.http.post('/api/users').set(bearer(admin)).send(body), 409, 'DUPLICATE', { field: 'username', rule: 'USERNAME_TAKEN', message: 'Tên đăng nhập monitor1 đã có người dùng' });
    expectRefusal(await api.http.post('/api/users').set(bearer(admin)).send({ ...body, username: 'moi', unitCode: 'NOPE' }), 400, 'VALIDATION_FAILED', { field: 'unitCode', rule: 'UNKNOWN_UNIT' });
    const last = await api.http.patch(`/api/users/${api.fixtures.userId('admin1')}`).set(bearer(admin)).send({ role: 'staff' });
    expectRefusal(last, 422, 'LAST_ADMIN', { field: 'role', rule: 'LAST_ADMIN' });
  });

  it('holidays and source documents: a day or number already there', async () => {
    expect((await api.http.post('/api/holidays').set(bearer(admin)).send({ date: '2026-12-24', name: 'Ngày thử' })).status).toBe(201);
    expectRefusal(await api.http.post('/api/holidays').set(bearer(admin)).send({ date: '2026-12-24', name: 'Lần hai' }), 409, 'DUPLICATE', { field: 'date', rule: 'HOLIDAY_TAKEN' });
    const doc = { number: '123/QĐ-BTTTT', title: 'Quyết định thử', type: 'decision' };
    expect((await api.http.post('/api/source-documents').set(bearer(monitor)).send(doc)).status).toBe(201);
    expectRefusal(await api.http.post('/api/source-documents').set(bearer(monitor)).send(doc), 409, 'DUPLICATE', { field: 'number', rule: 'DOCUMENT_NUMBER_TAKEN', message: 'Văn bản số 123/QĐ-BTTTT đã có' });
  });

  it('reports: a reversed or too long range, neither month nor range', async () => {
    const get = (path: string) => api.http.get(path).set(bearer(monitor));
    expectRefusal(await get('/api/reports/trend?from=2026-06&to=2026-01'), 400, 'VALIDATION_FAILED', { field: 'to', rule: 'MONTH_RANGE_REVERSED' });
    expectRefusal(await get('/api/reports/trend?from=2000-01&to=2026-01'), 400, 'VALIDATION_FAILED', { field: 'to', rule: 'MONTH_RANGE_TOO_LONG', message: 'Khoảng thời gian tối đa 60 tháng' });
    expectRefusal(await get('/api/reports/briefing'), 400, 'VALIDATION_FAILED', { field: 'month', rule: 'MONTH_OR_RANGE' });
    // A range of days is described in days (the month wording is for the trend's month range only), on every endpoint taking one.
    const days = { field: 'to', rule: 'DAY_RANGE_REVERSED', message: 'Ngày kết thúc không được trước ngày bắt đầu' };
    expectRefusal(await get('/api/reports/briefing?from=2020-06-30&to=2020-06-01'), 400, 'VALIDATION_FAILED', days);
    expectRefusal(await get('/api/reports/briefing?from=2020-06-30&to=2020-06-01&compare=previous-year'), 400, 'VALIDATION_FAILED', days);
    expectRefusal(await get('/api/reports/briefing/export?from=2020-06-30&to=2020-06-01&format=xlsx'), 400, 'VALIDATION_FAILED', days);
    expectRefusal(await get('/api/reports/ranking?from=2020-06-30&to=2020-06-01'), 400, 'VALIDATION_FAILED', days);
  });

  it('a field left out is reported as missing, never as too long (whatever order its rules are declared in)', async () => {
    const missingOnly = (res: { status: number; body: ErrorBody }, fields: string[]) => {
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const errors = res.body.errors ?? [];
      expect(errors.map((e) => e.field).sort()).toEqual([...fields].sort());
      for (const e of errors) {
        expect(e.rule).toMatch(/^(isDefined|isNotEmpty)$/);
        expect(e.message).not.toMatch(/quá|tối đa|ít nhất|phải là/i);
      }
    };
    const adminId = api.fixtures.userId('admin1');
    missingOnly(await api.http.post('/api/me/saved-filters').set(bearer(monitor)).send({}), ['name', 'query']);
    missingOnly(await api.http.put(`/api/users/${adminId}/oversight`).set(bearer(admin)).send({}), ['unitCodes']);
    missingOnly(await api.http.post('/api/tasks/bulk/extension-decisions').set(bearer(monitor)).send({}), ['decisions', 'approve']);
    missingOnly(await api.http.put('/api/settings/organisation').set(bearer(admin)).send({}), ['name', 'shortName', 'parent', 'place']);
    // An older endpoint: a unit without its name or code.
    missingOnly(await api.http.post('/api/units').set(bearer(admin)).send({}), ['code', 'name']);
    // Sent as null is missing too; a value present but too long keeps its length rule.
    missingOnly(await api.http.post('/api/me/saved-filters').set(bearer(monitor)).send({ name: null, query: null }), ['name', 'query']);
    const long = await api.http.post('/api/me/saved-filters').set(bearer(monitor)).send({ name: 'x'.repeat(101), query: 'status=open' });
    expect(long.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'name', rule: 'maxLength', message: 'Không được dài quá 100 ký tự' })]));
  });

  it('the framework’s answers are Vietnamese too: an unknown route, a body that is not JSON, one nested too deep', async () => {
    expectRefusal(await api.http.get('/api/no-such-route').set(bearer(admin)), 404, 'NOT_FOUND');
    expectRefusal(await api.http.post('/api/units').set(bearer(admin)).set('Content-Type', 'application/json').send('{"code": '), 400, 'BAD_REQUEST');
    let deep: object = { x: 1 };
    for (let i = 0; i < 20; i++) deep = { deep };
    expectRefusal(await api.http.post('/api/units').set(bearer(admin)).send(deep), 400, 'VALIDATION_FAILED', { field: '(body)', rule: 'BODY_TOO_DEEP' });
    expectRefusal(await api.http.post('/api/notifications/00000000-0000-4000-8000-000000000000/read').set(bearer(admin)), 404, 'NOT_FOUND');
    expectRefusal(await api.http.post('/api/admin/deliveries/00000000-0000-4000-8000-000000000000/retry').set(bearer(admin)), 404, 'NOT_FOUND');
  });
});
