import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { LocalDate } from '@tiendo/domain';
import { LocalDatePipe, TranslocoPipe } from '@tiendo/web-i18n';
import { deadlineHint } from './deadline';

/** A deadline as dd/MM/yyyy with, for an open task, the days left or the days overdue under it. */
@Component({
  selector: 'td-deadline',
  imports: [LocalDatePipe, TranslocoPipe],
  template: `
    {{ deadline() | tdDate: ('deadline.none' | transloco) }}
    @let h = hint();
    @if (h.kind === 'left') { <span class="hint">{{ 'deadline.left' | transloco: { days: h.days } }}</span> }
    @if (h.kind === 'today') { <span class="hint late">{{ 'deadline.today' | transloco }}</span> }
    @if (h.kind === 'overdue') { <span class="hint late">{{ 'deadline.overdue' | transloco: { days: h.days } }}</span> }
  `,
  styles: `.hint { display: block; font-size: 0.9rem; color: #475467; } .late { color: #b42318; font-weight: 600; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeadlineCell {
  readonly deadline = input.required<LocalDate | null>();
  readonly open = input(true);
  protected readonly hint = computed(() => deadlineHint(this.deadline(), this.open()));
}
