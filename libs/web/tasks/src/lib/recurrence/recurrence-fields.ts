import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import type { FieldError } from '@tiendo/contracts';
import { dayOfWeek, LocalDate, WorkingCalendar } from '@tiendo/domain';
import { LocalDatePipe, TranslocoDirective } from '@tiendo/web-i18n';
import { FieldErrorText } from '@tiendo/web-ui';
import { DateField } from '@tiendo/web-ui/dates';
import { DAY_OFF_SHIFTS, RECURRENCE_FREQUENCIES, recurrencePreview, RecurrenceGroup, syncRecurrenceControls } from './recurrence-form';

/**
 * A task's recurrence in a form (issue #11): does it repeat, how (every month on a day or on its last working day,
 * every quarter, every year, every N working days), how many working days ahead each occurrence is made, until when;
 * and the next three occurrences it would make, on the server's working calendar. The API's field errors
 * (`recurrence.rule.on.day`, …) are shown beside their fields.
 */
@Component({
  selector: 'td-recurrence-fields',
  imports: [ReactiveFormsModule, TranslocoDirective, FieldErrorText, DateField, LocalDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    fieldset { border: 1px solid #d0d5dd; border-radius: 6px; padding: 0.75rem; margin: 0; min-width: 0; }
    legend { font-weight: 600; padding: 0 0.25rem; }
    .row { display: flex; flex-wrap: wrap; gap: 0.75rem; }
    .row > .field { flex: 1 1 12rem; min-width: 0; }
    input[type='number'] { max-width: 8rem; }
    select { max-width: 100%; }
    /* A field whose choices are phrases ("lùi sang ngày làm việc kế tiếp") is as wide as its longest one: the row
       wraps instead of cutting it; on a phone it is the fieldset's width at most. */
    .row > .field.fit { flex: 0 1 auto; max-width: 100%; }
    .preview { margin: 0.5rem 0 0; padding-left: 1.2rem; }
  `,
  template: `
    <ng-container *transloco="let t">
      <fieldset [formGroup]="group()" data-testid="recurrence">
        <legend>{{ t('recurrence.legend') }}</legend>
        <div class="field">
          <label [for]="id('frequency')">{{ t('recurrence.frequency') }}</label>
          <select [id]="id('frequency')" formControlName="frequency" [attr.aria-describedby]="id('frequency-error')">
            @for (f of frequencies; track f) {
              <option [value]="f">{{ t('recurrence.frequencies.' + (f || 'none')) }}</option>
            }
          </select>
          <div [id]="id('frequency-error')"><td-field-error [errors]="err('recurrence.rule.frequency', 'recurrence.rule', 'recurrence')" /></div>
        </div>
        @if (frequency(); as f) {
          @if (f !== 'working_days') {
            <div class="row">
              @if (f === 'quarterly') {
                <div class="field">
                  <label [for]="id('moq')">{{ t('recurrence.monthOfQuarter') }}</label>
                  <select [id]="id('moq')" formControlName="monthOfQuarter" [attr.aria-describedby]="id('moq-error')">
                    @for (m of [1, 2, 3]; track m) { <option [ngValue]="m">{{ t('recurrence.monthOfQuarterN', { n: m }) }}</option> }
                  </select>
                  <div [id]="id('moq-error')"><td-field-error [errors]="err('recurrence.rule.monthOfQuarter')" /></div>
                </div>
              }
              @if (f === 'yearly') {
                <div class="field">
                  <label [for]="id('month')">{{ t('recurrence.month') }}</label>
                  <select [id]="id('month')" formControlName="month" [attr.aria-describedby]="id('month-error')">
                    @for (m of months; track m) { <option [ngValue]="m">{{ t('recurrence.monthN', { n: m }) }}</option> }
                  </select>
                  <div [id]="id('month-error')"><td-field-error [errors]="err('recurrence.rule.month')" /></div>
                </div>
              }
              <div class="field fit">
                <label [for]="id('day-kind')">{{ t('recurrence.dayKind') }}</label>
                <select [id]="id('day-kind')" formControlName="dayKind">
                  <option value="day">{{ t('recurrence.dayKinds.day') }}</option>
                  <option value="last_working_day">{{ t('recurrence.dayKinds.last_working_day') }}</option>
                </select>
              </div>
              @if (dayKind() === 'day') {
                <div class="field">
                  <label [for]="id('day')">{{ t('recurrence.day') }} *</label>
                  <input [id]="id('day')" type="number" inputmode="numeric" min="1" max="31" formControlName="day"
                    [attr.aria-invalid]="invalid('day') || !!err('recurrence.rule.on.day').length" [attr.aria-describedby]="id('day-error')" />
                  <div [id]="id('day-error')">
                    @if (invalid('day')) { <span class="field-error">{{ t('recurrence.errors.day') }}</span> }
                    <td-field-error [errors]="err('recurrence.rule.on.day')" />
                  </div>
                </div>
                <div class="field fit">
                  <label [for]="id('day-off')">{{ t('recurrence.onDayOffLabel') }}</label>
                  <select [id]="id('day-off')" formControlName="onDayOff">
                    @for (s of shifts; track s) { <option [value]="s">{{ t('recurrence.onDayOff.' + s) }}</option> }
                  </select>
                </div>
              }
            </div>
          } @else {
            <div class="field">
              <label [for]="id('interval')">{{ t('recurrence.interval') }} *</label>
              <input [id]="id('interval')" type="number" inputmode="numeric" min="1" max="260" formControlName="interval"
                [attr.aria-invalid]="invalid('interval') || !!err('recurrence.rule.interval').length" [attr.aria-describedby]="id('interval-error')" />
              <div [id]="id('interval-error')">
                @if (invalid('interval')) { <span class="field-error">{{ t('recurrence.errors.interval') }}</span> }
                <td-field-error [errors]="err('recurrence.rule.interval')" />
              </div>
            </div>
          }
          <div class="row">
            <div class="field">
              <label [for]="id('ahead')">{{ t('recurrence.ahead') }} *</label>
              <input [id]="id('ahead')" type="number" inputmode="numeric" min="0" max="60" formControlName="aheadWorkingDays"
                [attr.aria-invalid]="invalid('aheadWorkingDays') || !!err('recurrence.aheadWorkingDays').length" [attr.aria-describedby]="id('ahead-hint') + ' ' + id('ahead-error')" />
              <span class="hint" [id]="id('ahead-hint')">{{ t('recurrence.aheadHint') }}</span>
              <div [id]="id('ahead-error')">
                @if (invalid('aheadWorkingDays')) { <span class="field-error">{{ t('recurrence.errors.ahead') }}</span> }
                <td-field-error [errors]="err('recurrence.aheadWorkingDays')" />
              </div>
            </div>
            <div class="field">
              <label [for]="id('ends')">{{ t('recurrence.endsOn') }}</label>
              <td-date-field [inputId]="id('ends')" formControlName="endsOn" [min]="today()" [describedBy]="id('ends-hint') + ' ' + id('ends-error')" />
              <span class="hint" [id]="id('ends-hint')">{{ t('recurrence.endsOnHint') }}</span>
              <div [id]="id('ends-error')"><td-field-error [errors]="err('recurrence.endsOn')" /></div>
            </div>
          </div>
          <div aria-live="polite" [id]="id('preview')">
            @if (preview().length) {
              <p class="hint">{{ t('recurrence.previewTitle') }}</p>
              <ol class="preview" data-testid="recurrence-preview">
                @for (o of preview(); track o.key) {
                  <li>{{ t('weekday.' + weekday(o.deadline)) }}, {{ o.deadline | tdDate }} · {{ t('recurrence.createdOn', { day: (o.createOn | tdDate) }) }}</li>
                }
              </ol>
            }
          </div>
        }
      </fieldset>
    </ng-container>
  `,
})
export class RecurrenceFields implements OnInit {
  /** The form's `recurrence` group (recurrenceGroup()). */
  readonly group = input.required<RecurrenceGroup>();
  /** The task's deadline as the form holds it (YYYY-MM-DD or ''): the series starts the day after. */
  readonly deadline = input<string>('');
  readonly today = input.required<LocalDate>();
  /** The server's working calendar (null while loading: no preview yet). */
  readonly calendar = input<WorkingCalendar | null>(null);
  /** The API's field errors of the whole form (FormOutcome.errors(): by first segment, here `recurrence`). */
  readonly errors = input<Record<string, readonly FieldError[]>>({});
  /** Prefix of the ids (a page may hold one recurrence). */
  readonly idPrefix = input('r');

  private readonly destroyRef = inject(DestroyRef);
  protected readonly frequencies = RECURRENCE_FREQUENCIES;
  protected readonly shifts = DAY_OFF_SHIFTS;
  protected readonly months = Array.from({ length: 12 }, (_, i) => i + 1);
  /** The group's value, as a signal (the preview and the shown fields follow it). */
  private readonly value = signal<ReturnType<RecurrenceGroup['getRawValue']> | null>(null);
  protected readonly frequency = computed(() => this.value()?.frequency ?? '');
  protected readonly dayKind = computed(() => this.value()?.dayKind ?? 'day');
  protected readonly preview = computed(() => {
    const v = this.value();
    return v ? recurrencePreview(v, this.deadline(), this.today(), this.calendar()) : [];
  });

  ngOnInit(): void {
    const group = this.group();
    syncRecurrenceControls(group);
    this.value.set(group.getRawValue());
    group.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      syncRecurrenceControls(group);
      this.value.set(group.getRawValue());
    });
  }

  protected id(part: string): string {
    return `${this.idPrefix()}-${part}`;
  }

  protected weekday(day: LocalDate): number {
    return dayOfWeek(day);
  }

  protected invalid(name: 'day' | 'interval' | 'aheadWorkingDays'): boolean {
    const c = this.group().controls[name];
    return c.enabled && c.invalid && (c.touched || c.dirty);
  }

  /** The API's errors of these fields (full paths: `recurrence.rule.on.day`), together. */
  protected err(...fields: string[]): FieldError[] {
    return (this.errors()['recurrence'] ?? []).filter((e) => fields.includes(e.field));
  }
}
