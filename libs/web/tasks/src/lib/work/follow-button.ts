import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import type { WatchersView } from '@tiendo/contracts';
import { apiError, WorkApi } from '@tiendo/web-data-access';
import { TranslocoDirective } from '@tiendo/web-i18n';
import { FormErrorBanner } from '@tiendo/web-ui';

/** Follow or stop following a task (its events reach followers); says how many follow it and who. */
@Component({
  selector: 'td-follow-button',
  imports: [TranslocoDirective, FormErrorBanner],
  template: `
    <ng-container *transloco="let t">
      @if (view(); as v) {
        <button type="button" class="btn" [attr.aria-pressed]="v.following" [disabled]="busy()" (click)="toggle(!v.following)">
          {{ v.following ? '★ ' + t('follow.following') : '☆ ' + t('follow.follow') }}
        </button>
        <span class="muted count" [title]="names(v)">{{ t('follow.count', { count: v.watchers.length }) }}</span>
      }
      <td-form-error action="follow" [code]="error()" />
    </ng-container>
  `,
  styles: `:host { display: inline-flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; } .count { font-size: 0.9rem; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FollowButton {
  private readonly work = inject(WorkApi);
  readonly taskId = input.required<string>();
  protected readonly view = signal<WatchersView | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const id = this.taskId();
      untracked(() => void this.work.watchers(id).then((v) => this.view.set(v), (err) => this.error.set(apiError(err).code)));
    });
  }

  protected names(v: WatchersView): string {
    return v.watchers.map((w) => w.fullName).join(', ');
  }

  protected async toggle(on: boolean): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      this.view.set(await this.work.follow(this.taskId(), on));
    } catch (err) {
      this.error.set(apiError(err).code);
    } finally {
      this.busy.set(false);
    }
  }
}
