import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { BulkResult, TaskView, UserView } from '@tiendo/contracts';
import { apiError, DirectoryApi, TasksApi, WorkApi } from '@tiendo/web-data-access';
import { TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { CharCount, ConfirmDialog } from '@tiendo/web-ui';

/**
 * A unit head's actions on the tasks selected in the list: hand them all to one person of the unit, or decide
 * their pending extension requests at once with one note. The server changes each task on its own
 * (POST /api/tasks/bulk/…); the bar says how many were done and why the others were not, and hands back the ids
 * that failed so that they stay selected.
 */
@Component({
  selector: 'td-bulk-actions',
  imports: [FormsModule, TranslocoDirective, CharCount],
  template: `
    <ng-container *transloco="let t">
      <section class="bulk card" [attr.aria-label]="t('bulk.actions')" data-testid="bulk-actions">
        <p class="bulk-count" role="status">{{ t('bulk.selected', { count: tasks().length }) }}</p>
        <div class="bulk-row">
          <label for="bulk-assignee">{{ t('bulk.reassignTo') }}</label>
          <select id="bulk-assignee" [(ngModel)]="assigneeId" [disabled]="busy()">
            <option value="">{{ t('bulk.pickPerson') }}</option>
            @for (p of people(); track p.id) {
              <option [value]="p.id">{{ p.fullName }} · {{ p.unitName }}</option>
            }
          </select>
          @if (noCommonPerson()) {
            <p class="muted" role="status" data-testid="bulk-no-common">{{ t('bulk.noCommonPerson', { units: leadUnits().join(', ') }) }}</p>
          }
          <button type="button" class="btn primary" [disabled]="busy() || !assigneeId() || !tasks().length" (click)="reassign()">{{ t('bulk.reassign') }}</button>
        </div>
        @if (decisions()) {
          <div class="bulk-row">
            <label for="bulk-note">{{ t('bulk.note') }}</label>
            <input id="bulk-note" type="text" maxlength="2000" [(ngModel)]="note" [disabled]="busy()" aria-describedby="bulk-note-count" />
            <td-char-count id="bulk-note-count" [text]="note()" [max]="2000" />
            <button type="button" class="btn" [disabled]="busy() || !tasks().length" (click)="decide(true)">{{ t('bulk.approve') }}</button>
            <button type="button" class="btn" [disabled]="busy() || !tasks().length" (click)="decide(false)">{{ t('bulk.reject') }}</button>
          </div>
        }
        <button type="button" class="btn small" [disabled]="busy()" (click)="cleared.emit()">{{ t('bulk.clear') }}</button>
        @if (result(); as r) {
          <div class="bulk-result" role="alert" data-testid="bulk-result">
            <p>{{ t('bulk.result', { ok: r.ok, failed: r.failed }) }}</p>
            @if (r.failed) {
              <ul>
                @for (f of failures(); track f.taskId) {
                  <li>{{ f.label }}: {{ t('errors.code.' + f.code) }}</li>
                }
              </ul>
            }
          </div>
        }
        @if (error(); as code) {
          <p class="field-error" role="alert">{{ t('errors.code.' + code) }}</p>
        }
      </section>
    </ng-container>
  `,
  styles: `
    .bulk { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin: 0.5rem 0; border-left: 4px solid var(--accent, #1f5bd8); }
    .bulk-count { margin: 0; font-weight: 600; }
    .bulk-row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .bulk-row select, .bulk-row input { max-width: 100%; min-width: 12rem; }
    .bulk-result { flex-basis: 100%; }
    .bulk-result ul { margin: 0.25rem 0 0; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BulkActions {
  private readonly api = inject(TasksApi);
  private readonly directory = inject(DirectoryApi);
  private readonly work = inject(WorkApi);
  private readonly confirm = inject(ConfirmDialog);
  private readonly transloco = inject(TranslocoService);

  /** The selected tasks (of the page on screen). */
  readonly tasks = input.required<readonly TaskView[]>();
  /** Whether the list shows tasks with a pending extension request (the decision buttons then show). */
  readonly decisions = input(false);
  /** After an action: the ids that failed (they stay selected) — the list reloads. */
  readonly done = output<string[]>();
  readonly cleared = output<void>();

  /**
   * Who may be the assignee of every selected task: the active people of each task's lead unit and its sub-units
   * (the server's rule, ASSIGNEE_OUTSIDE_UNIT in TasksService.requireAssignee), in all of them at once; never an
   * administrator (who does not carry tasks).
   */
  protected readonly people = signal<UserView[]>([]);
  /** The selected tasks' lead units (codes), for the message when no one belongs to all of them. */
  protected readonly leadUnits = computed(() => [...new Set(this.tasks().map((t) => t.leadUnit.code))]);
  protected readonly noCommonPerson = signal(false);
  protected readonly assigneeId = signal('');
  protected readonly note = signal('');
  protected readonly busy = signal(false);
  protected readonly result = signal<BulkResult | null>(null);
  protected readonly failures = signal<Array<{ taskId: string; code: string; label: string }>>([]);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const units = this.leadUnits();
      untracked(() => void this.loadPeople(units));
    });
  }

  protected async reassign(): Promise<void> {
    const tasks = this.tasks();
    await this.run(() => this.api.bulkReassign({ taskIds: tasks.map((t) => t.id), assigneeId: this.assigneeId(), versions: tasks.map((t) => t.version) }));
  }

  /** The people who may take every selected task (see `people`); a reply for an older selection is dropped. */
  private async loadPeople(units: string[]): Promise<void> {
    const key = units.join(',');
    this.peopleFor = key;
    if (!units.length) {
      this.people.set([]);
      this.noCommonPerson.set(false);
      return;
    }
    const lists = await Promise.all(units.map((u) => this.directory.peopleOf(u)));
    if (this.peopleFor !== key) return;
    const [first, ...others] = lists;
    const common = first.filter((p) => p.active && p.role !== 'admin' && others.every((l) => l.some((o) => o.id === p.id)));
    this.people.set(common);
    this.noCommonPerson.set(!common.length);
    if (this.assigneeId() && !common.some((p) => p.id === this.assigneeId())) this.assigneeId.set('');
  }
  private peopleFor = '';

  /**
   * Decides the selected tasks' pending extension requests at once, after the app's own confirmation naming how many
   * requests; the menu's pending count is read again afterwards (WorkApi.pendingExtensionsChanged).
   */
  protected async decide(approve: boolean): Promise<void> {
    this.error.set(null);
    // Each selected task's pending request (a task has at most one); tasks without one are left out.
    let decisions: Array<{ taskId: string; extensionId: string }>;
    try {
      const found = await Promise.all(
        this.tasks().map(async (t) => ({ taskId: t.id, extension: (await this.api.extensions(t.id)).find((e) => e.state === 'pending') })),
      );
      decisions = found.filter((f) => f.extension).map((f) => ({ taskId: f.taskId, extensionId: (f.extension as { id: string }).id }));
    } catch (err) {
      this.error.set(apiError(err).code);
      return;
    }
    const count = decisions.length;
    const ok = await this.confirm.ask({
      title: this.transloco.translate(approve ? 'bulk.confirmApprove' : 'bulk.confirmReject', { count }),
      message: count ? undefined : this.transloco.translate('bulk.noPending'),
      confirm: this.transloco.translate(approve ? 'bulk.approve' : 'bulk.reject'),
      danger: !approve,
    });
    if (!ok) return;
    await this.run(async () => {
      if (!decisions.length) return { ok: 0, failed: 0, results: [] };
      return this.api.bulkDecideExtensions({ decisions, approve, ...(this.note().trim() ? { note: this.note().trim() } : {}) });
    });
    this.work.pendingExtensionsChanged();
  }

  private async run(action: () => Promise<BulkResult>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    this.result.set(null);
    try {
      const result = await action();
      this.result.set(result);
      const failed = result.results.filter((r) => !r.ok);
      const codeOf = new Map(this.tasks().map((t) => [t.id, t.code]));
      this.failures.set(failed.map((r) => ({ taskId: r.taskId, code: r.code ?? 'ERROR', label: codeOf.get(r.taskId) ?? r.taskId })));
      this.done.emit(failed.map((r) => r.taskId));
    } catch (err) {
      this.error.set(apiError(err).code);
    } finally {
      this.busy.set(false);
    }
  }
}
