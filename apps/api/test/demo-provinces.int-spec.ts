import { ManualClock } from '@tiendo/server-core';
import { seedDemo } from '../src/demo/seed-demo';
import { PROVINCES_2020, provinceUsers } from '../src/demo/provinces-2020';
import { bearer, DEMO_LOADED_AT, startDemoApi, TestApi } from './harness';

/**
 * The demo's provincial departments of 2020 (issue #11): 63 Sở TT&TT, their monthly report to the Ministry Office
 * with a year of submissions, entered through the generator and the submission path on the demo clock; the boards of
 * 2020 add up to 63 with some late and some missing, and the headquarters' June 2020 briefing stays 96 / 59 / 5 / 2 /
 * 30 (the default part of the figures, REPORT_PARTS), the provinces' part read apart.
 */
describe('the demo’s provincial departments and their monthly report of 2020', () => {
  let api: TestApi;
  let monitor: string;
  let obligationId: string;
  const NOW = DEMO_LOADED_AT;
  beforeAll(async () => {
    // The demo as loaded once per run by the harness, through seedDemo itself (demoTemplate); this file checks what
    // that load made, then loads it a second time over it.
    api = await startDemoApi();
    api.clock.set('2026-11-20T09:00:00+07:00');
    monitor = (await api.http.post('/api/auth/login').send({ username: 'vanphong', password: 'Pho-co-mua-thu-2026' })).body.accessToken;
    [{ id: obligationId }] = await api.db.query(`SELECT id FROM report_obligations WHERE code = 'BC-STTTT-THANG-2020'`);
  }, 600_000);
  afterAll(() => api.close());

  it('63 provincial departments under the ministry, each with a head and a staff member; 756 report tasks', async () => {
    const [{ units }] = await api.db.query(`SELECT count(*)::int AS units FROM units u JOIN units b ON b.id = u.parent_id WHERE u.kind = 'provincial_department' AND b.code = 'BO'`);
    expect(units).toBe(63);
    expect(PROVINCES_2020.map((p) => p.slug)).toHaveLength(new Set(PROVINCES_2020.map((p) => p.slug)).size);
    const roles = await api.db.query(
      `SELECT s.role, count(*)::int AS n FROM users s JOIN units u ON u.id = s.unit_id WHERE u.kind = 'provincial_department' GROUP BY s.role ORDER BY s.role`,
    );
    expect(roles).toEqual([{ role: 'staff', n: 63 }, { role: 'unit_head', n: 63 }]);
    const [{ n, periods }] = await api.db.query(`SELECT count(*)::int AS n, count(DISTINCT period_key)::int AS periods FROM report_tasks WHERE obligation_id = $1`, [obligationId]);
    expect([n, periods]).toEqual([756, 12]);
    const [hniHead] = provinceUsers(PROVINCES_2020[0], 0);
    const head = (await api.http.post('/api/auth/login').send({ username: hniHead.username, password: hniHead.password })).body;
    expect(head.accessToken).toEqual(expect.any(String));
    // Each report task is asked of its department's one head (the generator), so it is in their My tasks.
    const [{ byHead }] = await api.db.query(
      `SELECT count(*)::int AS "byHead" FROM report_tasks r JOIN tasks t ON t.id = r.task_id JOIN users h ON h.id = t.assignee_id
        WHERE r.obligation_id = $1 AND h.unit_id = r.unit_id AND h.role = 'unit_head'`,
      [obligationId],
    );
    expect(byHead).toBe(756);
    const mine = await api.http.get('/api/tasks?assignee=me&pageSize=50').set(bearer(head.accessToken));
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(12);
  });

  it('the obligation ended with 2020: its page lists its last periods, and a board’s switcher reaches every month of it', async () => {
    const last = await api.http.get(`/api/report-obligations/${obligationId}/periods`).set(bearer(monitor));
    expect(last.body.items.map((p: { key: string }) => p.key)).toEqual(['2020-07', '2020-08', '2020-09', '2020-10', '2020-11', '2020-12']);
    // The board's switcher (libs/web/obligations board-page.ts switcherFrom): from the start, 24 periods.
    const all = await api.http.get(`/api/report-obligations/${obligationId}/periods?from=2020-01-01&count=24`).set(bearer(monitor));
    expect(all.body.items.map((p: { key: string }) => p.key)).toEqual(Array.from({ length: 12 }, (_, i) => `2020-${String(i + 1).padStart(2, '0')}`));
  });

  it('the board of each month of 2020 adds up to 63, mostly on time, with some late and some missing', async () => {
    let onTime = 0;
    for (let m = 1; m <= 12; m++) {
      const key = `2020-${String(m).padStart(2, '0')}`;
      const res = await api.http.get(`/api/report-obligations/${obligationId}/periods/${key}/board`).set(bearer(monitor));
      expect([key, res.status]).toEqual([key, 200]);
      const c = res.body.counts;
      expect([key, c.total, c.completed_on_time + c.completed_late + c.in_progress_overdue + c.in_progress_on_track, c.in_progress_on_track]).toEqual([key, 63, 63, 0]);
      expect([key, c.completed_on_time > 40]).toEqual([key, true]);
      onTime += c.completed_on_time;
      // Every submitted line has its file and both figures.
      for (const line of res.body.units.filter((l: { submission: unknown }) => l.submission)) {
        expect(line.submission.files).toHaveLength(1);
        expect(Object.keys(line.submission.figures ?? {}).sort()).toEqual(['dich_vu_cong_muc_4', 'thue_bao_di_dong']);
      }
    }
    const [{ late, missing }] = await api.db.query(
      `SELECT count(*) FILTER (WHERE t.state = 'completed' AND (t.completed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > t.deadline)::int AS late,
              count(*) FILTER (WHERE t.state = 'open')::int AS missing
         FROM report_tasks rt JOIN tasks t ON t.id = rt.task_id WHERE rt.obligation_id = $1`,
      [obligationId],
    );
    // A believable year: most on time, a few dozen late, a few dozen never sent.
    expect(onTime).toBeGreaterThan(600);
    expect(late).toBeGreaterThan(20);
    expect(missing).toBeGreaterThan(10);
    expect(onTime + late + missing).toBe(756);
  });

  it('the June 2020 briefing stays the headquarters’ 96 / 59 / 5 / 2 / 30; the provinces are their own part', async () => {
    const hq = (await api.http.get('/api/reports/briefing?month=2020-06').set(bearer(monitor))).body;
    expect(hq).toMatchObject({
      part: 'headquarters',
      total: 96,
      completedOnTime: { count: 59, percent: 61.46 },
      completedLate: { count: 5, percent: 5.21 },
      inProgressOverdue: { count: 2, percent: 2.08 },
      inProgressOnTrack: { count: 30, percent: 31.25 },
    });
    expect(hq.units).toHaveLength(12);
    const provincial = (await api.http.get('/api/reports/briefing?month=2020-06&part=provincial').set(bearer(monitor))).body;
    expect(provincial.part).toBe('provincial');
    expect(provincial.units.every((u: { code: string }) => u.code.startsWith('STTTT-'))).toBe(true);
    expect(provincial.total).toBeGreaterThanOrEqual(63);
    const all = (await api.http.get('/api/reports/briefing?month=2020-06&part=all').set(bearer(monitor))).body;
    expect(all.total).toBe(hq.total + provincial.total);
    // One province read by its code: its own subtree, whatever the part.
    const hni = (await api.http.get('/api/reports/briefing?month=2020-06&unit=STTTT-HNI').set(bearer(monitor))).body;
    expect([hni.part, hni.units.map((u: { code: string }) => u.code)]).toEqual(['all', ['STTTT-HNI']]);
    // The counts open exactly their tasks: the list's period filter reads the same part.
    for (const [part, report] of [['headquarters', hq], ['provincial', provincial]] as const) {
      const listed = await api.http.get(`/api/tasks?period=2020-06&category=completedOnTime&pageSize=1${part === 'provincial' ? '&part=provincial' : ''}`).set(bearer(monitor));
      expect([part, listed.body.total]).toEqual([part, report.completedOnTime.count]);
    }
    // The trend and the ranking read the headquarters too.
    const trend = (await api.http.get('/api/reports/trend?from=2020-06&to=2020-06').set(bearer(monitor))).body;
    expect(trend[0].total).toBe(96);
    const ranking = (await api.http.get('/api/reports/ranking?month=2020-06').set(bearer(monitor))).body;
    expect(ranking.units.some((u: { code: string }) => u.code.startsWith('STTTT-'))).toBe(false);
    expect((await api.http.get('/api/reports/briefing?month=2020-06&part=everything').set(bearer(monitor))).status).toBe(400);
  });

  it('the year’s statistics rank the 63 departments by reports on time', async () => {
    const res = await api.http.get(`/api/report-obligations/statistics?year=2020&obligationId=${obligationId}`).set(bearer(monitor));
    expect(res.status).toBe(200);
    expect(res.body.provincialRanking).toHaveLength(63);
  });

  it('loading the demo again creates nothing', async () => {
    const count = async () => (await api.db.query(`SELECT (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM task_completions)::int AS completions`))[0];
    const before = await count();
    await seedDemo(api.app, api.clock as ManualClock, NOW);
    expect(await count()).toEqual(before);
  }, 300_000);
});
