import { ChangeDetectionStrategy, Component, ElementRef, forwardRef, inject, Injector, input, signal, viewChild, ViewEncapsulation } from '@angular/core';
import { AbstractControl, ControlValueAccessor, FormControl, NG_VALIDATORS, NG_VALUE_ACCESSOR, ReactiveFormsModule, ValidationErrors, Validator } from '@angular/forms';
import { MatDatepicker, MatDatepickerModule } from '@angular/material/datepicker';
import { TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { DATE_FIELD_STYLES } from './date-theme';
import { isIsoMonth, parseMonthText } from './date-text';
import { calendarDate, nameOpenCalendar, provideViDates, VI_MONTH_FORMATS } from './vi-date-adapter';

/**
 * The app's one month field (periods of the dashboard and the briefing): typed or picked as MM/yyyy, in every
 * browser (no `<input type="month">`, which Firefox and Safari lack and English Chrome shows as "June 2020"). The
 * calendar opens on the years, then the months (Vietnamese names), and closes when a month is chosen. Form value:
 * `yyyy-MM` ('' when empty); a text that is not a month stays as typed, is named in Vietnamese under the field and
 * gives the validator error `{ monthText: message }`.
 */
@Component({
  selector: 'td-month-field',
  imports: [ReactiveFormsModule, MatDatepickerModule, TranslocoDirective],
  providers: [
    provideViDates(VI_MONTH_FORMATS),
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => MonthField), multi: true },
    { provide: NG_VALIDATORS, useExisting: forwardRef(() => MonthField), multi: true },
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: DATE_FIELD_STYLES,
  template: `
    <span class="td-date-field td-month">
      <input #text [id]="inputId()" [formControl]="inner" [matDatepicker]="picker" placeholder="mm/yyyy"
        autocomplete="off" [attr.aria-describedby]="(describedBy() ?? '') + (textError() ? ' ' + inputId() + '-text-error' : '') || null" [attr.aria-invalid]="!!textError() || null"
        (input)="typed()" (blur)="onTouched()" />
      <mat-datepicker-toggle [for]="picker" />
      <mat-datepicker #picker panelClass="td-date-panel" startView="multi-year" (opened)="named(picker)" (monthSelected)="chooseMonth($event, picker)" />
    </span>
    @if (textError()) {
      <p *transloco="let t" class="td-date-error" [id]="inputId() + '-text-error'" role="alert">{{ notRealMonth() ? t('dates.notAMonth', { text: typedText() }) + ' ' : '' }}{{ t('dates.monthFormat') }}</p>
    }
  `,
})
export class MonthField implements ControlValueAccessor, Validator {
  /** The id of the text box (the page's `<label for>`). */
  readonly inputId = input.required<string>();
  /** ids of hints and error lines describing the field. */
  readonly describedBy = input<string | null>(null);

  private readonly text = viewChild.required<ElementRef<HTMLInputElement>>('text');
  protected readonly inner = new FormControl<Date | null>(null);
  protected readonly textError = signal<string | null>(null);
  /** The text as typed when it is not a month; MM/yyyy-shaped but not a month (13/2020) is said before the format. */
  protected readonly typedText = signal('');
  protected readonly notRealMonth = signal(false);
  private value = '';
  private onChange: (value: string) => void = () => undefined;
  protected onTouched: () => void = () => undefined;
  private onValidatorChange: () => void = () => undefined;

  private readonly injector = inject(Injector);
  private readonly transloco = inject(TranslocoService);
  /** The open calendar's dialog is named (axe aria-dialog-name). */
  protected named(picker: MatDatepicker<Date>): void {
    nameOpenCalendar(picker.id, this.transloco.translate('dates.pickMonth'), this.injector);
  }

  /** A month chosen in the calendar: taken at once (the day view is never shown). */
  protected chooseMonth(month: Date, picker: MatDatepicker<Date>): void {
    this.inner.setValue(month, { emitEvent: false });
    this.set(`${month.getFullYear()}-${String(month.getMonth() + 1).padStart(2, '0')}`, null);
    picker.close();
  }

  protected typed(): void {
    const raw = this.text().nativeElement.value;
    const parsed = parseMonthText(raw);
    this.typedText.set(raw.trim());
    this.notRealMonth.set(/^\d{1,2}\/\d{4}$/.test(raw.trim()));
    if (parsed.error !== undefined) this.set(raw.trim(), parsed.error);
    else this.set(parsed.value ?? '', null);
  }

  private set(value: string, error: string | null): void {
    const changed = value !== this.value || error !== this.textError();
    this.value = value;
    this.textError.set(error);
    if (changed) {
      this.onChange(value);
      this.onValidatorChange();
    }
  }

  writeValue(value: unknown): void {
    this.value = typeof value === 'string' ? value : '';
    this.textError.set(null);
    this.inner.setValue(isIsoMonth(this.value) ? calendarDate(this.value) : null, { emitEvent: false });
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
    return error ? { monthText: error } : null;
  }
  registerOnValidatorChange(fn: () => void): void {
    this.onValidatorChange = fn;
  }
}
