import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { Language, provideI18n, TranslocoService } from '@tiendo/web-i18n';
import { firstValueFrom } from 'rxjs';
import { DateField } from './date-field';
import { weekendName } from './date-text';
import { DAYS_OFF, type DaysOff } from './days-off';
import { MonthField } from './month-field';

/** Quốc khánh 2026 (Wednesday 02/09) with its adjacent day (Tuesday 01/09), as the server's calendar names them. */
const SEPTEMBER_2026: DaysOff = {
  nameOf: (d) => ({ '2026-09-01': 'Quốc khánh (ngày liền kề)', '2026-09-02': 'Quốc khánh', '2020-01-01': 'Tết Dương lịch', '2027-01-01': 'Tết Dương lịch' })[d] ?? weekendName(d),
  ready: () => Promise.resolve(),
};

@Component({
  imports: [ReactiveFormsModule, DateField, MonthField],
  template: `<td-date-field inputId="d" [formControl]="day" [offerWorkingDay]="true" [min]="min" [max]="max" /><td-month-field inputId="m" [formControl]="month" />`,
})
class Host {
  readonly day = new FormControl('2027-02-08', { nonNullable: true });
  readonly month = new FormControl('2020-06', { nonNullable: true });
  min: string | null = null;
  max: string | null = null;
}

async function render(language: 'vi' | 'en' = 'vi', limits: { min?: string; max?: string; day?: string } = {}) {
  TestBed.configureTestingModule({ providers: [provideI18n(), { provide: DAYS_OFF, useValue: SEPTEMBER_2026 }] });
  const transloco = TestBed.inject(TranslocoService);
  await firstValueFrom(transloco.load(language));
  // The app's language, as the user's choice sets it (the catalogue and the calendar's names follow it).
  TestBed.inject(Language).set(language);
  const fixture = TestBed.createComponent(Host);
  fixture.componentInstance.min = limits.min ?? null;
  fixture.componentInstance.max = limits.max ?? null;
  if (limits.day) fixture.componentInstance.day.setValue(limits.day);
  fixture.detectChanges();
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  const input = (id: string) => el.querySelector<HTMLInputElement>(`#${id}`) as HTMLInputElement;
  const type = async (id: string, text: string) => {
    input(id).value = text;
    input(id).dispatchEvent(new Event('input'));
    fixture.detectChanges();
    await fixture.whenStable();
  };
  return { fixture, host: fixture.componentInstance, el, input, type };
}

describe('td-date-field and td-month-field: ISO in the form, dd/MM/yyyy and MM/yyyy on screen', () => {
  afterEach(() => localStorage.removeItem('tiendo.language'));
  it('shows the form’s ISO values the Vietnamese way', async () => {
    const { input } = await render();
    expect(input('d').value).toBe('08/02/2027');
    expect(input('m').value).toBe('06/2020');
  });

  it('turns typed text into ISO values (8/2/2027 too)', async () => {
    const { host, type } = await render();
    await type('d', '8/3/2027');
    expect(host.day.value).toBe('2027-03-08');
    expect(host.day.valid).toBe(true);
    await type('m', '7/2020');
    expect(host.month.value).toBe('2020-07');
    await type('d', '');
    expect(host.day.value).toBe('');
  });

  it('keeps a day that does not exist as typed, invalid, and says why in Vietnamese', async () => {
    const { host, type, el, input } = await render();
    await type('d', '31/02/2027');
    expect(host.day.value).toBe('31/02/2027');
    expect(host.day.errors).toEqual({ dayText: '31/02/2027 không phải là một ngày có thật. Nhập ngày theo dạng dd/MM/yyyy, ví dụ 08/02/2027' });
    expect(el.querySelector('#d-text-error')?.textContent).toContain('31/02/2027 không phải là một ngày có thật');
    expect(input('d').getAttribute('aria-invalid')).toBe('true');
    expect(input('d').getAttribute('aria-describedby')).toContain('d-text-error');
    await type('m', '13/2020');
    expect(host.month.errors?.['monthText']).toContain('13/2020 không phải là một tháng có thật');
  });

  it('names a day off and sets the working day before in one click', async () => {
    const { host, type, el, fixture } = await render();
    await type('d', '02/09/2026');
    const note = el.querySelector('#d-day-off') as HTMLElement;
    expect(note.textContent).toContain('02/09/2026 là ngày nghỉ: Quốc khánh.');
    const offer = note.querySelector('button') as HTMLButtonElement;
    expect(offer.textContent?.trim()).toBe('Chọn ngày làm việc trước đó: Thứ Hai, 31/08/2026');
    offer.click();
    fixture.detectChanges();
    await fixture.whenStable();
    expect(host.day.value).toBe('2026-08-31');
    expect(el.querySelector('#d-day-off')).toBeNull();
    await type('d', '06/09/2026');
    expect(el.querySelector('#d-day-off')?.textContent).toContain('06/09/2026 là ngày nghỉ: Chủ nhật.');
  });
  it('the open calendar is named, and each button’s name contains its visible text (axe: aria-dialog-name, label-content-name-mismatch)', async () => {
    const { el, fixture } = await render();
    (el.querySelector('mat-datepicker-toggle button') as HTMLButtonElement).click();
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    const dialog = document.querySelector('.mat-datepicker-content-container') as HTMLElement;
    expect(dialog.getAttribute('aria-label') || dialog.getAttribute('aria-labelledby')).toBe('Chọn ngày');
    const cells = [...document.querySelectorAll<HTMLButtonElement>('.mat-calendar-body-cell')];
    const first = cells.find((c) => c.textContent?.trim() === '1') as HTMLButtonElement;
    expect(first.getAttribute('aria-label')).toBe('1, Thứ Hai, 01/02/2027');
    for (const cell of cells) expect(cell.getAttribute('aria-label')?.split(',')[0]).toBe(cell.textContent?.trim());
    const period = document.querySelector('.mat-calendar-period-button') as HTMLButtonElement;
    expect(period.getAttribute('aria-label')?.toLowerCase()).toContain((period.textContent ?? '').trim().toLowerCase());
  });
  it('speaks the app’s language: the invalid-day and invalid-month lines and the day-off note in English', async () => {
    const { type, el } = await render('en');
    await type('d', '31/02/2027');
    expect(el.querySelector('#d-text-error')?.textContent?.trim()).toBe('31/02/2027 is not a real day. Type the day as dd/MM/yyyy, e.g. 08/02/2027');
    await type('m', '13/2020');
    expect(el.querySelector('#m-text-error')?.textContent?.trim()).toBe('13/2020 is not a real month. Type the month as MM/yyyy, e.g. 06/2020');
    await type('d', '02/09/2026');
    const note = el.querySelector('#d-day-off') as HTMLElement;
    expect(note.textContent).toContain('02/09/2026 is a day off: Quốc khánh.');
    expect(note.querySelector('button')?.textContent?.trim()).toBe('Choose the working day before: Monday, 31/08/2026');
  });

  it('names weekend days off in the app’s language (English: Sunday, not Chủ nhật)', async () => {
    const { type, el } = await render('en');
    await type('d', '05/09/2027');
    expect(el.querySelector('#d-day-off')?.textContent).toContain('05/09/2027 is a day off: Sunday.');
    expect(el.querySelector('#d-day-off')?.textContent).not.toContain('Chủ nhật');
  });

  it('the month calendar shows "Tháng 1" and names it "Tháng 1 năm 2019": its visible text in its name', async () => {
    const { el, fixture, type } = await render();
    await type('m', '06/2019');
    (el.querySelectorAll('mat-datepicker-toggle button')[1] as HTMLButtonElement).click();
    fixture.detectChanges();
    await fixture.whenStable();
    (document.querySelector('.mat-calendar-body-cell') as HTMLButtonElement).click(); // the multi-year view: a year
    fixture.detectChanges();
    await fixture.whenStable();
    const cells = [...document.querySelectorAll<HTMLButtonElement>('.mat-calendar-body-cell')];
    expect(cells).toHaveLength(12);
    const january = cells[0];
    expect(january.textContent?.trim().toLowerCase()).toBe('tháng 1');
    expect(january.getAttribute('aria-label')).toMatch(/^Tháng 1 năm \d{4}$/);
    for (const cell of cells) expect(cell.getAttribute('aria-label')?.toLowerCase()).toContain(cell.textContent?.trim().toLowerCase());
  });

  it('names the days off of the day calendar for screen readers: "1, Thứ Sáu, 01/01/2027, ngày nghỉ: Tết Dương lịch"', async () => {
    const { el, fixture } = await render('vi', { day: '2027-01-04' });
    (el.querySelector('mat-datepicker-toggle button') as HTMLButtonElement).click();
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    const cells = [...document.querySelectorAll<HTMLButtonElement>('.mat-calendar-body-cell')];
    const label = (n: string) => cells.find((c) => c.textContent?.trim() === n)?.getAttribute('aria-label');
    expect(label('1')).toBe('1, Thứ Sáu, 01/01/2027, ngày nghỉ: Tết Dương lịch');
    expect(label('3')).toBe('3, Chủ Nhật, 03/01/2027, ngày nghỉ: Chủ nhật');
    expect(label('4')).toBe('4, Thứ Hai, 04/01/2027');
  });

  it('keeps to its limits: a typed day before `min` is refused with the field’s own line, and the day-off offer stays inside', async () => {
    // "Đề nghị gia hạn" on a task due 15/03/2027: the new deadline is from 16/03/2027 on.
    const { host, type, el } = await render('vi', { min: '2027-03-16' });
    await type('d', '01/01/2020');
    expect(host.day.errors).toEqual({ dayMin: '2027-03-16' });
    expect(el.querySelector('#d-range-error')?.textContent?.trim()).toBe('Chọn ngày từ 16/03/2027 trở đi.');
    expect(el.querySelector('#d')?.getAttribute('aria-describedby')).toContain('d-range-error');
    // Tết Dương lịch 2020 is named, but no day outside the limits is offered (31/12/2019 nor 02/01/2020).
    expect(el.querySelector('#d-day-off')?.textContent).toContain('01/01/2020 là ngày nghỉ: Tết Dương lịch.');
    expect(el.querySelector('#d-day-off button')).toBeNull();
    await type('d', '20/03/2027');
    expect(host.day.valid).toBe(true);
    expect(el.querySelector('#d-range-error')).toBeNull();
  });

  it('offers the working day after when the day before is below `min`', async () => {
    const { type, el, host } = await render('vi', { min: '2027-01-01' });
    await type('d', '02/01/2027'); // a Saturday; Friday 01/01 is a day off and 31/12/2026 is before min
    expect(el.querySelector('#d-day-off button')?.textContent?.trim()).toBe('Chọn ngày làm việc sau đó: Thứ Hai, 04/01/2027');
    expect(host.day.valid).toBe(true);
  });

  it('a sub-task’s deadline within its parent’s: after `max` is refused', async () => {
    const { type, el, host } = await render('vi', { max: '2026-09-02' });
    await type('d', '03/09/2026');
    expect(host.day.errors).toEqual({ dayMax: '2026-09-02' });
    expect(el.querySelector('#d-range-error')?.textContent?.trim()).toBe('Chọn ngày đến hết 02/09/2026.');
    await type('d', '02/09/2026');
    expect(el.querySelector('#d-day-off button')?.textContent?.trim()).toBe('Chọn ngày làm việc trước đó: Thứ Hai, 31/08/2026');
  });
});
