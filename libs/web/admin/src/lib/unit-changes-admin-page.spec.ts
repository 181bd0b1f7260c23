import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { UnitChangePlanView } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { ConfirmDialog } from '@tiendo/web-ui';
import { UnitChangesAdminPage } from './unit-changes-admin-page';

const URL = '/quan-tri/sap-nhap';
const units = [
  { id: '1', code: 'BO', name: 'Bộ', kind: 'ministry', parentCode: null, active: true },
  { id: '2', code: 'STTTT-HG', name: 'Sở TT&TT Hà Giang', kind: 'provincial_department', parentCode: 'BO', active: true },
  { id: '3', code: 'STTTT-TQ', name: 'Sở TT&TT Tuyên Quang', kind: 'provincial_department', parentCode: 'BO', active: true },
  { id: '4', code: 'VCNTT', name: 'Vụ Công nghệ thông tin', kind: 'department', parentCode: 'BO', active: true },
];
const plan = (over: Partial<UnitChangePlanView> = {}): UnitChangePlanView => ({
  kind: 'merge',
  effectiveOn: '2026-11-20',
  effectiveAt: '2026-11-19T17:00:00.000Z',
  reason: 'Nghị quyết 202/2025/QH15',
  sources: [{ code: 'STTTT-HG', name: 'Sở TT&TT Hà Giang' }],
  successors: [{ code: 'STTTT-TQ', name: 'Sở TT&TT Tuyên Quang', isNew: false }],
  tasks: [{ id: 't1', code: 'HG-01', title: 'Báo cáo tháng 11', fromUnitCode: 'STTTT-HG', toUnitCode: 'STTTT-TQ', assigneeCleared: true }],
  coordinating: [],
  users: [{ id: 'u1', username: 'giamdoc.hg', fullName: 'Nguyễn Văn A', fromUnitCode: 'STTTT-HG', toUnitCode: 'STTTT-TQ' }],
  closedTasksStaying: 7,
  obligationsReceived: [{ id: 'o1', code: 'BC-HG', name: 'Báo cáo tháng', fromUnitCode: 'STTTT-HG', toUnitCode: 'STTTT-TQ' }],
  ...over,
});

/** Timers stay real (Angular's change detection and HttpClient use them); only the date is set. */
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

describe('unit merges and splits (admin)', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    // Friday 20/11/2026, 09:00 in Hanoi: the effective day offered runs from the 1st of the month to today, so the
    // day this test enters (20/11/2026) must be in the month of the page's today, whatever day the suite runs on.
    jest.useFakeTimers({ now: new Date('2026-11-20T02:00:00Z'), doNotFake: [...REAL_TIMERS] });
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: URL.slice(1), component: UnitChangesAdminPage }])],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  async function open() {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(URL, UnitChangesAdminPage);
    http.expectOne('/api/units').flush(units);
    await harness.fixture.whenStable();
    harness.detectChanges();
    const el = harness.routeNativeElement as HTMLElement;
    const page = harness.routeDebugElement?.componentInstance as { form: UnitChangesAdminPage['form']; preview(): Promise<void>; record(): Promise<void> };
    const settle = async () => {
      await harness.fixture.whenStable();
      harness.detectChanges();
    };
    const text = (sel: string) => (el.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
    return { harness, el, page, settle, text };
  }

  it('a merge: previewed (nothing written), its tasks and users shown, recorded after a confirmation, then its history', async () => {
    const { el, page, settle, text } = await open();
    page.form.patchValue({ sourceUnitCodes: ['STTTT-HG'], successorUnitCode: 'STTTT-TQ', effectiveAt: '2026-11-20', reason: ' Nghị quyết 202/2025/QH15 ' });
    await settle();
    const previewing = page.preview();
    const req = http.expectOne({ method: 'POST', url: '/api/units/merges/preview' });
    expect(req.request.body).toEqual({ sourceUnitCodes: ['STTTT-HG'], successorUnitCode: 'STTTT-TQ', effectiveAt: '2026-11-20', reason: 'Nghị quyết 202/2025/QH15' });
    req.flush(plan());
    await previewing;
    await settle();
    expect(text('[data-testid="unit-change-summary"]')).toBe('Sở TT&TT Hà Giang sáp nhập vào Sở TT&TT Tuyên Quang từ ngày 20/11/2026.');
    expect([...el.querySelectorAll('.plan table:first-of-type tbody td')].map((td) => td.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'HG-01',
      'Báo cáo tháng 11Người thực hiện không chuyển theo: lãnh đạo đơn vị mới sẽ giao lại.', // a line break between
      'STTTT-HG',
      'STTTT-TQ',
    ]);
    expect(el.querySelector('.plan')?.textContent).toContain('Nhiệm vụ đã kết thúc giữ ở đơn vị cũ: 7');
    expect(text('[data-testid="unit-change-obligations"]')).toBe('Chế độ báo cáo chuyển đơn vị nhận báo cáo: 1: BC-HG (STTTT-HG → STTTT-TQ)');

    // Answered "no": nothing sent. Then "yes": the change is recorded and the successor's history read.
    const ask = jest.spyOn(TestBed.inject(ConfirmDialog), 'ask').mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    await page.record();
    http.expectNone({ method: 'POST', url: '/api/units/merges' });
    const recording = page.record();
    await settle();
    expect(ask.mock.calls[1][0].title).toBe('Sáp nhập Sở TT&TT Hà Giang vào Sở TT&TT Tuyên Quang?');
    expect(ask.mock.calls[1][0].message).toBe('1 nhiệm vụ và 1 người dùng chuyển sang từ ngày 20/11/2026. Không hoàn tác được bằng màn hình này.');
    http.expectOne({ method: 'POST', url: '/api/units/merges' }).flush({ ...plan(), id: 'c1', recordedAt: '2026-11-20T02:00:00Z' });
    await settle();
    http.expectOne('/api/units').flush(units.map((u) => (u.code === 'STTTT-HG' ? { ...u, active: false } : u)));
    await recording;
    await settle();
    http.expectOne('/api/units/STTTT-TQ/changes').flush([
      { id: 'c1', kind: 'merge', effectiveAt: '2026-11-19T17:00:00.000Z', reason: 'Nghị quyết 202/2025/QH15', recordedAt: '2026-11-20T02:00:00Z', recordedBy: { username: 'admin', fullName: 'Quản trị' }, sources: ['STTTT-HG'], successors: ['STTTT-TQ'], summary: { tasks: 1, coordinating: 0, users: 1, closedTasksStaying: 7 } },
    ]);
    await settle();
    expect(text('[role=status]')).toBe('Đã ghi nhận thay đổi đơn vị.');
    expect(text('[data-testid="unit-change-history"] tbody tr')).toContain('STTTT-HG');
    expect(text('[data-testid="unit-change-history"] tbody tr')).toContain('1 nhiệm vụ · 0 vai trò phối hợp · 1 người dùng · 7 nhiệm vụ đã kết thúc ở lại');
  });

  it('a split sends a task and a person to another successor than the default; the API’s field errors show beside the fields', async () => {
    const { el, page, settle } = await open();
    page.form.patchValue({ kind: 'split' });
    await settle();
    (el.querySelector('button.btn.small:not([class*=remove])') as HTMLButtonElement | null)?.click();
    page.form.controls.newSuccessorUnits.at(0)?.patchValue({ code: 'VCNTT-B', name: 'Vụ Công nghệ thông tin B', kind: 'department' });
    page.form.patchValue({ sourceUnitCode: 'VCNTT', successorUnitCodes: ['STTTT-TQ'], defaultSuccessorCode: 'STTTT-TQ', reason: 'Quyết định 1/QĐ' });
    await settle();
    const previewing = page.preview();
    http
      .expectOne({ method: 'POST', url: '/api/units/splits/preview' })
      .flush(plan({ kind: 'split', sources: [{ code: 'VCNTT', name: 'Vụ Công nghệ thông tin' }], successors: [{ code: 'STTTT-TQ', name: 'Sở TT&TT Tuyên Quang', isNew: false }, { code: 'VCNTT-B', name: 'Vụ Công nghệ thông tin B', isNew: true }] }));
    await previewing;
    await settle();
    const selects = el.querySelectorAll<HTMLSelectElement>('.plan select');
    expect(selects).toHaveLength(2);
    for (const s of selects) {
      s.value = 'VCNTT-B';
      s.dispatchEvent(new Event('change'));
    }
    await settle();
    jest.spyOn(TestBed.inject(ConfirmDialog), 'ask').mockResolvedValueOnce(true);
    const recording = page.record();
    await settle();
    const req = http.expectOne({ method: 'POST', url: '/api/units/splits' });
    expect(req.request.body).toEqual({
      sourceUnitCode: 'VCNTT',
      successorUnitCodes: ['STTTT-TQ'],
      newSuccessorUnits: [{ code: 'VCNTT-B', name: 'Vụ Công nghệ thông tin B', kind: 'department' }],
      defaultSuccessorCode: 'STTTT-TQ',
      tasks: [{ taskId: 't1', successorCode: 'VCNTT-B' }],
      users: [{ userId: 'u1', successorCode: 'VCNTT-B' }],
      effectiveAt: page.form.getRawValue().effectiveAt,
      reason: 'Quyết định 1/QĐ',
    });
    req.flush(
      { statusCode: 422, code: 'UNIT_CHANGE_BEFORE_MONTH', message: 'x', correlationId: 'c', errors: [{ field: 'effectiveAt', rule: 'UNIT_CHANGE_BEFORE_MONTH', message: 'Ngày hiệu lực phải trong tháng hiện tại' }] },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await recording;
    await settle();
    expect(el.querySelector('#uc-effective-error')?.textContent).toContain('Ngày hiệu lực phải trong tháng hiện tại.');
    expect(el.querySelector('td-form-error')?.textContent).toContain('Chưa ghi nhận được thay đổi đơn vị:');
  });
});
