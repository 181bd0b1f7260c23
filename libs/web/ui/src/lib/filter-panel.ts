import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoDirective } from '@tiendo/web-i18n';

/**
 * A list's filters behind one line that says how many are in use ("Bộ lọc (2 đang dùng)"): open on a wide screen,
 * folded on a phone (under 701 px) so the list shows on the first screen; a native `<details>`, so it opens with
 * Enter or Space and screen readers announce it expanded or collapsed.
 */
@Component({
  selector: 'td-filter-panel',
  imports: [TranslocoDirective],
  template: `
    <details class="card filter-panel" [open]="wide" *transloco="let t">
      <summary>{{ active() > 0 ? t('filtersToggle.active', { count: active() }) : t('filtersToggle.show') }}</summary>
      <ng-content />
    </details>
  `,
  styles: `
    :host { display: block; }
    summary { cursor: pointer; font-weight: 600; min-height: 2.5rem; display: flex; align-items: center; }
    details[open] > summary { margin-bottom: 0.75rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FilterPanel {
  /** How many filters are set (not counting paging or sorting). */
  readonly active = input(0);
  protected readonly wide = typeof matchMedia === 'undefined' || matchMedia('(min-width: 701px)').matches;
}
