import { ChangeDetectionStrategy, Component, ElementRef, inject, input, output, signal, viewChild } from '@angular/core';
import type { FieldError, UserView } from '@tiendo/contracts';
import { apiError, DirectoryApi, fieldErrors, FileUploads, WorkApi } from '@tiendo/web-data-access';
import { TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { CharCount, FormErrorBanner } from '@tiendo/web-ui';
import { COMMENT_LIMIT, FILE_LIMITS, limitsText } from './file-limits';
import { insertMention, mentionAt } from './mention';
import { UploadList } from './upload-list';

/**
 * The comment box of a task: plain text, `@` offers colleagues by name or username (a combobox: arrows, Enter, Escape).
 * The server decides who may be mentioned (whoever may read the task); its refusal is shown under the box as it words it.
 */
@Component({
  selector: 'td-comment-box',
  imports: [TranslocoDirective, FormErrorBanner, UploadList, CharCount],
  templateUrl: './comment-box.html',
  styles: `
    .box { position: relative; }
    textarea { width: 100%; box-sizing: border-box; }
    .suggestions { position: absolute; z-index: 5; left: 0; right: 0; list-style: none; margin: 0; padding: 0.25rem 0; background: #fff; border: 1px solid #d0d5dd; border-radius: 8px; box-shadow: 0 4px 12px rgba(16, 24, 40, 0.15); max-height: 14rem; overflow: auto; }
    .suggestions li { padding: 0.4rem 0.75rem; cursor: pointer; overflow-wrap: anywhere; }
    .suggestions li.active, .suggestions li:hover { background: #eff8ff; }
    .suggestions .username { color: #475467; font-size: 0.9rem; }
    .row { display: flex; gap: 0.5rem; align-items: center; justify-content: space-between; flex-wrap: wrap; margin-top: 0.5rem; }
    .hint { color: #475467; font-size: 0.9rem; }
    .buttons { display: flex; gap: 0.5rem; }
    .field-error { display: block; color: #b42318; font-size: 0.9rem; margin-top: 0.2rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CommentBox {
  private readonly work = inject(WorkApi);
  private readonly directory = inject(DirectoryApi);
  private readonly transloco = inject(TranslocoService);
  readonly taskId = input.required<string>();
  /** Files uploaded to the task from the box, shown under the comment (`attachmentIds`). */
  protected readonly uploads = new FileUploads(this.work, () => this.taskId());
  protected readonly accept = FILE_LIMITS.accept;
  protected readonly limits = () => limitsText(this.transloco);
  readonly posted = output<void>();
  protected readonly area = viewChild.required<ElementRef<HTMLTextAreaElement>>('area');

  protected readonly text = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly bodyErrors = signal<FieldError[]>([]);
  protected readonly suggestions = signal<UserView[]>([]);
  protected readonly active = signal(0);
  /** The API's limit (5,000): the box stops there and the counter says so. */
  protected readonly maxLength = COMMENT_LIMIT;
  private mention: { start: number; query: string } | null = null;
  private lookup = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  protected typed(area: HTMLTextAreaElement): void {
    this.text.set(area.value);
    this.bodyErrors.set([]);
    this.mention = mentionAt(area.value, area.selectionStart ?? area.value.length);
    if (this.timer) clearTimeout(this.timer);
    if (!this.mention) return this.close();
    const query = this.mention.query;
    this.timer = setTimeout(() => void this.suggest(query), 150);
  }

  private async suggest(query: string): Promise<void> {
    const ticket = ++this.lookup;
    try {
      const page = await this.directory.users({ q: query || undefined, active: true, pageSize: 8 });
      if (ticket !== this.lookup || !this.mention) return;
      this.suggestions.set(page.items);
      this.active.set(0);
    } catch {
      this.close();
    }
  }

  protected keydown(event: KeyboardEvent): void {
    const list = this.suggestions();
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.submit();
      return;
    }
    if (!list.length) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active.set((this.active() + step + list.length) % list.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      this.pick(list[this.active()]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
    }
  }

  protected pick(user: UserView): void {
    const area = this.area().nativeElement;
    if (!this.mention) return;
    const next = insertMention(area.value, this.mention.start, area.selectionStart ?? area.value.length, user.username);
    area.value = next.text;
    this.text.set(next.text);
    area.focus();
    area.setSelectionRange(next.caret, next.caret);
    this.close();
  }

  protected close(): void {
    this.mention = null;
    this.lookup++;
    this.suggestions.set([]);
  }

  protected attach(input: HTMLInputElement): void {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) void this.uploads.add(files);
  }

  protected async submit(): Promise<void> {
    const body = this.text().trim();
    if (!body || this.busy() || this.uploads.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.bodyErrors.set([]);
    try {
      await this.work.addComment(this.taskId(), body, this.uploads.ids());
      this.uploads.clear();
      this.text.set('');
      this.area().nativeElement.value = '';
      this.posted.emit();
    } catch (err) {
      const e = apiError(err);
      const byField = fieldErrors(e);
      this.bodyErrors.set(byField['body'] ?? []);
      // A refused mention is explained under the box, in the server's words (it names the person); other failures in the banner.
      this.error.set(byField['body']?.length ? null : e.code);
    } finally {
      this.busy.set(false);
    }
  }
}
