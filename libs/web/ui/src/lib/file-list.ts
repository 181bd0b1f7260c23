import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { AttachmentView } from '@tiendo/contracts';
import { DateTimePipe, TranslocoDirective } from '@tiendo/web-i18n';
import { fileSize } from './file-size';

/**
 * A task's files: each a link to its bytes (a click downloads it with the user's token under its own name) with its
 * size, who uploaded it and when, and a delete button where the page allows it.
 */
@Component({
  selector: 'td-file-list',
  imports: [TranslocoDirective, DateTimePipe],
  template: `
    <ul class="files" *transloco="let t">
      @for (f of files(); track f.id) {
        <li>
          <a [href]="hrefOf()(f)" (click)="open($event, f)" [attr.download]="f.name">{{ f.name }}</a>
          <span class="meta">{{ size(f.size) }}@if (f.uploadedBy) { · {{ f.uploadedBy.fullName }} }@if (f.uploadedAt) { · {{ f.uploadedAt | tdDateTime }} }@if (f.attachedTo.kind !== 'task') { · {{ t('files.attachedTo.' + f.attachedTo.kind) }} }</span>
          @if (canDelete()(f)) {
            <button type="button" class="btn small" [attr.aria-label]="t('files.deleteNamed', { name: f.name })" (click)="remove.emit(f)">{{ t('files.delete') }}</button>
          }
        </li>
      } @empty {
        <li class="muted">{{ t('files.none') }}</li>
      }
    </ul>
  `,
  styles: `
    .files { list-style: none; padding: 0; margin: 0; }
    li { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: center; padding: 0.4rem 0; border-bottom: 1px solid #eaecf0; }
    a { overflow-wrap: anywhere; font-weight: 600; }
    .meta { color: #475467; font-size: 0.9rem; }
    button { margin-left: auto; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileList {
  readonly files = input.required<readonly AttachmentView[]>();
  /** The API address of a file's bytes (kept as the link's href: copying it gives the real address). */
  readonly hrefOf = input.required<(f: AttachmentView) => string>();
  readonly canDelete = input<(f: AttachmentView) => boolean>(() => false);
  readonly download = output<AttachmentView>();
  readonly remove = output<AttachmentView>();
  protected readonly size = fileSize;

  protected open(event: MouseEvent, f: AttachmentView): void {
    // The bytes need the bearer token, which a plain navigation cannot send: the page fetches and saves them.
    event.preventDefault();
    this.download.emit(f);
  }
}
