import { ChangeDetectionStrategy, Component, input } from '@angular/core';

@Component({
  selector: 'td-progress-bar',
  template: `
    <span class="track" role="progressbar" [attr.aria-valuenow]="percent()" aria-valuemin="0" aria-valuemax="100" [attr.aria-label]="label()">
      <span class="fill" [style.width.%]="percent()"></span>
    </span>
    <span class="value">{{ percent() }}%</span>
  `,
  styles: `
    :host { display: inline-flex; align-items: center; gap: 0.5rem; min-width: 7rem; }
    .track { flex: 1; height: 0.5rem; background: #eaecf0; border-radius: 999px; overflow: hidden; min-width: 4rem; }
    .fill { display: block; height: 100%; background: #1570ef; }
    .value { font-variant-numeric: tabular-nums; min-width: 2.5rem; text-align: right; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProgressBar {
  readonly percent = input.required<number>();
  readonly label = input('');
}
