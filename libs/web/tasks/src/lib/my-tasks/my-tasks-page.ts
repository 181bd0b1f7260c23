import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Page, TaskListFilters, TaskView } from '@tiendo/contracts';
import { apiError, mayBeReportTask, TasksApi } from '@tiendo/web-data-access';
import { CountPipe, TranslocoDirective } from '@tiendo/web-i18n';
import { DeadlineCell, LoadState, Pager, ProgressBar, StatusChip } from '@tiendo/web-ui';
import { TaskActionDialog } from '../actions/task-action-dialog';
import { TaskActionKind, WORK_ACTIONS } from '../actions/task-action';

/**
 * The two tabs by the task's state, never by its status: a standing task (status `no_deadline`) is open or completed,
 * and a completed one must not be offered "Cập nhật tiến độ" or "Báo cáo hoàn thành".
 */
export const MY_TASKS_TABS: Record<'open' | 'done', Pick<TaskListFilters, 'state' | 'sort'>> = {
  // Open tasks by nearest deadline (overdue first); completed ones by the latest change.
  open: { state: ['open'], sort: 'deadline' },
  done: { state: ['completed'], sort: '-updatedAt' },
};
const PAGE_SIZE = 20;

/** A staff member's own tasks: open ones first, the most urgent on top, and the three things they do with them. */
@Component({
  selector: 'td-my-tasks-page',
  imports: [RouterLink, TranslocoDirective, DeadlineCell, LoadState, Pager, ProgressBar, StatusChip, TaskActionDialog, CountPipe],
  templateUrl: './my-tasks-page.html',
  styles: `
    .tabs { display: flex; gap: 0.5rem; margin-bottom: 0.75rem; }
    .tabs .btn[aria-pressed='true'] { background: #0b3d91; color: #fff; border-color: #0b3d91; }
    .hint { display: block; font-size: 0.9rem; }
    .row-actions { display: flex; gap: 0.35rem; flex-wrap: wrap; }
    .summary { display: flex; gap: 1rem; flex-wrap: wrap; margin-bottom: 0.75rem; }
    .summary strong { font-size: 1.3rem; }
    .my-search { display: flex; gap: 0.5rem; align-items: end; flex-wrap: wrap; margin-bottom: 0.75rem; }
    .my-search input { min-width: min(100%, 20rem); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyTasksPage {
  private readonly tasks = inject(TasksApi);
  private readonly dialog = viewChild.required(TaskActionDialog);
  protected readonly show = signal<'open' | 'done'>('open');
  protected readonly page = signal(1);
  /** Text searched in the code, title and source document (the list's own search: tone marks optional). */
  protected readonly q = signal('');
  protected readonly pageSize = PAGE_SIZE;
  protected readonly data = signal<Page<TaskView> | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly actions = WORK_ACTIONS;
  protected readonly overdue = computed(() => this.data()?.items.filter((t) => t.status === 'in_progress_overdue').length ?? 0);
  protected readonly dueSoon = computed(() => this.data()?.items.filter((t) => t.dueSoon).length ?? 0);

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.error.set(null);
    try {
      this.data.set(await this.tasks.list({ assignee: 'me', q: this.q() || undefined, ...MY_TASKS_TABS[this.show()], page: this.page(), pageSize: PAGE_SIZE }));
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  protected switchTo(show: 'open' | 'done'): void {
    this.show.set(show);
    this.page.set(1);
    this.data.set(null);
    void this.load();
  }

  /** Searches the tasks of the tab shown, from the first page. */
  protected search(text: string): void {
    this.q.set(text.trim());
    this.page.set(1);
    void this.load();
  }

  protected goTo(page: number): void {
    this.page.set(page);
    void this.load();
  }

  /** A periodic report: submitted on its own screen (`/nhiem-vu/:id/bao-cao`), which asks the API whether it is one. */
  protected readonly isReport = mayBeReportTask;

  protected act(kind: TaskActionKind, task: TaskView): void {
    this.notice.set(null);
    void this.dialog().open({ kind, task });
  }

  protected async done(kind: string): Promise<void> {
    this.notice.set(`actions.${kind}.done`);
    await this.load();
  }
}
