import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { apiError, AdminApi, FormOutcome } from '@tiendo/web-data-access';
import { TranslocoDirective } from '@tiendo/web-i18n';
import { FieldErrorText, FormErrorBanner, LoadState } from '@tiendo/web-ui';


/** When reminders go out and to whom they escalate; applied by the worker at its next run. */
@Component({
  selector: 'td-reminders-admin-page',
  imports: [ReactiveFormsModule, TranslocoDirective, FieldErrorText, LoadState, FormErrorBanner],
  templateUrl: './reminders-admin-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RemindersAdminPage {
  private readonly admin = inject(AdminApi);
  protected readonly numberFields = ['escalateToUnitHeadAfter', 'escalateToMonitorAfter', 'sendHour', 'monthlyHour'] as const;
  protected readonly loaded = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly outcome = new FormOutcome();
  private readonly hour = () => [Validators.required, Validators.min(0), Validators.max(23)];
  protected readonly form = new FormGroup({
    beforeWorkingDays: new FormControl('', { nonNullable: true, validators: [Validators.pattern(/^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$/)] }),
    onDeadlineDay: new FormControl(true, { nonNullable: true }),
    overdueDaily: new FormControl(true, { nonNullable: true }),
    escalateToUnitHeadAfter: new FormControl(3, { nonNullable: true, validators: [Validators.required, Validators.min(1), Validators.max(100)] }),
    escalateToMonitorAfter: new FormControl(10, { nonNullable: true, validators: [Validators.required, Validators.min(1), Validators.max(100)] }),
    sendHour: new FormControl(8, { nonNullable: true, validators: this.hour() }),
    monthlyHour: new FormControl(7, { nonNullable: true, validators: this.hour() }),
  });

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    try {
      const s = await this.admin.reminderSettings();
      this.form.setValue({ ...s, beforeWorkingDays: s.beforeWorkingDays.join(', ') });
      this.loaded.set(true);
    } catch (err) {
      this.loadError.set(apiError(err).code);
    }
  }

  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const v = this.form.getRawValue();
    const beforeWorkingDays = v.beforeWorkingDays
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(Number);
    await this.outcome.run(
      () => this.admin.setReminderSettings({ ...v, beforeWorkingDays, escalateToUnitHeadAfter: Number(v.escalateToUnitHeadAfter), escalateToMonitorAfter: Number(v.escalateToMonitorAfter), sendHour: Number(v.sendHour), monthlyHour: Number(v.monthlyHour) }),
      'admin.saved',
    );
  }
}
