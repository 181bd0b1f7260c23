import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { apiError, Session } from '@tiendo/web-data-access';
import { TranslocoDirective } from '@tiendo/web-i18n';

/**
 * /dang-nhap/oidc: where the ministry's OpenID Connect provider sends the browser back (libs/contracts oidc.ts, step
 * 3). Shows "Đang đăng nhập…" while Session.completeOidc checks the kept state and POSTs the code; then home on a
 * session, the sign-in page's second step on a SecondFactorChallenge, or the error (focused, role alert) with a link
 * back to /dang-nhap. A state that is not the kept one is refused without calling the API.
 */
@Component({
  selector: 'td-oidc-callback-page',
  imports: [TranslocoDirective, RouterLink],
  template: `
    <main class="sign-in" *transloco="let t">
      <div class="card" aria-labelledby="oidc-title">
        <h1 id="oidc-title">{{ t('signIn.oidcTitle') }}</h1>
        @if (error(); as e) {
          <p class="form-error" role="alert" tabindex="-1" #errorMessage>
            {{ e.code ? t('signIn.failed', { message: t('errors.code.' + e.code) }) : t(e.key, { error: e.providerError }) }}
          </p>
          <a class="back" routerLink="/dang-nhap">{{ t('signIn.back') }}</a>
        } @else {
          <p class="lead" role="status" aria-live="polite">{{ t('signIn.oidcWorking') }}</p>
        }
      </div>
    </main>
  `,
  styleUrl: './sign-in-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OidcCallbackPage {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  /** What went wrong: an API error's code, or a key of the page's own (with the provider's `error` parameter). */
  protected readonly error = signal<{ code?: string; key: string; providerError?: string } | null>(null);
  private readonly errorMessage = viewChild<ElementRef<HTMLElement>>('errorMessage');

  constructor() {
    void this.complete();
  }

  private async complete(): Promise<void> {
    const query = this.route.snapshot.queryParamMap;
    const code = query.get('code');
    const state = query.get('state') ?? '';
    const iss = query.get('iss');
    try {
      if (!code) {
        // The provider refused (RFC 6749 §4.1.2.1: error=access_denied…), or the page was opened by hand.
        const providerError = query.get('error');
        this.fail(providerError ? { key: 'signIn.oidcProviderError', providerError } : { key: 'signIn.oidcStateMismatch' });
        return;
      }
      const outcome = await this.session.completeOidc(iss ? { code, state, iss } : { code, state });
      if (outcome === 'state-mismatch') this.fail({ key: 'signIn.oidcStateMismatch' });
      else if (outcome === 'second-factor') await this.router.navigateByUrl('/dang-nhap');
      else await this.router.navigateByUrl('/');
    } catch (err) {
      this.fail({ key: 'signIn.failed', code: apiError(err).code });
    }
  }

  private fail(error: { code?: string; key: string; providerError?: string }): void {
    this.error.set(error);
    // Focus the message once it is drawn, for screen readers and keyboards.
    setTimeout(() => this.errorMessage()?.nativeElement.focus());
  }
}
