import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { TaskDetailView, TimelineEntryView } from '@tiendo/contracts';
import { Session } from '@tiendo/web-data-access';
import { provideI18n } from '@tiendo/web-i18n';
import { ConfirmDialog } from '@tiendo/web-ui';
import { TaskPage } from './task-page/task-page';
import { UnitTasksPage } from './unit-tasks/unit-tasks-page';

const task = (over: Partial<TaskDetailView> = {}): TaskDetailView => ({
  id: 't1',
  code: 'VBC-01',
  title: 'Hoàn thiện dự thảo Chiến lược',
  description: '',
  sourceDocument: null,
  leadUnit: { code: 'VBC', name: 'Vụ Bưu chính' },
  coordinatingUnits: [],
  assignee: { id: 'u-staff', username: 'chuyenvien.vbc', fullName: 'Phạm Thị Lan' },
  assignedBy: { id: 'u-head', username: 'vutruong.vbc', fullName: 'Lê Văn Tuấn' },
  assignedOn: '2026-11-02',
  originalDeadline: '2026-12-15',
  deadline: '2026-12-15',
  priority: 'normal',
  isKeyTask: false,
  progressPercent: 40,
  state: 'open',
  completedAt: null,
  completionResult: null,
  cancelledAt: null,
  cancelReason: null,
  status: 'in_progress_on_track',
  dueSoon: false,
  version: 3,
  createdAt: '2026-11-02T02:00:00Z',
  updatedAt: '2026-11-10T02:00:00Z',
  progressNotes: [],
  pendingExtension: null,
  allowed: { work: true, manage: false },
  ...over,
});

describe('task screens', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideI18n(),
        provideRouter(
          [
            { path: 'nhiem-vu', component: UnitTasksPage },
            { path: 'nhiem-vu/:id', component: TaskPage },
          ],
          withComponentInputBinding(),
        ),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  it('the task list asks the API for exactly the filters in the URL, and shows its total', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/nhiem-vu?unit=VBC&includeSubunits=false&status=in_progress_overdue&keyTask=true&sort=-deadline&page=2', UnitTasksPage);
    const list = http.expectOne((r) => r.url.startsWith('/api/tasks?'));
    expect(new URLSearchParams(list.request.url.split('?')[1]).toString()).toBe(
      'unit=VBC&includeSubunits=false&status=in_progress_overdue&keyTask=true&sort=-deadline&page=2&pageSize=20',
    );
    list.flush({ items: [task({ status: 'in_progress_overdue' })], total: 21 });
    // The picker's units: only what the caller may read (GET /api/units?scope=readable).
    http.expectOne('/api/units?scope=readable').flush([{ id: '1', code: 'VBC', name: 'Vụ Bưu chính', kind: 'department', parentCode: null, active: true }]);
    http.expectOne((r) => r.url.startsWith('/api/source-documents')).flush({ items: [], total: 0 });
    http.match((r) => r.url.startsWith('/api/users')).forEach((r) => r.flush({ items: [], total: 0 }));
    await harness.fixture.whenStable();
    harness.detectChanges();
    const el = harness.routeNativeElement as HTMLElement;
    expect(el.textContent).toContain('21 nhiệm vụ');
    // The unit picker shows the chosen unit's name (its value, the code, is in the URL).
    expect((el.querySelector('#f-unit') as HTMLInputElement).value).toBe('Vụ Bưu chính');
    expect((el.querySelector('th[aria-sort=descending]') as HTMLElement).textContent).toContain('Hạn xử lý');
    expect(el.querySelector('td-pager')?.textContent).toContain('Trang 2/2');
  });

  /** Answers the task page's calls: the task and its extensions, then what its panels read (timeline, files, followers, sub-tasks). */
  const openTask = async (harness: RouterTestingHarness, detail: TaskDetailView, timeline: TimelineEntryView[] = []) => {
    http.expectOne('/api/tasks/t1').flush(detail);
    http.expectOne('/api/tasks/t1/extensions').flush(detail.pendingExtension ? [detail.pendingExtension] : []);
    await harness.fixture.whenStable();
    harness.detectChanges();
    http.expectOne((r) => r.url.startsWith('/api/tasks/t1/timeline')).flush({ items: timeline, total: timeline.length });
    http.expectOne('/api/tasks/t1/attachments').flush([]);
    http.expectOne('/api/tasks/t1/watchers').flush({ following: true, watchers: [] });
    http.match('/api/tasks/t1/sub-tasks').forEach((r) => r.flush([]));
    await harness.fixture.whenStable();
    harness.detectChanges();
  };

  const actionsShown = async (detail: TaskDetailView): Promise<string[]> => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/nhiem-vu/t1', TaskPage);
    await openTask(harness, detail);
    return [...(harness.routeNativeElement as HTMLElement).querySelectorAll('.page-head .actions button')].map((b) => (b.textContent ?? '').trim());
  };

  it('a refused extension request says so in the dialog: what did not happen, why, and beside the field', async () => {
    // jsdom has no modal dialogs; the dialog's own logic is what is under test here.
    HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
      this.open = true;
    };
    HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
      this.open = false;
    };
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/nhiem-vu/t1', TaskPage);
    await openTask(harness, task());
    const el = harness.routeNativeElement as HTMLElement;
    const ask = [...el.querySelectorAll<HTMLButtonElement>('.page-head .actions button')].find((b) => b.textContent?.trim() === 'Xin gia hạn');
    ask?.click();
    harness.detectChanges();
    const type = (selector: string, value: string) => {
      const input = el.querySelector(selector) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    type('#action-deadline', '2026-12-16');
    type('#action-text', 'Chờ ý kiến các Bộ');
    (el.querySelector('dialog form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    const message = 'Hạn đề nghị phải sau hạn xử lý hiện tại';
    http.expectOne({ method: 'POST', url: '/api/tasks/t1/extensions' }).flush(
      { statusCode: 422, code: 'EXTENSION_NOT_LATER', message, errors: [{ field: 'newDeadline', rule: 'EXTENSION_NOT_LATER', message }], correlationId: 'c1' },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await harness.fixture.whenStable();
    harness.detectChanges();
    expect(el.querySelector('dialog td-form-error [role=alert]')?.textContent?.trim()).toBe('Chưa gửi được đề nghị gia hạn: Hạn đề nghị phải sau hạn xử lý hiện tại.');
    expect(el.querySelector('#action-deadline-error')?.textContent?.trim()).toBe('Hạn đề nghị phải sau hạn xử lý hiện tại.');
    expect(el.textContent).not.toContain('tình trạng hiện tại');
  });

  it('the task page offers what the API allows: the assignee works on it but does not manage it', async () => {
    expect(await actionsShown(task())).toEqual(['Cập nhật tiến độ', 'Báo cáo hoàn thành', 'Xin gia hạn']);
  });

  it('a periodic report’s page links to its submit screen and offers no plain completion', async () => {
    const report = task({ title: 'Báo cáo tháng – Tháng 2/2027', description: 'Báo cáo định kỳ theo chế độ báo cáo BC-THANG: số liệu từ 15/01/2027 đến 14/02/2027, hạn gửi 15/02/2027.' });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/nhiem-vu/t1', TaskPage);
    await openTask(harness, report);
    http.expectOne('/api/report-obligations/report-tasks/t1').flush({
      obligation: { id: 'o1', code: 'BC-THANG', name: 'Báo cáo tháng', receivingUnit: { id: 'vp', code: 'VP', name: 'Văn phòng Bộ' }, fields: [], template: null },
      period: { key: '2027-02', label: 'Tháng 2/2027', start: '2027-01-15', end: '2027-02-14', deadline: '2027-02-15' },
      unit: { id: 'vbc', code: 'VBC', name: 'Vụ Bưu chính' },
      figures: null,
      submission: null,
    });
    await harness.fixture.whenStable();
    harness.detectChanges();
    const el = harness.routeNativeElement as HTMLElement;
    const link = el.querySelector('.page-head .actions a') as HTMLAnchorElement;
    expect(link.textContent?.trim()).toBe('Gửi báo cáo');
    expect(link.getAttribute('href')).toBe('/nhiem-vu/t1/bao-cao');
    expect([...el.querySelectorAll('.page-head .actions button')].map((b) => b.textContent?.trim())).toEqual(['Cập nhật tiến độ', 'Xin gia hạn']);
    expect(el.querySelector('[data-testid="task-is-report"]')?.textContent).toContain('Tháng 2/2027 theo chế độ báo cáo BC-THANG');
  });

  it('an ordinary task’s page does not ask whether it is a report (no 404 to read), and keeps the plain completion', async () => {
    expect(await actionsShown(task())).toEqual(['Cập nhật tiến độ', 'Báo cáo hoàn thành', 'Xin gia hạn']);
    http.expectNone('/api/report-obligations/report-tasks/t1');
  });

  const head = { id: 'u-head', username: 'vutruong.vbc', fullName: 'Lê Văn Tuấn' };
  const pending = (requestedBy: { id: string; username: string; fullName: string }) => ({
    id: 'e1',
    state: 'pending' as const,
    kind: 'request' as const,
    reason: 'Chờ ý kiến các Bộ',
    previousDeadline: '2026-12-15',
    requestedDeadline: '2027-01-15',
    requestedBy,
    requestedAt: '2026-11-20T02:00:00Z',
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
  });
  it.each([
    ['decides another person’s extension request, reassigns and cancels', task({ allowed: { work: false, manage: true }, pendingExtension: pending(task().assignee as typeof head) }), ['Xét gia hạn', 'Giao lại', 'Huỷ nhiệm vụ']],
    ['never decides their own request', task({ allowed: { work: true, manage: true }, pendingExtension: pending(head) }), ['Cập nhật tiến độ', 'Báo cáo hoàn thành', 'Giao lại', 'Huỷ nhiệm vụ']],
    ['only reopens a cancelled task', task({ allowed: { work: true, manage: true }, state: 'cancelled', status: 'cancelled' }), ['Mở lại']],
    ['returns or reopens a completed task', task({ allowed: { work: true, manage: true }, state: 'completed', status: 'completed_on_time' }), ['Trả lại để làm tiếp', 'Mở lại']],
  ])('a unit head %s', async (_case, detail, expected) => {
    TestBed.inject(Session).user.set({ ...head, email: null, role: 'unit_head', unitCode: 'VBC', unitName: 'Vụ Bưu chính', active: true });
    expect(await actionsShown(detail)).toEqual(expected);
  });

  describe('the timeline and the comment box', () => {
    const me = { id: 'u-staff', username: 'chuyenvien.vbc', fullName: 'Phạm Thị Lan' };
    const comment = (id: string, body: string, createdAt: string): TimelineEntryView => ({
      kind: 'comment',
      id,
      at: createdAt,
      actor: me,
      comment: { id, taskId: 't1', body, author: me, mentions: [], attachments: [], createdAt, editedAt: null, deletedAt: null },
    });
    beforeEach(() => {
      TestBed.inject(Session).user.set({ ...me, email: null, role: 'staff', unitCode: 'VBC', unitName: 'Vụ Bưu chính', active: true });
    });

    it('shows a comment as text (HTML stays text), offers edit only within 15 minutes, and asks before deleting', async () => {
      // The app's own confirmation (ConfirmDialog), answered no.
      const confirmed = jest.spyOn(TestBed.inject(ConfirmDialog), 'ask').mockResolvedValue(false);
      const harness = await RouterTestingHarness.create();
      await harness.navigateByUrl('/nhiem-vu/t1', TaskPage);
      const fresh = new Date(Date.now() - 60_000).toISOString();
      await openTask(harness, task(), [comment('c1', '<b>Đã gửi</b> https://mic.gov.vn', fresh), comment('c2', 'Cũ', '2026-11-01T02:00:00Z')]);
      const el = harness.routeNativeElement as HTMLElement;
      const items = [...el.querySelectorAll('td-task-timeline li.comment')];
      expect(items[0].querySelector('b')).toBeNull();
      expect(items[0].textContent).toContain('<b>Đã gửi</b>');
      expect(items[0].querySelector('a')?.getAttribute('href')).toBe('https://mic.gov.vn');
      const buttons = (li: Element) => [...li.querySelectorAll('button')].map((b) => b.textContent?.trim());
      expect(buttons(items[0])).toEqual(['Sửa', 'Xoá']);
      expect(buttons(items[1])).toEqual(['Xoá']);
      (items[1].querySelectorAll('button')[0] as HTMLButtonElement).click();
      expect(confirmed).toHaveBeenCalledWith(expect.objectContaining({ title: 'Xoá bình luận này? Bình luận vẫn được ghi trong lịch sử nhiệm vụ.' }));
      await harness.fixture.whenStable();
      http.expectNone({ method: 'DELETE' });
      confirmed.mockRestore();
    });

    it('a refused mention is explained under the box in the server’s words, and the text is kept', async () => {
      const harness = await RouterTestingHarness.create();
      await harness.navigateByUrl('/nhiem-vu/t1', TaskPage);
      await openTask(harness, task());
      const el = harness.routeNativeElement as HTMLElement;
      const area = el.querySelector('#comment-text') as HTMLTextAreaElement;
      area.value = 'Nhờ @chuyenvien.cntt xem';
      area.dispatchEvent(new Event('input'));
      harness.detectChanges();
      http.match((r) => r.url.startsWith('/api/users')).forEach((r) => r.flush({ items: [], total: 0 }));
      (el.querySelector('td-comment-box form') as HTMLFormElement).dispatchEvent(new Event('submit'));
      const message = '@chuyenvien.cntt không được xem nhiệm vụ này, không nhắc đến được';
      const post = http.expectOne({ method: 'POST', url: '/api/tasks/t1/comments' });
      expect(post.request.body).toEqual({ body: 'Nhờ @chuyenvien.cntt xem' });
      post.flush(
        { statusCode: 422, code: 'MENTION_NOT_ALLOWED', message, errors: [{ field: 'body', rule: 'MENTION_NOT_ALLOWED', message }], correlationId: 'c1' },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
      await harness.fixture.whenStable();
      harness.detectChanges();
      expect(el.querySelector('#comment-error')?.textContent?.trim()).toBe(message);
      expect(area.value).toBe('Nhờ @chuyenvien.cntt xem');
    });

    it('reads older entries a page at a time ("Xem thêm")', async () => {
      const harness = await RouterTestingHarness.create();
      await harness.navigateByUrl('/nhiem-vu/t1', TaskPage);
      http.expectOne('/api/tasks/t1').flush(task());
      http.expectOne('/api/tasks/t1/extensions').flush([]);
      await harness.fixture.whenStable();
      harness.detectChanges();
      const first = Array.from({ length: 20 }, (_, i) => comment(`c${i}`, `Ý kiến ${i}`, '2026-11-01T02:00:00Z'));
      http.expectOne('/api/tasks/t1/timeline?page=1&pageSize=20').flush({ items: first, total: 21 });
      http.expectOne('/api/tasks/t1/attachments').flush([]);
      http.expectOne('/api/tasks/t1/watchers').flush({ following: false, watchers: [] });
      await harness.fixture.whenStable();
      harness.detectChanges();
      const el = harness.routeNativeElement as HTMLElement;
      const more = el.querySelector('td-task-timeline button.more') as HTMLButtonElement;
      expect(more.textContent?.trim()).toBe('Xem thêm (đã hiện 20/21)');
      more.click();
      http.expectOne('/api/tasks/t1/timeline?page=2&pageSize=20').flush({ items: [comment('c20', 'Ý kiến đầu tiên', '2026-10-01T02:00:00Z')], total: 21 });
      await harness.fixture.whenStable();
      harness.detectChanges();
      expect(el.querySelectorAll('td-task-timeline li.comment').length).toBe(21);
      expect(el.querySelector('td-task-timeline button.more')).toBeNull();
    });
  });

  describe('reporting completion', () => {
    const openComplete = async (detail: TaskDetailView) => {
      HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
        this.open = true;
      };
      HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
        this.open = false;
      };
      const harness = await RouterTestingHarness.create();
      await harness.navigateByUrl('/nhiem-vu/t1', TaskPage);
      await openTask(harness, detail);
      const el = harness.routeNativeElement as HTMLElement;
      [...el.querySelectorAll<HTMLButtonElement>('.page-head .actions button')].find((b) => b.textContent?.trim() === 'Báo cáo hoàn thành')?.click();
      harness.detectChanges();
      const text = el.querySelector('#action-text') as HTMLTextAreaElement;
      text.value = 'Đã trình Lãnh đạo Bộ';
      text.dispatchEvent(new Event('input'));
      const submit = async () => {
        (el.querySelector('dialog form') as HTMLFormElement).dispatchEvent(new Event('submit'));
        await harness.fixture.whenStable();
        harness.detectChanges();
      };
      return { harness, el, submit };
    };

    it('with open sub-tasks asks what becomes of them, and sends the choice', async () => {
      const sub = { id: 's1', code: 'VBC-01.1', title: 'Phần 1', assignee: null, leadUnit: { id: 'u1', code: 'VBC', name: 'Vụ Bưu chính' }, deadline: null, progressPercent: 0, state: 'open' as const, status: 'no_deadline' };
      const { el, submit } = await openComplete(task({ subTasks: [sub] }));
      await submit();
      http.expectNone({ method: 'POST', url: '/api/tasks/t1/complete' });
      expect(el.querySelector('#action-subtasks-error')?.textContent?.trim()).toBe('Chọn một cách xử lý.');
      (el.querySelector('dialog input[type=radio][value=cancel]') as HTMLInputElement).click();
      await submit();
      const req = http.expectOne({ method: 'POST', url: '/api/tasks/t1/complete' });
      expect(req.request.body).toEqual({ version: 3, result: 'Đã trình Lãnh đạo Bộ', openSubTasks: 'cancel' });
    });

    it('refused for want of a file says so beside the drop zone', async () => {
      const { harness, el, submit } = await openComplete(task());
      expect(el.querySelector('dialog td-drop-zone')?.textContent).toContain('Tối đa 25 MB mỗi tệp');
      await submit();
      const message = 'Cần kèm ít nhất một tệp minh chứng khi báo cáo hoàn thành.';
      http.expectOne({ method: 'POST', url: '/api/tasks/t1/complete' }).flush(
        { statusCode: 422, code: 'COMPLETION_NEEDS_FILE', message, correlationId: 'c1' },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
      await harness.fixture.whenStable();
      harness.detectChanges();
      expect(el.querySelector('dialog .field-error[role=alert]')?.textContent).toContain('Đơn vị này yêu cầu đính kèm ít nhất một tệp minh chứng');
    });
  });
});
