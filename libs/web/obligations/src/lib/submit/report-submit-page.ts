import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormControl, FormRecord, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ATTACHMENT_DEFAULTS, type AttachmentView, type FieldError, type TaskDetailView, type TaskReportView } from '@tiendo/contracts';
import { dayOfWeek } from '@tiendo/domain';
import { apiError, FileUploads, FormDraft, FormOutcome, ReportObligationsApi, TasksApi, WorkApi } from '@tiendo/web-data-access';
import { DateTimePipe, LocalDatePipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { DeadlineCell, DropZone, FieldErrorText, FileList, FormErrorBanner, LoadState, StatusChip, fileSize } from '@tiendo/web-ui';
import { figureTexts } from '../board/board-rows';
import { checkFigureInputs, figureErrors, figureInputs, latestCompletionFiles, type ReportState, reportState } from './report-form';

const ACCEPT = ATTACHMENT_DEFAULTS.types
  .split(',')
  .map((ext) => `.${ext}`)
  .join(',');

/**
 * Submit a periodic report (`/nhiem-vu/:id/bao-cao`, issue #11): a reporting unit's staff member, from My tasks or the
 * task page, sees the obligation, the period (data window, cut-off, due date with its weekday), the template to
 * download, uploads the report file(s) (required: submitting is completing the report task with them) and fills the
 * obligation's figures, checked here as the API checks them; the API's field errors show beside their fields. A
 * report returned for redo shows the reason and is submitted again; a submitted one shows what was sent and whether
 * the receiving office has confirmed it.
 */
@Component({
  selector: 'td-report-submit-page',
  imports: [ReactiveFormsModule, RouterLink, TranslocoDirective, LocalDatePipe, DateTimePipe, DeadlineCell, DropZone, FieldErrorText, FileList, FormErrorBanner, LoadState, StatusChip],
  templateUrl: './report-submit-page.html',
  styles: `
    /* The template beside the facts and the form on a desktop; on a phone between them (download it, then fill it). */
    .layout { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); grid-template-areas: 'facts side' 'main side'; grid-template-rows: auto 1fr; gap: 1rem; align-items: start; margin-top: 1rem; }
    .facts-card { grid-area: facts; }
    .side { grid-area: side; }
    .main { grid-area: main; min-width: 0; }
    .main > .card:first-child, .main > form.card:first-child { margin-top: 0; }
    @media (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); grid-template-areas: 'facts' 'side' 'main'; grid-template-rows: auto; } }
    dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.35rem 1rem; margin: 0; }
    dl.facts dt { color: #475467; }
    dl.facts dd { margin: 0; overflow-wrap: anywhere; }
    @media (max-width: 480px) { dl.facts { grid-template-columns: minmax(0, 1fr); } dl.facts dd { margin-bottom: 0.4rem; } }
    .main > * + * { margin-top: 1rem; }
    .head-line { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .returned { border-left: 4px solid #b42318; background: #fef3f2; padding: 0.75rem 1rem; border-radius: 0.5rem; margin: 0.75rem 0; }
    .returned p { margin: 0.25rem 0 0; white-space: pre-line; }
    .sent { border-left: 4px solid #067647; background: #ecfdf3; padding: 0.75rem 1rem; border-radius: 0.5rem; margin: 0.75rem 0; }
    .uploads { list-style: none; padding: 0; margin: 0.5rem 0 0; }
    .uploads li { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: center; padding: 0.3rem 0; border-bottom: 1px solid #eaecf0; }
    .uploads .name { overflow-wrap: anywhere; font-weight: 600; }
    .uploads progress { flex: 1; min-width: 6rem; height: 0.8rem; }
    .uploads .ok { color: #067647; }
    .uploads .field-error { color: #b42318; flex-basis: 100%; }
    .uploads button { margin-left: auto; }
    .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 16rem), 1fr)); gap: 0 1rem; }
    /* A figure's label may be long (a full indicator's name): neither column may widen a phone. */
    dl.sent-figures { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 0.25rem 1rem; margin: 0.5rem 0 0; }
    dl.sent-figures dt, dl.sent-figures dd { margin: 0; overflow-wrap: anywhere; }
    fieldset { border: 1px solid #d0d5dd; border-radius: 0.5rem; padding: 0.75rem 1rem; margin: 0 0 1rem; min-width: 0; }
    legend { font-weight: 600; padding: 0 0.25rem; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .template { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportSubmitPage {
  /** The route's :id: the report task. */
  readonly id = input.required<string>();
  private readonly api = inject(ReportObligationsApi);
  private readonly tasks = inject(TasksApi);
  private readonly work = inject(WorkApi);
  private readonly transloco = inject(TranslocoService);

  protected readonly report = signal<TaskReportView | null>(null);
  protected readonly task = signal<TaskDetailView | null>(null);
  protected readonly state = signal<ReportState | null>(null);
  /** The task's files, for what was sent when the API's report does not list them. */
  private readonly files = signal<AttachmentView[]>([]);
  protected readonly loadError = signal<{ code: string; status: number } | null>(null);
  protected readonly outcome = new FormOutcome();
  protected readonly downloadOutcome = new FormOutcome();
  /** The browser's own check of the figures, shown like the API's. */
  protected readonly checked = signal<FieldError[]>([]);
  /** "Submit" pressed without a file. */
  protected readonly fileMissing = signal(false);
  protected readonly accept = ACCEPT;
  protected readonly size = fileSize;

  protected readonly form = new FormRecord<FormControl<string>>({});
  private draft: FormDraft | null = null;
  protected readonly uploads = new FileUploads(this.work, () => this.id());

  protected readonly fields = computed(() => this.report()?.obligation.fields ?? []);
  /** The due date's weekday (0 Sunday … 6 Saturday), named by the catalogue's `weekday`. */
  protected readonly dueWeekday = computed(() => {
    const d = this.report()?.period.deadline;
    return d ? dayOfWeek(d) : null;
  });
  protected readonly canSubmit = computed(() => {
    const s = this.state();
    return !!this.task()?.allowed.work && (s?.kind === 'to_submit' || s?.kind === 'returned');
  });
  /** What was sent: the API's submission when it tells it, else the task's completion and its files. */
  protected readonly sent = computed(() => {
    const r = this.report();
    const t = this.task();
    if (!r || !t || t.state !== 'completed') return null;
    const s = r.submission;
    return {
      at: s?.at ?? t.completedAt,
      by: s?.by.fullName ?? null,
      result: s?.result ?? t.completionResult,
      files: s?.files ?? latestCompletionFiles(this.files()),
      figures: figureTexts(r.obligation.fields, s?.figures ?? r.figures),
      /** undefined: the API does not say; null: not yet confirmed. */
      confirmed: s === undefined ? undefined : (s?.confirmed ?? null),
    };
  });
  protected readonly allErrors = computed(() => [...this.checked(), ...(this.outcome.errors()['figures'] ?? [])]);
  protected readonly template = computed(() => this.report()?.obligation.template ?? null);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
    // Once the form has been checked, each change is checked again, so a corrected figure loses its error at once.
    this.form.valueChanges.subscribe(() => {
      const fields = this.report()?.obligation.fields;
      if (fields && this.checked().length) this.checked.set(checkFigureInputs(fields, this.form.getRawValue()).errors);
    });
  }

  protected async load(id = this.id()): Promise<void> {
    this.loadError.set(null);
    try {
      const [report, task, history, files] = await Promise.all([this.api.reportOfTask(id), this.tasks.get(id), this.tasks.history(id), this.work.attachments(id).catch(() => [])]);
      this.report.set(report);
      this.task.set(task);
      this.files.set(files);
      this.state.set(reportState(task, history));
      this.buildForm(report);
    } catch (err) {
      const body = apiError(err);
      this.loadError.set({ code: body.code, status: body.statusCode });
    }
  }

  /** One control per figure, starting from the figures sent before (a returned report), then from the tab's draft. */
  private buildForm(report: TaskReportView): void {
    const start = figureInputs(report.obligation.fields, report.figures);
    for (const key of Object.keys(this.form.controls)) this.form.removeControl(key, { emitEvent: false });
    for (const f of report.obligation.fields) this.form.addControl(f.key, new FormControl(start[f.key] ?? '', { nonNullable: true }), { emitEvent: false });
    this.draft = new FormDraft(this.form, `report:${this.id()}`);
  }

  protected errorsOf(key: string): FieldError[] {
    return figureErrors(this.allErrors(), key);
  }

  protected addFiles(files: File[]): void {
    this.fileMissing.set(false);
    void this.uploads.add(files);
  }

  protected async submit(): Promise<void> {
    const report = this.report();
    const task = this.task();
    if (!report || !task || this.uploads.busy()) return;
    const { figures, errors } = checkFigureInputs(report.obligation.fields, this.form.getRawValue());
    this.checked.set(errors);
    const attachmentIds = this.uploads.ids();
    this.fileMissing.set(attachmentIds.length === 0);
    if (errors.length || attachmentIds.length === 0) return;
    const done = await this.outcome.run(
      () =>
        this.api.submit(report.obligation.id, report.period.key, {
          unitCode: report.unit.code,
          version: task.version,
          attachmentIds,
          ...(report.obligation.fields.length ? { figures } : {}),
        }),
      'reportSubmit.done',
    );
    if (!done) return;
    this.draft?.clear();
    this.uploads.clear();
    await this.load();
  }

  protected downloadTemplate(): void {
    const r = this.report();
    const template = r?.obligation.template;
    if (r && template) void this.downloadOutcome.run(() => this.api.downloadTemplate(r.obligation.id, template.name));
  }

  protected readonly hrefOf = (f: AttachmentView) => this.work.attachmentUrl(this.id(), f.id);
  protected readonly noDelete = () => false;

  protected downloadSent(f: AttachmentView): void {
    void this.downloadOutcome.run(() => this.work.download(this.id(), f));
  }

  /** The API's reason for refusing an upload: its field message (the limit passed) when it gives one. */
  protected uploadReason(e: { code: string; message: string; errors?: FieldError[] }): string {
    const field = e.errors?.[0]?.message;
    if (field) return field;
    const key = `errors.code.${e.code}`;
    const text = this.transloco.translate(key);
    return text !== key ? text : e.message;
  }

  protected limits(): string {
    return this.transloco.translate('files.limits', { size: ATTACHMENT_DEFAULTS.maxMegabytes, count: ATTACHMENT_DEFAULTS.maxPerTask, types: 'PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, ZIP' });
  }
}
