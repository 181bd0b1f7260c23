import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { TaskView, UserView } from '@tiendo/contracts';
import { WorkApi } from '@tiendo/web-data-access';
import { provideI18n } from '@tiendo/web-i18n';
import { ConfirmDialog } from '@tiendo/web-ui';
import { BulkActions } from './bulk-actions';

const taskOf = (id: string, unit: string) => ({ id, code: `${unit}-${id}`, title: id, leadUnit: { code: unit, name: unit }, version: 1 }) as unknown as TaskView;
const person = (id: string, unit: string, over: Partial<UserView> = {}): UserView => ({
  id, username: id, fullName: id, email: null, role: 'staff', unitCode: unit, unitName: unit, active: true, ...over,
});

describe('bulk actions on the selected tasks', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n()] });
    http = TestBed.inject(HttpTestingController);
  });

  const render = async (tasks: TaskView[], decisions = false) => {
    const fixture = TestBed.createComponent(BulkActions);
    fixture.componentRef.setInput('tasks', tasks);
    fixture.componentRef.setInput('decisions', decisions);
    fixture.detectChanges();
    return fixture;
  };
  const flushPeople = (byUnit: Record<string, UserView[]>) => {
    for (const req of http.match((r) => r.url.startsWith('/api/users'))) {
      req.flush({ items: byUnit[req.request.params.get('unit') ?? new URLSearchParams(req.request.url.split('?')[1]).get('unit') ?? ''] ?? [], total: 0 });
    }
  };
  const options = (el: HTMLElement) => [...el.querySelectorAll('#bulk-assignee option')].map((o) => o.textContent?.trim()).slice(1);

  it('offers the people of the selected tasks’ lead units, in all of them, never an administrator', async () => {
    const fixture = await render([taskOf('a', 'VBC'), taskOf('b', 'VBC')]);
    flushPeople({ VBC: [person('lan', 'VBC'), person('admin', 'VBC', { role: 'admin' })] });
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(options(el)).toEqual(['lan · VBC']);
    expect(el.querySelector('[data-testid="bulk-no-common"]')).toBeNull();
  });

  it('says so when the selected tasks have different lead units with no one in common', async () => {
    const fixture = await render([taskOf('a', 'VBC'), taskOf('b', 'CNTT')]);
    flushPeople({ VBC: [person('lan', 'VBC')], CNTT: [person('huy', 'CNTT')] });
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(options(el)).toEqual([]);
    expect(el.querySelector('[data-testid="bulk-no-common"]')?.textContent).toContain('VBC, CNTT');
  });

  it('asks the app’s confirmation naming how many requests before rejecting, and refreshes the menu’s count after', async () => {
    const ask = jest.spyOn(TestBed.inject(ConfirmDialog), 'ask').mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    const work = TestBed.inject(WorkApi);
    const fixture = await render([taskOf('a', 'VBC'), taskOf('b', 'VBC')], true);
    flushPeople({ VBC: [] });
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const reject = [...el.querySelectorAll('button')].find((b) => b.textContent?.includes('Từ chối gia hạn')) as HTMLButtonElement;
    const extensions = async () => {
      await Promise.resolve();
      for (const req of http.match((r) => /\/api\/tasks\/[ab]\/extensions$/.test(r.url))) {
        req.flush([{ id: `e-${req.request.url.split('/')[3]}`, state: 'pending' }]);
      }
      await fixture.whenStable();
    };
    // Cancelled: nothing sent.
    reject.click();
    await extensions();
    expect(ask).toHaveBeenLastCalledWith(expect.objectContaining({ title: 'Từ chối 2 đề nghị gia hạn?', danger: true }));
    http.expectNone('/api/tasks/bulk/extension-decisions');
    // Confirmed: sent, the result shown, the pending count read again.
    const before = work.pendingExtensionsVersion();
    reject.click();
    await extensions();
    const sent = http.expectOne('/api/tasks/bulk/extension-decisions');
    expect(sent.request.body).toEqual({ decisions: [{ taskId: 'a', extensionId: 'e-a' }, { taskId: 'b', extensionId: 'e-b' }], approve: false });
    sent.flush({ ok: 1, failed: 1, results: [{ taskId: 'a', ok: true, status: 200 }, { taskId: 'b', ok: false, status: 422, code: 'EXTENSION_ALREADY_DECIDED' }] });
    // The answer's promise chain (no timer involved): a few microtask turns.
    for (let i = 0; i < 10; i++) await Promise.resolve();
    await fixture.whenStable();
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="bulk-result"]')?.textContent).toContain('Xong 1 nhiệm vụ; 1 nhiệm vụ không thực hiện được.');
    expect(work.pendingExtensionsVersion()).toBe(before + 1);
  });
});
