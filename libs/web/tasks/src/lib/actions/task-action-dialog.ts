import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, output, signal, viewChild } from '@angular/core';
import { CdkTrapFocus } from '@angular/cdk/a11y';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { ExtensionView, FieldError, UserView } from '@tiendo/contracts';
import { addDays, toLocalDate } from '@tiendo/domain';
import { apiError, DirectoryApi, fieldErrors, FileUploads, FormDraft, TasksApi, WorkApi } from '@tiendo/web-data-access';
import { LocalDatePipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { CharCount, ControlErrorText, DropZone, FieldErrorText, focusFirstError, FormErrorBanner } from '@tiendo/web-ui';
import { DateField } from '@tiendo/web-ui/dates';
import { FILE_LIMITS, limitsText } from '../work/file-limits';
import { UploadList } from '../work/upload-list';
import type { TaskActionRequest } from './task-action';

/**
 * One dialog for every action on a task: the form the action needs, validated as the API validates it, the API's
 * field errors beside the fields, and what was typed kept (per task and action) until the action succeeds.
 */
@Component({
  selector: 'td-task-action-dialog',
  imports: [CdkTrapFocus, ReactiveFormsModule, DateField, TranslocoDirective, FieldErrorText, LocalDatePipe, FormErrorBanner, DropZone, UploadList, CharCount, ControlErrorText],
  templateUrl: './task-action-dialog.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskActionDialog {
  private readonly tasks = inject(TasksApi);
  private readonly directory = inject(DirectoryApi);
  private readonly work = inject(WorkApi);
  private readonly transloco = inject(TranslocoService);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly injector = inject(Injector);
  /** Where focus was when the dialog opened (the action's button): it goes back there when the dialog closes. */
  private returnFocus: HTMLElement | null = null;
  /** The API's limit on a note, result or reason (MaxLength 10 000), shown with a counter. */
  protected readonly textLimit = 10_000;
  readonly done = output<string>();

  protected readonly request = signal<TaskActionRequest | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly errors = signal<Record<string, FieldError[]>>({});
  protected readonly pending = signal<ExtensionView | null>(null);
  protected readonly people = signal<UserView[]>([]);
  /** Files uploaded to the task from this dialog, passed with the report (`attachmentIds`): the evidence of completion. */
  protected readonly uploads = new FileUploads(this.work, () => this.request()?.task.id ?? '');
  protected readonly accept = FILE_LIMITS.accept;
  protected readonly limits = () => limitsText(this.transloco);
  /** The task has sub-tasks still open: completing it asks whether to complete them too or cancel them. */
  protected readonly askSubTasks = signal(false);
  /** The API refused the report for want of a file (a unit or document type may require one). */
  protected readonly needsFile = computed(() => this.error() === 'COMPLETION_NEEDS_FILE' || !!this.errors()['attachmentIds']?.length);
  protected readonly minDeadline = computed(() => addDays(this.request()?.task.deadline ?? toLocalDate(new Date()), 1));

  protected readonly form = new FormGroup({
    percent: new FormControl<number>(0, { nonNullable: true, validators: [Validators.required, Validators.min(0), Validators.max(100)] }),
    text: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(10_000)] }),
    newDeadline: new FormControl('', { nonNullable: true }),
    assigneeId: new FormControl('', { nonNullable: true }),
    openSubTasks: new FormControl<'' | 'complete' | 'cancel'>('', { nonNullable: true }),
  });
  private readonly draft = new FormDraft(this.form, 'task-action');

  /** Opens the dialog for one action; the form starts from the draft of that task and action, if any. */
  async open(request: TaskActionRequest): Promise<void> {
    this.request.set(request);
    this.error.set(null);
    this.errors.set({});
    this.pending.set(null);
    this.uploads.clear();
    const subTasks = request.task.subTasks ?? [];
    this.askSubTasks.set(request.kind === 'complete' && subTasks.some((s) => s.state === 'open'));
    this.form.reset({ percent: request.task.progressPercent, text: '', newDeadline: '', assigneeId: request.task.assignee?.id ?? '', openSubTasks: '' }, { emitEvent: false });
    this.configureValidators(request.kind);
    this.draft.switchTo(`task.${request.task.id}.${request.kind}`);
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // showModal makes the page behind inert, and cdkTrapFocus wraps Tab from the last button to the first field
    // (a native dialog alone lets Tab leave for the browser's own controls); the form draws on the next render,
    // and focus then goes to its first field.
    this.dialog().nativeElement.showModal();
    afterNextRender(() => this.focusFirstField(), { injector: this.injector });
    if (request.kind === 'decide') await this.loadPending(request.task.id);
    if (request.kind === 'reassign') await this.loadPeople(request.task.leadUnit.code);
  }

  protected close(): void {
    this.dialog().nativeElement.close();
    this.request.set(null);
  }

  /** The dialog closed (a button, Escape, success): focus goes back where it was, if that is still on the page. */
  protected closed(): void {
    this.request.set(null);
    const back = this.returnFocus;
    this.returnFocus = null;
    if (back?.isConnected) back.focus();
  }

  private focusFirstField(): void {
    this.dialog().nativeElement.querySelector<HTMLElement>('form input:not([type="hidden"]), form select, form textarea, form button')?.focus();
  }

  private focusError(): void {
    afterNextRender(() => focusFirstError(this.dialog().nativeElement), { injector: this.injector });
  }

  protected async submit(approve = true): Promise<void> {
    const request = this.request();
    this.form.markAllAsTouched();
    if (!request || this.busy()) return;
    if (this.form.invalid) return this.focusError();
    this.busy.set(true);
    this.error.set(null);
    this.errors.set({});
    const { id, version } = request.task;
    const { percent, text, newDeadline, assigneeId, openSubTasks } = this.form.getRawValue();
    if (this.askSubTasks() && !openSubTasks) {
      this.busy.set(false);
      return;
    }
    if (this.uploads.busy()) {
      this.busy.set(false);
      return;
    }
    const attachmentIds = this.uploads.ids();
    try {
      switch (request.kind) {
        case 'progress':
          await this.tasks.progress(id, version, Number(percent), text, attachmentIds);
          break;
        case 'complete':
          await this.tasks.complete(id, version, text, { attachmentIds, openSubTasks: openSubTasks || undefined });
          break;
        case 'extension':
          await this.tasks.requestExtension(id, newDeadline, text);
          break;
        case 'return':
        case 'reopen':
        case 'cancel':
          await this.tasks.decide(id, request.kind, version, text);
          break;
        case 'decide': {
          const pending = this.pending();
          if (!pending) return;
          await this.tasks.decideExtension(id, pending.id, approve, text || undefined);
          break;
        }
        case 'reassign':
          await this.tasks.update(id, { version, assigneeId: assigneeId || null });
          break;
      }
      this.draft.clear();
      this.close();
      this.done.emit(request.kind);
    } catch (err) {
      const body = apiError(err);
      this.error.set(body.code);
      // Sub-tasks opened since the page was read: ask now what to do with them.
      if (body.code === 'SUBTASKS_OPEN') this.askSubTasks.set(true);
      // The API names the body fields; the form's controls have the dialog's own names.
      const byField = fieldErrors(body);
      this.errors.set({ ...byField, text: [...(byField['note'] ?? []), ...(byField['result'] ?? []), ...(byField['reason'] ?? [])] });
      this.focusError();
    } finally {
      this.busy.set(false);
    }
  }

  private configureValidators(kind: TaskActionRequest['kind']): void {
    const { text, newDeadline, percent } = this.form.controls;
    // A decision's note is optional; every other text (note, result, reason) is required by the API.
    text.setValidators(kind === 'decide' || kind === 'reassign' ? [Validators.maxLength(10_000)] : [Validators.required, Validators.maxLength(10_000)]);
    newDeadline.setValidators(kind === 'extension' ? [Validators.required] : []);
    percent.setValidators(kind === 'progress' ? [Validators.required, Validators.min(0), Validators.max(100)] : []);
    for (const c of [text, newDeadline, percent]) c.updateValueAndValidity({ emitEvent: false });
  }

  private async loadPending(taskId: string): Promise<void> {
    try {
      this.pending.set((await this.tasks.get(taskId)).pendingExtension);
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  private async loadPeople(unitCode: string): Promise<void> {
    this.people.set(await this.directory.peopleOf(unitCode));
  }
}
