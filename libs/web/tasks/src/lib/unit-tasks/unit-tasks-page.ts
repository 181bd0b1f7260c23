import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { Page, SourceDocumentView, TaskListFilters, TaskView, UserView } from '@tiendo/contracts';
import { describeTaskListFilter, filterSummaryLine, TASK_STATUSES, TaskStatus, toLocalDate } from '@tiendo/domain';
import { apiError, DirectoryApi, Session, TaskListsApi, TasksApi } from '@tiendo/web-data-access';
import { LocalDatePipe, TranslocoDirective } from '@tiendo/web-i18n';
import { DeadlineCell, LoadState, Pager, ProgressBar, StatusChip, UnitOption, unitOptions, UnitPicker, FilterPanel, FocusFirstErrorOnSubmit } from '@tiendo/web-ui';
import { DateField } from '@tiendo/web-ui/dates';
import { map } from 'rxjs';
import { BulkActions } from './bulk-actions';
import { TaskActionDialog } from '../actions/task-action-dialog';
import type { TaskActionKind } from '../actions/task-action';
import { SavedFilters } from './saved-filters';
import { filtersFromParams, paramsFromFilters } from './task-list-url';

type SortField = 'code' | 'title' | 'deadline' | 'progress' | 'assignedOn';

/** Every task the user may see, filtered, sorted and paged by the URL, so that a link shows the same list. */
@Component({
  selector: 'td-unit-tasks-page',
  imports: [ReactiveFormsModule, UnitPicker, BulkActions, DateField, RouterLink, TranslocoDirective, LocalDatePipe, DeadlineCell, LoadState, Pager, ProgressBar, StatusChip, TaskActionDialog, SavedFilters, FilterPanel, FocusFirstErrorOnSubmit],
  templateUrl: './unit-tasks-page.html',
  styles: `
    .statuses { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; border: 0; padding: 0; margin: 0; grid-column: 1 / -1; }
    .statuses legend { font-weight: 600; padding: 0; margin-bottom: 0.25rem; }
    .report-filter { display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; background: #eff8ff; border: 1px solid #b2ddff; padding: 0.5rem 0.75rem; border-radius: 8px; margin-bottom: 0.75rem; }
    .row-actions { display: flex; gap: 0.35rem; flex-wrap: wrap; }
    .count { margin: 0.75rem 0 0.5rem; }
    .table-wrap { overflow-x: auto; }
    .list-tools { display: flex; gap: 0.5rem 1rem; align-items: start; flex-wrap: wrap; margin-bottom: 0.75rem; }
    .list-tools td-saved-filters { flex: 1 1 16rem; }
    .print-head { display: none; }
    /* The printed list: the title and the filter as its heading, the print date, page numbers; no navigation,
       filters, buttons or pager (the shell hides its own bar). */
    @media print {
      @page { size: A4 landscape; margin: 12mm 10mm 14mm; @bottom-right { content: 'Trang ' counter(page) '/' counter(pages); font-size: 9pt; } }
      .page-head .actions, .list-tools, td-filter-panel, details.card, .report-filter button, td-pager, .row-actions, .actions-col, .notice { display: none !important; }
      .print-head { display: block; margin: 0 0 0.5rem; font-size: 10pt; }
      .print-head dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 0.75rem; margin: 0.25rem 0; }
      .print-head dt { font-weight: 600; }
      .print-head dd { margin: 0; }
      table.data { font-size: 9pt; }
      table.data tr { break-inside: avoid; }
      table.data thead { display: table-header-group; }
      a { color: inherit; text-decoration: none; }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnitTasksPage {
  private readonly tasks = inject(TasksApi);
  private readonly lists = inject(TaskListsApi);
  private readonly directory = inject(DirectoryApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly session = inject(Session);
  private readonly dialog = viewChild.required(TaskActionDialog);

  protected readonly filters = toSignal(this.route.queryParamMap.pipe(map(filtersFromParams)), { requireSync: true });
  protected readonly data = signal<Page<TaskView> | null>(null);
  /**
   * Filters in use, for the folded filter panel's label on a phone: the conditions of the one description of the
   * filter (libs/domain describeTaskListFilter) that the printed heading and the .xlsx export write, so the three
   * count the same (a deadline range is one condition).
   */
  protected readonly activeFilters = computed(() => this.filterLines().length);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly units = signal<UnitOption[]>([]);
  protected readonly people = signal<UserView[]>([]);
  protected readonly documents = signal<SourceDocumentView[]>([]);
  protected readonly statuses = TASK_STATUSES;
  protected readonly canAssign = computed(() => this.session.user()?.role !== 'staff');
  protected readonly exporting = signal(false);
  /** The day the list is printed, for its printed heading (dd/MM/yyyy through the date pipe). */
  protected readonly printedOn = signal(toLocalDate(new Date()));
  /** The list's query string in use, without its page: what a saved filter keeps. */
  protected readonly currentQuery = computed(() => {
    const { page: _page, ...rest } = paramsFromFilters(this.filters());
    return new URLSearchParams(rest as Record<string, string>).toString();
  });
  /** The filter in words for the printed heading: the same lines as the .xlsx export's (written by the API). */
  protected readonly filterLines = computed(() => {
    const me = this.session.user();
    return describeTaskListFilter(this.filters(), {
      unit: (code) => this.units().find((u) => u.code.toUpperCase() === code.toUpperCase())?.name,
      assignee: (id) => (id === 'me' ? me?.fullName : this.people().find((p) => p.id === id)?.fullName),
      document: (id) => {
        const d = this.documents().find((doc) => doc.id === id);
        return d ? `${d.number} ${d.title}` : undefined;
      },
      overseenUnits: [],
    });
  });
  protected readonly filterSummary = computed(() => filterSummaryLine(this.filterLines()));
  /** Tasks ticked for a bulk action (unit heads and the ministry's roles), by id; only those on the page count. */
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  /** The bulk bar stays after an action (its result on show) until the selection is cleared. */
  protected readonly bulkOpen = signal(false);
  protected readonly selectedTasks = computed(() => (this.data()?.items ?? []).filter((t) => this.selected().has(t.id)));
  protected readonly allSelected = computed(() => {
    const items = this.data()?.items ?? [];
    return items.length > 0 && items.every((t) => this.selected().has(t.id));
  });

  protected readonly form = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    unit: new FormControl('', { nonNullable: true }),
    includeSubunits: new FormControl(true, { nonNullable: true }),
    assignee: new FormControl('', { nonNullable: true }),
    sourceDocument: new FormControl('', { nonNullable: true }),
    deadlineFrom: new FormControl('', { nonNullable: true }),
    deadlineTo: new FormControl('', { nonNullable: true }),
    keyTask: new FormControl(false, { nonNullable: true }),
    pendingExtension: new FormControl(false, { nonNullable: true }),
    status: new FormGroup(Object.fromEntries(TASK_STATUSES.map((s) => [s, new FormControl(false, { nonNullable: true })])) as Record<TaskStatus, FormControl<boolean>>),
  });

  constructor() {
    void this.loadChoices();
    // The URL is the one source of the list: a filter change navigates, and the navigation loads.
    effect(() => {
      const filters = this.filters();
      untracked(() => {
        this.fillForm(filters);
        void this.load(filters);
      });
    });
    this.form.controls.unit.valueChanges.subscribe((unit) => void this.loadPeople(unit));
  }

  protected async load(filters: TaskListFilters = this.filters()): Promise<void> {
    this.error.set(null);
    try {
      this.data.set(await this.tasks.list(filters));
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  protected apply(): void {
    // A typed text that is not a day (the date field's validator) blocks the filter: the URL keeps the last valid
    // one (no navigation, so the field is not refilled and its error stays) and focus goes to it (tdFocusFirstError).
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const status = TASK_STATUSES.filter((s) => v.status[s]);
    const current = this.filters();
    void this.navigate({
      q: v.q,
      unit: v.unit,
      includeSubunits: v.unit && !v.includeSubunits ? false : undefined,
      assignee: v.assignee,
      sourceDocument: v.sourceDocument,
      deadlineFrom: v.deadlineFrom,
      deadlineTo: v.deadlineTo,
      keyTask: v.keyTask || undefined,
      pendingExtension: v.pendingExtension || undefined,
      status,
      // A report's selection stays until it is removed on its own.
      period: current.period,
      periodFrom: current.periodFrom,
      periodTo: current.periodTo,
      category: current.category,
      scope: current.scope,
      sort: current.sort,
    });
  }

  protected reset(): void {
    void this.navigate({});
  }

  protected clearReport(): void {
    void this.navigate({ ...this.filters(), period: undefined, periodFrom: undefined, periodTo: undefined, category: undefined, scope: undefined, page: undefined });
  }

  protected sortBy(field: SortField): void {
    const current = this.filters().sort ?? 'deadline';
    const sort = current === field ? `-${field}` : field;
    void this.navigate({ ...this.filters(), sort, page: undefined });
  }

  protected ariaSort(field: SortField): 'ascending' | 'descending' | 'none' {
    const current = this.filters().sort ?? 'deadline';
    return current === field ? 'ascending' : current === `-${field}` ? 'descending' : 'none';
  }

  protected goTo(page: number): void {
    void this.navigate({ ...this.filters(), page });
  }

  protected act(kind: TaskActionKind, task: TaskView): void {
    this.notice.set(null);
    void this.dialog().open({ kind, task });
  }

  protected toggle(id: string): void {
    const next = new Set(this.selected());
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.selected.set(next);
  }

  protected clearSelection(): void {
    this.bulkOpen.set(false);
    this.selected.set(new Set());
  }

  protected toggleAll(): void {
    this.selected.set(this.allSelected() ? new Set() : new Set((this.data()?.items ?? []).map((t) => t.id)));
  }

  /** After a bulk action the list reloads; the tasks that failed stay ticked, with the reasons shown in the bar. */
  protected async bulkDone(failed: string[]): Promise<void> {
    this.bulkOpen.set(true);
    this.selected.set(new Set(failed));
    await this.load();
  }

  protected async done(kind: string): Promise<void> {
    this.notice.set(`actions.${kind}.done`);
    await this.load();
  }

  /** Downloads the list as filtered (every page) as .xlsx; the API's refusal (too many tasks) shown as the notice. */
  protected async exportXlsx(): Promise<void> {
    this.notice.set(null);
    this.error.set(null);
    this.exporting.set(true);
    try {
      await this.lists.exportXlsx(this.filters());
    } catch (err) {
      this.notice.set('errors.code.' + apiError(err).code);
    } finally {
      this.exporting.set(false);
    }
  }

  /** Prints the page shown (the print stylesheet drops the navigation, filters and buttons). */
  protected print(): void {
    this.printedOn.set(toLocalDate(new Date()));
    // The heading's date is drawn before the print dialog freezes the page.
    requestAnimationFrame(() => window.print());
  }

  /** Opens a saved filter's list, as its link would. */
  protected applySaved(query: string): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: Object.fromEntries(new URLSearchParams(query)) });
  }

  private navigate(filters: TaskListFilters): Promise<boolean> {
    return this.router.navigate([], { relativeTo: this.route, queryParams: paramsFromFilters(filters) });
  }

  private fillForm(f: TaskListFilters): void {
    this.form.setValue(
      {
        q: f.q ?? '',
        unit: f.unit ?? '',
        includeSubunits: f.includeSubunits !== false,
        assignee: f.assignee ?? '',
        sourceDocument: f.sourceDocument ?? '',
        deadlineFrom: f.deadlineFrom ?? '',
        deadlineTo: f.deadlineTo ?? '',
        keyTask: f.keyTask === true,
        pendingExtension: f.pendingExtension === true,
        status: Object.fromEntries(TASK_STATUSES.map((s) => [s, f.status?.includes(s) ?? false])) as Record<TaskStatus, boolean>,
      },
      { emitEvent: false },
    );
    void this.loadPeople(f.unit ?? '');
  }

  private async loadChoices(): Promise<void> {
    try {
      const [units, documents] = await Promise.all([this.directory.readableUnits(), this.tasks.documents(undefined, 1, 200)]);
      this.units.set(unitOptions(units));
      this.documents.set(documents.items);
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  /** Assignees to filter by: the people of the chosen unit (a ministry has too many to list at once). */
  private async loadPeople(unit: string): Promise<void> {
    this.people.set(await this.directory.peopleOf(unit));
  }
}
