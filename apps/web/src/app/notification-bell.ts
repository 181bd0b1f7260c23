import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { UnreadCount } from '@tiendo/web-data-access';
import { TranslocoPipe } from '@tiendo/web-i18n';

/** The bell: the unread count as the server pushes it, a link to the list. Part of the shell: it shows on every screen. */
@Component({
  selector: 'app-notification-bell',
  imports: [RouterLink, TranslocoPipe],
  template: `
    <!-- The name says what the badge shows ("99+" past 99): a name that does not contain the visible text fails WCAG 2.5.3. -->
    <a class="bell" routerLink="/thong-bao" [attr.aria-label]="'notifications.bellLabel' | transloco: { count: shown() }">
      <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"/></svg>
      @if (unread.value() > 0) {
        <span class="badge" aria-hidden="true">{{ shown() }}</span>
      }
    </a>
  `,
  styles: `
    .bell { position: relative; display: inline-flex; color: #fff; padding: 0.3rem; border-radius: 6px; }
    .bell:focus-visible { outline: 3px solid #fdb022; }
    .badge { position: absolute; top: -0.25rem; right: -0.4rem; background: #d92d20; color: #fff; border-radius: 999px; font-size: 0.75rem; font-weight: 700; padding: 0 0.35rem; min-width: 1.2rem; text-align: center; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationBell {
  protected readonly unread = inject(UnreadCount);
  protected readonly shown = computed(() => (this.unread.value() > 99 ? '99+' : String(this.unread.value())));
}
