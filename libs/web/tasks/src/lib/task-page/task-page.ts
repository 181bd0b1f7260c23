import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ExtensionView, TaskDetailView, TaskReportView } from '@tiendo/contracts';
import { apiError, mayBeReportTask, ReportObligationsApi, Session, TasksApi } from '@tiendo/web-data-access';
import { DateTimePipe, LocalDatePipe, TranslocoDirective } from '@tiendo/web-i18n';
import { DeadlineCell, LoadState, ProgressBar, StatusChip } from '@tiendo/web-ui';
import { TaskActionDialog } from '../actions/task-action-dialog';
import type { TaskActionKind } from '../actions/task-action';
import { FollowButton } from '../work/follow-button';
import { SubTasks } from '../work/sub-tasks';
import { TaskFiles } from '../work/task-files';
import { TaskTimeline } from '../work/task-timeline';
import { TaskRecurrence } from '../recurrence/task-recurrence';

/**
 * Everything about one task: the facts, the actions the user may take, its sub-tasks, its files, extensions, and the
 * timeline (comments, progress notes, files, history) with the comment box; follow or stop following it.
 */
@Component({
  selector: 'td-task-page',
  imports: [RouterLink, TranslocoDirective, LocalDatePipe, DateTimePipe, DeadlineCell, LoadState, ProgressBar, StatusChip, TaskActionDialog, FollowButton, SubTasks, TaskFiles, TaskTimeline, TaskRecurrence],
  templateUrl: './task-page.html',
  styleUrl: './task-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskPage {
  private readonly tasks = inject(TasksApi);
  private readonly obligations = inject(ReportObligationsApi);
  private readonly session = inject(Session);
  private readonly dialog = viewChild.required(TaskActionDialog);
  private readonly timeline = viewChild(TaskTimeline);
  private readonly files = viewChild(TaskFiles);
  /** The route's :id. */
  readonly id = input.required<string>();

  protected readonly task = signal<TaskDetailView | null>(null);
  protected readonly extensions = signal<ExtensionView[]>([]);
  protected readonly error = signal<{ code: string; status: number } | null>(null);
  protected readonly notice = signal<string | null>(null);
  /** The periodic report this task is (submitted on its own screen, with its files and figures), else null. */
  protected readonly report = signal<TaskReportView | null>(null);

  /** The actions offered: those the API's `allowed` and the task's state accept, nobody deciding their own request. */
  protected readonly actions = computed<TaskActionKind[]>(() => {
    const t = this.task();
    if (!t) return [];
    const out: TaskActionKind[] = [];
    const open = t.state === 'open';
    // A report is completed by submitting it on its own screen (files and figures), not with the plain completion.
    if (t.allowed.work && open) out.push(...(this.report() ? (['progress'] as const) : (['progress', 'complete'] as const)));
    if (t.allowed.work && open && t.deadline && !t.pendingExtension) out.push('extension');
    if (t.allowed.manage && t.pendingExtension && t.pendingExtension.requestedBy.id !== this.session.user()?.id) out.push('decide');
    if (t.allowed.manage && open) out.push('reassign', 'cancel');
    if (t.allowed.manage && t.state === 'completed') out.push('return');
    if (t.allowed.manage && t.state !== 'open') out.push('reopen');
    return out;
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }

  protected async load(id = this.id()): Promise<void> {
    this.error.set(null);
    try {
      const [task, extensions] = await Promise.all([this.tasks.get(id), this.tasks.extensions(id)]);
      this.task.set(task);
      this.extensions.set(extensions);
      if (mayBeReportTask(task)) void this.loadReport(id);
      else this.report.set(null);
    } catch (err) {
      const body = apiError(err);
      this.error.set({ code: body.code, status: body.statusCode });
    }
  }

  private async loadReport(id: string): Promise<void> {
    try {
      this.report.set(await this.obligations.reportOfTask(id));
    } catch {
      // Not a report after all (or its obligation is out of reach): the task page as for any task.
      this.report.set(null);
    }
  }

  /** A comment posted with files, or deleted: the files panel lists the task's files again. */
  protected filesChanged(): void {
    void this.files()?.load();
  }

  protected subTaskCount(task: TaskDetailView): number {
    return task.subTasks?.length ?? 0;
  }

  protected act(kind: TaskActionKind): void {
    const task = this.task();
    this.notice.set(null);
    if (task) void this.dialog().open({ kind, task });
  }

  protected async done(kind: string): Promise<void> {
    this.notice.set(`actions.${kind}.done`);
    await Promise.all([this.load(), this.timeline()?.reload(), this.files()?.load()]);
  }

  /** Something the timeline shows changed elsewhere on the page (a file, a sub-task): the task and timeline read again. */
  protected async refresh(): Promise<void> {
    await Promise.all([this.load(), this.timeline()?.reload()]);
  }
}
