import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { dayOfWeek, isLocalDate, LocalDate, toLocalDate } from '@tiendo/domain';
import { apiError, DaysOffCalendar, DirectoryApi, FormOutcome } from '@tiendo/web-data-access';
import { LocalDatePipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { CharCount, ConfirmDialog, ControlErrorText, FieldErrorText, FocusFirstErrorOnSubmit, FormAction, FormErrorBanner, LoadState } from '@tiendo/web-ui';
import { DateField } from '@tiendo/web-ui/dates';
import { DayOffRow, HolidayYear, holidayYear, WorkedDayRow } from './holiday-year';

/** A Saturday or a Sunday, as `POST /api/holidays/working-days` requires (its rule `isWeekendDay`). */
function weekendDay(control: AbstractControl<string>): ValidationErrors | null {
  const v = control.value;
  return !v || !isLocalDate(v) || [0, 6].includes(dayOfWeek(v)) ? null : { isWeekendDay: true };
}

const dayForm = () =>
  new FormGroup({
    date: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(255)] }),
  });
type DayForm = ReturnType<typeof dayForm>;

/**
 * Vietnam's days off of a year and the admin's changes to them. The law's days (Labour Code 2019 art. 111-112:
 * Tết, Hùng Kings' day, 30/4, 1/5, 2/9 and its adjacent day, compensatory days) are computed in libs/domain for
 * every year; the admin records the Government's yearly decisions on top: a day off added (a bridge day, the
 * weekday of a swap), a law's day made a working day, a Saturday or Sunday worked; each can be undone. They move
 * reminders and count in every working-day computation.
 */
@Component({
  selector: 'td-holidays-admin-page',
  imports: [ReactiveFormsModule, DateField, TranslocoDirective, LocalDatePipe, FieldErrorText, LoadState, FormErrorBanner, FocusFirstErrorOnSubmit, CharCount, ControlErrorText],
  templateUrl: './holidays-admin-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HolidaysAdminPage {
  private readonly directory = inject(DirectoryApi);
  private readonly daysOff = inject(DaysOffCalendar);
  private readonly transloco = inject(TranslocoService);
  private readonly confirmDialog = inject(ConfirmDialog);
  protected readonly year = signal(Number(toLocalDate(new Date()).slice(0, 4)));
  protected readonly view = signal<HolidayYear | null>(null);
  protected readonly loadError = signal<string | null>(null);
  /** The row actions (make a working day, restore, remove, undo a worked day): one banner above the tables. */
  protected readonly rowOutcome = new FormOutcome();
  protected readonly rowAction = signal<FormAction>('holidayRemove');
  protected readonly dayOffOutcome = new FormOutcome();
  protected readonly workingDayOutcome = new FormOutcome();
  protected readonly weekday = dayOfWeek;
  protected readonly dayOffForm = dayForm();
  protected readonly workingDayForm = dayForm();
  private loads = 0;

  constructor() {
    this.workingDayForm.controls.date.addValidators(weekendDay);
    void this.load();
  }

  /**
   * Loads the shown year's changes; an answer for a year left meanwhile is dropped. `calendarChanged`: a change was
   * just asked of the API, so the date fields' calendar (`GET /api/holidays/changes`) is read again too.
   */
  protected async load(calendarChanged = false): Promise<void> {
    const seq = ++this.loads;
    const year = this.year();
    this.loadError.set(null);
    try {
      const changes = await this.directory.holidayChanges(year);
      if (seq === this.loads) this.view.set(holidayYear(year, changes));
      // The date fields' marks and names follow the changes made here without a page reload (moving between years
      // changes nothing: no second request then).
      if (calendarChanged) void this.daysOff.refresh();
    } catch (err) {
      if (seq === this.loads) this.loadError.set(apiError(err).code);
    }
  }

  protected changeYear(delta: number): void {
    this.showYear(this.year() + delta);
  }

  /** The catalogue key of a form field's own (client-side) error, once the field was touched. */
  protected fieldError(control: AbstractControl): string | null {
    if (!control.touched || !control.errors) return null;
    const e = control.errors;
    if (e['required']) return 'errors.required';
    if (e['maxlength']) return 'errors.rule.maxLength';
    if (e['isWeekendDay']) return 'errors.rule.isWeekendDay';
    if (e['changed']) return 'admin.dateChanged';
    return null;
  }

  /** Adds a day off (a bridge day, the weekday of a swap); the page then shows that day's year. */
  protected async addDayOff(): Promise<void> {
    const value = this.valid(this.dayOffForm);
    if (!value) return;
    if (await this.dayOffOutcome.run(() => this.directory.addHoliday(value.date, value.name), 'admin.created')) {
      this.dayOffForm.reset();
      this.showYear(Number(value.date.slice(0, 4)), true);
    }
  }

  /** Adds a Saturday or Sunday worked (ngày làm bù); the page then shows that day's year. */
  protected async addWorkingDay(): Promise<void> {
    const value = this.valid(this.workingDayForm);
    if (!value) return;
    if (await this.workingDayOutcome.run(() => this.directory.addWorkingDay(value.date, value.name), 'admin.created')) {
      this.workingDayForm.reset();
      this.showYear(Number(value.date.slice(0, 4)), true);
    }
  }

  /** A day off stops being one: an added day is deleted, a law's weekday holiday becomes a working day. */
  protected async removeDayOff(day: DayOffRow): Promise<void> {
    const key = day.byLaw ? 'admin.confirmMakeWorking' : 'admin.confirmRemoveDayOff';
    const title = this.transloco.translate(key, { name: day.name, date: this.shortDate(day.date) });
    if (!(await this.confirmDialog.ask({ title, confirm: this.transloco.translate(day.byLaw ? 'confirm.makeWorking' : 'confirm.delete'), danger: true }))) return;
    await this.rowChange('holidayRemove', () => this.directory.removeHoliday(day.date), day.byLaw ? 'admin.madeWorking' : 'admin.removed');
  }

  /** Undoes a worked day: a worked weekend day is a weekend again; a law's day is a day off again. */
  protected async undoWorkedDay(day: WorkedDayRow): Promise<void> {
    if (day.kind === 'noEffect') return;
    const title = this.transloco.translate('admin.confirmUndoWorked', { name: day.name, date: this.shortDate(day.date) });
    if (!(await this.confirmDialog.ask({ title, confirm: this.transloco.translate('confirm.remove'), danger: true }))) return;
    if (day.kind === 'weekend') await this.rowChange('workingDayRemove', () => this.directory.removeWorkingDay(day.date), 'admin.undone');
    else await this.rowChange('holiday', () => this.directory.addHoliday(day.date, day.lawName ?? day.name), 'admin.undone');
  }

  private async rowChange(action: FormAction, change: () => Promise<unknown>, notice: string): Promise<void> {
    this.rowAction.set(action);
    // A 204 resolves to null: success is told by the notice, a failure by the error.
    await this.rowOutcome.run(change, notice);
    await this.load(true);
  }

  /** The form's trimmed value when it passes the client's checks (also: the date has no change yet), else null. */
  private valid(form: DayForm): { date: LocalDate; name: string } | null {
    form.markAllAsTouched();
    const { date, name } = form.getRawValue();
    // The server refuses a second change of one date (409): say so beside the field before asking, when the shown
    // year is that date's. (A day off may replace a working-day change: the server allows it.)
    const view = this.view();
    if (form === this.workingDayForm && form.controls.date.valid && view?.changed.has(date) && date.startsWith(`${view.year}-`)) {
      form.controls.date.setErrors({ changed: true });
    }
    if (form.invalid || !name.trim()) {
      if (!name.trim()) form.controls.name.setErrors({ required: true });
      return null;
    }
    return { date, name: name.trim() };
  }

  private showYear(year: number, calendarChanged = false): void {
    this.year.set(year);
    void this.load(calendarChanged);
  }

  private shortDate(date: LocalDate): string {
    return date.split('-').reverse().join('/');
  }
}
