import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { SubTaskView, TaskDetailView, UserView } from '@tiendo/contracts';
import { toLocalDate } from '@tiendo/domain';
import { apiError, DirectoryApi, FormOutcome, TasksApi, WorkApi } from '@tiendo/web-data-access';
import { TranslocoDirective } from '@tiendo/web-i18n';
import { CharCount, ControlErrorText, FocusFirstErrorOnSubmit, DeadlineCell, FieldErrorText, FormErrorBanner, ProgressBar, StatusChip } from '@tiendo/web-ui';
import { DateField } from '@tiendo/web-ui/dates';

/** The roll-up the page shows when the API does not send one: the mean progress of the sub-tasks not cancelled. */
export function rolledUp(subTasks: readonly SubTaskView[]): number | null {
  const counted = subTasks.filter((s) => s.state !== 'cancelled');
  if (!counted.length) return null;
  return Math.round(counted.reduce((sum, s) => sum + (s.state === 'completed' ? 100 : s.progressPercent), 0) / counted.length);
}

/**
 * A task's sub-tasks (assignee, deadline, status, progress) and their rolled-up progress; for whoever manages the
 * task, the form that splits it ("Chia nhỏ nhiệm vụ"): a title, a person of the lead unit or its sub-units, and a
 * deadline no later than the parent's.
 */
@Component({
  selector: 'td-sub-tasks',
  imports: [ReactiveFormsModule, DateField, RouterLink, TranslocoDirective, DeadlineCell, StatusChip, ProgressBar, FieldErrorText, FormErrorBanner, CharCount, ControlErrorText, FocusFirstErrorOnSubmit],
  templateUrl: './sub-tasks.html',
  styles: `
    .subs { list-style: none; padding: 0; margin: 0; }
    .subs li { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 0.25rem 0.75rem; padding: 0.5rem 0; border-bottom: 1px solid #eaecf0; }
    .subs .meta { color: #475467; font-size: 0.9rem; grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: center; }
    .rollup { display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; margin-bottom: 0.5rem; }
    .split { margin-top: 0.75rem; border-top: 1px solid #eaecf0; padding-top: 0.75rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubTasks {
  private readonly work = inject(WorkApi);
  private readonly tasks = inject(TasksApi);
  private readonly directory = inject(DirectoryApi);
  readonly task = input.required<TaskDetailView>();
  readonly changed = output<void>();

  protected readonly items = signal<SubTaskView[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly splitting = signal(false);
  protected readonly people = signal<UserView[]>([]);
  protected readonly outcome = new FormOutcome();
  protected readonly rollup = computed(() => {
    const fromApi = this.task().subTaskProgress;
    return typeof fromApi === 'number' ? fromApi : rolledUp(this.items());
  });
  protected readonly form = new FormGroup({
    title: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(500)] }),
    assigneeId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    deadline: new FormControl('', { nonNullable: true }),
  });

  constructor() {
    // The task's detail carries its sub-tasks (TaskDetailView.subTasks): read them from it, or ask when it does not.
    effect(() => {
      const task = this.task();
      if (task.subTasks) this.items.set(task.subTasks);
      else untracked(() => void this.load(task.id));
    });
  }

  async load(id = this.task().id): Promise<void> {
    this.error.set(null);
    try {
      this.items.set(await this.work.subTasks(id));
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  protected async openSplit(): Promise<void> {
    this.splitting.set(true);
    this.form.reset({ title: '', assigneeId: '', deadline: this.task().deadline ?? '' });
    this.people.set(await this.directory.peopleOf(this.task().leadUnit.code));
  }

  /** A sub-task is assigned today: its deadline is not before today (DEADLINE_BEFORE_ASSIGNMENT) nor after its parent's. */
  protected readonly today = toLocalDate(new Date());

  protected maxDeadline(): string | null {
    return this.task().deadline;
  }

  protected async split(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const parent = this.task();
    const { title, assigneeId, deadline } = this.form.getRawValue();
    const person = this.people().find((p) => p.id === assigneeId);
    const created = await this.outcome.run(
      () =>
        this.tasks.create({
          title,
          assigneeId,
          leadUnitCode: person?.unitCode ?? parent.leadUnit.code,
          deadline: deadline || null,
          parentTaskId: parent.id,
          ...(parent.sourceDocument ? { sourceDocumentId: parent.sourceDocument.id } : {}),
        }),
      'subTasks.created',
    );
    if (!created) return;
    this.splitting.set(false);
    // The page reads the task again, and with it the sub-tasks and their roll-up.
    this.changed.emit();
  }
}
