import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { CreateTaskRequest, MINISTRY_WIDE_ROLES, SourceDocumentView, TASK_PRIORITIES, TaskPriority, UserView } from '@tiendo/contracts';
import { dayOfWeek, isLocalDate, toLocalDate, WorkingCalendar } from '@tiendo/domain';
import { apiError, DirectoryApi, FormDraft, FormOutcome, Session, TasksApi } from '@tiendo/web-data-access';
import { TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { CharCount, ConfirmDialog, ControlErrorText, FieldErrorText, focusFirstError, FormErrorBanner, UnitOption, unitOptions, UnitPicker } from '@tiendo/web-ui';
import { DateField } from '@tiendo/web-ui/dates';
import { RecurrenceFields } from '../recurrence/recurrence-fields';
import { recurrenceGroup, recurrenceRequest } from '../recurrence/recurrence-form';

/** A unit head, the Ministry Office or a leader assigns a task: to a unit they may assign to, with its deadline. */
@Component({
  selector: 'td-assign-task-page',
  imports: [ReactiveFormsModule, UnitPicker, DateField, RouterLink, TranslocoDirective, FieldErrorText, FormErrorBanner, CharCount, ControlErrorText, RecurrenceFields],
  templateUrl: './assign-task-page.html',
  styles: `.deadline-facts { margin: 0.25rem 0 0; color: #344054; } select[multiple] { min-height: 9rem; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AssignTaskPage {
  private readonly tasks = inject(TasksApi);
  private readonly directory = inject(DirectoryApi);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly transloco = inject(TranslocoService);
  private readonly confirmDialog = inject(ConfirmDialog);
  private readonly injector = inject(Injector);
  private readonly formEl = viewChild<ElementRef<HTMLFormElement>>('formEl');

  /** The API's limits (CreateTaskDto's MaxLength), shown beside the fields with a counter. */
  protected readonly limits = { title: 500, description: 10_000 } as const;

  protected readonly priorities = TASK_PRIORITIES;
  protected readonly allUnits = signal<UnitOption[]>([]);
  protected readonly people = signal<UserView[]>([]);
  protected readonly documents = signal<SourceDocumentView[]>([]);
  protected readonly calendar = signal<WorkingCalendar | null>(null);
  protected readonly outcome = new FormOutcome();
  /** The choices could not be loaded (units, documents, holidays). */
  protected readonly error = signal<string | null>(null);
  protected readonly today = toLocalDate(new Date());

  protected readonly form = new FormGroup({
    title: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(500)] }),
    description: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(10_000)] }),
    leadUnitCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    assigneeId: new FormControl('', { nonNullable: true }),
    deadline: new FormControl('', { nonNullable: true }),
    sourceDocumentId: new FormControl('', { nonNullable: true }),
    coordinatingUnitCodes: new FormControl<string[]>([], { nonNullable: true }),
    priority: new FormControl<TaskPriority>('normal', { nonNullable: true }),
    isKeyTask: new FormControl(false, { nonNullable: true }),
    code: new FormControl('', { nonNullable: true, validators: [Validators.pattern(/^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/)] }),
    /** Does the task repeat (issue #11): `recurrence` of the body; the worker makes each later occurrence. */
    recurrence: recurrenceGroup(),
  });
  private readonly draft = new FormDraft(this.form, 'assign-task');
  protected readonly deadline = toSignal(this.form.controls.deadline.valueChanges, { initialValue: this.form.controls.deadline.value });

  /** Units this user may assign to: every unit for the ministry-wide roles, their own subtree for a unit head. */
  protected readonly leadUnits = computed(() => {
    const user = this.session.user();
    const all = this.allUnits();
    if (!user || MINISTRY_WIDE_ROLES.includes(user.role)) return all;
    const start = all.findIndex((u) => u.code === user.unitCode);
    if (start < 0) return [];
    const end = all.findIndex((u, i) => i > start && u.depth <= all[start].depth);
    return all.slice(start, end < 0 ? undefined : end);
  });

  /** The deadline's weekday and the working days left until it, as the reminders will count them. */
  protected readonly deadlineFacts = computed(() => {
    const day = this.deadline();
    const calendar = this.calendar();
    if (!day || !isLocalDate(day)) return null;
    return { weekday: dayOfWeek(day), workingDays: calendar ? calendar.workingDaysBetween(this.today, day) : null, past: day < this.today, working: calendar?.isWorkingDay(day) ?? true };
  });

  constructor() {
    void this.loadChoices();
    this.form.controls.leadUnitCode.valueChanges.subscribe((code) => void this.loadPeople(code));
    if (this.form.controls.leadUnitCode.value) void this.loadPeople(this.form.controls.leadUnitCode.value);
  }

  protected async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return this.focusError();
    const v = this.form.getRawValue();
    // A task without a deadline is left out of the four figures: asked, never made by surprise.
    if (!v.deadline) {
      const go = await this.confirmDialog.ask({
        title: this.transloco.translate('confirm.noDeadlineTitle'),
        message: this.transloco.translate('confirm.noDeadlineMessage'),
        confirm: this.transloco.translate('confirm.createWithoutDeadline'),
      });
      if (!go) {
        this.formEl()?.nativeElement.querySelector<HTMLElement>('#a-deadline, [data-field="deadline"] input')?.focus();
        return;
      }
    }
    // The fields shown are checked by the form (disabled ones not): a complete recurrence or none.
    const recurrence = recurrenceRequest(v.recurrence);
    if (recurrence === null) return this.focusError();
    const body: CreateTaskRequest = {
      title: v.title.trim(),
      leadUnitCode: v.leadUnitCode,
      deadline: v.deadline || null,
      priority: v.priority,
      isKeyTask: v.isKeyTask,
      ...(v.description.trim() ? { description: v.description } : {}),
      ...(v.assigneeId ? { assigneeId: v.assigneeId } : {}),
      ...(v.sourceDocumentId ? { sourceDocumentId: v.sourceDocumentId } : {}),
      ...(v.coordinatingUnitCodes.length ? { coordinatingUnitCodes: v.coordinatingUnitCodes.filter((c) => c !== v.leadUnitCode) } : {}),
      ...(v.code.trim() ? { code: v.code.trim() } : {}),
      ...(recurrence ? { recurrence } : {}),
    };
    const task = await this.outcome.run(() => this.tasks.create(body));
    if (!task) return this.focusError();
    this.draft.clear();
    await this.router.navigate(['/nhiem-vu', task.id]);
  }

  /** After a refused submit (the form's own rules or the API's field errors), focus goes to the first field in error. */
  private focusError(): void {
    afterNextRender(() => focusFirstError(this.formEl()?.nativeElement), { injector: this.injector });
  }

  private async loadChoices(): Promise<void> {
    try {
      // The server's calendar (the law's days of any year plus the admin's changes, worked weekends counted), so
      // the count shown is the one the reminders will use, whatever year the deadline falls in.
      const [units, documents, calendar] = await Promise.all([
        this.directory.units(),
        this.tasks.documents(undefined, 1, 200),
        this.directory.workingCalendar(),
      ]);
      this.allUnits.set(unitOptions(units.filter((u) => u.active)));
      this.documents.set(documents.items);
      this.calendar.set(calendar);
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  private async loadPeople(unit: string): Promise<void> {
    this.people.set(await this.directory.peopleOf(unit));
  }
}
