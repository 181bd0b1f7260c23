import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';

/** Ten recovery codes shown once, with a copy and a download (a text file), so they can be kept somewhere safe. */
@Component({
  selector: 'td-recovery-codes',
  imports: [TranslocoDirective],
  template: `
    <section class="recovery" *transloco="let t" aria-labelledby="recovery-title">
      <h2 id="recovery-title">{{ t('secondFactor.recoveryTitle') }}</h2>
      <p>{{ t('secondFactor.recoveryOnce') }}</p>
      <ol class="codes" data-testid="recovery-codes">
        @for (code of codes(); track code) { <li><code>{{ code }}</code></li> }
      </ol>
      <div class="row">
        <button type="button" class="btn small" (click)="copy()">{{ t('secondFactor.copy') }}</button>
        <button type="button" class="btn small" (click)="download()">{{ t('secondFactor.download') }}</button>
      </div>
      @if (copied()) { <p class="notice" role="status">{{ t('secondFactor.copied') }}</p> }
    </section>
  `,
  styles: `
    .codes { columns: 2; padding-left: 1.5rem; margin: 0.5rem 0; }
    .codes code { font-size: 1rem; }
    .row { display: flex; gap: 0.5rem; flex-wrap: wrap; }
    .row .btn { margin-top: 0; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecoveryCodesList {
  private readonly transloco = inject(TranslocoService);
  readonly codes = input.required<readonly string[]>();
  protected readonly copied = signal(false);

  private text(): string {
    return `${this.transloco.translate('app.name')} · ${this.transloco.translate('secondFactor.recoveryTitle')}\n\n${this.codes().join('\n')}\n`;
  }

  protected async copy(): Promise<void> {
    await navigator.clipboard?.writeText(this.text()).catch(() => undefined);
    this.copied.set(true);
  }

  protected download(): void {
    const href = URL.createObjectURL(new Blob([this.text()], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = href;
    link.download = this.transloco.translate('secondFactor.fileName');
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }
}
