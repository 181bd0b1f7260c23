import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { TaskDetailView } from '@tiendo/contracts';
import { dayOfWeek, LocalDate } from '@tiendo/domain';
import { apiError, TasksApi } from '@tiendo/web-data-access';
import { LocalDatePipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { ConfirmDialog } from '@tiendo/web-ui';
import { recurrenceText } from './recurrence-form';

/**
 * A task's recurrence on its page (TaskDetailView.recurrence / occurrenceOf, issue #11): the rule in words, how far
 * ahead each occurrence is made and until when, the next occurrences with their weekdays; whoever manages the task
 * may stop it (PATCH `recurrence: null`, after a confirmation; the occurrences already made stay). An occurrence
 * links to the task it repeats. Nothing is shown for a task that neither repeats nor is an occurrence.
 */
@Component({
  // A <div> of the page's facts list (<dl>), holding its <dt>/<dd> pairs: a <dl> may hold <div>s, not a custom
  // element (axe's definition-list rule), so this component is an attribute on one.
  // eslint-disable-next-line @angular-eslint/component-selector
  selector: 'div[tdTaskRecurrence]',
  imports: [RouterLink, TranslocoDirective, LocalDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    ul { margin: 0.25rem 0 0; padding-left: 1.2rem; }
    .stop { margin-top: 0.5rem; }
  `,
  template: `
    <ng-container *transloco="let t">
      @if (task().recurrence; as r) {
        <dt>{{ t('recurrence.inForce') }}</dt>
        <dd data-testid="task-recurrence">
          {{ text(r.rule) }} · {{ t('recurrence.aheadText', { count: r.aheadWorkingDays }) }}@if (r.endsOn) { · {{ t('recurrence.until', { day: (r.endsOn | tdDate) }) }} }
          @if (r.next.length) {
            <ul [attr.aria-label]="t('recurrence.next')">
              @for (o of r.next; track o.key) {
                <li>{{ t('weekday.' + weekday(o.deadline)) }}, {{ o.deadline | tdDate }} · {{ t('recurrence.createdOn', { day: (o.createOn | tdDate) }) }}</li>
              }
            </ul>
          }
          @if (task().allowed.manage) {
            <button type="button" class="btn small stop" [disabled]="busy()" (click)="stop()">{{ t('recurrence.stop') }}</button>
          }
          @if (error(); as code) { <p class="form-error" role="alert">{{ t('errors.code.' + code) }}</p> }
        </dd>
      }
      @if (task().occurrenceOf; as o) {
        <dt>{{ t('recurrence.inForce') }}</dt>
        <dd data-testid="task-occurrence-of">{{ t('recurrence.occurrenceOf', { key: o.key }) }} <a [routerLink]="['/nhiem-vu', o.taskId]">{{ o.code }}</a></dd>
      }
    </ng-container>
  `,
})
export class TaskRecurrence {
  private readonly tasks = inject(TasksApi);
  private readonly transloco = inject(TranslocoService);
  private readonly confirmDialog = inject(ConfirmDialog);

  readonly task = input.required<TaskDetailView>();
  /** Emitted after the series was stopped: the page reads the task again. */
  readonly changed = output<void>();
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected text(rule: Parameters<typeof recurrenceText>[0]): string {
    return recurrenceText(rule, (key, params) => this.transloco.translate(key, params));
  }

  protected weekday(day: LocalDate): number {
    return dayOfWeek(day);
  }

  protected async stop(): Promise<void> {
    const go = await this.confirmDialog.ask({
      title: this.transloco.translate('recurrence.stopTitle'),
      message: this.transloco.translate('recurrence.stopMessage'),
      confirm: this.transloco.translate('recurrence.stop'),
    });
    if (!go) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.tasks.update(this.task().id, { version: this.task().version, recurrence: null });
      this.changed.emit();
    } catch (err) {
      this.error.set(apiError(err).code);
    } finally {
      this.busy.set(false);
    }
  }
}
