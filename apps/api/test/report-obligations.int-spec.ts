import { dayOfWeek, nextReportingPeriods } from '@tiendo/domain';
import { HolidaysService } from '@tiendo/server-calendar';
import { VIETNAMESE_LETTER } from '@tiendo/server-core';
import { TEST_PASSWORD } from '@tiendo/server-testing';
import { bearer, DEFAULT_NOW, startTestApi, TestApi } from './harness';

/**
 * Reporting obligations over HTTP (/api/report-obligations): create, list, read, update, end, and the preview of
 * their periods (Decree 09/2019/NĐ-CP art. 12). The clock stands on Friday 20/11/2026.
 *
 * BO (ministry) ─┬─ VP (the Ministry Office: receives the reports)
 *                ├─ VBC (a department)
 *                ├─ HN, HP, DN (provincial departments: kind provincial_department)
 *                └─ OTHER
 */
describe('report obligations', () => {
  let api: TestApi;
  const token = (username: string) => api.login(username);
  const post = async (username: string, path: string, body: object) => api.http.post(`/api/report-obligations${path}`).set(bearer(await token(username))).send(body);
  const patch = async (username: string, id: string, body: object) => api.http.patch(`/api/report-obligations/${id}`).set(bearer(await token(username))).send(body);
  const get = async (username: string, path: string) => api.http.get(`/api/report-obligations${path}`).set(bearer(await token(username)));
  let seq = 0;
  const monthly = (over: Record<string, unknown> = {}) => ({
    code: `BC-${++seq}`,
    name: 'Báo cáo tình hình phát triển thuê bao viễn thông hằng tháng',
    legalBasis: 'Thông tư 05/2020/TT-BTTTT',
    periodicity: 'monthly',
    receivingUnitCode: 'VP',
    reportingUnits: [{ unitCode: 'HN' }, { unitCode: 'HP' }],
    fields: [
      { key: 'mobile_subscribers', label: 'Số thuê bao di động', type: 'number', required: true },
      { key: 'notes', label: 'Ghi chú', type: 'text', required: false },
    ],
    startsOn: '2026-12-01',
    ...over,
  });
  const create = async (over: Record<string, unknown> = {}, username = 'vp_monitor') => {
    const res = await post(username, '', monthly(over));
    expect(res.status).toBe(201);
    return res.body as { id: string; code: string; version: number };
  };
  /** The field errors of a 400, as `field rule`, every message Vietnamese. */
  const fieldRules = (res: { status: number; body: { errors?: Array<{ field: string; rule: string; message: string }> } }) => {
    expect(res.status).toBe(400);
    const errors = res.body.errors ?? [];
    expect(errors.filter((e) => !VIETNAMESE_LETTER.test(e.message))).toEqual([]);
    return errors.map((e) => `${e.field} ${e.rule}`);
  };
  const count = async () => ((await api.db.query(`SELECT count(*)::int AS n FROM report_obligations`)) as Array<{ n: number }>)[0].n;

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    await f.unit('HN', 'BO', 'Sở TT&TT Hà Nội');
    await f.unit('HP', 'BO', 'Sở TT&TT Hải Phòng');
    await f.unit('DN', 'BO', 'Sở TT&TT Đà Nẵng');
    await f.unit('OTHER', 'BO');
    await f.unit('OLD', 'BO');
    await api.db.query(`UPDATE units SET kind = 'provincial_department' WHERE code IN ('HN', 'HP', 'DN')`);
    await api.db.query(`UPDATE units SET active = false WHERE code = 'OLD'`);
    await f.user('admin1', 'admin', 'BO');
    await f.user('leader1', 'leader', 'BO');
    await f.user('vp_monitor', 'monitor', 'VP');
    await f.user('vbc_head', 'unit_head', 'VBC');
    await f.user('vbc_staff', 'staff', 'VBC');
    await f.user('hn_staff', 'staff', 'HN');
    await f.user('hn_head', 'unit_head', 'HN');
    await f.user('dn_staff', 'staff', 'DN');
    await f.user('other_staff', 'staff', 'OTHER');
    await f.user('other_head', 'unit_head', 'OTHER');
  });
  afterAll(() => api.close());

  it('the Ministry Office creates a monthly obligation: the decree’s defaults filled in, each unit from the start', async () => {
    const res = await post('vp_monitor', '', monthly({ code: 'BC-THUEBAO' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'BC-THUEBAO',
      periodicity: 'monthly',
      cutOffDay: null,
      due: null,
      effective: { cutOffDay: 14, due: { kind: 'working_days_after_cutoff', days: 1 }, createWorkingDaysBefore: 5 },
      createWorkingDaysBefore: 5,
      templateFileId: null,
      receivingUnit: { code: 'VP', name: 'Văn phòng Bộ' },
      reportingUnits: [
        { code: 'HN', fromDate: '2026-12-01' },
        { code: 'HP', fromDate: '2026-12-01' },
      ],
      reportingUnitKind: null,
      fields: [
        { key: 'mobile_subscribers', label: 'Số thuê bao di động', type: 'number', required: true },
        { key: 'notes', label: 'Ghi chú', type: 'text', required: false },
      ],
      startsOn: '2026-12-01',
      endsOn: null,
      canManage: true,
      createdBy: { fullName: 'Cán bộ vp_monitor' },
      version: 1,
    });
    expect(res.body.createdAt).toBe(new Date(DEFAULT_NOW).toISOString());
    const read = await get('vp_monitor', `/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it('400 with each bad field named, in Vietnamese, and nothing written', async () => {
    const before = await count();
    const bad = async (over: Record<string, unknown>) => fieldRules(await post('vp_monitor', '', monthly(over)));
    expect(await bad({ cutOffDay: 0 })).toEqual(['cutOffDay min']);
    expect(await bad({ cutOffDay: 32 })).toEqual(['cutOffDay max']);
    expect(await bad({ cutOffDay: 1.5 })).toEqual(['cutOffDay isInt']);
    expect(await bad({ periodicity: 'weekly' })).toEqual(['periodicity isIn']);
    expect(await bad({ receivingUnitCode: 'NOPE' })).toEqual(['receivingUnitCode UNKNOWN_UNIT']);
    expect(await bad({ reportingUnits: [{ unitCode: 'HN' }, { unitCode: 'NOPE' }] })).toEqual(['reportingUnits.1.unitCode UNKNOWN_UNIT']);
    expect(await bad({ reportingUnits: [{ unitCode: 'OLD' }] })).toEqual(['reportingUnits.0.unitCode UNIT_INACTIVE']);
    expect(await bad({ reportingUnits: [{ unitCode: 'HN' }, { unitCode: 'hn' }] })).toEqual(['reportingUnits.1.unitCode arrayUnique']);
    expect(await bad({ reportingUnits: [{ unitCode: 'HN', fromDate: '2027-02-30' }] })).toEqual(['reportingUnits.0.fromDate isLocalDate']);
    expect(await bad({ reportingUnits: [] })).toEqual(['reportingUnits reportingUnitsRequired']);
    expect(await bad({ due: { kind: 'working_days_after_cutoff' } })).toEqual(['due.days isDefined']);
    expect(await bad({ due: { kind: 'day_of_month', day: 40 } })).toEqual(['due.day max']);
    expect(await bad({ due: { kind: 'weekly', days: 3 } })).toEqual(['due.kind isIn']);
    expect(await bad({ createWorkingDaysBefore: 61 })).toEqual(['createWorkingDaysBefore max']);
    expect(await bad({ startsOn: '2026-02-30' })).toEqual(['startsOn isLocalDate']);
    expect(await bad({ sourceDocumentId: '00000000-0000-4000-8000-000000000000' })).toEqual(['sourceDocumentId UNKNOWN_DOCUMENT']);
    expect(await bad({ fields: [{ key: 'a', label: 'A', type: 'number', required: true }, { key: 'a', label: 'B', type: 'text', required: false }] })).toEqual([
      'fields.1.key arrayUnique',
    ]);
    expect(await bad({ fields: [{ key: 'Số', label: 'A', type: 'date', required: 'yes' }] })).toEqual(['fields.0.key matches', 'fields.0.type isIn', 'fields.0.required isBoolean']);
    expect(await bad({ code: 'mã có dấu' })).toEqual(['code matches']);
    expect(await bad({ unexpected: 1 })).toEqual(['unexpected whitelistValidation']);
    // Several at once: every one named.
    expect(await bad({ cutOffDay: 0, receivingUnitCode: 'NOPE' })).toEqual(['cutOffDay min']);
    expect(await bad({ receivingUnitCode: 'NOPE', reportingUnits: [{ unitCode: 'NONE' }] })).toEqual([
      'receivingUnitCode UNKNOWN_UNIT',
      'reportingUnits.0.unitCode UNKNOWN_UNIT',
    ]);
    // Shapes that are not what a field holds: a 400, never a 500.
    for (const over of [{ reportingUnits: [null] }, { reportingUnits: 'HN' }, { due: 'x' }, { due: { kind: 'day_of_month' } }, { fields: 'x' }, { fields: [7] }, { name: '   ' }, { cutOffDay: '14' }, { startsOn: null }, { reportingUnitKind: 'village' }]) {
      const res = await post('vp_monitor', '', monthly(over));
      expect({ over, status: res.status }).toEqual({ over, status: 400 });
    }
    const unknown = await post('vp_monitor', '', monthly({ receivingUnitCode: 'NOPE' }));
    expect(unknown.body.errors[0].message).toBe('Không có đơn vị mã NOPE');
    expect(await count()).toBe(before);

    await create({ code: 'BC-TRUNG' });
    const taken = await post('vp_monitor', '', monthly({ code: 'bc-trung' }));
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'DUPLICATE', errors: [{ field: 'code' }] });
    expect(VIETNAMESE_LETTER.test(taken.body.message)).toBe(true);
  });

  it('who may create: admin, the Ministry Office, a unit head for what their unit receives; not staff nor leaders', async () => {
    expect((await post('vbc_staff', '', monthly())).status).toBe(403);
    expect((await post('hn_staff', '', monthly())).status).toBe(403);
    expect((await post('leader1', '', monthly())).status).toBe(403);
    const outside = await post('vbc_head', '', monthly());
    expect(outside.status).toBe(403);
    expect(VIETNAMESE_LETTER.test(outside.body.message)).toBe(true);
    const own = await post('vbc_head', '', monthly({ receivingUnitCode: 'VBC' }));
    expect(own.status).toBe(201);
    expect(own.body.canManage).toBe(true);
    expect((await post('admin1', '', monthly())).status).toBe(201);
  });

  it('who may read: ministry-wide roles all; others the obligations that concern their unit (receiving, listed, or of the kind); 404 otherwise', async () => {
    const listed = await create({ name: 'Báo cáo thuê bao (danh sách)' });
    const byKind = await create({ name: 'Báo cáo của mọi Sở', reportingUnits: [], reportingUnitKind: 'provincial_department' });
    const vbcOwn = await create({ name: 'Báo cáo bưu chính', receivingUnitCode: 'VBC', reportingUnits: [{ unitCode: 'HP' }] }, 'vbc_head');
    const codes = async (username: string) => {
      const res = await get(username, '?pageSize=200');
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(res.body.items.length);
      return new Set((res.body.items as Array<{ code: string }>).map((o) => o.code));
    };
    for (const who of ['admin1', 'leader1', 'vp_monitor']) {
      const seen = await codes(who);
      for (const o of [listed, byKind, vbcOwn]) expect(seen.has(o.code)).toBe(true);
    }
    const hn = await codes('hn_staff');
    expect([hn.has(listed.code), hn.has(byKind.code), hn.has(vbcOwn.code)]).toEqual([true, true, false]);
    const dn = await codes('dn_staff');
    expect([dn.has(listed.code), dn.has(byKind.code), dn.has(vbcOwn.code)]).toEqual([false, true, false]);
    const vbc = await codes('vbc_staff');
    expect([vbc.has(listed.code), vbc.has(byKind.code), vbc.has(vbcOwn.code)]).toEqual([false, false, true]);
    expect((await codes('other_staff')).size).toBe(0);
    expect((await codes('other_head')).size).toBe(0);

    // Reading by id agrees with the list.
    expect((await get('hn_staff', `/${listed.id}`)).status).toBe(200);
    expect((await get('dn_staff', `/${byKind.id}`)).status).toBe(200);
    const hidden = await get('other_staff', `/${listed.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('NOT_FOUND');
    expect(hidden.body.message).toBe('Không tìm thấy chế độ báo cáo, hoặc bạn không có quyền xem');
    expect((await get('other_staff', `/${listed.id}/periods`)).status).toBe(404);
    expect((await get('vbc_staff', `/${listed.id}`)).status).toBe(404);
    expect((await get('vp_monitor', '/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('vp_monitor', '/not-a-uuid')).status).toBe(404); // a malformed id names nothing (UuidParamPipe)
    // A reporting unit reads it but may not change it.
    expect((await get('hn_staff', `/${listed.id}`)).body.canManage).toBe(false);
    expect((await get('hn_head', `/${listed.id}`)).body.canManage).toBe(false);
  });

  it('the list searches code and name, tone marks and case optional, and pages', async () => {
    await create({ code: 'BC-BUUCHINH', name: 'Báo cáo sản lượng bưu chính công ích' });
    const found = await get('vp_monitor', `?q=${encodeURIComponent('san LUONG buu')}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((o: { code: string }) => o.code)).toEqual(['BC-BUUCHINH']);
    expect(found.body.items[0]).toMatchObject({ reportingUnitCount: 2, receivingUnit: { code: 'VP' } });
    expect((await get('vp_monitor', '?q=bc-buuchinh')).body.total).toBe(1);
    expect((await get('vp_monitor', `?q=${encodeURIComponent('50%')}`)).body.total).toBe(0);
    const all = await get('vp_monitor', '?pageSize=200');
    const page2 = await get('vp_monitor', '?page=2&pageSize=2');
    expect(page2.body.total).toBe(all.body.total);
    expect(page2.body.items.map((o: { code: string }) => o.code)).toEqual(all.body.items.slice(2, 4).map((o: { code: string }) => o.code));
    expect(fieldRules(await get('vp_monitor', '?pageSize=500'))).toEqual(['pageSize max']);
  });

  it('update with the version read; a stale version is 409 and writes nothing; readers who may not change it: 403, others 404', async () => {
    const o = await create({ cutOffDay: 20, due: { kind: 'day_of_month', day: 25 } });
    const res = await patch('vp_monitor', o.id, { version: 1, name: 'Báo cáo thuê bao (sửa)', cutOffDay: null, due: null, createWorkingDaysBefore: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Báo cáo thuê bao (sửa)',
      cutOffDay: null,
      due: null,
      effective: { cutOffDay: 14, due: { kind: 'working_days_after_cutoff', days: 1 }, createWorkingDaysBefore: 3 },
      reportingUnits: [{ code: 'HN' }, { code: 'HP' }],
      version: 2,
    });
    const stale = await patch('vp_monitor', o.id, { version: 1, name: 'Cũ' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(stale.body.message).toBe('Chế độ báo cáo vừa được người khác cập nhật; hãy tải lại rồi thực hiện lại');
    expect((await get('vp_monitor', `/${o.id}`)).body.name).toBe('Báo cáo thuê bao (sửa)');

    expect(fieldRules(await patch('vp_monitor', o.id, { version: 2, cutOffDay: 32 }))).toEqual(['cutOffDay max']);
    expect(fieldRules(await patch('vp_monitor', o.id, { version: 2, receivingUnitCode: 'NOPE' }))).toEqual(['receivingUnitCode UNKNOWN_UNIT']);
    expect(fieldRules(await patch('vp_monitor', o.id, { version: 2, reportingUnits: [] }))).toEqual(['reportingUnits reportingUnitsRequired']);
    expect(fieldRules(await patch('vp_monitor', o.id, { name: 'Không có phiên bản' }))).toEqual(['version isDefined']);
    expect(fieldRules(await patch('vp_monitor', o.id, { version: 2, code: 'BC-KHAC' }))).toEqual(['code whitelistValidation']);

    expect((await patch('hn_staff', o.id, { version: 2, name: 'x' })).status).toBe(403);
    expect((await patch('hn_head', o.id, { version: 2, name: 'x' })).status).toBe(403);
    expect((await patch('other_head', o.id, { version: 2, name: 'x' })).status).toBe(404);
    expect((await patch('leader1', o.id, { version: 2, name: 'x' })).status).toBe(403);
    // A unit head may not hand an obligation they run to a unit outside their scope.
    const vbcOwn = await create({ receivingUnitCode: 'VBC' }, 'vbc_head');
    expect((await patch('vbc_head', vbcOwn.id, { version: 1, receivingUnitCode: 'VP' })).status).toBe(403);
    expect((await patch('vbc_head', vbcOwn.id, { version: 1, periodicity: 'quarterly' })).body).toMatchObject({ periodicity: 'quarterly', version: 2 });
    expect((await get('vp_monitor', `/${o.id}`)).body.version).toBe(2);
  });

  it('a unit added mid-year reports from its own day; units kept keep theirs; a unit added without a day starts with the obligation', async () => {
    const o = await create({ startsOn: '2027-01-01' });
    const res = await patch('vp_monitor', o.id, {
      version: 1,
      reportingUnits: [{ unitCode: 'HN' }, { unitCode: 'HP' }, { unitCode: 'DN', fromDate: '2027-06-01' }, { unitCode: 'OTHER' }],
    });
    expect(res.status).toBe(200);
    expect(res.body.reportingUnits.map((u: { code: string; fromDate: string }) => `${u.code} ${u.fromDate}`)).toEqual([
      'DN 2027-06-01',
      'HN 2027-01-01',
      'HP 2027-01-01',
      'OTHER 2027-01-01',
    ]);
    expect(
      await api.db.query(
        `SELECT u.code, to_char(ou.from_date, 'YYYY-MM-DD') AS from_date FROM report_obligation_units ou JOIN units u ON u.id = ou.unit_id
          WHERE ou.obligation_id = $1 ORDER BY u.code`,
        [o.id],
      ),
    ).toEqual([
      { code: 'DN', from_date: '2027-06-01' },
      { code: 'HN', from_date: '2027-01-01' },
      { code: 'HP', from_date: '2027-01-01' },
      { code: 'OTHER', from_date: '2027-01-01' },
    ]);
    // DN's staff read it from now on.
    expect((await get('dn_staff', `/${o.id}`)).status).toBe(200);

    // Later in the year (the clock on 10/03/2027), a unit added without a day reports from that day's periods on; OTHER removed.
    api.clock.set('2027-03-10T09:00:00+07:00');
    try {
      // A fresh sign-in: the cached token was issued months earlier and has expired by this clock.
      const signIn = await api.http.post('/api/auth/login').send({ username: 'vp_monitor', password: TEST_PASSWORD });
      expect(signIn.status).toBe(200);
      const later = await api.http.patch(`/api/report-obligations/${o.id}`).set(bearer(signIn.body.accessToken)).send({
        version: 2,
        reportingUnits: [{ unitCode: 'HN' }, { unitCode: 'HP' }, { unitCode: 'DN', fromDate: '2027-06-01' }, { unitCode: 'VBC' }],
      });
      expect(later.status).toBe(200);
      expect(later.body.reportingUnits.map((u: { code: string; fromDate: string }) => `${u.code} ${u.fromDate}`)).toEqual([
        'DN 2027-06-01',
        'HN 2027-01-01',
        'HP 2027-01-01',
        'VBC 2027-03-10',
      ]);
    } finally {
      api.clock.set(DEFAULT_NOW);
    }
  });

  it('end: an end date, never before the start; nothing deleted; periods after the end are not previewed', async () => {
    const o = await create({ startsOn: '2026-12-01' });
    const early = await post('vp_monitor', `/${o.id}/end`, { endsOn: '2026-11-30' });
    expect(fieldRules(early)).toEqual(['endsOn DAY_RANGE_REVERSED']);
    expect(early.body.errors[0].message).toBe('Ngày kết thúc không được trước ngày bắt đầu');
    expect(fieldRules(await post('vp_monitor', `/${o.id}/end`, {}))).toEqual(['endsOn isDefined']);
    expect((await post('hn_staff', `/${o.id}/end`, { endsOn: '2027-03-31' })).status).toBe(403);
    expect((await post('other_head', `/${o.id}/end`, { endsOn: '2027-03-31' })).status).toBe(404);

    const ended = await post('vp_monitor', `/${o.id}/end`, { endsOn: '2027-03-31' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ endsOn: '2027-03-31', version: 2, reportingUnits: [{ code: 'HN' }, { code: 'HP' }] });
    const periods = await get('vp_monitor', `/${o.id}/periods`);
    expect(periods.body.items.map((p: { key: string }) => p.key)).toEqual(['2026-12', '2027-01', '2027-02', '2027-03']);
    // A start moved past the end is refused too.
    expect(fieldRules(await patch('vp_monitor', o.id, { version: 2, startsOn: '2027-04-01' }))).toEqual(['startsOn DAY_RANGE_REVERSED']);
  });

  it('an obligation ended before today: without `from` its last periods up to its end (its page lists them, its boards are reached); with `from`, as before', async () => {
    const o = await create({ startsOn: '2019-01-01' });
    expect((await post('vp_monitor', `/${o.id}/end`, { endsOn: '2020-12-31' })).status).toBe(200);
    const last = await get('hn_staff', `/${o.id}/periods`);
    expect(last.status).toBe(200);
    expect(last.body.items.map((p: { key: string }) => p.key)).toEqual(['2020-07', '2020-08', '2020-09', '2020-10', '2020-11', '2020-12']);
    expect(last.body.items[5]).toMatchObject({ start: '2020-11-15', end: '2020-12-14', deadline: '2020-12-15', deadlineWeekdayName: 'Thứ Ba' });
    const two = await get('hn_staff', `/${o.id}/periods?count=2`);
    expect(two.body.items.map((p: { key: string }) => p.key)).toEqual(['2020-11', '2020-12']);
    // Never before the start: 24 asked of an obligation that lived 24 months.
    const all = await get('hn_staff', `/${o.id}/periods?count=30`);
    expect(all.body.items).toHaveLength(24);
    expect(all.body.items[0].key).toBe('2019-01');
    // `from` keeps its meaning: the next periods from that day, none after the end.
    const from = await get('hn_staff', `/${o.id}/periods?from=2020-05-20&count=36`);
    expect(from.body.items.map((p: { key: string }) => p.key)).toEqual(['2020-06', '2020-07', '2020-08', '2020-09', '2020-10', '2020-11', '2020-12']);
    expect((await get('hn_staff', `/${o.id}/periods?from=2026-11-20`)).body.items).toEqual([]);
  });

  it('the preview of six periods: across the year end and Tết, deadlines on working days with their weekdays, as the domain computes them', async () => {
    const o = await create({ startsOn: '2026-12-01' });
    const res = await get('hn_staff', `/${o.id}/periods`);
    expect(res.status).toBe(200);
    expect(res.body.from).toBe('2026-12-01'); // today (20/11/2026) is before the start
    const rows = res.body.items.map((p: Record<string, string | number>) => [p.key, p.label, p.start, p.end, p.deadline, p.deadlineWeekdayName, p.createOn]);
    expect(rows).toEqual([
      ['2026-12', 'Tháng 12/2026', '2026-11-15', '2026-12-14', '2026-12-15', 'Thứ Ba', '2026-12-07'],
      ['2027-01', 'Tháng 1/2027', '2026-12-15', '2027-01-14', '2027-01-15', 'Thứ Sáu', '2027-01-07'],
      // Cut off on Sunday 14/02/2027, due Monday 15/02; its task appears on 01/02, five working days back over Tết (05–11/02).
      ['2027-02', 'Tháng 2/2027', '2027-01-15', '2027-02-14', '2027-02-15', 'Thứ Hai', '2027-02-01'],
      ['2027-03', 'Tháng 3/2027', '2027-02-15', '2027-03-14', '2027-03-15', 'Thứ Hai', '2027-03-08'],
      ['2027-04', 'Tháng 4/2027', '2027-03-15', '2027-04-14', '2027-04-15', 'Thứ Năm', '2027-04-07'],
      ['2027-05', 'Tháng 5/2027', '2027-04-15', '2027-05-14', '2027-05-17', 'Thứ Hai', '2027-05-07'],
    ]);
    const calendar = await api.app.get(HolidaysService).calendar();
    const expected = nextReportingPeriods({ periodicity: 'monthly' }, '2026-12-01', calendar, 6);
    expect(res.body.items).toEqual(
      expected.map((p) => ({
        key: p.key,
        label: p.label,
        start: p.start,
        end: p.end,
        deadline: p.deadline,
        deadlineWeekday: dayOfWeek(p.deadline),
        deadlineWeekdayName: ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'][dayOfWeek(p.deadline)],
        createOn: p.createOn,
      })),
    );

    // Tết 2026: February's report, cut off on Saturday 14/02/2026 inside the holiday, is due Monday 23/02.
    const y2026 = await create({ startsOn: '2026-01-01' });
    const tet = await get('vp_monitor', `/${y2026.id}/periods?from=2026-01-10&count=3`);
    expect(tet.body.items.map((p: Record<string, string>) => `${p.key} ${p.end} ${p.deadline} ${p.deadlineWeekdayName}`)).toEqual([
      '2026-01 2026-01-14 2026-01-15 Thứ Năm',
      '2026-02 2026-02-14 2026-02-23 Thứ Hai',
      '2026-03 2026-03-14 2026-03-16 Thứ Hai',
    ]);

    // A quarter cut off at each month's end (31 → 31/12), due on the 20th of the next month.
    const q = await create({ periodicity: 'quarterly', cutOffDay: 31, due: { kind: 'day_of_month', day: 20 }, startsOn: '2026-10-01' });
    const quarters = await get('vp_monitor', `/${q.id}/periods?count=3`);
    expect(quarters.body.items.map((p: Record<string, string>) => `${p.label} ${p.start} ${p.end} ${p.deadline}`)).toEqual([
      'Quý IV/2026 2026-10-01 2026-12-31 2027-01-20',
      'Quý I/2027 2027-01-01 2027-03-31 2027-04-20',
      'Quý II/2027 2027-04-01 2027-06-30 2027-07-20',
    ]);

    // Ad hoc: no calendar periods.
    const adHoc = await create({ periodicity: 'ad_hoc' });
    expect((await get('vp_monitor', `/${adHoc.id}/periods`)).body).toEqual({ from: '2026-12-01', periodicity: 'ad_hoc', items: [] });

    expect(fieldRules(await get('vp_monitor', `/${o.id}/periods?count=0`))).toEqual(['count min']);
    expect(fieldRules(await get('vp_monitor', `/${o.id}/periods?count=37`))).toEqual(['count max']);
    expect(fieldRules(await get('vp_monitor', `/${o.id}/periods?from=2026-13-01`))).toEqual(['from isLocalDate']);
  });

  it('the endpoints are in the OpenAPI document', async () => {
    const docs = await api.http.get('/api/docs-json');
    expect(docs.status).toBe(200);
    const paths = Object.keys(docs.body.paths).filter((p) => p.startsWith('/api/report-obligations'));
    expect(paths.sort()).toEqual([
      '/api/report-obligations',
      '/api/report-obligations/report-tasks/{taskId}',
      '/api/report-obligations/statistics',
      '/api/report-obligations/{id}',
      '/api/report-obligations/{id}/end',
      '/api/report-obligations/{id}/history',
      '/api/report-obligations/{id}/periods',
      // Reports as tasks (report-submissions.int-spec.ts).
      '/api/report-obligations/{id}/periods/{periodKey}/board',
      '/api/report-obligations/{id}/periods/{periodKey}/board.xlsx',
      '/api/report-obligations/{id}/periods/{periodKey}/reminders',
      '/api/report-obligations/{id}/periods/{periodKey}/submissions',
      '/api/report-obligations/{id}/periods/{periodKey}/submissions/{unitCode}/confirmation',
      '/api/report-obligations/{id}/periods/{periodKey}/submissions/{unitCode}/files/{fileId}',
      '/api/report-obligations/{id}/periods/{periodKey}/submissions/{unitCode}/return',
      // Ad hoc requests (report-ad-hoc.int-spec.ts) and the template (report-templates.int-spec.ts).
      '/api/report-obligations/{id}/requests',
      '/api/report-obligations/{id}/template',
    ]);
    expect(Object.keys(docs.body.paths['/api/report-obligations']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(docs.body.paths['/api/report-obligations/{id}/template']).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(docs.body.paths['/api/report-obligations/{id}/template'].put.requestBody.content)).toEqual(['multipart/form-data']);
    expect(Object.keys(docs.body.components.schemas.AdHocReportRequestDto.properties).sort()).toEqual(['deadline', 'end', 'label', 'note', 'shortDeadline', 'start']);
    expect(docs.body.components.schemas.AdHocReportRequestDto.required.sort()).toEqual(['end', 'label']);
    expect(docs.body.components.schemas.CreateReportObligationDto.properties.cutOffDay).toMatchObject({ minimum: 1, maximum: 31 });
    expect(Object.keys(docs.body.components.schemas.SubmitReportDto.properties).sort()).toEqual(['attachmentIds', 'figures', 'result', 'unitCode', 'version']);
    expect(docs.body.components.schemas.SubmitReportDto.required).toEqual(['attachmentIds']);
  });
});
