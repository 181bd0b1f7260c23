import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { FormGroup } from '@angular/forms';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { AdHocPeriodView, ObligationHistoryEntryView, ObligationPeriodView, ReportObligationView } from '@tiendo/contracts';
import { WorkingCalendar } from '@tiendo/domain';
import { provideI18n } from '@tiendo/web-i18n';
import { ObligationBoardPage } from '../board/board-page';
import { ObligationEditPage } from '../edit/obligation-edit-page';
import { AdHocRequests, adHocRequestRefusals, obligationSchedule } from './ad-hoc-requests';

// Only the clock's date is fixed ("today" is Monday 30/11/2026 in Vietnam under any TZ); timers stay real.
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;
const NOW = new Date('2026-11-29T17:30:00Z');

const ID = 'b3c1f2e4-0000-4000-8000-0000000000ad';
const PERIODS = `/api/report-obligations/${ID}/periods`;
const HISTORY = `/api/report-obligations/${ID}/history`;
const obligation = (over: Partial<ReportObligationView> = {}): ReportObligationView =>
  ({
    id: ID,
    code: 'BC-DX-BAO',
    name: 'Báo cáo đột xuất thiệt hại do bão',
    sourceDocument: null,
    legalBasis: null,
    periodicity: 'ad_hoc',
    cutOffDay: null,
    due: null,
    effective: { cutOffDay: 14, due: { kind: 'working_days_after_cutoff', days: 1 }, createWorkingDaysBefore: 5 },
    createWorkingDaysBefore: 5,
    templateFileId: null,
    template: null,
    receivingUnit: { id: 'vp', code: 'VP', name: 'Văn phòng Bộ' },
    reportingUnits: [],
    endedReportingUnits: [],
    reportingUnitKind: 'provincial_department',
    fields: [],
    startsOn: '2026-01-01',
    endsOn: null,
    canManage: true,
    createdBy: { id: 'm', fullName: 'Trần Thị Bình' },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    version: 3,
    ...over,
  }) as ReportObligationView;

const period = (start: string, end: string, deadline: string, label: string, createOn = '2026-11-02'): ObligationPeriodView => ({
  key: `${start}..${end}`,
  label,
  start,
  end,
  deadline,
  deadlineWeekday: new Date(`${deadline}T00:00:00Z`).getUTCDay(),
  deadlineWeekdayName: '',
  createOn,
});
const asked = (key: string, name: string, at: string): ObligationHistoryEntryView => ({
  at,
  actor: { id: 'u', fullName: name },
  action: 'updated',
  changes: [{ field: `requests.${key}`, from: null, to: { label: 'x' } }],
  note: null,
});

describe('ad hoc report requests on an ad hoc obligation’s page', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<AdHocRequests>;

  beforeEach(() => {
    sessionStorage.clear();
    jest.useFakeTimers({ now: NOW, doNotFake: [...REAL_TIMERS] });
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 0));
      await fixture.whenStable();
      fixture.detectChanges();
    }
  };
  const el = () => fixture.nativeElement as HTMLElement;
  const text = (sel: string) => (el().querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const rows = () => Array.from(el().querySelectorAll('[data-testid="ad-hoc-list"] tbody tr')).map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim());
  const form = () => (fixture.componentInstance as unknown as { form: FormGroup }).form;
  const send = () => (el().querySelector('[data-testid="ad-hoc-form"] button[type="submit"]') as HTMLButtonElement).click();

  async function open(o: ReportObligationView, items: ObligationPeriodView[] = [], history: ObligationHistoryEntryView[] = []) {
    fixture = TestBed.createComponent(AdHocRequests);
    fixture.componentRef.setInput('obligation', o);
    fixture.componentRef.setInput('calendar', WorkingCalendar.vietnam([]));
    await settle();
    http.expectOne(PERIODS).flush({ from: '2026-11-30', periodicity: 'ad_hoc', items });
    http.expectOne(HISTORY).flush(history);
    await settle();
  }

  it('shows the due date the obligation’s rule gives, sends the request as typed, and lists it with a link to its board', async () => {
    await open(obligation());
    expect(text('[data-testid="ad-hoc-default-due"]')).toContain('theo hạn gửi của chế độ báo cáo');
    form().patchValue({ label: '  Báo cáo nhanh bão số 3 ', start: '2026-11-01', end: '2026-11-27', note: 'Công văn 123/BTTTT-VP' });
    await settle();
    // Cut off Friday 27/11: the first working day after is Monday 30/11 (art. 8(5)(b)).
    expect(text('[data-testid="ad-hoc-default-due"]')).toBe('Để trống: Thứ Hai, 30/11/2026 (theo hạn gửi của chế độ báo cáo).');

    send();
    const req = http.expectOne({ method: 'POST', url: `/api/report-obligations/${ID}/requests` });
    expect(req.request.body).toEqual({ label: 'Báo cáo nhanh bão số 3', start: '2026-11-01', end: '2026-11-27', note: 'Công văn 123/BTTTT-VP' });
    const answer: AdHocPeriodView = {
      ...period('2026-11-01', '2026-11-27', '2026-11-30', 'Báo cáo nhanh bão số 3', '2026-11-30'),
      shortDeadline: false,
      note: 'Công văn 123/BTTTT-VP',
      requestedBy: { id: 'u1', fullName: 'Nguyễn Văn An' },
      requestedAt: '2026-11-30T02:15:00Z',
      reportTasksQueued: true,
    };
    req.flush(answer, { status: 201, statusText: 'Created' });
    await settle();

    expect(text('[role="status"]')).toBe('Đã gửi yêu cầu: các đơn vị được giao nhiệm vụ báo cáo trong giây lát.');
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toContain('Báo cáo nhanh bão số 3');
    expect(rows()[0]).toContain('01/11/2026 – 27/11/2026');
    expect(rows()[0]).toContain('Thứ Hai, 30/11/2026');
    expect(rows()[0]).toContain('Nguyễn Văn An');
    // The key's '..' is a part of one path segment: the router keeps it as it is (no '..' segment to resolve).
    expect(el().querySelector('[data-testid="ad-hoc-list"] a')?.getAttribute('href')).toBe(`/che-do-bao-cao/${ID}/ky/2026-11-01..2026-11-27`);
    expect(form().getRawValue()).toEqual({ label: '', start: '', end: '', deadline: '', shortDeadline: false, note: '' });
  });

  it('refuses in the browser what the API would refuse, and sends once corrected (a shortened time to report)', async () => {
    await open(obligation(), [period('2026-11-20', '2026-11-20', '2026-11-23', 'Số liệu ngày 20/11')]);
    form().patchValue({ label: ' ', start: '2026-11-28', end: '2026-11-27' });
    send();
    await settle();
    expect(text('#ah-label-error')).toBe('Nhập tên kỳ báo cáo đột xuất.');
    expect(text('#ah-end-error')).toBe('Ngày kết thúc không được trước ngày bắt đầu.');

    // The same data window as a request already made (409 DUPLICATE at the API).
    form().patchValue({ label: 'Số liệu ngày 20/11 (lần 2)', start: '', end: '2026-11-20' });
    await settle();
    expect(text('#ah-label-error')).toBe('');
    expect(text('#ah-end-error')).toBe('Đã có yêu cầu báo cáo với số liệu từ 20/11/2026 đến 20/11/2026.');

    // Due the cut-off day itself: not one working day after it (art. 8(5)(b)).
    form().patchValue({ end: '2026-11-27', deadline: '2026-11-27' });
    await settle();
    expect(text('#ah-end-error')).toBe('');
    expect(text('#ah-deadline-error')).toContain('sớm nhất là 30/11/2026');
    send();
    await settle();
    http.expectNone({ method: 'POST' });

    form().patchValue({ shortDeadline: true });
    await settle();
    expect(text('#ah-deadline-error')).toBe('');
    send();
    const req = http.expectOne({ method: 'POST', url: `/api/report-obligations/${ID}/requests` });
    expect(req.request.body).toEqual({ label: 'Số liệu ngày 20/11 (lần 2)', end: '2026-11-27', deadline: '2026-11-27', shortDeadline: true });
    req.flush({ statusCode: 422, code: 'INVALID_STATE', message: 'Không thể', correlationId: 'c' }, { status: 422, statusText: 'Unprocessable Entity' });
    await settle();
    expect(text('.form-error')).toBe('Chưa gửi được yêu cầu báo cáo đột xuất: Không thể thực hiện với tình trạng hiện tại.');
  });

  it('says a due date on a day off moves to the next working day, and refuses one before this month', () => {
    const calendar = WorkingCalendar.vietnam([]);
    const schedule = obligationSchedule(obligation());
    const base = { label: 'Kỳ', start: '', end: '2026-10-30', deadline: '', shortDeadline: false, note: '' };
    // Saturday 31/10/2026 moves to Monday 02/11, after the cut-off but before 01/12 (today being in December).
    expect(adHocRequestRefusals({ ...base, deadline: '2026-10-31' }, schedule, '2026-12-01', calendar)).toEqual([{ field: 'deadline', key: 'adHocRequests.check.dueBeforeMonth', params: { day: '01/12/2026' } }]);
    expect(adHocRequestRefusals({ ...base, deadline: '2026-10-31' }, schedule, '2026-11-30', calendar)).toEqual([]);
    // Without the calendar the due date is the API's to check.
    expect(adHocRequestRefusals({ ...base, deadline: '2026-10-30' }, schedule, '2026-11-30', null)).toEqual([]);
    expect(adHocRequestRefusals({ ...base, deadline: '2026-10-30' }, schedule, '2026-11-30', calendar)).toEqual([{ field: 'deadline', key: 'adHocRequests.check.dueTooSoon', params: { day: '02/11/2026' } }]);
  });

  it('shows the API’s field errors beside the fields', async () => {
    await open(obligation());
    form().patchValue({ label: 'Kỳ A', end: '2026-11-27', deadline: '2026-12-05' });
    await settle();
    expect(text('[data-testid="ad-hoc-default-due"]')).toBe('Ngày nghỉ: hạn gửi sẽ là Thứ Hai, 07/12/2026, ngày làm việc tiếp theo.');
    send();
    http.expectOne({ method: 'POST' }).flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Dữ liệu không hợp lệ',
        correlationId: 'c',
        errors: [
          { field: 'deadline', rule: 'deadlineBeforeMonth', message: 'Hạn gửi báo cáo không được trước ngày 01/12/2026, ngày đầu tháng này' },
          { field: 'label', message: 'Tên kỳ báo cáo tối đa 200 ký tự' },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(text('#ah-deadline-error')).toBe('Hạn gửi báo cáo không được trước ngày đầu tháng này.');
    expect(text('#ah-label-error')).toBe('Tên kỳ báo cáo tối đa 200 ký tự');
    expect(el().querySelector('#ah-label')?.getAttribute('aria-invalid')).toBe('true');

    send();
    http
      .expectOne({ method: 'POST' })
      .flush(
        { statusCode: 409, code: 'DUPLICATE', message: 'Đã có', correlationId: 'c', errors: [{ field: 'end', message: 'Đã có yêu cầu báo cáo đột xuất với số liệu từ 27/11/2026 đến 27/11/2026 của chế độ báo cáo này' }] },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    expect(text('#ah-end-error')).toBe('Đã có yêu cầu báo cáo đột xuất với số liệu từ 27/11/2026 đến 27/11/2026 của chế độ báo cáo này');
    expect(text('.form-error')).toContain('Chưa gửi được yêu cầu báo cáo đột xuất:');
    expect(rows()).toEqual([]);
  });

  it('lists every request, newest first, each linking to its board, with who asked and when from the history', async () => {
    const first = period('2026-11-02', '2026-11-02', '2026-11-03', 'Số liệu ngày 02/11');
    const second = period('2026-11-01', '2026-11-20', '2026-11-24', 'Tình hình 20 ngày đầu tháng 11', '2026-11-21');
    await open(obligation({ canManage: false }), [first, second], [asked(first.key, 'Lê Văn Cường', '2026-11-02T01:00:00Z')]);
    expect(rows()).toHaveLength(2);
    expect(rows()[0]).toContain('Tình hình 20 ngày đầu tháng 11');
    expect(rows()[0]).toContain('Thứ Ba, 24/11/2026');
    // Not in the history: the day it was asked, from the period.
    expect(rows()[0]).toContain('21/11/2026');
    expect(rows()[1]).toContain('Tính đến 02/11/2026');
    expect(rows()[1]).toContain('Lê Văn Cường');
    expect(Array.from(el().querySelectorAll('[data-testid="ad-hoc-list"] a')).map((a) => a.getAttribute('href'))).toEqual([
      `/che-do-bao-cao/${ID}/ky/2026-11-01..2026-11-20`,
      `/che-do-bao-cao/${ID}/ky/2026-11-02..2026-11-02`,
    ]);
  });

  it('is read only for whoever does not manage the obligation, and offers no form while it is not in force', async () => {
    await open(obligation({ canManage: false }));
    expect(el().querySelector('[data-testid="ad-hoc-form"]')).toBeNull();
    expect(el().querySelector('button')).toBeNull();
    expect(text('[data-testid="ad-hoc-requests"]')).toContain('Chưa có yêu cầu báo cáo đột xuất nào.');

    await open(obligation({ endsOn: '2026-11-15' }));
    expect(el().querySelector('[data-testid="ad-hoc-form"]')).toBeNull();
    expect(text('[data-testid="ad-hoc-not-in-force"]')).toContain('không thể yêu cầu báo cáo');
  });
});

describe('the page of a saved ad hoc obligation', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(() => {
    sessionStorage.clear();
    jest.useFakeTimers({ now: NOW, doNotFake: [...REAL_TIMERS] });
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: 'che-do-bao-cao/:id', component: ObligationEditPage }], withComponentInputBinding())],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 0));
      await harness.fixture.whenStable();
      harness.detectChanges();
    }
  };

  it('previews no periods but says they come from requests, and reads the requests once, in their section', async () => {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/che-do-bao-cao/${ID}`, ObligationEditPage);
    http.expectOne('/api/units').flush([]);
    http.expectOne((r) => r.url.startsWith('/api/source-documents')).flush({ items: [], total: 0 });
    http.expectOne({ method: 'GET', url: '/api/holidays/changes' }).flush([]);
    await settle();
    http.expectOne(`/api/report-obligations/${ID}`).flush(obligation());
    await settle();
    http.expectOne(PERIODS).flush({ from: '2026-11-30', periodicity: 'ad_hoc', items: [period('2026-11-02', '2026-11-02', '2026-11-03', 'Số liệu ngày 02/11')] });
    // The section's history and the page's history section.
    http.match(HISTORY).forEach((r) => r.flush([]));
    await settle();
    const page = harness.routeNativeElement as HTMLElement;
    expect(page.querySelector('[data-testid="periods-preview"]')).toBeNull();
    expect(page.querySelector('[data-testid="periods-ad-hoc"]')?.textContent).toContain('mỗi kỳ là một yêu cầu báo cáo đột xuất');
    expect(page.querySelectorAll('[data-testid="ad-hoc-list"] tbody tr')).toHaveLength(1);
    expect(page.querySelector('[data-testid="ad-hoc-default-due"]')).not.toBeNull();
  });
});

describe('the board of an ad hoc period (its key holds "..")', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW, doNotFake: [...REAL_TIMERS] });
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: 'che-do-bao-cao/:id/ky/:periodKey', component: ObligationBoardPage }], withComponentInputBinding())],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('opens from the link, asks the API under the key as it is, and switches to another request', async () => {
    const harness = await RouterTestingHarness.create();
    const first = period('2026-11-02', '2026-11-02', '2026-11-03', 'Số liệu ngày 02/11');
    const second = period('2026-11-01', '2026-11-20', '2026-11-24', 'Tình hình 20 ngày đầu tháng 11');
    await harness.navigateByUrl(`/che-do-bao-cao/${ID}/ky/${second.key}`, ObligationBoardPage);
    http.expectOne(`/api/report-obligations/${ID}/periods/2026-11-01..2026-11-20/board?pageSize=100`).flush({
      obligation: { id: ID, code: 'BC-DX-BAO', name: 'Báo cáo đột xuất', receivingUnit: { id: 'vp', code: 'VP', name: 'Văn phòng Bộ' }, fields: [] },
      period: { key: second.key, label: second.label, start: second.start, end: second.end, deadline: second.deadline },
      asOf: '2026-11-30T03:00:00Z',
      counts: { completed_on_time: 0, completed_late: 0, in_progress_overdue: 0, in_progress_on_track: 0, other: 0, total: 0 },
      total: 0,
      page: 1,
      pageSize: 100,
      units: [],
    });
    http.expectOne(`/api/report-obligations/${ID}`).flush(obligation());
    await harness.fixture.whenStable();
    http.expectOne((r) => r.url.startsWith(`${PERIODS}?`)).flush({ from: '2026-01-01', periodicity: 'ad_hoc', items: [first, second] });
    await harness.fixture.whenStable();
    harness.detectChanges();
    const root = harness.routeNativeElement as HTMLElement;
    expect(root.textContent).toContain('Tình hình 20 ngày đầu tháng 11');

    const select = root.querySelector('#b-period') as HTMLSelectElement;
    select.value = first.key;
    select.dispatchEvent(new Event('change'));
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe(`/che-do-bao-cao/${ID}/ky/2026-11-02..2026-11-02`);
    // The same page, the other request's board: asked under its key, whose dots need no escaping.
    http.expectOne(`/api/report-obligations/${ID}/periods/2026-11-02..2026-11-02/board?pageSize=100`).flush({}, { status: 404, statusText: 'Not Found' });
  });
});
