import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { BoardLine, PeriodBoardView } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { ConfirmDialog } from '@tiendo/web-ui';
import { ObligationBoardPage, switcherFrom } from './board-page';

const ID = 'b3c1f2e4-0000-4000-8000-000000000001';
const person = { id: 'p', fullName: 'Nguyễn Văn An' };
const line = (code: string, status: BoardLine['status'], submitted: boolean): BoardLine => ({
  unit: { id: code, code, name: `Sở TT&TT ${code}` },
  taskId: `t-${code}`,
  taskCode: `BC-${code}`,
  taskVersion: 3,
  deadline: '2027-02-15',
  status,
  assignee: null,
  submission: submitted
    ? { at: '2027-02-15T03:00:00Z', by: person, result: 'Đã gửi', files: [{ id: `f-${code}`, name: `bao-cao-${code}.pdf`, size: 1000, contentType: 'application/pdf', sha256: 'x', attachedTo: { kind: 'completion', id: 'c' } }], figures: { mobile: 1234567 }, confirmed: null }
    : null,
});
const board: PeriodBoardView = {
  obligation: { id: ID, code: 'BC-THANG', name: 'Báo cáo tháng', receivingUnit: { id: 'vp', code: 'VP', name: 'Văn phòng Bộ' }, fields: [{ key: 'mobile', label: 'Thuê bao di động', type: 'number', required: true }] },
  period: { key: '2027-02', label: 'Tháng 2/2027', start: '2027-01-15', end: '2027-02-14', deadline: '2027-02-15' },
  asOf: '2027-02-16T03:00:00Z',
  counts: { completed_on_time: 1, completed_late: 1, in_progress_overdue: 2, in_progress_on_track: 1, other: 0, total: 5 },
  total: 5,
  page: 1,
  pageSize: 100,
  units: [line('HN', 'completed_on_time', true), line('HP', 'completed_late', true), line('DN', 'in_progress_overdue', false), line('HCM', 'in_progress_overdue', false), line('CT', 'in_progress_on_track', false)],
};

describe('the board of a period', () => {
  let http: HttpTestingController;
  let asked: jest.SpyInstance;

  beforeEach(() => {
    asked = jest.spyOn(ConfirmDialog.prototype, 'ask').mockResolvedValue(true);
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: 'che-do-bao-cao/:id/ky/:periodKey', component: ObligationBoardPage }], withComponentInputBinding())],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    asked.mockRestore();
  });

  it('shows each unit’s state, submitter, file and figures; reminds the three that have not submitted, after asking', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/che-do-bao-cao/${ID}/ky/2027-02`, ObligationBoardPage);
    http.expectOne(`/api/report-obligations/${ID}/periods/2027-02/board?pageSize=100`).flush(board);
    http.expectOne(`/api/report-obligations/${ID}`).flush({ id: ID, name: 'Báo cáo tháng', startsOn: '2027-01-01', canManage: true });
    await harness.fixture.whenStable();
    http.expectOne((r) => r.url.startsWith(`/api/report-obligations/${ID}/periods?`)).flush({ from: '2027-01-01', periodicity: 'monthly', items: [] });
    await harness.fixture.whenStable();
    harness.detectChanges();
    const root = harness.routeNativeElement as HTMLElement;
    const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

    expect(Array.from(root.querySelectorAll('.counts li')).map(text)).toEqual(['1 Đã gửi đúng hạn', '1 Đã gửi quá hạn', '2 Chưa gửi, quá hạn', '1 Chưa gửi, chưa đến hạn', '5 Tổng số']);
    const hn = root.querySelector('tr[data-unit="HN"]');
    expect(text(hn)).toContain('Hoàn thành đúng hạn');
    expect(text(hn)).toContain('Nguyễn Văn An');
    expect(text(hn)).toContain('15/02/2027 10:00');
    expect(text(hn)).toContain('bao-cao-HN.pdf');
    expect(text(hn)).toMatch(/Thuê bao di động\s*1\.234\.567/);
    expect(text(root.querySelector('tr[data-unit="DN"]'))).toContain('Đang thực hiện quá hạn');

    const remind = Array.from(root.querySelectorAll('button')).find((b) => text(b) === 'Nhắc các đơn vị chưa gửi') as HTMLButtonElement;
    remind.click();
    await harness.fixture.whenStable();
    expect(asked).toHaveBeenCalledWith(expect.objectContaining({ title: 'Nhắc 3 đơn vị chưa gửi báo cáo?' }));
    http.expectOne({ method: 'POST', url: `/api/report-obligations/${ID}/periods/2027-02/reminders` }).flush({ units: 3, people: 4, unitCodes: ['DN', 'HCM', 'CT'], notReached: [] });
    // The answer travels through a promise or two before it is on the page.
    for (let i = 0; i < 3 && !root.querySelector('[data-testid="reminded"]'); i++) {
      await new Promise((r) => setTimeout(r, 0));
      await harness.fixture.whenStable();
      harness.detectChanges();
    }
    expect(text(root.querySelector('[data-testid="reminded"]'))).toBe('Đã nhắc 3 đơn vị, 4 người.');
  });

  it('pages through the lines, 100 at a time; a count filters to its cell and the search box to the units found, the URL keeping both; the counts stay the period’s', async () => {
    const harness = await RouterTestingHarness.create();
    const root = () => harness.routeNativeElement as HTMLElement;
    const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 0));
        await harness.fixture.whenStable();
        harness.detectChanges();
      }
    };
    const boardUrl = `/api/report-obligations/${ID}/periods/2027-02/board`;
    // 250 units, 1,200 overdue in a larger period: the page holds what the API sent, the counts the whole period.
    const counts = { completed_on_time: 100, completed_late: 50, in_progress_overdue: 80, in_progress_on_track: 20, other: 0, total: 250 };
    await harness.navigateByUrl(`/che-do-bao-cao/${ID}/ky/2027-02`, ObligationBoardPage);
    http.expectOne(`${boardUrl}?pageSize=100`).flush({ ...board, counts, total: 250 });
    http.expectOne(`/api/report-obligations/${ID}`).flush({ id: ID, name: 'Báo cáo tháng', startsOn: '2027-01-01', canManage: true });
    await settle();
    http.expectOne((r) => r.url.startsWith(`/api/report-obligations/${ID}/periods?`)).flush({ from: '2027-01-01', periodicity: 'monthly', items: [] });
    await settle();
    expect(text(root().querySelector('.pager'))).toContain('Trang 1/3');

    // The next page: asked of the API and kept in the URL.
    (Array.from(root().querySelectorAll('.pager button')).find((b) => text(b) === 'Trang sau') as HTMLButtonElement).click();
    await settle();
    http.expectOne(`${boardUrl}?page=2&pageSize=100`).flush({ ...board, counts, total: 250, page: 2 });
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/che-do-bao-cao/${ID}/ky/2027-02?page=2`);
    expect(text(root().querySelector('.pager'))).toContain('Trang 2/3');

    // A count is its cell's filter, from the first page; the counts shown are still the period's.
    (root().querySelector('.counts button[data-status="in_progress_overdue"]') as HTMLButtonElement).click();
    await settle();
    const overdue = [line('DN', 'in_progress_overdue', false), line('HCM', 'in_progress_overdue', false)];
    http.expectOne(`${boardUrl}?pageSize=100&status=in_progress_overdue`).flush({ ...board, counts, total: 80, units: overdue });
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/che-do-bao-cao/${ID}/ky/2027-02?status=in_progress_overdue`);
    expect(root().querySelector('.counts button[data-status="in_progress_overdue"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(Array.from(root().querySelectorAll('tr[data-unit]')).map((r) => r.getAttribute('data-unit'))).toEqual(['DN', 'HCM']);
    expect(text(root().querySelector('.counts'))).toContain('250 Tổng số');
    expect(text(root().querySelector('[data-testid="board-matching"]'))).toBe('80 đơn vị khớp với bộ lọc');
    // Reminding still counts every unit not submitted, not the page's.
    expect(Array.from(root().querySelectorAll('button')).find((b) => text(b) === 'Nhắc các đơn vị chưa gửi')?.disabled).toBe(false);

    // The search box, within the cell; nothing found says so.
    const input = root().querySelector('#b-q') as HTMLInputElement;
    input.value = 'ha noi';
    input.dispatchEvent(new Event('input'));
    (root().querySelector('form.find') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await settle();
    http.expectOne(`${boardUrl}?pageSize=100&status=in_progress_overdue&q=ha+noi`).flush({ ...board, counts, total: 0, units: [] });
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/che-do-bao-cao/${ID}/ky/2027-02?status=in_progress_overdue&q=ha%20noi`);
    expect(text(root())).toContain('Không có đơn vị nào khớp với bộ lọc.');

    // Clearing the filter: the whole board again.
    (Array.from(root().querySelectorAll('button')).find((b) => text(b) === 'Bỏ lọc') as HTMLButtonElement).click();
    await settle();
    http.expectOne(`${boardUrl}?pageSize=100`).flush({ ...board, counts, total: 250 });
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/che-do-bao-cao/${ID}/ky/2027-02`);
    expect((root().querySelector('#b-q') as HTMLInputElement).value).toBe('');
  });

  it('an obligation that ended in 2020: the switcher lists its past periods (asked from a year before its end), each board reachable', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/che-do-bao-cao/${ID}/ky/2020-06`, ObligationBoardPage);
    const june = { ...board, period: { key: '2020-06', label: 'Tháng 6/2020', start: '2020-05-15', end: '2020-06-14', deadline: '2020-06-15' } };
    http.expectOne(`/api/report-obligations/${ID}/periods/2020-06/board?pageSize=100`).flush(june);
    http.expectOne(`/api/report-obligations/${ID}`).flush({ id: ID, name: 'Báo cáo tháng', startsOn: '2020-01-01', endsOn: '2020-12-31', canManage: true });
    await harness.fixture.whenStable();
    // 400 days before 31/12/2020 is 27/11/2019, before the start: from the start.
    const months = Array.from({ length: 12 }, (_, i) => i + 1);
    http
      .expectOne(`/api/report-obligations/${ID}/periods?from=2020-01-01&count=24`)
      .flush({ from: '2020-01-01', periodicity: 'monthly', items: months.map((m) => ({ key: `2020-${String(m).padStart(2, '0')}`, label: `Tháng ${m}/2020` })) });
    for (let i = 0; i < 3; i++) {
      await harness.fixture.whenStable();
      harness.detectChanges();
    }
    const root = harness.routeNativeElement as HTMLElement;
    const select = root.querySelector('#b-period') as HTMLSelectElement;
    expect(select).not.toBeNull();
    expect(Array.from(select.options).map((o) => o.textContent?.trim())).toEqual(months.map((m) => `Tháng ${m}/2020`));
    expect(select.value).toBe('2020-06');
    select.value = '2020-03';
    select.dispatchEvent(new Event('change'));
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe(`/che-do-bao-cao/${ID}/ky/2020-03`);
    http.expectOne(`/api/report-obligations/${ID}/periods/2020-03/board?pageSize=100`).flush({ ...june, period: { ...june.period, key: '2020-03', label: 'Tháng 3/2020' } });
  });

  it('switcherFrom: 400 days before today, or before the end once ended, never before the start', () => {
    expect(switcherFrom({ startsOn: '2019-01-01', endsOn: null }, '2026-11-30')).toBe('2025-10-26');
    expect(switcherFrom({ startsOn: '2019-01-01', endsOn: '2027-06-30' }, '2026-11-30')).toBe('2025-10-26');
    expect(switcherFrom({ startsOn: '2019-01-01', endsOn: '2020-12-31' }, '2026-11-30')).toBe('2019-11-27');
    expect(switcherFrom({ startsOn: '2020-01-01', endsOn: '2020-12-31' }, '2026-11-30')).toBe('2020-01-01');
  });
});
