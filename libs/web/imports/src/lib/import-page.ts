import { HttpClient, HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { FieldError, ImportPreview, ImportResult } from '@tiendo/contracts';
import { AdminApi, apiError, downloadFile } from '@tiendo/web-data-access';
import { LocalDatePipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';

const MAX_BYTES = 5 * 1024 * 1024;
/** Error codes whose `errors` list the file's cells or limits, shown as the table of rows and columns. */
const CELL_ERRORS = ['IMPORT_INVALID', 'IMPORT_TOO_LARGE', 'IMPORT_NEW_DOCUMENTS'];

/**
 * The Ministry Office's task register, uploaded as .xlsx or .csv, in two steps: the server first checks the whole file
 * without writing (a dry run) and either lists every bad cell or says what the import would do, including the source
 * documents it would create; the user confirms those documents, then the file is written in one transaction.
 */
@Component({
  selector: 'td-import-page',
  imports: [RouterLink, TranslocoDirective, LocalDatePipe],
  templateUrl: './import-page.html',
  styles: `
    .drop { display: block; border: 2px dashed #98a2b3; border-radius: 10px; padding: 1.5rem; text-align: center; background: #fff; }
    .drop.over { border-color: #1570ef; background: #eff8ff; }
    progress { width: 100%; height: 1rem; }
    .errors-table { max-height: 28rem; overflow: auto; }
    .documents { max-height: 14rem; overflow: auto; columns: 14rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportPage {
  /** The chosen file's size in kB, a number (the message writes it the Vietnamese way). */
  protected readonly math = Math;
  private readonly admin = inject(AdminApi);
  private readonly http = inject(HttpClient);
  private readonly transloco = inject(TranslocoService);
  protected readonly file = signal<File | null>(null);
  protected readonly progress = signal<number | null>(null);
  protected readonly preview = signal<ImportPreview | null>(null);
  protected readonly documentsConfirmed = signal(false);
  /** The register corrects past periods (chosen in the preview, checked again by a dry run that says so). */
  protected readonly correctsPast = signal(false);
  protected readonly result = signal<ImportResult | null>(null);
  protected readonly rowErrors = signal<FieldError[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly over = signal(false);

  protected choose(files: FileList | null): void {
    const file = files?.[0] ?? null;
    this.reset();
    this.result.set(null);
    if (file && file.size > MAX_BYTES) {
      this.error.set('PAYLOAD_TOO_LARGE');
      this.file.set(null);
      return;
    }
    this.file.set(file);
  }

  protected drop(event: DragEvent): void {
    event.preventDefault();
    this.over.set(false);
    this.choose(event.dataTransfer?.files ?? null);
  }

  /** Step 1: the dry run. */
  protected check(): void {
    const file = this.file();
    if (!file || this.progress() !== null) return;
    this.reset();
    this.result.set(null);
    this.send(file, { dryRun: true, correctsPast: this.correctsPast() }, (body) => this.preview.set(body as ImportPreview));
  }

  /** Choosing whether the register corrects the past runs the check again, so the preview states what will happen. */
  protected chooseCorrectsPast(value: boolean): void {
    const file = this.file();
    if (!file || this.progress() !== null) return;
    this.correctsPast.set(value);
    const confirmed = this.documentsConfirmed();
    this.send(file, { dryRun: true, correctsPast: value }, (body) => {
      this.preview.set(body as ImportPreview);
      this.documentsConfirmed.set(confirmed);
    });
  }

  /** Step 2: the import, with the documents the user confirmed. */
  protected confirm(): void {
    const file = this.file();
    const preview = this.preview();
    if (!file || !preview || this.progress() !== null) return;
    if (preview.newDocuments.length > 0 && !this.documentsConfirmed()) return;
    this.send(file, { confirmedDocuments: preview.newDocuments, correctsPast: preview.correctsPast === true }, (body) => {
      this.result.set({ created: body.created, updated: body.updated });
      this.preview.set(null);
      this.file.set(null);
    });
  }

  protected cancel(): void {
    this.reset();
    this.file.set(null);
  }

  /** The column's name in the user's language (the API names it in Vietnamese). */
  protected columnName(e: FieldError): string {
    if (!e.column) return '';
    const key = `import.columns.${e.field}`;
    const translated = this.transloco.translate(key);
    return translated !== key ? translated : e.column;
  }

  /** The API's Vietnamese message; in another language, the rule's words and the cell's text. */
  protected problem(e: FieldError): string {
    if (this.transloco.getActiveLang() === 'vi' || !e.rule) return e.message;
    const keys = [`import.rule.${e.rule}`, /^[A-Z][A-Z0-9_]*$/.test(e.rule) ? `errors.code.${e.rule}` : `errors.rule.${e.rule}`];
    for (const key of keys) {
      const translated = this.transloco.translate(key);
      if (translated !== key) return e.value ? `${translated} ("${e.value}")` : translated;
    }
    return e.message;
  }

  protected async template(format: 'xlsx' | 'csv'): Promise<void> {
    try {
      await downloadFile(this.http, `/api/tasks/import/template?format=${format}`, `mau-so-theo-doi-nhiem-vu.${format}`);
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  private reset(): void {
    this.preview.set(null);
    this.correctsPast.set(false);
    this.documentsConfirmed.set(false);
    this.rowErrors.set([]);
    this.error.set(null);
  }

  private send(file: File, options: { dryRun?: boolean; confirmedDocuments?: string[]; correctsPast?: boolean }, done: (body: ImportResult | ImportPreview) => void): void {
    this.progress.set(0);
    this.error.set(null);
    this.rowErrors.set([]);
    this.admin.importRegister(file, options).subscribe({
      next: (event) => {
        if (event.type === HttpEventType.UploadProgress && event.total) this.progress.set(Math.round((event.loaded / event.total) * 100));
        if (event.type === HttpEventType.Response && event.body) {
          this.progress.set(null);
          done(event.body);
        }
      },
      error: (err) => {
        const body = apiError(err);
        this.error.set(body.code);
        this.rowErrors.set(CELL_ERRORS.includes(body.code) ? (body.errors ?? []) : []);
        this.preview.set(null);
        this.progress.set(null);
      },
    });
  }
}
