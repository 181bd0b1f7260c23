import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import type { OidcSettingsView, SecondFactorChallenge, SecondFactorEnrolment } from '@tiendo/contracts';
import type { DisplayLanguage } from '@tiendo/domain';
import { apiError, Organisation, Session } from '@tiendo/web-data-access';
import { Language, LANGUAGES, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { RecoveryCodesList } from './recovery-codes';
import { TotpSecret } from './totp-secret';

/** Where the sign-in is: the password; the second factor's code; a required enrolment; the recovery codes to keep. */
type Step = 'password' | 'code' | 'enrol' | 'recovery';

@Component({
  selector: 'td-sign-in-page',
  imports: [ReactiveFormsModule, TranslocoDirective, TotpSecret, RecoveryCodesList],
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
  /** The second step: a 6-digit code from the authenticator, or (useRecovery) a recovery code. */
  protected readonly codeForm = new FormGroup({
    code: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(32)] }),
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly changed = signal(this.route.snapshot.queryParamMap.has('changed'));
  protected readonly step = signal<Step>('password');
  protected readonly useRecovery = signal(false);
  protected readonly enrolment = signal<SecondFactorEnrolment | null>(null);
  protected readonly recoveryCodes = signal<string[]>([]);
  /** The ministry's provider when enabled (the button above the password form), else null. */
  protected readonly oidc = signal<OidcSettingsView | null>(null);
  protected readonly oidcBusy = signal(false);
  private challenge: SecondFactorChallenge | null = null;

  constructor() {
    void this.organisation.load();
    void this.session.oidcSettings().then((settings) => this.oidc.set(settings.enabled ? settings : null));
    // A sign-in through the provider that needs a second factor continues here, at the same step as after a password.
    const challenge = this.session.takeChallenge();
    if (challenge) void this.toSecondStep(challenge).catch((err) => this.showError(err));
  }

  /** "Đăng nhập bằng tài khoản Bộ": POST /api/auth/oidc/start, then the browser goes to the provider. */
  protected async startOidc(): Promise<void> {
    if (this.oidcBusy()) return;
    this.oidcBusy.set(true);
    this.error.set(null);
    try {
      const url = await this.session.startOidc();
      this.redirect(url);
    } catch (err) {
      this.error.set(this.transloco.translate('signIn.failed', { message: this.transloco.translate(`errors.code.${apiError(err).code}`) }));
      this.oidcBusy.set(false);
    }
  }

  /** Leaves the app for the provider (a seam for the unit specs: jsdom does not navigate). */
  redirect(url: string): void {
    window.location.assign(url);
  }

  protected async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const { username, password } = this.form.getRawValue();
      const challenge = await this.session.signIn(username.trim(), password);
      if (!challenge) {
        await this.goOn();
        return;
      }
      this.challenge = challenge;
      this.form.controls.password.reset();
      this.codeForm.reset();
      this.useRecovery.set(false);
      if (challenge.secondFactor === 'enrol') this.enrolment.set(await this.session.startEnrolment(challenge.challenge));
      this.step.set(challenge.secondFactor);
    } catch (err) {
      this.showError(err);
      // Keep what the user typed but the password, which they must type again.
      this.form.controls.password.reset();
    } finally {
      this.busy.set(false);
    }
  }

  /** The second step (code or enrol) of a challenge from the ministry's provider, as submit does after a password. */
  private async toSecondStep(challenge: SecondFactorChallenge): Promise<void> {
    this.challenge = challenge;
    this.codeForm.reset();
    this.useRecovery.set(false);
    if (challenge.secondFactor === 'enrol') this.enrolment.set(await this.session.startEnrolment(challenge.challenge));
    this.step.set(challenge.secondFactor);
  }

  private showError(err: unknown): void {
    const body = apiError(err);
    this.error.set(
      body.statusCode === 401
        ? this.transloco.translate('signIn.wrong')
        : body.statusCode === 429
          ? this.transloco.translate('signIn.locked', { minutes: retryMinutes(err) })
          : this.transloco.translate('signIn.failed', { message: this.transloco.translate(`errors.code.${body.code}`) }),
    );
  }

  /** The second step (code) or the enrolment's confirmation (enrol), with the challenge of the password step. */
  protected async submitCode(): Promise<void> {
    this.codeForm.markAllAsTouched();
    if (this.codeForm.invalid || this.busy() || !this.challenge) return;
    this.busy.set(true);
    this.error.set(null);
    const code = this.codeForm.controls.code.value.trim();
    try {
      if (this.step() === 'enrol') {
        this.recoveryCodes.set(await this.session.confirmEnrolment(this.challenge.challenge, code));
        this.step.set('recovery');
        return;
      }
      await this.session.signInWithCode(this.challenge.challenge, code);
      await this.goOn();
    } catch (err) {
      const body = apiError(err);
      if (body.code === 'SECOND_FACTOR_CHALLENGE_INVALID') {
        // Five minutes have passed (or the account changed): the password again.
        this.restart();
        this.error.set(this.transloco.translate('secondFactor.expired'));
      } else {
        this.error.set(
          body.statusCode === 400
            ? this.transloco.translate('secondFactor.wrong')
            : body.statusCode === 429
              ? this.transloco.translate('signIn.locked', { minutes: retryMinutes(err) })
              : this.transloco.translate('signIn.failed', { message: this.transloco.translate(`errors.code.${body.code}`) }),
        );
      }
      this.codeForm.reset();
    } finally {
      this.busy.set(false);
    }
  }

  /** Switches between the authenticator's code and a recovery code. */
  protected toggleRecovery(): void {
    this.useRecovery.update((v) => !v);
    this.codeForm.reset();
    this.error.set(null);
  }

  /** Back to the password step (the challenge is dropped). */
  protected restart(): void {
    this.challenge = null;
    this.enrolment.set(null);
    this.codeForm.reset();
    this.error.set(null);
    this.step.set('password');
  }

  /** Signed in: where the user was going, else home. */
  protected async goOn(): Promise<void> {
    const next = this.route.snapshot.queryParamMap.get('next');
    await this.router.navigateByUrl(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
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
