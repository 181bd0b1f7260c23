import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { NotificationView, Page } from '@tiendo/contracts';
import { apiError, NotificationsApi, Session, UnreadCount } from '@tiendo/web-data-access';
import { DateTimePipe, TranslocoDirective } from '@tiendo/web-i18n';
import { LoadState, Pager } from '@tiendo/web-ui';

const PAGE_SIZE = 20;

/** Where a notification leads inside the app: its link's path and query, else its task; null when neither. */
export function inAppUrl(n: Pick<NotificationView, 'link' | 'taskId'>): string | null {
  if (n.link) {
    const url = new URL(n.link, 'http://app.invalid');
    if (url.pathname.startsWith('/') && !url.pathname.startsWith('/api/')) return url.pathname + url.search + url.hash;
  }
  return n.taskId ? `/nhiem-vu/${n.taskId}` : null;
}

/** Every notification, newest first; reading one opens its task. E-mail reminders on or off. */
@Component({
  selector: 'td-notifications-page',
  imports: [TranslocoDirective, DateTimePipe, LoadState, Pager],
  templateUrl: './notifications-page.html',
  styles: `
    .list { list-style: none; padding: 0; margin: 0; }
    .item { display: flex; gap: 0.75rem; align-items: flex-start; justify-content: space-between; padding: 0.75rem 1rem; background: #fff; border: 1px solid #e4e7ec; border-radius: 8px; margin-bottom: 0.5rem; }
    .item.unread { border-left: 4px solid #1570ef; background: #f5faff; }
    .item h2 { font-size: 1rem; margin: 0 0 0.25rem; }
    .item p { margin: 0.1rem 0; }
    .no-email { background: #fffaeb; border: 1px solid #fedf89; border-radius: 8px; padding: 0.5rem 0.75rem; }
    .open { font: inherit; background: none; border: 0; padding: 0; color: #175cd3; text-decoration: underline; cursor: pointer; text-align: left; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationsPage {
  private readonly api = inject(NotificationsApi);
  private readonly router = inject(Router);
  private readonly unread = inject(UnreadCount);
  private readonly session = inject(Session);
  protected readonly page = signal(1);
  protected readonly pageSize = PAGE_SIZE;
  protected readonly data = signal<(Page<NotificationView> & { unread: number }) | null>(null);
  /** The API's code of the last failure, translated by the catalogue (never its message: the user's language may be English). */
  protected readonly error = signal<string | null>(null);
  protected readonly email = signal<boolean | null>(null);
  protected readonly saving = signal(false);
  /** Whether e-mail can reach the user at all (an address on their account): else the page says reminders cannot be e-mailed. */
  protected readonly hasEmail = computed(() => {
    const user = this.session.user();
    return !user || !!user.email;
  });

  constructor() {
    void this.api.preferences().then((p) => this.email.set(p.emailNotifications), () => this.email.set(null));
    // A new notification pushed while the page is open shows up without a reload.
    effect(() => {
      this.unread.value();
      void this.load();
    });
  }

  protected async load(): Promise<void> {
    this.error.set(null);
    try {
      this.data.set(await this.api.list(this.page(), PAGE_SIZE));
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  protected goTo(page: number): void {
    this.page.set(page);
    void this.load();
  }

  /**
   * Opens what the notification is about: its link (a task, or for a burst such as an import of 300 tasks, the
   * filtered list of them), else its task. A full address (as e-mails carry) opens its path inside the app.
   */
  protected async open(n: NotificationView): Promise<void> {
    if (!n.readAt) await this.markRead(n);
    const target = inAppUrl(n);
    if (target) await this.router.navigateByUrl(target);
  }

  /**
   * Marks one read, then takes the count from the server (the list fetched after the read carries `unread`): the
   * server's live push may already have lowered the bell, so a local "count − 1" would subtract twice.
   */
  protected async markRead(n: NotificationView): Promise<void> {
    try {
      await this.api.markRead(n.id);
      await this.reloadWithCount();
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  protected async markAllRead(): Promise<void> {
    try {
      await this.api.markAllRead();
      await this.reloadWithCount();
    } catch (err) {
      this.error.set(apiError(err).code);
    }
  }

  /** The page again after a read, and the bell (here and in the user's other tabs) set to the server's count. */
  private async reloadWithCount(): Promise<void> {
    const data = await this.api.list(this.page(), PAGE_SIZE);
    this.data.set(data);
    this.unread.readHere(data.unread);
  }

  protected async setEmail(on: boolean): Promise<void> {
    this.saving.set(true);
    try {
      this.email.set((await this.api.setEmail(on)).emailNotifications);
    } catch (err) {
      this.error.set(apiError(err).code);
    } finally {
      this.saving.set(false);
    }
  }
}
