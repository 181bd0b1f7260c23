import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, FormControl, FormGroup, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import type { FieldError } from '@tiendo/contracts';
import { apiError, DirectoryApi, fieldErrors, Session } from '@tiendo/web-data-access';
import { TranslocoDirective } from '@tiendo/web-i18n';
import { FieldErrorText } from '@tiendo/web-ui';

const sameAsNew = (group: AbstractControl): ValidationErrors | null =>
  group.get('newPassword')?.value === group.get('confirm')?.value ? null : { mismatch: true };

/** Who I am, and my password. A changed password ends every session of mine, this one included. */
@Component({
  selector: 'td-account-page',
  imports: [ReactiveFormsModule, TranslocoDirective, FieldErrorText],
  templateUrl: './account-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountPage {
  protected readonly session = inject(Session);
  private readonly directory = inject(DirectoryApi);
  private readonly router = inject(Router);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly errors = signal<Record<string, FieldError[]>>({});
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
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.errors.set({});
    const { currentPassword, newPassword } = this.form.getRawValue();
    try {
      await this.directory.changePassword(currentPassword, newPassword);
      // The server revoked every refresh token of this user: sign in again with the new password.
      this.session.clear();
      await this.router.navigate(['/dang-nhap'], { queryParams: { changed: 1 } });
    } catch (err) {
      const body = apiError(err);
      this.error.set(body.code);
      this.errors.set(fieldErrors(body));
    } finally {
      this.busy.set(false);
    }
  }
}
