import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, input, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { ATTACHMENT_DEFAULTS, type ObligationField, type ObligationPeriodView, type ReportObligationRequest, type ReportObligationView, type SourceDocumentView, UNIT_KINDS, type UnitKind } from '@tiendo/contracts';
import { isLocalDate, REPORTING_PERIODICITIES, REPORTING_SCHEDULE_LIMITS, type ReportDueRule, type ReportingPeriodicity, toLocalDate, type WorkingCalendar } from '@tiendo/domain';
import { apiError, DirectoryApi, FormOutcome, ReportObligationsApi, TasksApi } from '@tiendo/web-data-access';
import { DateTimePipe, LocalDatePipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { ConfirmDialog, ControlErrorText, DropZone, FieldErrorText, fileSize, focusFirstError, FormErrorBanner, LoadState, UnitOption, unitOptions, UnitPicker } from '@tiendo/web-ui';
import { DateField } from '@tiendo/web-ui/dates';
import { AdHocRequests } from '../ad-hoc/ad-hoc-requests';
import { ObligationHistory } from '../history/obligation-history';
import { DECREE_DEFAULTS, dueRule, dueValue, fieldKey, type PreviewPeriod, previewPeriods } from '../obligation-schedule';

type FieldGroup = FormGroup<{ label: FormControl<string>; key: FormControl<string>; type: FormControl<'number' | 'text'>; required: FormControl<boolean> }>;

const L = REPORTING_SCHEDULE_LIMITS;

/**
 * Creates (`/che-do-bao-cao/moi`) or changes (`/che-do-bao-cao/:id`) a reporting obligation, and ends it. The
 * schedule's fields left empty take Decree 09/2019/NĐ-CP's defaults (cut-off the 14th, art. 12; due the first working
 * day after, art. 8(5)(b)), shown beside them. The next six periods are previewed live: an unsaved draft on the
 * app's working calendar with libs/domain reporting-periods.ts (the API's own function); a saved, unchanged
 * obligation as the API's `/periods` answers. An ad hoc one has no periods to preview: a saved one shows its requests
 * and, for whoever manages it, the form to request one (AdHocRequests).
 */
@Component({
  selector: 'td-obligation-edit-page',
  imports: [ReactiveFormsModule, RouterLink, TranslocoDirective, LocalDatePipe, DateTimePipe, UnitPicker, DateField, DropZone, FieldErrorText, FormErrorBanner, ControlErrorText, LoadState, ObligationHistory, AdHocRequests],
  templateUrl: './obligation-edit-page.html',
  styles: `
    .fields-editor { display: grid; gap: 0.5rem; }
    .field-row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; border-top: 1px solid #e4e7ec; padding-top: 0.5rem; }
    .field-row .field { flex: 1 1 10rem; min-width: 0; }
    .row2 { display: flex; flex-wrap: wrap; gap: 0.75rem; }
    .row2 > .field { flex: 1 1 12rem; min-width: 0; }
    .preview-wrap { overflow-x: auto; }
    fieldset { min-width: 0; }
    select, input:not([type='checkbox']) { max-width: 100%; }
    .field select { width: 100%; }
    .template-line { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: center; }
    .template-line .link { overflow-wrap: anywhere; text-align: left; }
    progress { width: min(100%, 20rem); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ObligationEditPage {
  /** The route's `:id`; absent on `/moi`. */
  readonly id = input<string>();
  private readonly api = inject(ReportObligationsApi);
  private readonly tasks = inject(TasksApi);
  private readonly directory = inject(DirectoryApi);
  private readonly router = inject(Router);
  private readonly transloco = inject(TranslocoService);
  private readonly confirmDialog = inject(ConfirmDialog);
  private readonly injector = inject(Injector);
  private readonly formEl = viewChild<ElementRef<HTMLFormElement>>('formEl');

  protected readonly periodicities = REPORTING_PERIODICITIES;
  protected readonly unitKinds = UNIT_KINDS;
  protected readonly dueKinds: ReadonlyArray<ReportDueRule['kind']> = ['working_days_after_cutoff', 'days_after_cutoff', 'day_of_month'];
  protected readonly limits = L;
  protected readonly defaults = DECREE_DEFAULTS;
  protected readonly today = toLocalDate(new Date());

  protected readonly obligation = signal<ReportObligationView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly units = signal<UnitOption[]>([]);
  protected readonly documents = signal<SourceDocumentView[]>([]);
  protected readonly calendar = signal<WorkingCalendar | null>(null);
  private readonly serverPeriods = signal<ObligationPeriodView[] | null>(null);
  protected readonly outcome = new FormOutcome();
  protected readonly endOutcome = new FormOutcome();
  protected readonly isNew = computed(() => !this.id());
  protected readonly readOnly = computed(() => !!this.obligation() && !this.obligation()?.canManage);
  /** Bumped by each ad hoc request recorded: the history is read again (a request moves no `version`). */
  protected readonly requests = signal(0);

  protected readonly form = new FormGroup({
    code: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(32)] }),
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(500)] }),
    sourceDocumentId: new FormControl('', { nonNullable: true }),
    legalBasis: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(1000)] }),
    periodicity: new FormControl<ReportingPeriodicity>('monthly', { nonNullable: true }),
    cutOffDay: new FormControl<number | null>(null, { validators: [Validators.min(L.cutOffDay.min), Validators.max(L.cutOffDay.max)] }),
    dueKind: new FormControl<ReportDueRule['kind'] | ''>('', { nonNullable: true }),
    dueValue: new FormControl<number | null>(null, { validators: [Validators.min(1), Validators.max(90)] }),
    createWorkingDaysBefore: new FormControl<number | null>(null, { validators: [Validators.min(L.createWorkingDaysBefore.min), Validators.max(L.createWorkingDaysBefore.max)] }),
    receivingUnitCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    reportingUnitCodes: new FormControl<string[]>([], { nonNullable: true }),
    reportingUnitKind: new FormControl<UnitKind | ''>('', { nonNullable: true }),
    startsOn: new FormControl(this.today, { nonNullable: true, validators: [Validators.required] }),
    fields: new FormArray<FieldGroup>([]),
  });
  protected readonly endsOn = new FormControl(this.today, { nonNullable: true });
  /** The report template (set apart from the form: it is saved at once, without the obligation's version). */
  protected readonly templateOutcome = new FormOutcome();
  protected readonly templateUpload = signal<{ name: string; percent: number } | null>(null);
  protected readonly templateAccept = ATTACHMENT_DEFAULTS.types
    .split(',')
    .map((ext) => `.${ext}`)
    .join(',');
  protected readonly size = fileSize;
  private readonly value = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });
  private readonly dirty = signal(false);

  /** An obligation that ended before today: its page lists its last periods (the API's), each linking to its board. */
  protected readonly ended = computed(() => {
    const endsOn = this.obligation()?.endsOn;
    return !!endsOn && endsOn < this.today;
  });

  /** The preview of the next six periods: the API's for a saved, unchanged obligation; else computed here. */
  protected readonly preview = computed<{ rows: PreviewPeriod[]; source: 'server' | 'draft' | 'adHoc' } | null>(() => {
    // An ad hoc obligation has no periods to foresee: each is a request (the section of its requests lists them).
    if ((this.value().periodicity ?? this.obligation()?.periodicity) === 'ad_hoc') return { rows: [], source: 'adHoc' };
    const server = this.serverPeriods();
    if (server && !this.dirty()) return { rows: server.map((p) => ({ key: p.key, label: p.label, start: p.start, end: p.end, deadline: p.deadline, weekday: p.deadlineWeekday })), source: 'server' };
    const v = this.value();
    const calendar = this.calendar();
    if (!calendar) return null;
    const cutOff = typeof v.cutOffDay === 'number' && v.cutOffDay >= L.cutOffDay.min && v.cutOffDay <= L.cutOffDay.max ? v.cutOffDay : null;
    const n = typeof v.dueValue === 'number' && v.dueValue >= 1 && v.dueValue <= 90 ? v.dueValue : null;
    const startsOn = v.startsOn && isLocalDate(v.startsOn) ? v.startsOn : null;
    try {
      return { rows: previewPeriods({ periodicity: v.periodicity ?? 'monthly', cutOffDay: cutOff, due: dueRule(v.dueKind ?? '', n), startsOn, endsOn: this.obligation()?.endsOn ?? null }, this.today, calendar), source: 'draft' };
    } catch {
      return null;
    }
  });

  constructor() {
    void this.loadChoices();
    this.form.valueChanges.subscribe(() => this.dirty.set(this.form.dirty));
    afterNextRender(() => void this.load(), { injector: this.injector });
  }

  protected get fieldRows(): FieldGroup[] {
    return this.form.controls.fields.controls;
  }

  protected addField(field?: ObligationField): void {
    this.form.controls.fields.push(
      new FormGroup({
        label: new FormControl(field?.label ?? '', { nonNullable: true, validators: [Validators.required, Validators.maxLength(200)] }),
        key: new FormControl(field?.key ?? '', { nonNullable: true, validators: [Validators.pattern(/^[a-z][a-z0-9_]{0,39}$/)] }),
        type: new FormControl<'number' | 'text'>(field?.type ?? 'number', { nonNullable: true }),
        required: new FormControl(field?.required ?? true, { nonNullable: true }),
      }),
    );
    if (!field) this.form.markAsDirty();
  }

  protected removeField(i: number): void {
    this.form.controls.fields.removeAt(i);
    this.form.markAsDirty();
  }

  /** Fills an empty key from its label when the label is left. */
  protected keyFromLabel(i: number): void {
    const g = this.fieldRows[i];
    if (!g.controls.key.value && g.controls.label.value.trim()) g.controls.key.setValue(fieldKey(g.controls.label.value));
  }

  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return this.focusError();
    const v = this.form.getRawValue();
    const body: Omit<ReportObligationRequest, 'code'> = {
      name: v.name.trim(),
      sourceDocumentId: v.sourceDocumentId || null,
      legalBasis: v.legalBasis.trim() || null,
      periodicity: v.periodicity,
      cutOffDay: v.cutOffDay ?? null,
      due: dueRule(v.dueKind, v.dueValue),
      receivingUnitCode: v.receivingUnitCode,
      reportingUnits: v.reportingUnitCodes.map((unitCode) => ({ unitCode })),
      reportingUnitKind: v.reportingUnitKind || null,
      fields: v.fields.map((f) => ({ label: f.label.trim(), key: f.key || fieldKey(f.label), type: f.type, required: f.required })),
      startsOn: v.startsOn,
      ...(v.createWorkingDaysBefore !== null ? { createWorkingDaysBefore: v.createWorkingDaysBefore } : {}),
    };
    const current = this.obligation();
    const saved = current
      ? await this.outcome.run(() => this.api.update(current.id, { ...body, version: current.version }), 'obligations.saved')
      : await this.outcome.run(() => this.api.create({ ...body, code: v.code.trim() }));
    if (!saved) return this.focusError();
    if (!current) {
      await this.router.navigate(['/che-do-bao-cao', saved.id]);
      return;
    }
    this.fill(saved);
    await this.loadPeriods(saved.id);
  }

  protected async end(): Promise<void> {
    const current = this.obligation();
    const day = this.endsOn.value;
    if (!current || !day) return;
    const go = await this.confirmDialog.ask({
      title: this.transloco.translate('obligations.endTitle', { name: current.name }),
      message: this.transloco.translate('obligations.endMessage', { day: day.split('-').reverse().join('/') }),
      confirm: this.transloco.translate('obligations.end'),
      danger: true,
    });
    if (!go) return;
    const ended = await this.endOutcome.run(() => this.api.end(current.id, day), 'obligations.ended');
    if (ended) {
      this.fill(ended);
      await this.loadPeriods(ended.id);
    }
  }

  protected templateLimits(): string {
    return this.transloco.translate('files.limits', { size: ATTACHMENT_DEFAULTS.maxMegabytes, count: 1, types: 'PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, ZIP' });
  }

  /** Sets or replaces the template; the form's unsaved changes stay as they are. */
  protected async uploadTemplate(files: File[]): Promise<void> {
    const current = this.obligation();
    const file = files[0];
    if (!current || !file) return;
    this.templateUpload.set({ name: file.name, percent: 0 });
    const saved = await this.templateOutcome.run(() => this.api.uploadTemplate(current.id, file, (percent) => this.templateUpload.set({ name: file.name, percent })), 'obligations.templateSaved');
    this.templateUpload.set(null);
    if (saved) this.obligation.update((o) => (o ? { ...o, templateFileId: saved.templateFileId, template: saved.template ?? null } : o));
  }

  protected async removeTemplate(): Promise<void> {
    const current = this.obligation();
    if (!current?.templateFileId) return;
    const go = await this.confirmDialog.ask({
      title: this.transloco.translate('obligations.templateRemoveTitle', { name: current.template?.name ?? '' }),
      message: this.transloco.translate('obligations.templateRemoveMessage'),
      confirm: this.transloco.translate('obligations.templateRemove'),
      danger: true,
    });
    if (!go) return;
    const done = await this.templateOutcome.run(() => this.api.deleteTemplate(current.id).then(() => true), 'obligations.templateRemoved');
    if (done) this.obligation.update((o) => (o ? { ...o, templateFileId: null, template: null } : o));
  }

  protected downloadTemplate(): void {
    const o = this.obligation();
    if (o?.templateFileId) void this.templateOutcome.run(() => this.api.downloadTemplate(o.id, o.template?.name ?? 'mau-bao-cao'));
  }

  private focusError(): void {
    afterNextRender(() => focusFirstError(this.formEl()?.nativeElement), { injector: this.injector });
  }

  private async load(): Promise<void> {
    const id = this.id();
    if (!id) return;
    try {
      const o = await this.api.get(id);
      this.fill(o);
      await this.loadPeriods(id);
    } catch (err) {
      this.loadError.set(apiError(err).code);
    }
  }

  private async loadPeriods(id: string): Promise<void> {
    // An ad hoc obligation's `/periods` are its requests, which its own section reads and shows.
    if (this.obligation()?.periodicity === 'ad_hoc') return this.serverPeriods.set(null);
    this.serverPeriods.set((await this.api.periods(id).catch(() => null))?.items ?? null);
  }

  /** The form as the obligation is now (pristine: the preview is the API's). */
  private fill(o: ReportObligationView): void {
    this.obligation.set(o);
    this.form.controls.fields.clear();
    for (const f of o.fields) this.addField(f);
    this.form.reset({
      code: o.code,
      name: o.name,
      sourceDocumentId: o.sourceDocument?.id ?? '',
      legalBasis: o.legalBasis ?? '',
      periodicity: o.periodicity,
      cutOffDay: o.cutOffDay,
      dueKind: o.due?.kind ?? '',
      dueValue: dueValue(o.due),
      createWorkingDaysBefore: o.createWorkingDaysBefore,
      receivingUnitCode: o.receivingUnit.code,
      reportingUnitCodes: o.reportingUnits.map((u) => u.code),
      reportingUnitKind: o.reportingUnitKind ?? '',
      startsOn: o.startsOn,
      fields: o.fields,
    });
    this.form.controls.code.disable();
    if (!o.canManage) this.form.disable();
    this.dirty.set(false);
  }

  private async loadChoices(): Promise<void> {
    try {
      const [units, documents, calendar] = await Promise.all([this.directory.units(), this.tasks.documents(undefined, 1, 200), this.directory.workingCalendar()]);
      this.units.set(unitOptions(units.filter((u) => u.active)));
      this.documents.set(documents.items);
      this.calendar.set(calendar);
    } catch (err) {
      this.loadError.set(apiError(err).code);
    }
  }
}
