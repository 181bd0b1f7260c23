import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { HolidayView } from '@tiendo/contracts';
import { dayOfWeek, toLocalDate } from '@tiendo/domain';
import { apiError, DirectoryApi, FormOutcome } from '@tiendo/web-data-access';
import { LocalDatePipe, TranslocoDirective } from '@tiendo/web-i18n';
import { FieldErrorText, FormErrorBanner, LoadState } from '@tiendo/web-ui';


/** Public holidays and compensatory days off: they move reminders and count in working-day arithmetic. */
@Component({
  selector: 'td-holidays-admin-page',
  imports: [ReactiveFormsModule, TranslocoDirective, LocalDatePipe, FieldErrorText, LoadState, FormErrorBanner],
  templateUrl: './holidays-admin-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HolidaysAdminPage {
  private readonly directory = inject(DirectoryApi);
  protected readonly year = signal(Number(toLocalDate(new Date()).slice(0, 4)));
  protected readonly holidays = signal<HolidayView[] | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly outcome = new FormOutcome();
  /** Which of the page's two actions the outcome is about, for its banner. */
  protected readonly outcomeAction = signal<'holiday' | 'holidayRemove'>('holiday');
  protected readonly weekday = dayOfWeek;
  protected readonly form = new FormGroup({
    date: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(255)] }),
  });

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    try {
      this.holidays.set(await this.directory.holidays(this.year()));
    } catch (err) {
      this.loadError.set(apiError(err).code);
    }
  }

  protected changeYear(delta: number): void {
    this.year.update((y) => y + delta);
    void this.load();
  }

  protected async add(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const { date, name } = this.form.getRawValue();
    this.outcomeAction.set('holiday');
    if (await this.outcome.run(() => this.directory.addHoliday(date, name.trim()), 'admin.created')) {
      this.form.reset();
      await this.load();
    }
  }

  protected async remove(h: HolidayView): Promise<void> {
    if (!confirm(`${h.name} (${h.date})?`)) return;
    this.outcomeAction.set('holidayRemove');
    if ((await this.outcome.run(() => this.directory.removeHoliday(h.date), 'admin.removed')) !== null) await this.load();
  }
}
