import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import type { AttachmentView, CommentView, FieldError, TimelineEntryView } from '@tiendo/contracts';
import { apiError, fieldErrors, Session, UnreadCount, WorkApi } from '@tiendo/web-data-access';
import { DateTimePipe, TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { CharCount, ConfirmDialog, FormErrorBanner, LinkedText } from '@tiendo/web-ui';
import { COMMENT_LIMIT } from './file-limits';
import { HistoryWords, historyWords } from './history-words';
import { CommentBox } from './comment-box';
import { editableUntil } from './mention';

const PAGE_SIZE = 20;

/**
 * A task's timeline, newest first, a page at a time ("Xem thêm"): comments, progress notes, files and the history.
 * The comment box above it; the author edits a comment within 15 minutes and deletes it (after a confirmation).
 */
@Component({
  selector: 'td-task-timeline',
  imports: [TranslocoDirective, DateTimePipe, LinkedText, CommentBox, FormErrorBanner, CharCount],
  templateUrl: './task-timeline.html',
  styleUrl: './task-timeline.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskTimeline {
  private readonly work = inject(WorkApi);
  private readonly session = inject(Session);
  private readonly transloco = inject(TranslocoService);
  private readonly confirmDialog = inject(ConfirmDialog);
  private readonly unread = inject(UnreadCount);
  readonly taskId = input.required<string>();
  /** Whether the caller may comment (whoever may read the task may). */
  readonly canComment = input(true);
  /** A comment was posted, edited or deleted (the page refreshes what depends on it). */
  readonly changed = output<void>();

  protected readonly entries = signal<TimelineEntryView[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly editing = signal<string | null>(null);
  protected readonly editText = signal('');
  protected readonly editErrors = signal<FieldError[]>([]);
  protected readonly actionError = signal<{ action: 'commentEdit' | 'commentDelete'; code: string } | null>(null);
  /** The API's limit on a comment's body, for an edit as for a new comment. */
  protected readonly maxLength = COMMENT_LIMIT;
  private page = 1;

  constructor() {
    effect(() => {
      const id = this.taskId();
      untracked(() => void this.reload(id));
    });
    // A notification arriving (often a colleague's comment on this very task) brings the first page up to date,
    // without losing the older pages already read ("Xem thêm").
    let first = true;
    effect(() => {
      this.unread.value();
      if (first) {
        first = false;
        return;
      }
      untracked(() => void this.fetchNewest());
    });
  }

  /** Reads the first page again (after a change on the page). */
  async reload(id = this.taskId()): Promise<void> {
    this.page = 1;
    await this.fetch(id, true);
  }

  private async fetchNewest(): Promise<void> {
    if (this.loading() || this.editing()) return;
    try {
      const page = await this.work.timeline(this.taskId(), 1, PAGE_SIZE);
      const known = new Set(this.entries().map((e) => `${e.kind}:${e.id}`));
      const fresh = page.items.filter((e) => !known.has(`${e.kind}:${e.id}`));
      if (fresh.length) this.entries.set([...fresh, ...this.entries()]);
      this.total.set(page.total);
    } catch {
      // The next notification, or the page's own reload, tries again.
    }
  }

  protected async more(): Promise<void> {
    this.page++;
    await this.fetch(this.taskId(), false);
  }

  private async fetch(id: string, reset: boolean): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await this.work.timeline(id, this.page, PAGE_SIZE);
      const seen = new Set(reset ? [] : this.entries().map((e) => `${e.kind}:${e.id}`));
      const fresh = page.items.filter((e) => !seen.has(`${e.kind}:${e.id}`));
      this.entries.set(reset ? page.items : [...this.entries(), ...fresh]);
      this.total.set(page.total);
    } catch (err) {
      this.error.set(apiError(err).code);
    } finally {
      this.loading.set(false);
    }
  }

  /** A history entry in words: comments and files described, never an id nor a comment's earlier text. */
  protected words(entry: TimelineEntryView): HistoryWords {
    return historyWords(entry.history ?? { action: '', changes: [], note: null }, entry);
  }

  protected mine(c: CommentView): boolean {
    return c.author.id === this.session.user()?.id;
  }

  protected canEdit(c: CommentView): boolean {
    return !c.deletedAt && this.mine(c) && Date.now() < editableUntil(c.createdAt);
  }

  protected canDelete(c: CommentView): boolean {
    return !c.deletedAt && (this.mine(c) || this.session.user()?.role === 'admin');
  }

  protected startEdit(c: CommentView): void {
    this.editing.set(c.id);
    this.editText.set(c.body);
    this.editErrors.set([]);
    this.actionError.set(null);
  }

  protected async saveEdit(c: CommentView): Promise<void> {
    const body = this.editText().trim();
    if (!body) return;
    try {
      await this.work.editComment(this.taskId(), c.id, body);
      this.editing.set(null);
      await this.reload();
      this.changed.emit();
    } catch (err) {
      const e = apiError(err);
      this.editErrors.set(fieldErrors(e)['body'] ?? []);
      this.actionError.set(fieldErrors(e)['body'] ? null : { action: 'commentEdit', code: e.code });
    }
  }

  protected async remove(c: CommentView): Promise<void> {
    if (!(await this.confirmDialog.ask({ title: this.transloco.translate('timeline.confirmDelete'), confirm: this.transloco.translate('confirm.delete'), danger: true }))) return;
    this.actionError.set(null);
    try {
      await this.work.deleteComment(this.taskId(), c.id);
      await this.reload();
      this.changed.emit();
    } catch (err) {
      this.actionError.set({ action: 'commentDelete', code: apiError(err).code });
    }
  }

  protected async download(file: AttachmentView): Promise<void> {
    try {
      await this.work.download(this.taskId(), file);
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  protected async posted(): Promise<void> {
    await this.reload();
    this.changed.emit();
  }

  protected href(file: AttachmentView): string {
    return this.work.attachmentUrl(this.taskId(), file.id);
  }
}
