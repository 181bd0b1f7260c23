import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import type { SavedFilterView } from '@tiendo/contracts';
import { apiError, TaskListsApi } from '@tiendo/web-data-access';
import { TranslocoDirective, TranslocoService } from '@tiendo/web-i18n';
import { CharCount, ConfirmDialog } from '@tiendo/web-ui';

/**
 * The user's named filters of the task list: apply one (the list opens as its link would), save the filter in use
 * under a name, delete one after the app's own confirmation. The filters live on the server, so they follow the user
 * to another device.
 */
@Component({
  selector: 'td-saved-filters',
  imports: [TranslocoDirective, CharCount],
  template: `
    <ng-container *transloco="let t">
      <details #menu class="saved-filters" (toggle)="opened($event)">
        <summary>{{ t('lists.saved') }}@if (filters().length) { ({{ filters().length }}) }</summary>
        <div class="saved-body">
          @if (filters().length) {
            <ul class="saved-list">
              @for (f of filters(); track f.id) {
                <li>
                  <button type="button" class="btn small link" (click)="menu.open = false; apply.emit(f.query)" [attr.aria-label]="t('lists.apply') + ': ' + f.name">{{ f.name }}</button>
                  <button type="button" class="btn small" (click)="remove(f)" [attr.aria-label]="t('lists.delete') + ': ' + f.name">{{ t('lists.delete') }}</button>
                </li>
              }
            </ul>
          } @else {
            <p class="muted">{{ t('lists.savedNone') }}</p>
          }
          <form class="save-form" (submit)="$event.preventDefault(); save(name)">
            <div class="field">
              <label for="saved-filter-name">{{ t('lists.saveName') }}</label>
              <input #name id="saved-filter-name" name="name" maxlength="100" required [attr.aria-invalid]="error() ? true : null" [attr.aria-describedby]="error() ? 'saved-filter-count saved-filter-error' : 'saved-filter-count'" (input)="nameText.set(name.value)" />
              <td-char-count id="saved-filter-count" [text]="nameText()" [max]="100" />
            </div>
            <button type="submit" class="btn">{{ t('lists.save') }}</button>
          </form>
          @if (error(); as code) {
            <p id="saved-filter-error" class="error" role="alert">{{ t('errors.code.' + code) }}</p>
          }
          @if (notice(); as n) {
            <p class="notice" role="status">{{ n }}</p>
          }
        </div>
      </details>
    </ng-container>
  `,
  styles: `
    .saved-filters summary { cursor: pointer; font-weight: 600; }
    .saved-body { padding: 0.5rem 0; display: grid; gap: 0.5rem; }
    .saved-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.25rem; }
    .saved-list li { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
    .save-form { display: flex; gap: 0.5rem; align-items: end; flex-wrap: wrap; }
    .save-form input { min-width: min(100%, 16rem); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SavedFilters {
  private readonly api = inject(TaskListsApi);
  private readonly confirm = inject(ConfirmDialog);
  private readonly transloco = inject(TranslocoService);
  /** The list's query string in use (without "?" and without the page), what "save" keeps. */
  readonly query = input.required<string>();
  /** A saved filter's query string, for the list to open. */
  readonly apply = output<string>();
  protected readonly filters = signal<SavedFilterView[]>([]);
  protected readonly error = signal<string | null>(null);
  /** The name as typed, for its counter (the limit, 100, shown before it is reached). */
  protected readonly nameText = signal('');
  protected readonly notice = signal<string | null>(null);
  private loaded = false;

  /** Read when first opened: most visits to the list never open it. */
  protected opened(event: Event): void {
    if ((event.target as HTMLDetailsElement).open && !this.loaded) void this.load();
  }

  /** Saves the filter in use under the name typed; the field is emptied once saved. */
  protected async save(field: HTMLInputElement): Promise<void> {
    this.error.set(null);
    this.notice.set(null);
    const trimmed = field.value.trim();
    if (!trimmed) {
      this.error.set('VALIDATION_FAILED');
      return;
    }
    try {
      const saved = await this.api.saveFilter(trimmed, this.query());
      this.notice.set(this.transloco.translate('lists.savedDone', { name: saved.name }));
      field.value = '';
      this.nameText.set('');
      await this.load();
    } catch (err) {
      // A name already used is a 409 DUPLICATE whose field error names the rule SAVED_FILTER_NAME_TAKEN: that rule's
      // own message ("Bạn đã có bộ lọc trùng tên này."), not the general "Dữ liệu đã tồn tại."
      const e = apiError(err);
      this.error.set(e.errors?.find((f) => f.field === 'name' && /^[A-Z][A-Z_]+$/.test(f.rule ?? ''))?.rule ?? e.code);
    }
  }

  protected async remove(filter: SavedFilterView): Promise<void> {
    this.error.set(null);
    this.notice.set(null);
    const yes = await this.confirm.ask({ title: this.transloco.translate('lists.deleteConfirm', { name: filter.name }), confirm: this.transloco.translate('lists.delete'), danger: true });
    if (!yes) return;
    try {
      await this.api.deleteFilter(filter.id);
      this.notice.set(this.transloco.translate('lists.deletedDone', { name: filter.name }));
      await this.load();
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  private async load(): Promise<void> {
    try {
      this.filters.set(await this.api.savedFilters());
      this.loaded = true;
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }
}
