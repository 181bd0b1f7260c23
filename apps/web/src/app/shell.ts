import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import type { Role } from '@tiendo/contracts';
import type { DisplayLanguage } from '@tiendo/domain';
import { landingParams, Session, UnreadCount, WorkApi } from '@tiendo/web-data-access';
import { Language, LANGUAGES, TranslocoDirective } from '@tiendo/web-i18n';
import { NotificationBell } from './notification-bell';
import { filter } from 'rxjs';

interface NavItem {
  path: string;
  key: string;
  roles: readonly Role[] | 'all';
  queryParams?: Record<string, string>;
  /** Shows the count of extension requests waiting for the user's decision. */
  pendingBadge?: boolean;
  /** Opens filtered to where the user lands (a unit head's own unit: `landingParams`). */
  landing?: boolean;
}

const NAV: NavItem[] = [
  { path: '/viec-cua-toi', key: 'nav.myTasks', roles: 'all' },
  // Open tasks (by state: a completed standing task is 'no_deadline' too), the most urgent first: what a unit head
  // follows up; the filters reach the rest.
  { path: '/nhiem-vu', key: 'nav.unitTasks', roles: ['admin', 'leader', 'monitor', 'unit_head'], queryParams: { status: 'in_progress_overdue,in_progress_on_track,no_deadline', state: 'open' }, landing: true },
  // The extension requests waiting for the user's decision, with their count beside the entry.
  { path: '/nhiem-vu', key: 'nav.pendingExtensions', roles: ['leader', 'monitor', 'unit_head'], queryParams: { pendingExtension: 'true' }, pendingBadge: true },
  { path: '/van-ban', key: 'nav.documents', roles: 'all' },
  { path: '/che-do-bao-cao', key: 'nav.obligations', roles: ['admin', 'leader', 'monitor', 'unit_head'] },
  { path: '/tong-quan', key: 'nav.dashboard', roles: 'all', landing: true },
  { path: '/giao-ban', key: 'nav.briefing', roles: 'all' },
  { path: '/nhap-du-lieu', key: 'nav.import', roles: ['admin', 'leader', 'monitor'] },
  { path: '/quan-tri', key: 'nav.admin', roles: ['admin'] },
];

/** The frame around every signed-in screen: navigation for the user's role, the bell, the language, the account. */
@Component({
  selector: 'app-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslocoDirective, NotificationBell],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  protected readonly session = inject(Session);
  protected readonly language = inject(Language);
  private readonly router = inject(Router);
  private readonly unread = inject(UnreadCount);
  private readonly work = inject(WorkApi);
  /** Extension requests waiting for the user's decision (0 when the entry is not shown or the count failed). */
  protected readonly pendingExtensions = signal(0);
  protected readonly languages = LANGUAGES;
  protected readonly menuOpen = signal(false);
  protected readonly nav = computed(() => {
    const user = this.session.user();
    const role = user?.role;
    const landing = landingParams(user);
    return NAV.filter((n) => n.roles === 'all' || (role && n.roles.includes(role))).map((n) =>
      n.landing && Object.keys(landing).length ? { ...n, queryParams: { ...n.queryParams, ...landing } } : n,
    );
  });

  constructor() {
    this.unread.start();
    // A phone's menu closes once the user has chosen where to go.
    this.router.events.pipe(filter((e) => e instanceof NavigationEnd)).subscribe(() => {
      this.menuOpen.set(false);
      void this.countPending();
    });
    // A notification arriving (an extension requested) changes the count: read it again each time the bell moves.
    effect(() => {
      this.unread.value();
      // … and after the user decides requests without leaving the page (the list's bulk decision).
      this.work.pendingExtensionsVersion();
      void this.countPending();
    });
    effect(() => {
      if (!this.session.signedIn()) this.unread.stop();
    });
  }

  private async countPending(): Promise<void> {
    if (!this.nav().some((n) => n.pendingBadge)) return;
    try {
      this.pendingExtensions.set(await this.work.pendingExtensionsCount());
    } catch {
      // The entry stays without its count; the list behind it still opens.
    }
  }

  protected setLanguage(value: string): void {
    this.language.set(value as DisplayLanguage);
  }

  protected async signOut(): Promise<void> {
    this.unread.stop();
    const endSessionUrl = await this.session.signOut();
    // A session opened through the ministry's provider ends there too; the provider comes back to /dang-nhap.
    if (endSessionUrl) window.location.assign(endSessionUrl);
    else await this.router.navigateByUrl('/dang-nhap');
  }
}
