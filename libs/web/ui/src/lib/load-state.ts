import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { TranslocoPipe } from '@tiendo/web-i18n';

/** The designed states of a screen part: loading (announced politely), empty, or failed with a retry. */
@Component({
  selector: 'td-load-state',
  imports: [TranslocoPipe],
  template: `
    @switch (state()) {
      @case ('loading') {
        <p class="state loading" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>{{ 'common.loading' | transloco }}</p>
      }
      @case ('empty') {
        <p class="state empty">{{ message() || ('common.empty' | transloco) }}</p>
      }
      @case ('error') {
        <div class="state error" role="alert">
          <p>{{ message() || ('common.loadFailed' | transloco) }}</p>
          <button type="button" class="btn" (click)="retry.emit()">{{ 'common.retry' | transloco }}</button>
        </div>
      }
    }
  `,
  styles: `
    .state { padding: 1.5rem; text-align: center; color: #475467; background: #fff; border: 1px dashed #d0d5dd; border-radius: 8px; margin: 0.5rem 0; }
    .error { color: #b42318; border-color: #fda29b; }
    .spinner { display: inline-block; width: 1rem; height: 1rem; margin-right: 0.5rem; vertical-align: -0.15rem; border: 2px solid #d0d5dd; border-top-color: #1570ef; border-radius: 50%; animation: spin 0.8s linear infinite; }
    @keyframes spin { to { transform: rotate(360deg); } }
    @media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoadState {
  readonly state = input.required<'loading' | 'empty' | 'error'>();
  readonly message = input<string | null>(null);
  readonly retry = output<void>();
}
