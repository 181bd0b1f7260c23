import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import type { DisplayLanguage } from '@tiendo/domain';
import { apiError, Organisation, Session } from '@tiendo/web-data-access';
import { Language, LANGUAGES, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';

@Component({
  selector: 'td-sign-in-page',
  imports: [ReactiveFormsModule, TranslocoDirective],
  templateUrl: './sign-in-page.html',
  styleUrl: './sign-in-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInPage {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly transloco = inject(TranslocoService);
  protected readonly language = inject(Language);
  /** The organisation's name as an admin set it (public endpoint: nobody is signed in yet). */
  protected readonly organisation = inject(Organisation);
  protected readonly languages = LANGUAGES;

  protected readonly form = new FormGroup({
    username: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(64)] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(128)] }),
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly changed = signal(this.route.snapshot.queryParamMap.has('changed'));

  constructor() {
    void this.organisation.load();
  }

  protected async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const { username, password } = this.form.getRawValue();
      await this.session.signIn(username.trim(), password);
      const next = this.route.snapshot.queryParamMap.get('next');
      await this.router.navigateByUrl(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
    } catch (err) {
      const body = apiError(err);
      this.error.set(
        body.statusCode === 401
          ? this.transloco.translate('signIn.wrong')
          : body.statusCode === 429
            ? this.transloco.translate('signIn.locked', { minutes: retryMinutes(err) })
            : this.transloco.translate('signIn.failed', { message: this.transloco.translate(`errors.code.${body.code}`) }),
      );
      // Keep what the user typed but the password, which they must type again.
      this.form.controls.password.reset();
    } finally {
      this.busy.set(false);
    }
  }

  protected setLanguage(value: string): void {
    this.language.set(value as DisplayLanguage);
  }
}

/** Whole minutes until the API lets this address try again (its Retry-After, in seconds), at least 1. */
function retryMinutes(err: unknown): number {
  const seconds = err instanceof HttpErrorResponse ? Number(err.headers.get('Retry-After')) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 1;
}
