import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, forwardRef, inject, Injector, input, signal, viewChild, ViewEncapsulation } from '@angular/core';
import { AbstractControl, ControlValueAccessor, FormControl, NG_VALIDATORS, NG_VALUE_ACCESSOR, ReactiveFormsModule, ValidationErrors, Validator } from '@angular/forms';
import { MatCalendarCellClassFunction, MatDatepicker, MatDatepickerModule } from '@angular/material/datepicker';
import { dayOfWeek, formatLocalDate, isLocalDate, type LocalDate } from '@tiendo/domain';
import { TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { DATE_FIELD_STYLES } from './date-theme';
import { parseDayText, weekendName } from './date-text';
import { DAYS_OFF, workingDayOffer } from './days-off';
import { calendarDate, isoDay, nameOpenCalendar, provideViDates } from './vi-date-adapter';

/**
 * The app's one date field: typed or picked, always dd/MM/yyyy (8/2/2027 is accepted too), whatever the browser's
 * language; the calendar (Angular Material's datepicker, date-fns `vi`: Vietnamese names, weeks from Monday,
 * keyboard and screen reader support) marks the days off. Its form value is an ISO day `yyyy-MM-dd` ('' when
 * empty), so API contracts are unchanged; a text that is not a day stays in the form as typed (the API refuses it)
 * and is named under the field in Vietnamese, with the validator error `{ dayText: message }`.
 *
 * With `offerWorkingDay`, a day off chosen (a deadline on "Quốc khánh", a Sunday) is named and the working day
 * before is offered, one click away. Label it with `<label [for]>` = `inputId`.
 */
@Component({
  selector: 'td-date-field',
  imports: [ReactiveFormsModule, MatDatepickerModule, TranslocoDirective],
  providers: [
    provideViDates(),
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => DateField), multi: true },
    { provide: NG_VALIDATORS, useExisting: forwardRef(() => DateField), multi: true },
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: DATE_FIELD_STYLES,
  host: { class: 'td-date-host' },
  template: `
    <span class="td-date-field">
      <input #text [id]="inputId()" [formControl]="inner" [matDatepicker]="picker" [min]="minDate()" [max]="maxDate()"
        placeholder="dd/mm/yyyy" autocomplete="off" [attr.aria-describedby]="describedByAll()"
        [attr.aria-invalid]="ariaInvalid() || !!textError() || !!rangeError() || null" (input)="typed()" (blur)="touched()" />
      <mat-datepicker-toggle [for]="picker" />
      <mat-datepicker #picker panelClass="td-date-panel" [dateClass]="dayClass" (opened)="named(picker)" (closed)="touched()" />
    </span>
    <ng-container *transloco="let t">
      @if (textError()) {
        <p class="td-date-error" [id]="inputId() + '-text-error'" role="alert">{{ notRealDay() ? t('dates.notADay', { text: value() }) + ' ' : '' }}{{ t('dates.dayFormat') }}</p>
      }
      @if (rangeError(); as range) {
        <p class="td-date-error" [id]="inputId() + '-range-error'" role="alert">{{ t(range.key, { day: range.label }) }}</p>
      }
      @if (offerWorkingDay() && dayOff(); as off) {
        <p class="td-day-off-note" [id]="inputId() + '-day-off'" role="status">
          {{ t('dates.dayOff', { day: off.label, name: off.weekday === null ? off.name : t('weekday.' + off.weekday) }) }}
          @if (off.offer; as offer) {
            <button type="button" class="btn small" (click)="choose(offer.day)">{{ t(offer.after ? 'dates.workingDayAfter' : 'dates.workingDayBefore', { day: t('weekday.' + offer.dow) + ', ' + offer.label }) }}</button>
          }
        </p>
      }
    </ng-container>
  `,
})
export class DateField implements ControlValueAccessor, Validator {
  /** The id of the text box (the page's `<label for>`). */
  readonly inputId = input.required<string>();
  /** ids of hints and error lines describing the field (`aria-describedby`). */
  readonly describedBy = input<string | null>(null);
  /** Set by the page when the server refused the value. */
  readonly ariaInvalid = input(false);
  /** The earliest and latest days that may be picked, ISO; the calendar greys out the others. */
  readonly min = input<string | null | undefined>(null);
  readonly max = input<string | null | undefined>(null);
  /**
   * Name a chosen day off and offer the working day before (deadlines); when that day is outside `min`/`max`, the
   * working day after; when both are, none.
   */
  readonly offerWorkingDay = input(false);

  private readonly daysOff = inject(DAYS_OFF);
  private readonly text = viewChild.required<ElementRef<HTMLInputElement>>('text');
  protected readonly inner = new FormControl<Date | null>(null);
  protected readonly textError = signal<string | null>(null);
  protected readonly value = signal<string>('');
  /** The text has the shape dd/MM/yyyy but names no day (31/02/2027), said before the format. */
  protected readonly notRealDay = computed(() => /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(this.value()));
  /** Bumped when the calendar of days off has loaded, so the marks and the note are recomputed. */
  private readonly calendarLoaded = signal(0);
  protected readonly minDate = computed(() => isoOrNull(this.min()));
  protected readonly maxDate = computed(() => isoOrNull(this.max()));
  protected readonly dayOff = computed(() => {
    this.calendarLoaded();
    const day = this.value();
    if (!isLocalDate(day)) return null;
    const name = this.daysOff.nameOf(day);
    if (name === null) return null;
    const found = workingDayOffer(this.daysOff, day, isLocalDate(this.min() ?? '') ? (this.min() as LocalDate) : null, isLocalDate(this.max() ?? '') ? (this.max() as LocalDate) : null);
    const offer = found && { ...found, dow: dayOfWeek(found.day), label: formatLocalDate(found.day) };
    // A plain weekend is named by the weekday in the app's language (the catalogue); a holiday by its own name.
    return { name, weekday: name === weekendName(day) ? dayOfWeek(day) : null, label: formatLocalDate(day), offer };
  });
  /**
   * A day outside the field's limits (before `min`, after `max`), said under the field before anything is sent:
   * "Chọn ngày từ 16/03/2027 trở đi." The calendar greys out the same days.
   */
  protected readonly rangeError = computed(() => {
    const day = this.value();
    if (!isLocalDate(day)) return null;
    const min = this.min();
    const max = this.max();
    if (min && isLocalDate(min) && day < min) return { key: 'dates.beforeMin', label: formatLocalDate(min), error: { dayMin: min } };
    if (max && isLocalDate(max) && day > max) return { key: 'dates.afterMax', label: formatLocalDate(max), error: { dayMax: max } };
    return null;
  });
  /** The page's hints and errors, then the field's own lines (the text error, the day-off note) for screen readers. */
  protected readonly describedByAll = computed(() => {
    const ids = [this.describedBy()];
    if (this.textError()) ids.push(`${this.inputId()}-text-error`);
    if (this.rangeError()) ids.push(`${this.inputId()}-range-error`);
    if (this.offerWorkingDay() && this.dayOff()) ids.push(`${this.inputId()}-day-off`);
    return ids.filter(Boolean).join(' ') || null;
  });
  protected readonly dayClass: MatCalendarCellClassFunction<Date> = (date, view) =>
    view === 'month' && this.daysOff.nameOf(isoDay(date)) !== null ? 'td-day-off' : '';

  private onChange: (value: string) => void = () => undefined;
  private onTouched: () => void = () => undefined;
  private onValidatorChange: () => void = () => undefined;

  constructor() {
    // The limits may change after the value (the extension dialog's task arrives): the form is validated again.
    effect(() => {
      this.min();
      this.max();
      this.onValidatorChange();
    });
    void this.daysOff.ready().then(() => this.calendarLoaded.update((n) => n + 1));
    this.inner.valueChanges.subscribe((date) => {
      // A typed text is read by `typed()`; here a day picked in the calendar (or a valid text) arrives.
      if (date && !isNaN(date.getTime())) this.set(isoDay(date), null);
    });
  }

  /** The text as typed: a day, empty, or not a day (kept, and named). */
  protected typed(): void {
    const raw = this.text().nativeElement.value;
    const parsed = parseDayText(raw);
    if (parsed.error !== undefined) this.set(raw.trim(), parsed.error);
    else this.set(parsed.value ?? '', null);
  }

  protected touched(): void {
    this.onTouched();
  }

  private readonly injector = inject(Injector);
  private readonly transloco = inject(TranslocoService);
  /** The open calendar's dialog is named (axe aria-dialog-name). */
  protected named(picker: MatDatepicker<Date>): void {
    nameOpenCalendar(picker.id, this.transloco.translate('dates.pickDay'), this.injector);
  }

  /** Takes the offered working day. */
  protected choose(day: LocalDate): void {
    this.inner.setValue(calendarDate(day), { emitEvent: false });
    this.set(day, null);
    this.text().nativeElement.focus();
  }

  private set(value: string, error: string | null): void {
    const changed = value !== this.value() || error !== this.textError();
    this.textError.set(error);
    this.value.set(value);
    if (changed) {
      this.onChange(value);
      this.onValidatorChange();
    }
  }

  writeValue(value: unknown): void {
    const v = typeof value === 'string' ? value : '';
    this.value.set(v);
    this.textError.set(null);
    this.inner.setValue(isLocalDate(v) ? calendarDate(v) : null, { emitEvent: false });
  }
  registerOnChange(fn: (value: string) => void): void {
    this.onChange = fn;
  }
  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }
  setDisabledState(disabled: boolean): void {
    if (disabled) this.inner.disable({ emitEvent: false });
    else this.inner.enable({ emitEvent: false });
  }
  validate(_control: AbstractControl): ValidationErrors | null {
    const error = this.textError();
    return error ? { dayText: error } : (this.rangeError()?.error ?? null);
  }
  registerOnValidatorChange(fn: () => void): void {
    this.onValidatorChange = fn;
  }
}

function isoOrNull(value: string | null | undefined): Date | null {
  return value && isLocalDate(value) ? calendarDate(value) : null;
}
