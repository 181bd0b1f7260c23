import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { TranslocoPipe } from '@tiendo/web-i18n';

@Component({
  selector: 'td-pager',
  imports: [TranslocoPipe],
  template: `
    @if (pages() > 1) {
      <nav class="pager" [attr.aria-label]="'common.pages' | transloco">
        <button type="button" class="btn" [disabled]="page() <= 1" (click)="pageChange.emit(page() - 1)">{{ 'common.previous' | transloco }}</button>
        <span aria-live="polite">{{ 'common.pageOf' | transloco: { page: page(), pages: pages() } }}</span>
        <button type="button" class="btn" [disabled]="page() >= pages()" (click)="pageChange.emit(page() + 1)">{{ 'common.next' | transloco }}</button>
      </nav>
    }
  `,
  styles: `.pager { display: flex; gap: 0.75rem; align-items: center; justify-content: flex-end; margin: 0.75rem 0; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Pager {
  readonly total = input.required<number>();
  readonly page = input.required<number>();
  readonly pageSize = input.required<number>();
  readonly pageChange = output<number>();
  protected readonly pages = computed(() => Math.max(1, Math.ceil(this.total() / this.pageSize())));
}
