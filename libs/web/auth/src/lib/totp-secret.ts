import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SecondFactorEnrolment } from '@tiendo/contracts';
import { TranslocoDirective } from '@tiendo/web-i18n';

/**
 * What an authenticator app needs to add the account: the base32 secret in groups of four (to type in) and the
 * otpauth:// link (opens the app on a phone). No QR code yet: no QR library is installed (README "Second factor").
 */
@Component({
  selector: 'td-totp-secret',
  imports: [TranslocoDirective],
  template: `
    <dl class="totp-secret" *transloco="let t">
      <dt>{{ t('secondFactor.secret') }}</dt>
      <dd><code data-testid="totp-secret" [attr.data-secret]="enrolment().secret">{{ grouped() }}</code></dd>
      <dt>{{ t('secondFactor.uri') }}</dt>
      <dd><a class="uri" [href]="enrolment().otpauthUri">{{ enrolment().otpauthUri }}</a></dd>
    </dl>
  `,
  styles: `
    .totp-secret { margin: 0.5rem 0; }
    dt { font-weight: 600; margin-top: 0.5rem; }
    dd { margin: 0.2rem 0 0; }
    code { font-size: 1.1rem; letter-spacing: 0.05em; word-spacing: 0.3em; overflow-wrap: anywhere; }
    .uri { overflow-wrap: anywhere; font-size: 0.85rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TotpSecret {
  readonly enrolment = input.required<SecondFactorEnrolment>();
  protected readonly grouped = computed(() => this.enrolment().secret.replace(/(.{4})/g, '$1 ').trim());
}
