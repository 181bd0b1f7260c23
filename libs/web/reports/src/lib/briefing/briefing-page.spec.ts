import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { BriefingReport, KeyTasksOfUnit } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { BriefingPage } from './briefing-page';

const figure = (count: number) => ({ count, percent: count ? 50 : 0 });
const report: BriefingReport = {
  from: '2020-06-01',
  to: '2020-06-30',
  unit: null,
  total: 2,
  completedOnTime: figure(1),
  completedLate: figure(0),
  inProgressOverdue: figure(0),
  inProgressOnTrack: figure(1),
  noDeadline: 0,
  governmentOfficeRate: { label: 'Tỷ lệ', percent: 100 },
  units: [],
  stored: true,
};
const keyTasks: KeyTasksOfUnit[] = [
  {
    code: 'VBC',
    name: 'Vụ Bưu chính',
    tasks: [
      { title: 'Nhiệm vụ của đơn vị mình', deadline: '2020-07-10', id: 't-own', code: 'NV-2020-00001', assignee: 'Phạm Thị Lan', state: 'open' },
      { title: 'Nhiệm vụ đơn vị khác', deadline: '2020-07-20', id: null, code: null, assignee: null, state: null },
    ],
  },
];

describe('briefing', () => {
  it('links a key task only when the reader may open it; the others by title and deadline', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: 'giao-ban', component: BriefingPage }], withComponentInputBinding())],
    });
    const http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/giao-ban?month=2020-06', BriefingPage);
    http.expectOne((r) => r.url.startsWith('/api/reports/briefing')).flush(report);
    http.expectOne((r) => r.url.startsWith('/api/reports/key-tasks')).flush(keyTasks);
    http.expectOne('/api/settings/organisation').flush({ name: 'Bộ Khoa học và Công nghệ', shortName: 'BKHCN', parent: '', place: 'Hà Nội' });
    await harness.fixture.whenStable();
    harness.detectChanges();
    const items = [...(harness.routeNativeElement as HTMLElement).querySelectorAll('.unit-tasks li')];
    expect(items.map((li) => [(li.textContent ?? '').replace(/\s+/g, ' ').trim(), li.querySelector('a')?.getAttribute('href') ?? null])).toEqual([
      ['Nhiệm vụ của đơn vị mình (hạn 10/07/2020)', '/nhiem-vu/t-own'],
      ['Nhiệm vụ đơn vị khác (hạn 20/07/2020)', null],
    ]);
    // The organisation as an admin set it heads the page; the total is the table body's last row, never a <tfoot>
    // (Chromium prints a tfoot at the foot of every page, where it reads as a subtotal).
    const page = harness.routeNativeElement as HTMLElement;
    expect(page.querySelector('[data-testid="briefing-org"]')?.textContent?.trim()).toBe('Bộ Khoa học và Công nghệ');
    expect(page.querySelector('.lines tfoot')).toBeNull();
    const rows = [...page.querySelectorAll('.lines tbody tr')];
    expect(rows.at(-1)?.classList.contains('total')).toBe(true);
    expect(rows.at(-1)?.textContent).toContain('Tổng cộng');
    expect(page.querySelector('[data-testid="briefing-printed-on"]')?.textContent).toMatch(/^\s*In lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\s*$/);
    http.verify();
  });

  const comparison = async (previousYear: BriefingReport) => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: 'giao-ban', component: BriefingPage }], withComponentInputBinding())],
    });
    const http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/giao-ban?month=2020-06', BriefingPage);
    http.expectOne((r) => r.url.startsWith('/api/reports/briefing')).flush({ ...report, previousYear });
    http.match((r) => r.url.startsWith('/api/reports/key-tasks')).forEach((r) => r.flush([]));
    http.match('/api/settings/organisation').forEach((r) => r.flush({ name: 'Bộ', shortName: 'B', parent: '', place: 'Hà Nội' }));
    await harness.fixture.whenStable();
    harness.detectChanges();
    const text = (harness.routeNativeElement as HTMLElement).querySelector('[data-testid="briefing-previous-year"]')?.textContent ?? '';
    return text.replace(/\s+/g, ' ').trim();
  };
  const lastYear = { ...report, from: '2019-06-01', to: '2019-06-30' };

  it('says the same period last year had no task, never "0,00%" as if measured', async () => {
    const empty = { ...lastYear, total: 0, completedOnTime: figure(0), completedLate: figure(0), inProgressOverdue: figure(0), inProgressOnTrack: figure(0) };
    expect(await comparison(empty)).toBe('50,00% hoàn thành đúng hạn; cùng kỳ năm trước (06/2019) không có nhiệm vụ');
  });

  it('compares with the same period last year in one sentence, the phrase never doubled', async () => {
    const said = await comparison({ ...lastYear, total: 4, completedOnTime: { count: 1, percent: 25 }, inProgressOverdue: { count: 2, percent: 50 } });
    expect(said).toBe('50,00% hoàn thành đúng hạn, so với 25,00% cùng kỳ năm trước (06/2019), khi có 4 nhiệm vụ: hoàn thành đúng hạn 1/4, quá hạn 2/4.');
    expect(said.match(/cùng kỳ năm trước/g)).toHaveLength(1);
  });

  it('offers a custom range of days: the figures, the exports and the print follow it; a reversed range is refused in days', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: 'giao-ban', component: BriefingPage }], withComponentInputBinding())],
    });
    const http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/giao-ban?from=2020-06-10&to=2020-07-20', BriefingPage);
    const asked = http.expectOne((r) => r.url.startsWith('/api/reports/briefing'));
    expect(asked.request.url).toContain('from=2020-06-10');
    expect(asked.request.url).toContain('to=2020-07-20');
    asked.flush({ ...report, from: '2020-06-10', to: '2020-07-20' });
    http.match((r) => r.url.startsWith('/api/reports/key-tasks')).forEach((r) => r.flush([]));
    http.match('/api/settings/organisation').forEach((r) => r.flush({ name: 'Bộ', shortName: 'B', parent: '', place: 'Hà Nội' }));
    await harness.fixture.whenStable();
    harness.detectChanges();
    const page = harness.routeNativeElement as HTMLElement;
    expect((page.querySelector('[data-testid="period-preset"]') as HTMLSelectElement).value).toBe('range');
    expect([...page.querySelectorAll('[data-testid="period-preset"] option')].map((o) => o.textContent?.trim())).toContain('Tùy chọn');
    expect((page.querySelector('#b-from') as HTMLInputElement).value).toBe('10/06/2020');
    expect((page.querySelector('#b-to') as HTMLInputElement).value).toBe('20/07/2020');
    expect(page.querySelector('#briefing-heading')?.textContent).toContain('10/06/2020 – 20/07/2020');

    // The export asks for the same range.
    [...page.querySelectorAll('button')].find((b) => b.textContent?.includes('Excel') || b.textContent?.includes('.xlsx'))?.click();
    const exported = http.match((r) => r.url.startsWith('/api/reports/briefing/export'));
    expect(exported.map((r) => r.request.url)).toEqual([expect.stringMatching(/from=2020-06-10.*to=2020-07-20|to=2020-07-20.*from=2020-06-10/)]);

    // A reversed range stays on the page with the day wording; no request leaves.
    const component = harness.routeDebugElement?.componentInstance as { fromControl: { setValue(v: string): void }; toControl: { setValue(v: string): void } };
    component.fromControl.setValue('2020-06-30');
    component.toControl.setValue('2020-06-01');
    (page.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    harness.detectChanges();
    expect(page.querySelector('[data-testid="range-error"]')?.textContent?.trim()).toBe('Ngày kết thúc không được trước ngày bắt đầu.');
    expect(http.match((r) => r.url.startsWith('/api/reports/briefing?'))).toHaveLength(0);
  });
});
