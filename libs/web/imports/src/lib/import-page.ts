import { HttpClient, HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { FieldError, ImportResult } from '@tiendo/contracts';
import { AdminApi, apiError, downloadFile } from '@tiendo/web-data-access';
import { TranslocoDirective } from '@tiendo/web-i18n';

const MAX_BYTES = 5 * 1024 * 1024;

/**
 * The Ministry Office's task register, uploaded as .xlsx or .csv: the server checks the whole file first and either
 * lists every bad cell (nothing written) or writes it all in one transaction.
 */
@Component({
  selector: 'td-import-page',
  imports: [RouterLink, TranslocoDirective],
  templateUrl: './import-page.html',
  styles: `
    .drop { display: block; border: 2px dashed #98a2b3; border-radius: 10px; padding: 1.5rem; text-align: center; background: #fff; }
    .drop.over { border-color: #1570ef; background: #eff8ff; }
    progress { width: 100%; height: 1rem; }
    .errors-table { max-height: 28rem; overflow: auto; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportPage {
  private readonly admin = inject(AdminApi);
  private readonly http = inject(HttpClient);
  protected readonly file = signal<File | null>(null);
  protected readonly progress = signal<number | null>(null);
  protected readonly result = signal<ImportResult | null>(null);
  protected readonly rowErrors = signal<FieldError[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly over = signal(false);

  protected choose(files: FileList | null): void {
    const file = files?.[0] ?? null;
    this.result.set(null);
    this.rowErrors.set([]);
    this.error.set(null);
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

  protected upload(): void {
    const file = this.file();
    if (!file || this.progress() !== null) return;
    this.progress.set(0);
    this.result.set(null);
    this.rowErrors.set([]);
    this.error.set(null);
    this.admin.importRegister(file).subscribe({
      next: (event) => {
        if (event.type === HttpEventType.UploadProgress && event.total) this.progress.set(Math.round((event.loaded / event.total) * 100));
        if (event.type === HttpEventType.Response && event.body) {
          this.result.set(event.body);
          this.file.set(null);
          this.progress.set(null);
        }
      },
      error: (err) => {
        const body = apiError(err);
        this.error.set(body.code);
        this.rowErrors.set(body.code === 'IMPORT_INVALID' ? (body.errors ?? []) : []);
        this.progress.set(null);
      },
    });
  }

  protected async template(format: 'xlsx' | 'csv'): Promise<void> {
    try {
      await downloadFile(this.http, `/api/tasks/import/template?format=${format}`, `mau-so-theo-doi-nhiem-vu.${format}`);
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }
}
