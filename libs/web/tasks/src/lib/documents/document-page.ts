import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { DocumentProgress, Page, SourceDocumentView, TaskView } from '@tiendo/contracts';
import { apiError, ReportsApi, TasksApi } from '@tiendo/web-data-access';
import { Language, LocalDatePipe, PercentPipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { DeadlineCell, LoadState, Pager, ProgressBar, StackedBar, StatusChip } from '@tiendo/web-ui';
import { documentSegments } from './document-bars';

const PAGE_SIZE = 50;

/** One source document: what it is, how far its tasks have got, and the tasks themselves. */
@Component({
  selector: 'td-document-page',
  imports: [RouterLink, TranslocoDirective, LocalDatePipe, PercentPipe, DeadlineCell, LoadState, Pager, ProgressBar, StackedBar, StatusChip],
  templateUrl: './document-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DocumentPage {
  private readonly tasks = inject(TasksApi);
  private readonly reports = inject(ReportsApi);
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(Language);
  readonly id = input.required<string>();
  protected readonly document = signal<SourceDocumentView | null>(null);
  protected readonly progress = signal<DocumentProgress | null>(null);
  protected readonly list = signal<Page<TaskView> | null>(null);
  protected readonly page = signal(1);
  protected readonly pageSize = PAGE_SIZE;
  protected readonly error = signal<{ code: string; status: number } | null>(null);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }

  protected segments(d: DocumentProgress) {
    return documentSegments(d, (c) => this.transloco.translate(`category.${c}`), this.language.current());
  }

  protected async load(id = this.id()): Promise<void> {
    this.error.set(null);
    try {
      const [doc, progress, list] = await Promise.all([this.tasks.document(id), this.reports.documents(), this.tasks.list({ sourceDocument: id, sort: 'deadline', page: this.page(), pageSize: PAGE_SIZE })]);
      this.document.set(doc);
      this.progress.set(progress.find((p) => p.id === id) ?? null);
      this.list.set(list);
    } catch (err) {
      const body = apiError(err);
      this.error.set({ code: body.code, status: body.statusCode });
    }
  }

  protected goTo(page: number): void {
    this.page.set(page);
    void this.load();
  }
}
