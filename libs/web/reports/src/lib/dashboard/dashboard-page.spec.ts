import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { BriefingReport } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { DashboardPage } from './dashboard-page';

const figure = (count: number, total: number) => ({ count, percent: total ? (100 * count) / total : 0 });
const line = (total: number, onTime: number): BriefingReport => ({
  from: '2020-06-01',
  to: '2020-06-30',
  unit: null,
  total,
  completedOnTime: figure(onTime, total),
  completedLate: figure(0, total),
  inProgressOverdue: figure(0, total),
  inProgressOnTrack: figure(total - onTime, total),
  noDeadline: 0,
  governmentOfficeRate: { label: 'Tỷ lệ', percent: 100 },
  units: [],
  stored: true,
});

async function open(url: string, previousYear: BriefingReport) {
  TestBed.configureTestingModule({
    providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: 'tong-quan', component: DashboardPage }], withComponentInputBinding())],
  });
  const http = TestBed.inject(HttpTestingController);
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl(url, DashboardPage);
  http.expectOne((r) => r.url.startsWith('/api/reports/briefing')).flush({ ...line(16, 10), previousYear });
  await harness.fixture.whenStable();
  harness.detectChanges();
  return { http, harness, page: harness.routeNativeElement as HTMLElement };
}

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('dashboard: the same period last year', () => {
  it('against an empty year: says it had no task, no 0,00% shares and no ± change computed', async () => {
    const { page } = await open('/tong-quan?month=2020-06', { ...line(0, 0), from: '2019-06-01', to: '2019-06-30' });
    const compare = page.querySelector('[data-testid="previous-year"]');
    expect(text(compare?.querySelector('[data-testid="compare-sentence"]'))).toBe('62,50% hoàn thành đúng hạn; cùng kỳ năm trước (06/2019) không có nhiệm vụ');
    const rows = [...(compare?.querySelectorAll('tbody tr') ?? [])].map((r) => text(r));
    expect(rows[1]).not.toContain('%');
    expect(rows[2]).not.toMatch(/\d+,\d+ điểm/);
    expect(rows[2]).toContain('—');
  });

  it('against a measured year: the change in points', async () => {
    const { page } = await open('/tong-quan?month=2020-06', { ...line(4, 1), from: '2019-06-01', to: '2019-06-30' });
    const compare = page.querySelector('[data-testid="previous-year"]');
    expect(text(compare?.querySelector('[data-testid="compare-sentence"]'))).toBe('62,50% hoàn thành đúng hạn, so với 25,00% cùng kỳ năm trước (06/2019).');
    expect(text(compare?.querySelectorAll('tbody tr')[2])).toContain('+37,50 điểm %');
  });

  it('a custom range ending before it starts is refused in days, the period unchanged', async () => {
    const { page, harness, http } = await open('/tong-quan?from=2020-06-01&to=2020-06-30', { ...line(4, 1), from: '2019-06-01', to: '2019-06-30' });
    const component = harness.routeDebugElement?.componentInstance as { form: { patchValue(v: object): void } };
    component.form.patchValue({ from: '2020-06-30', to: '2020-06-01' });
    (page.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await harness.fixture.whenStable();
    harness.detectChanges();
    expect(text(page.querySelector('[data-testid="range-error"]'))).toBe('Ngày kết thúc không được trước ngày bắt đầu.');
    expect(http.match((r) => r.url.startsWith('/api/reports/briefing?'))).toHaveLength(0);
  });
});
