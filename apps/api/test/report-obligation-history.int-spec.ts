import { ReportObligationsService } from '@tiendo/server-report-obligations';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * A reporting obligation's memberships and history over HTTP (issue #11): a unit taken off the list is ended on a day
 * (report_obligation_units.to_date), never deleted, and the report-task generator stops there; every creation, change
 * and end is in the obligation's append-only history (`GET /api/report-obligations/:id/history`); a read outside the
 * caller's scope answers 404 and is recorded as a security event, as a task's is. The clock stands on Friday
 * 20/11/2026 (Asia/Ho_Chi_Minh).
 */
describe('report obligations: memberships ended, not deleted; history; reads out of scope recorded', () => {
  let api: TestApi;
  const token = (username: string) => api.login(username);
  const get = async (username: string, path: string) => api.http.get(`/api/report-obligations${path}`).set(bearer(await token(username)));
  const patch = async (username: string, id: string, body: object) => api.http.patch(`/api/report-obligations/${id}`).set(bearer(await token(username))).send(body);
  const post = async (username: string, path: string, body: object) => api.http.post(`/api/report-obligations${path}`).set(bearer(await token(username))).send(body);
  let seq = 0;
  const create = async (over: Record<string, unknown> = {}) => {
    const res = await post('vp_monitor', '', {
      code: `BC-H${++seq}`,
      name: 'Báo cáo tình hình phát triển thuê bao viễn thông hằng tháng',
      periodicity: 'monthly',
      receivingUnitCode: 'VP',
      reportingUnits: [{ unitCode: 'HN' }, { unitCode: 'HP' }],
      startsOn: '2026-11-01',
      ...over,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number };
  };
  const memberships = async (id: string) =>
    api.db.query(
      `SELECT u.code, to_char(ou.from_date, 'YYYY-MM-DD') AS from_date, to_char(ou.to_date, 'YYYY-MM-DD') AS to_date
         FROM report_obligation_units ou JOIN units u ON u.id = ou.unit_id WHERE ou.obligation_id = $1 ORDER BY u.code`,
      [id],
    );

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    await f.unit('HN', 'BO', 'Sở TT&TT Hà Nội');
    await f.unit('HP', 'BO', 'Sở TT&TT Hải Phòng');
    await f.unit('DN', 'BO', 'Sở TT&TT Đà Nẵng');
    await f.unit('OTHER', 'BO');
    await api.db.query(`UPDATE units SET kind = 'provincial_department' WHERE code IN ('HN', 'HP', 'DN')`);
    await f.user('admin1', 'admin', 'BO');
    await f.user('vp_monitor', 'monitor', 'VP', 'Lê Văn Phòng');
    await f.user('hp_staff', 'staff', 'HP');
    await f.user('other_staff', 'staff', 'OTHER');
  });
  afterAll(() => api.close());

  it('a unit taken off is ended today, not deleted; listed again it starts again; each change is in the history', async () => {
    const o = await create();
    const changed = await patch('vp_monitor', o.id, {
      version: 1,
      name: 'Báo cáo thuê bao (sửa)',
      reportingUnits: [{ unitCode: 'HN' }, { unitCode: 'DN', fromDate: '2027-01-01' }],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.reportingUnits.map((u: { code: string; fromDate: string }) => `${u.code} ${u.fromDate}`)).toEqual(['DN 2027-01-01', 'HN 2026-11-01']);
    expect(changed.body.endedReportingUnits).toEqual([{ id: api.fixtures.unitId('HP'), code: 'HP', name: 'Sở TT&TT Hải Phòng', fromDate: '2026-11-01', toDate: '2026-11-20' }]);
    expect(await memberships(o.id)).toEqual([
      { code: 'DN', from_date: '2027-01-01', to_date: null },
      { code: 'HN', from_date: '2026-11-01', to_date: null },
      { code: 'HP', from_date: '2026-11-01', to_date: '2026-11-20' },
    ]);
    // HP's staff still read the obligation they reported under.
    expect((await get('hp_staff', `/${o.id}`)).status).toBe(200);
    // The list counts the units reporting now.
    const list = await get('vp_monitor', `?q=BC-H1`);
    expect(list.body.items[0].reportingUnitCount).toBe(2);

    // DN taken off before its membership began: an empty membership (ends the day before it starts). HP listed again.
    const again = await patch('vp_monitor', o.id, { version: 2, reportingUnits: [{ unitCode: 'HN' }, { unitCode: 'HP' }] });
    expect(again.status).toBe(200);
    expect(await memberships(o.id)).toEqual([
      { code: 'DN', from_date: '2027-01-01', to_date: '2026-12-31' },
      { code: 'HN', from_date: '2026-11-01', to_date: null },
      { code: 'HP', from_date: '2026-11-20', to_date: null },
    ]);
    expect((await post('vp_monitor', `/${o.id}/end`, { endsOn: '2027-06-30' })).status).toBe(200);

    const history = await get('hp_staff', `/${o.id}/history`);
    expect(history.status).toBe(200);
    const actor = { id: api.fixtures.userId('vp_monitor'), fullName: 'Lê Văn Phòng' };
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(['created', 'updated', 'updated', 'ended']);
    expect(history.body[0]).toMatchObject({ actor, at: '2026-11-20T02:00:00.000Z' });
    expect(history.body[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'name', from: null, to: 'Báo cáo tình hình phát triển thuê bao viễn thông hằng tháng' },
        { field: 'periodicity', from: null, to: 'monthly' },
        { field: 'receivingUnitCode', from: null, to: 'VP' },
        { field: 'startsOn', from: null, to: '2026-11-01' },
        { field: 'reportingUnits.HN', from: null, to: { fromDate: '2026-11-01', toDate: null } },
        { field: 'reportingUnits.HP', from: null, to: { fromDate: '2026-11-01', toDate: null } },
      ]),
    );
    expect(history.body[1].changes).toEqual([
      { field: 'name', from: 'Báo cáo tình hình phát triển thuê bao viễn thông hằng tháng', to: 'Báo cáo thuê bao (sửa)' },
      { field: 'reportingUnits.HP', from: { fromDate: '2026-11-01', toDate: null }, to: { fromDate: '2026-11-01', toDate: '2026-11-20' } },
      { field: 'reportingUnits.DN', from: null, to: { fromDate: '2027-01-01', toDate: null } },
    ]);
    expect(history.body[2].changes).toEqual([
      { field: 'reportingUnits.DN', from: { fromDate: '2027-01-01', toDate: null }, to: { fromDate: '2027-01-01', toDate: '2026-12-31' } },
      { field: 'reportingUnits.HP', from: { fromDate: '2026-11-01', toDate: '2026-11-20' }, to: { fromDate: '2026-11-20', toDate: null } },
    ]);
    expect(history.body[3]).toMatchObject({ actor, changes: [{ field: 'endsOn', from: null, to: '2027-06-30' }] });

    // Append-only: the database refuses to rewrite or delete it.
    await expect(api.db.query(`UPDATE report_obligation_history SET note = 'x' WHERE obligation_id = $1`, [o.id])).rejects.toThrow();
    await expect(api.db.query(`DELETE FROM report_obligation_history WHERE obligation_id = $1`, [o.id])).rejects.toThrow();
  });

  it('a unit merge moves the memberships in its own transaction: the source ended the day before, the successor from the day, a history entry with its note', async () => {
    const listed = await create({ reportingUnits: [{ unitCode: 'HN' }, { unitCode: 'HP' }] });
    const both = await create({ reportingUnits: [{ unitCode: 'HP' }, { unitCode: 'DN' }] });
    const other = await create({ reportingUnits: [{ unitCode: 'DN' }] });
    const service = api.app.get(ReportObligationsService, { strict: false });
    const changed = await api.db.transaction((manager) =>
      service.moveMemberships(manager, [{ fromUnitId: api.fixtures.unitId('HP'), toUnitId: api.fixtures.unitId('DN') }], '2026-11-20', api.fixtures.userId('admin1'), 'Sáp nhập HP vào DN từ 20/11/2026'),
    );
    // (The obligations of the tests before that list HP move too.)
    expect(changed).toEqual(expect.arrayContaining([listed.id, both.id]));
    expect(changed).not.toContain(other.id);
    expect(await memberships(listed.id)).toEqual([
      { code: 'DN', from_date: '2026-11-20', to_date: null },
      { code: 'HN', from_date: '2026-11-01', to_date: null },
      { code: 'HP', from_date: '2026-11-01', to_date: '2026-11-19' },
    ]);
    // DN reported there already: it keeps its own membership.
    expect(await memberships(both.id)).toEqual([
      { code: 'DN', from_date: '2026-11-01', to_date: null },
      { code: 'HP', from_date: '2026-11-01', to_date: '2026-11-19' },
    ]);
    expect(await memberships(other.id)).toEqual([{ code: 'DN', from_date: '2026-11-01', to_date: null }]);
    const history = (await get('vp_monitor', `/${listed.id}/history`)).body;
    expect(history.at(-1)).toMatchObject({
      action: 'updated',
      note: 'Sáp nhập HP vào DN từ 20/11/2026',
      actor: { id: api.fixtures.userId('admin1') },
      changes: [
        { field: 'reportingUnits.HP', from: { fromDate: '2026-11-01', toDate: null }, to: { fromDate: '2026-11-01', toDate: '2026-11-19' } },
        { field: 'reportingUnits.DN', from: null, to: { fromDate: '2026-11-20', toDate: null } },
      ],
    });
    expect((await get('vp_monitor', `/${listed.id}`)).body.version).toBe(2);
  });

  it('a change refused writes no history', async () => {
    const o = await create();
    expect((await patch('vp_monitor', o.id, { version: 1, cutOffDay: 40 })).status).toBe(400);
    expect((await patch('vp_monitor', o.id, { version: 7, name: 'Cũ' })).status).toBe(409);
    const history = await get('vp_monitor', `/${o.id}/history`);
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(['created']);
  });

  it("a unit's fromDate before the obligation's start: 400 on reportingUnits.<i>.fromDate, nothing written", async () => {
    const count = async () => ((await api.db.query(`SELECT count(*)::int AS n FROM report_obligations`)) as Array<{ n: number }>)[0].n;
    const before = await count();
    const res = await post('vp_monitor', '', {
      code: 'BC-SOM',
      name: 'Báo cáo tháng',
      periodicity: 'monthly',
      receivingUnitCode: 'VP',
      reportingUnits: [{ unitCode: 'HN' }, { unitCode: 'HP', fromDate: '2026-10-01' }],
      startsOn: '2026-11-01',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'reportingUnits.1.fromDate', rule: 'fromDateBeforeStart', message: expect.stringContaining('01/11/2026') }]);
    expect(await count()).toBe(before);
    // On a change too: an earlier day than the start is refused, the start itself accepted.
    const o = await create();
    const early = await patch('vp_monitor', o.id, { version: 1, reportingUnits: [{ unitCode: 'HN' }, { unitCode: 'DN', fromDate: '2026-10-31' }] });
    expect([early.status, early.body.errors?.[0]?.field]).toEqual([400, 'reportingUnits.1.fromDate']);
    expect((await patch('vp_monitor', o.id, { version: 1, reportingUnits: [{ unitCode: 'HN' }, { unitCode: 'DN', fromDate: '2026-11-01' }] })).status).toBe(200);
  });

  it('out of scope: 404 like a missing one, recorded as object_hidden with the obligation; a missing one is not recorded', async () => {
    const o = await create();
    const admin = await token('admin1');
    const events = async () =>
      (await api.http.get('/api/admin/security-events?kind=object_hidden&user=other_staff').set(bearer(admin))).body as { total: number; items: Array<{ detail: Record<string, unknown> }> };
    const before = (await events()).total;
    for (const path of [`/${o.id}`, `/${o.id}/history`, `/${o.id}/periods`]) {
      const res = await get('other_staff', path);
      expect([path, res.status, res.body.code, res.body.message]).toEqual([path, 404, 'NOT_FOUND', expect.stringContaining('chế độ báo cáo')]);
    }
    const missing = await get('other_staff', '/00000000-0000-4000-8000-00000000dead');
    expect([missing.status, missing.body.message]).toEqual([404, expect.stringContaining('chế độ báo cáo')]);
    const after = await events();
    expect(after.total).toBe(before + 3);
    expect(after.items[0].detail).toMatchObject({ kind: 'report_obligation', id: o.id, code: 'NOT_FOUND' });
    expect(after.items.map((e) => e.detail['route']).sort()).toEqual(
      ['GET /api/report-obligations/:id', 'GET /api/report-obligations/:id/history', 'GET /api/report-obligations/:id/periods'].sort(),
    );
  });

  it("one obligation's statistics are read as the obligation is: 404 out of scope (recorded as object_hidden) and for a missing one", async () => {
    const o = await create();
    const admin = await token('admin1');
    const events = async () =>
      (await api.http.get('/api/admin/security-events?kind=object_hidden&user=other_staff').set(bearer(admin))).body as { total: number; items: Array<{ detail: Record<string, unknown> }> };
    const before = (await events()).total;
    const hidden = await get('other_staff', `/statistics?year=2026&obligationId=${o.id}`);
    expect([hidden.status, hidden.body.code, hidden.body.message]).toEqual([404, 'NOT_FOUND', expect.stringContaining('chế độ báo cáo')]);
    const missing = await get('other_staff', '/statistics?year=2026&obligationId=00000000-0000-4000-8000-00000000dead');
    expect([missing.status, missing.body.message]).toEqual([404, hidden.body.message]);
    const after = await events();
    expect(after.total).toBe(before + 1);
    expect(after.items[0].detail).toMatchObject({ kind: 'report_obligation', id: o.id, code: 'NOT_FOUND', route: 'GET /api/report-obligations/statistics' });
    // A reader of the obligation gets its counts; every signed-in user those of every obligation.
    expect((await get('hp_staff', `/statistics?year=2026&obligationId=${o.id}`)).status).toBe(200);
    expect((await get('other_staff', '/statistics?year=2026')).status).toBe(200);
  });
});
