import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { TaskView } from '@tiendo/contracts';
import { provideI18n, TranslocoService } from '@tiendo/web-i18n';
import { firstValueFrom } from 'rxjs';
import { BulkActions } from './bulk-actions';
import { SavedFilters } from './saved-filters';

/** The task list's limited fields show their limit and count before it is reached (never a silent maxlength). */
describe('task list: limited fields', () => {
  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n()] });
    const transloco = TestBed.inject(TranslocoService);
    transloco.setActiveLang('vi');
    await firstValueFrom(transloco.load('vi'));
  });
  const text = (el: HTMLElement, s: string) => (el.querySelector(s)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const type = (el: HTMLElement, s: string, value: string) => {
    const input = el.querySelector(s) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };

  it('a saved filter’s name: 0/100 from the start, counted as typed, described by the count', async () => {
    const fixture = TestBed.createComponent(SavedFilters);
    fixture.componentRef.setInput('query', 'unit=VBC');
    fixture.detectChanges();
    for (const req of TestBed.inject(HttpTestingController).match(() => true)) req.flush([]);
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(text(el, '#saved-filter-count')).toBe('0/100 ký tự');
    expect(el.querySelector('#saved-filter-name')?.getAttribute('aria-describedby')).toContain('saved-filter-count');
    type(el, '#saved-filter-name', 'Quá hạn VBC');
    fixture.detectChanges();
    expect(text(el, '#saved-filter-count')).toBe('11/100 ký tự');
  });

  it('the bulk decision’s note: 0/2.000 from the start, counted as typed', async () => {
    const fixture = TestBed.createComponent(BulkActions);
    fixture.componentRef.setInput('tasks', [{ id: 'a', code: 'VBC-a', title: 'a', leadUnit: { code: 'VBC', name: 'VBC' }, version: 1 } as unknown as TaskView]);
    fixture.componentRef.setInput('decisions', true);
    fixture.detectChanges();
    for (const req of TestBed.inject(HttpTestingController).match(() => true)) req.flush({ items: [], total: 0 });
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(text(el, '#bulk-note-count')).toBe('0/2.000 ký tự');
    type(el, '#bulk-note', 'Đồng ý');
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    expect(text(el, '#bulk-note-count')).toBe('6/2.000 ký tự');
  });

  it('a name already used is said as such, not as the general "Dữ liệu đã tồn tại."', async () => {
    const fixture = TestBed.createComponent(SavedFilters);
    fixture.componentRef.setInput('query', 'unit=VBC');
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    for (const req of http.match(() => true)) req.flush([]);
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    type(el, '#saved-filter-name', 'Quá hạn VBC');
    (el.querySelector('form.save-form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    http.expectOne('/api/me/saved-filters').flush(
      { statusCode: 409, code: 'DUPLICATE', message: 'Bạn đã có bộ lọc tên "Quá hạn VBC"', errors: [{ field: 'name', rule: 'SAVED_FILTER_NAME_TAKEN', message: 'Bạn đã có bộ lọc tên "Quá hạn VBC"' }], correlationId: 'x' },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    fixture.detectChanges();
    expect(text(el, '#saved-filter-error')).toBe('Bạn đã có bộ lọc trùng tên này.');
  });
});
