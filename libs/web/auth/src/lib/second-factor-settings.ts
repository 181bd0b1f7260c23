import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { SecondFactorEnrolment, SecondFactorStatus } from '@tiendo/contracts';
import { FormOutcome, SecondFactorApi } from '@tiendo/web-data-access';
import { formatDateTime, TranslocoDirective } from '@tiendo/web-i18n';
import { FieldErrorText, FormErrorBanner } from '@tiendo/web-ui';
import { RecoveryCodesList } from './recovery-codes';
import { TotpSecret } from './totp-secret';

/** What the section is doing: showing the state, enrolling, renewing the recovery codes, turning it off. */
type Mode = 'view' | 'enrol' | 'regenerate' | 'disable';

/**
 * My second factor on the account page (README "Second factor"): turn it on (the secret and otpauth link, confirmed
 * with a code, then the recovery codes shown once), renew the recovery codes (with a code), turn it off (with a code;
 * only when my role does not require it).
 */
@Component({
  selector: 'td-second-factor-settings',
  imports: [ReactiveFormsModule, TranslocoDirective, FieldErrorText, FormErrorBanner, TotpSecret, RecoveryCodesList],
  templateUrl: './second-factor-settings.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecondFactorSettings {
  private readonly api = inject(SecondFactorApi);
  protected readonly outcome = new FormOutcome();
  protected readonly status = signal<SecondFactorStatus | null>(null);
  protected readonly mode = signal<Mode>('view');
  protected readonly enrolment = signal<SecondFactorEnrolment | null>(null);
  /** Recovery codes just issued: shown this once. */
  protected readonly recoveryCodes = signal<string[]>([]);
  protected readonly form = new FormGroup({
    code: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(32)] }),
  });
  protected readonly formatDateTime = formatDateTime;

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.status.set(await this.api.status().catch(() => null));
  }

  protected async start(mode: Exclude<Mode, 'view'>): Promise<void> {
    this.form.reset();
    this.recoveryCodes.set([]);
    this.outcome.notice.set(null);
    if (mode === 'enrol') {
      const enrolment = await this.outcome.run(() => this.api.startEnrolment());
      if (!enrolment) return;
      this.enrolment.set(enrolment);
    }
    this.mode.set(mode);
  }

  protected cancel(): void {
    this.mode.set('view');
    this.enrolment.set(null);
    this.outcome.error.set(null);
    this.outcome.errors.set({});
  }

  protected async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const code = this.form.controls.code.value.trim();
    const mode = this.mode();
    const done = await this.outcome.run(
      async () => {
        if (mode === 'enrol') this.recoveryCodes.set(await this.api.confirmEnrolment(code));
        else if (mode === 'regenerate') this.recoveryCodes.set(await this.api.regenerateRecoveryCodes(code));
        else await this.api.disable(code);
        return true;
      },
      mode === 'enrol' ? 'account.secondFactor.enrolled' : mode === 'regenerate' ? 'account.secondFactor.regenerated' : 'account.secondFactor.disabled',
    );
    if (!done) {
      this.form.controls.code.reset();
      return;
    }
    this.mode.set('view');
    this.enrolment.set(null);
    await this.load();
  }
}
