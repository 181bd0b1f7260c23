import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { HistoryEntryView, TaskDetailView, TaskReportView } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { ReportSubmitPage } from './report-submit-page';

const TASK = 'a3c1f2e4-0000-4000-8000-000000000007';
const OBLIGATION = 'b3c1f2e4-0000-4000-8000-000000000001';
const report: TaskReportView = {
  obligation: {
    id: OBLIGATION,
    code: 'BC-THANG',
    name: 'Báo cáo tình hình phát triển thuê bao hằng tháng',
    receivingUnit: { id: 'vp', code: 'VP', name: 'Văn phòng Bộ' },
    fields: [
      { key: 'mobile', label: 'Số thuê bao di động', type: 'number', required: true },
      { key: 'note', label: 'Ghi chú', type: 'text', required: false },
    ],
    template: { id: 'tpl', name: 'mau-bao-cao-thang.xlsx', size: 20480, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', uploadedAt: '2027-01-02T03:00:00Z' },
  },
  // 15/02/2027 is a Monday.
  period: { key: '2027-02', label: 'Tháng 2/2027', start: '2027-01-15', end: '2027-02-14', deadline: '2027-02-15' },
  unit: { id: 'hn', code: 'STTTT-HN', name: 'Sở TT&TT Hà Nội' },
  figures: null,
};
const person = { id: 'u1', username: 'chuyenvien.hn', fullName: 'Lê Thị Hoa' };
const task = (state: TaskDetailView['state'], version = 4): TaskDetailView =>
  ({
    id: TASK,
    code: 'NV-2027-00042',
    title: 'Báo cáo tình hình phát triển thuê bao hằng tháng – Tháng 2/2027',
    description: 'Báo cáo định kỳ theo chế độ báo cáo BC-THANG',
    leadUnit: { code: 'STTTT-HN', name: 'Sở TT&TT Hà Nội' },
    coordinatingUnits: [],
    assignee: person,
    assignedBy: person,
    assignedOn: '2027-02-09',
    originalDeadline: '2027-02-15',
    deadline: '2027-02-15',
    state,
    status: state === 'completed' ? 'completed_on_time' : 'in_progress_on_track',
    completedAt: state === 'completed' ? '2027-02-12T03:00:00Z' : null,
    completionResult: state === 'completed' ? 'Đã gửi báo cáo tháng 2/2027' : null,
    allowed: { work: true, manage: false },
    version,
  }) as TaskDetailView;
const returned: HistoryEntryView[] = [
  { id: 'h2', at: '2027-02-13T02:00:00Z', action: 'returned', actor: { id: 'm', username: 'vanphong', fullName: 'Trần Thị Bình' }, changes: [], note: 'Thiếu số liệu quận Hoàn Kiếm' },
  { id: 'h1', at: '2027-02-12T03:00:00Z', action: 'completed', actor: person, changes: [], note: null },
];

describe('submitting a periodic report', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: 'nhiem-vu/:id/bao-cao', component: ReportSubmitPage }], withComponentInputBinding())],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  async function open(r: TaskReportView, t: TaskDetailView, history: HistoryEntryView[] = []) {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/nhiem-vu/${TASK}/bao-cao`, ReportSubmitPage);
    http.expectOne(`/api/report-obligations/report-tasks/${TASK}`).flush(r);
    http.expectOne(`/api/tasks/${TASK}`).flush(t);
    http.expectOne(`/api/tasks/${TASK}/history`).flush(history);
    http.expectOne(`/api/tasks/${TASK}/attachments`).flush([]);
    await settle(harness);
    return harness;
  }
  async function settle(harness: RouterTestingHarness) {
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 0));
      await harness.fixture.whenStable();
      harness.detectChanges();
    }
  }
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const button = (root: HTMLElement, name: string) => Array.from(root.querySelectorAll('button')).find((b) => text(b) === name) as HTMLButtonElement;
  const type = (root: HTMLElement, id: string, value: string) => {
    const input = root.querySelector(`#${id}`) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };

  it('shows the period with its due weekday and the template, and sends nothing until a file is uploaded and the figures are right', async () => {
    const harness = await open(report, task('open'));
    const root = harness.routeNativeElement as HTMLElement;
    expect(text(root.querySelector('h1'))).toBe('Gửi báo cáo Tháng 2/2027');
    expect(text(root.querySelector('[data-testid="report-due"]'))).toBe('Thứ Hai, 15/02/2027');
    expect(text(root)).toContain('Từ 15/01/2027 đến 14/02/2027');
    expect(text(root)).toContain('mau-bao-cao-thang.xlsx');

    // Neither a file nor the required figure: the form says so beside each and asks the API nothing.
    type(root, 'rs-f-mobile', 'mười hai');
    button(root, 'Gửi báo cáo').click();
    await settle(harness);
    expect(text(root)).toContain('Hãy tải lên ít nhất một tệp báo cáo.');
    expect(text(root.querySelector('#rs-f-mobile-error'))).toBe('Phải là một số.');
    expect(root.querySelector('#rs-f-mobile')?.getAttribute('aria-invalid')).toBe('true');
    http.expectNone((r) => r.url.includes('/submissions'));

    // A file uploaded to the report task, the figure corrected: the submission carries both, with the task's version.
    const component = harness.routeDebugElement?.componentInstance as ReportSubmitPage;
    void (component as unknown as { addFiles(f: File[]): void }).addFiles([new File(['%PDF-1.4'], 'bao-cao-thang-2.pdf', { type: 'application/pdf' })]);
    await settle(harness);
    http.expectOne({ method: 'POST', url: `/api/tasks/${TASK}/attachments` }).flush({ id: 'f1', name: 'bao-cao-thang-2.pdf', size: 8, contentType: 'application/pdf', sha256: 'x', attachedTo: { kind: 'task', id: null } });
    await settle(harness);
    type(root, 'rs-f-mobile', '1.234.567');
    button(root, 'Gửi báo cáo').click();
    await settle(harness);
    const sent = http.expectOne({ method: 'POST', url: `/api/report-obligations/${OBLIGATION}/periods/2027-02/submissions` });
    expect(sent.request.body).toEqual({ unitCode: 'STTTT-HN', version: 4, attachmentIds: ['f1'], figures: { mobile: 1234567 } });

    // The API's field error shows beside its field, in Vietnamese.
    sent.flush(
      { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Dữ liệu không hợp lệ', correlationId: 'c', errors: [{ field: 'figures.mobile', rule: 'max', message: '"Số thuê bao di động" không vượt quá 10^15 (về giá trị tuyệt đối)' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(harness);
    expect(text(root.querySelector('#rs-f-mobile-error'))).toBe('"Số thuê bao di động" không vượt quá 10^15 (về giá trị tuyệt đối)');
    expect(text(root)).toContain('Chưa gửi được báo cáo:');
  });

  it('shows a returned report’s reason, starts from the figures sent and offers to submit again', async () => {
    const harness = await open({ ...report, figures: { mobile: 1200000, note: null } }, task('open', 6), returned);
    const root = harness.routeNativeElement as HTMLElement;
    expect(text(root.querySelector('[data-testid="report-returned"]'))).toContain('Thiếu số liệu quận Hoàn Kiếm');
    expect(text(root.querySelector('[data-testid="report-returned"]'))).toContain('Trần Thị Bình');
    expect((root.querySelector('#rs-f-mobile') as HTMLInputElement).value).toBe('1.200.000');
    expect(button(root, 'Gửi lại báo cáo')).toBeTruthy();
  });

  it('shows what was sent and that the receiving office has not confirmed it yet, with no form', async () => {
    const submission = {
      at: '2027-02-12T03:00:00Z',
      by: { id: 'u1', fullName: 'Lê Thị Hoa' },
      result: 'Đã gửi',
      files: [{ id: 'f1', name: 'bao-cao-thang-2.pdf', size: 8, contentType: 'application/pdf', sha256: 'x', attachedTo: { kind: 'completion' as const, id: 'c1' } }],
      figures: { mobile: 1234567, note: null },
      confirmed: null,
    };
    const harness = await open({ ...report, figures: submission.figures, submission }, task('completed'));
    const root = harness.routeNativeElement as HTMLElement;
    const sent = text(root.querySelector('[data-testid="report-sent"]'));
    expect(sent).toContain('Đã gửi: Lê Thị Hoa, 12/02/2027 10:00');
    expect(sent).toContain('bao-cao-thang-2.pdf');
    expect(sent).toMatch(/Số thuê bao di động\s*1\.234\.567/);
    expect(text(root.querySelector('[data-testid="report-confirmation"]'))).toBe('Đang chờ Văn phòng Bộ xác nhận.');
    expect(root.querySelector('form')).toBeNull();
  });
});
