import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { TaskDetailView } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { ConfirmDialog } from '@tiendo/web-ui';
import { TaskRecurrence } from './task-recurrence';

const base = {
  id: 't1',
  code: 'VBC-01',
  version: 4,
  allowed: { work: true, manage: true },
  recurrence: null,
  occurrenceOf: null,
} as unknown as TaskDetailView;

@Component({
  imports: [TaskRecurrence],
  template: `<dl><div tdTaskRecurrence [task]="task()" (changed)="changes = changes + 1"></div></dl>`,
})
class Host {
  readonly task = signal<TaskDetailView>(base);
  changes = 0;
}

describe('a task’s recurrence on its page', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  const render = async (task: Partial<TaskDetailView>) => {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.task.set({ ...base, ...task });
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    return { fixture, el, text: (sel: string) => (el.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim() };
  };

  it('says the rule in words with its next occurrences, and the manager stops it after a confirmation', async () => {
    const { fixture, el, text } = await render({
      recurrence: {
        rule: { frequency: 'monthly', on: { kind: 'day', day: 20, onDayOff: 'next_working_day' } },
        aheadWorkingDays: 3,
        startsOn: '2026-12-01',
        endsOn: '2027-06-30',
        next: [
          { key: '2026-12', deadline: '2026-12-21', createOn: '2026-12-16' },
          { key: '2027-01', deadline: '2027-01-20', createOn: '2027-01-15' },
        ],
      },
    });
    expect(text('dt')).toBe('Lặp lại');
    expect(text('[data-testid="task-recurrence"]')).toMatch(
      /^Hằng tháng, ngày 20 \(lùi sang ngày làm việc kế tiếp\) · tạo trước hạn 3 ngày làm việc · đến hết ngày 30\/06\/2027 Thứ Hai/,
    );
    expect([...el.querySelectorAll('ul[aria-label="Các lần tới"] li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Thứ Hai, 21/12/2026 · tạo ngày 16/12/2026',
      'Thứ Tư, 20/01/2027 · tạo ngày 15/01/2027',
    ]);
    expect(text('button')).toBe('Dừng lặp lại');
    // Asked first; "no" sends nothing.
    const ask = jest.spyOn(TestBed.inject(ConfirmDialog), 'ask').mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    (el.querySelector('button') as HTMLButtonElement).click();
    await fixture.whenStable();
    http.expectNone({ method: 'PATCH' });
    (el.querySelector('button') as HTMLButtonElement).click();
    await fixture.whenStable();
    const patch = http.expectOne({ method: 'PATCH', url: '/api/tasks/t1' });
    expect(patch.request.body).toEqual({ version: 4, recurrence: null });
    patch.flush({});
    await fixture.whenStable();
    expect(ask).toHaveBeenCalledTimes(2);
    expect(fixture.componentInstance.changes).toBe(1);
  });

  it('other rules in words; no stop button for who does not manage the task; an occurrence links to its task', async () => {
    const quarterly = await render({
      allowed: { work: true, manage: false },
      recurrence: { rule: { frequency: 'quarterly', monthOfQuarter: 3, on: { kind: 'last_working_day' } }, aheadWorkingDays: 5, startsOn: '2026-12-01', endsOn: null, next: [] },
    });
    expect(quarterly.text('[data-testid="task-recurrence"]')).toBe('Hằng quý, ngày làm việc cuối cùng của tháng thứ 3 · tạo trước hạn 5 ngày làm việc');
    expect(quarterly.el.querySelector('button')).toBeNull();
    const every = await render({ recurrence: { rule: { frequency: 'working_days', interval: 10 }, aheadWorkingDays: 0, startsOn: '2026-12-01', endsOn: null, next: [] } });
    expect(every.text('[data-testid="task-recurrence"]')).toContain('Sau mỗi 10 ngày làm việc');
    const occurrence = await render({ occurrenceOf: { taskId: 't0', code: 'VBC-00', key: '2026-12' } });
    expect(occurrence.text('[data-testid="task-occurrence-of"]')).toBe('Lần lặp 2026-12 của nhiệm vụ VBC-00');
    expect(occurrence.el.querySelector('a')?.getAttribute('href')).toBe('/nhiem-vu/t0');
  });
});
