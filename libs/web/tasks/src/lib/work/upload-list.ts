import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import type { FileUploads, ShownError } from '@tiendo/web-data-access';
import { fileSize } from '@tiendo/web-ui';

/** The files being uploaded: a progress bar each, then "stored" or the API's reason for refusing it. */
@Component({
  selector: 'td-upload-list',
  imports: [TranslocoDirective],
  template: `
    <ul class="uploads" *transloco="let t" aria-live="polite">
      @for (u of uploads().items(); track u.key) {
        <li>
          <span class="name">{{ u.name }} <span class="muted">({{ size(u.size) }})</span></span>
          @if (u.error; as e) {
            <span class="field-error" role="alert">{{ t('files.refused') }} {{ reason(e) }}</span>
            <button type="button" class="btn small" (click)="uploads().dismiss(u.key)">{{ t('files.dismiss') }}</button>
          } @else if (u.done) {
            <span class="ok">✓ {{ t('files.stored') }}</span>
          } @else {
            <progress max="100" [value]="u.percent" [attr.aria-label]="t('files.uploading', { name: u.name })"></progress>
            <span>{{ u.percent }}%</span>
          }
        </li>
      }
    </ul>
  `,
  styles: `
    .uploads { list-style: none; padding: 0; margin: 0.5rem 0 0; }
    li { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: center; padding: 0.3rem 0; }
    .name { overflow-wrap: anywhere; }
    progress { flex: 1; min-width: 6rem; height: 0.8rem; }
    .ok { color: #067647; }
    .field-error { color: #b42318; flex-basis: 100%; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UploadList {
  private readonly transloco = inject(TranslocoService);
  readonly uploads = input.required<FileUploads>();
  protected readonly size = fileSize;

  /** The API's field message when it gives one (it states the limit that was passed), else the code's text. */
  protected reason(e: ShownError): string {
    const field = e.errors?.[0]?.message;
    if (field) return field;
    const key = `errors.code.${e.code}`;
    const text = this.transloco.translate(key);
    return text !== key ? text : e.message;
  }
}
