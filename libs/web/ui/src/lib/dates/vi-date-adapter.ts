import { OverlayContainer } from '@angular/cdk/overlay';
import { afterNextRender, inject, Injectable, Injector, Provider } from '@angular/core';
import { DateAdapter, MAT_DATE_FORMATS, MAT_DATE_LOCALE, MatDateFormats } from '@angular/material/core';
import { MatCalendarHeader, MatDatepickerIntl } from '@angular/material/datepicker';
import { DateFnsAdapter } from '@angular/material-date-fns-adapter';
import { vi } from 'date-fns/locale/vi';
import { parseDayText, parseMonthText } from './date-text';
import { DAYS_OFF } from './days-off';
import { DialogAwareOverlayContainer } from './dialog-overlay-container';

/** The format name the month field asks the adapter to parse and display with. */
export const MONTH_FORMAT = 'MM/yyyy';

/** The day calendar's cell names: "1, Thứ Sáu, 01/01/2027" (then the day off's name, see `ViDateAdapter.format`). */
const DAY_A11Y_LABEL = 'd, EEEE, dd/MM/yyyy';

/** The month calendar's cells show "Tháng 1"…"Tháng 12" (not date-fns's "thg 1") and are named "Tháng 1 năm 2019". */
const SHORT_MONTH_NAMES = Array.from({ length: 12 }, (_, i) => `Tháng ${i + 1}`);
const MONTH_YEAR_A11Y_LABEL = "'Tháng' M 'năm' yyyy";

/**
 * date-fns's adapter with the `vi` locale (Vietnamese month and weekday names, weeks from Monday), parsing only
 * what `parseDayText`/`parseMonthText` accept: dd/MM/yyyy (and d/M/yyyy), MM/yyyy. date-fns's own parse would take
 * "8/2/27" as the year 27 and the adapter's ISO fallback "2027" as a day; a typed text means one thing here.
 */
@Injectable()
export class ViDateAdapter extends DateFnsAdapter {
  private readonly daysOff = inject(DAYS_OFF);

  /**
   * A day calendar cell's accessible name says that the day is a day off and which, as the red mark shows it to the
   * eye: "1, Thứ Sáu, 01/01/2027, ngày nghỉ: Tết Dương lịch" (from the days off the field marks, `DAYS_OFF`).
   */
  override format(date: Date, displayFormat: string): string {
    const text = super.format(date, displayFormat);
    if (displayFormat !== DAY_A11Y_LABEL || !this.isValid(date)) return text;
    const name = this.daysOff.nameOf(isoDay(date));
    return name ? `${text}, ngày nghỉ: ${name}` : text;
  }

  /** The month calendar's cells: "Tháng 1"…"Tháng 12", the words of their names (axe label-content-name-mismatch). */
  override getMonthNames(style: 'long' | 'short' | 'narrow'): string[] {
    return style === 'short' ? [...SHORT_MONTH_NAMES] : super.getMonthNames(style);
  }

  override parse(value: unknown, parseFormat: string | string[]): Date | null {
    if (typeof value !== 'string') return super.parse(value, parseFormat);
    const month = (Array.isArray(parseFormat) ? parseFormat[0] : parseFormat) === MONTH_FORMAT;
    const parsed = month ? parseMonthText(value) : parseDayText(value);
    if (parsed.error !== undefined) return this.invalid();
    if (parsed.value === null) return null;
    const [y, m, d] = parsed.value.split('-').map(Number);
    return new Date(y, m - 1, d ?? 1);
  }
}

/** Day fields: typed and shown as dd/MM/yyyy; the calendar's header "Tháng Hai 2027", its cells read "8, Thứ Hai, 08/02/2027". */
export const VI_DAY_FORMATS: MatDateFormats = {
  parse: { dateInput: 'dd/MM/yyyy' },
  display: {
    dateInput: 'dd/MM/yyyy',
    monthLabel: 'LLLL',
    monthYearLabel: 'LLLL yyyy',
    // The day's number first, as shown in its cell, so the cell's name contains its visible text (axe
    // label-content-name-mismatch): "1, Thứ Hai, 01/02/2027".
    dateA11yLabel: DAY_A11Y_LABEL,
    // A month cell shows "Tháng 1" and is named "Tháng 1 năm 2019" (its visible text, then the year).
    monthYearA11yLabel: MONTH_YEAR_A11Y_LABEL,
  },
};

/** Month fields: typed and shown as MM/yyyy. */
export const VI_MONTH_FORMATS: MatDateFormats = {
  parse: { dateInput: MONTH_FORMAT },
  display: { ...VI_DAY_FORMATS.display, dateInput: MONTH_FORMAT },
};

/** The calendar's buttons, read by screen readers, in Vietnamese. */
@Injectable()
export class ViDatepickerIntl extends MatDatepickerIntl {
  override calendarLabel = 'Lịch';
  override openCalendarLabel = 'Mở lịch';
  override closeCalendarLabel = 'Đóng lịch';
  override prevMonthLabel = 'Tháng trước';
  override nextMonthLabel = 'Tháng sau';
  override prevYearLabel = 'Năm trước';
  override nextYearLabel = 'Năm sau';
  override prevMultiYearLabel = '24 năm trước';
  override nextMultiYearLabel = '24 năm sau';
  override switchToMonthViewLabel = 'Chọn ngày';
  override switchToMultiYearViewLabel = 'Chọn tháng và năm';
}

/** The providers of a date (or month) field: the adapter, the `vi` locale, the formats, the labels, where the calendar opens. */
export function provideViDates(formats: MatDateFormats = VI_DAY_FORMATS): Provider[] {
  return [
    { provide: DateAdapter, useClass: ViDateAdapter },
    { provide: MAT_DATE_LOCALE, useValue: vi },
    { provide: MAT_DATE_FORMATS, useValue: formats },
    { provide: MatDatepickerIntl, useClass: ViDatepickerIntl },
    { provide: OverlayContainer, useClass: DialogAwareOverlayContainer },
  ];
}

/** A calendar `Date` (local midnight) → yyyy-MM-dd. */
export function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** yyyy-MM-dd (or yyyy-MM) → a calendar `Date` at local midnight. */
export function calendarDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d || 1);
}

/**
 * The calendar's period button ("THÁNG HAI 2027") is named by Material with the action alone ("Chọn tháng và năm"),
 * so its accessible name does not contain its visible text (axe label-content-name-mismatch, WCAG 2.5.3). The name
 * becomes "THÁNG HAI 2027, Chọn tháng và năm": the visible text, then the action. (Material's own getter, replaced
 * once for every calendar of the app, all of which are these fields'.)
 */
type HeaderLabels = { _periodButtonLabel: string; periodButtonText: string };
Object.defineProperty(MatCalendarHeader.prototype, 'periodButtonLabel', {
  configurable: true,
  get(this: HeaderLabels): string {
    return `${this.periodButtonText}, ${this._periodButtonLabel}`;
  },
});

/**
 * Names the open calendar's dialog (Material labels it only by a form field's label, which these fields do not use:
 * axe aria-dialog-name): `label` is "Chọn ngày" or "Chọn tháng" in the app's language. Call on the picker's `opened`.
 */
export function nameOpenCalendar(pickerId: string, label: string, injector: Injector): void {
  afterNextRender(
    () => {
      const dialog = document.getElementById(pickerId)?.closest('.mat-datepicker-content-container');
      if (dialog && !dialog.getAttribute('aria-labelledby')) dialog.setAttribute('aria-label', label);
    },
    { injector },
  );
}
