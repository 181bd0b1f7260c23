import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { DOCUMENT_TYPES, DocumentProgress, DocumentType } from '@tiendo/contracts';
import { apiError, FormDraft, FormOutcome, ReportsApi, Session, TasksApi } from '@tiendo/web-data-access';
import { CountPipe, Language, PercentPipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { CharCount, ControlErrorText, FocusFirstErrorOnSubmit, FieldErrorText, FormErrorBanner, LoadState, StackedBar } from '@tiendo/web-ui';
import { DateField } from '@tiendo/web-ui/dates';
import { documentSegments } from './document-bars';

/** The directives, resolutions and plans tasks come from, and how far each one's tasks have got. */
@Component({
  selector: 'td-documents-page',
  imports: [ReactiveFormsModule, DateField, RouterLink, TranslocoDirective, PercentPipe, LoadState, StackedBar, FieldErrorText, FormErrorBanner, CharCount, ControlErrorText, FocusFirstErrorOnSubmit, CountPipe],
  templateUrl: './documents-page.html',
  styles: `td-stacked-bar { min-width: 10rem; } .new-doc { max-width: 48rem; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DocumentsPage {
  private readonly reports = inject(ReportsApi);
  private readonly tasks = inject(TasksApi);
  private readonly session = inject(Session);
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(Language);
  protected readonly data = signal<DocumentProgress[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly types = DOCUMENT_TYPES;
  protected readonly canCreate = computed(() => this.session.user()?.role !== 'staff');
  protected readonly outcome = new FormOutcome();
  protected readonly created = signal<string | null>(null);

  protected readonly form = new FormGroup({
    number: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(64)] }),
    type: new FormControl<DocumentType>('directive', { nonNullable: true }),
    title: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(500)] }),
    issuedOn: new FormControl('', { nonNullable: true }),
    issuer: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(255)] }),
  });
  private readonly draft = new FormDraft(this.form, 'new-document');

  constructor() {
    void this.load();
  }

  private readonly catalogue = toSignal(this.transloco.selectTranslation());
  /** Each document with its bar, built once per load and language rather than at every change detection. */
  protected readonly rows = computed(() => {
    const language = this.language.current();
    this.catalogue(); // the labels follow the catalogue once it has loaded
    return (this.data() ?? []).map((d) => ({ ...d, segments: documentSegments(d, (c) => this.transloco.translate(`category.${c}`), language) }));
  });

  protected async load(): Promise<void> {
    this.error.set(null);
    try {
      this.data.set(await this.reports.documents());
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  protected async create(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const v = this.form.getRawValue();
    const doc = await this.outcome.run(
      () => this.tasks.createDocument({ number: v.number.trim(), type: v.type, title: v.title.trim(), ...(v.issuedOn ? { issuedOn: v.issuedOn } : {}), ...(v.issuer.trim() ? { issuer: v.issuer.trim() } : {}) }),
      'admin.created',
    );
    if (!doc) return;
    this.draft.clear();
    this.form.reset();
    this.created.set(doc.number);
    await this.load();
  }
}
