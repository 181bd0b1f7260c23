import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { DirectoryApi, FormOutcome, Session } from '@tiendo/web-data-access';
import { TranslocoDirective } from '@tiendo/web-i18n';
import { FieldErrorText, FocusFirstErrorOnSubmit, FormErrorBanner } from '@tiendo/web-ui';
import { NotificationPreferencesForm } from './notification-preferences';
import { SecondFactorSettings } from './second-factor-settings';

const sameAsNew = (group: AbstractControl): ValidationErrors | null =>
  group.get('newPassword')?.value === group.get('confirm')?.value ? null : { mismatch: true };

/** Who I am, how I hear of events on my tasks, my second factor, and my password. A changed password ends every session of mine, this one included. */
@Component({
  selector: 'td-account-page',
  imports: [ReactiveFormsModule, TranslocoDirective, FieldErrorText, FormErrorBanner, NotificationPreferencesForm, FocusFirstErrorOnSubmit, SecondFactorSettings],
  templateUrl: './account-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountPage {
  protected readonly session = inject(Session);
  private readonly directory = inject(DirectoryApi);
  private readonly router = inject(Router);
  protected readonly outcome = new FormOutcome();
  protected readonly form = new FormGroup(
    {
      currentPassword: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(128)] }),
      newPassword: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.minLength(8), Validators.maxLength(128)] }),
      confirm: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    },
    { validators: sameAsNew },
  );

  protected async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const { currentPassword, newPassword } = this.form.getRawValue();
    const changed = await this.outcome.run(() => this.directory.changePassword(currentPassword, newPassword).then(() => true));
    if (!changed) return;
    // The server revoked every refresh token of this user: sign in again with the new password.
    this.session.clear();
    await this.router.navigate(['/dang-nhap'], { queryParams: { changed: 1 } });
  }
}
