import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { TaskStatus } from '@tiendo/domain';
import { TranslocoPipe } from '@tiendo/web-i18n';

/** A task's status as one of the briefing's four categories (or standing / cancelled), colour and words both. */
@Component({
  selector: 'td-status-chip',
  imports: [TranslocoPipe],
  template: `<span class="chip" [class]="'chip ' + status()">{{ 'status.' + status() | transloco }}</span>`,
  styles: `
    .chip { display: inline-block; padding: 0.15rem 0.55rem; border-radius: 999px; font-size: 0.85rem; white-space: nowrap; background: #eaecf0; color: #344054; }
    .completed_on_time { background: #d1fadf; color: #05603a; }
    .completed_late { background: #fef0c7; color: #93370d; }
    .in_progress_overdue { background: #fee4e2; color: #912018; }
    .in_progress_on_track { background: #d1e9ff; color: #1849a9; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusChip {
  readonly status = input.required<TaskStatus>();
}
