import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslocoDirective } from '@tiendo/web-i18n';

const SECTIONS = [
  { path: 'don-vi', key: 'admin.units' },
  { path: 'sap-nhap', key: 'admin.unitChanges' },
  { path: 'nguoi-dung', key: 'admin.users' },
  { path: 'ngay-nghi', key: 'admin.holidays' },
  { path: 'nhac-viec', key: 'admin.reminders' },
  { path: 'hang-doi', key: 'admin.queues' },
  { path: 'nhat-ky-bao-mat', key: 'admin.securityEvents' },
  { path: 'dang-nhap-thu-muc', key: 'admin.mappingRules' },
  { path: 'ma-truy-cap', key: 'admin.apiTokens' },
  { path: 'webhook', key: 'admin.webhooks' },
  { path: 'co-quan', key: 'admin.organisation' },
];

@Component({
  selector: 'td-admin-layout',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslocoDirective],
  template: `
    <ng-container *transloco="let t">
      <nav class="sub" [attr.aria-label]="t('admin.title')">
        @for (s of sections; track s.path) {
          <a [routerLink]="s.path" routerLinkActive="active" ariaCurrentWhenActive="page">{{ t(s.key) }}</a>
        }
      </nav>
      <router-outlet />
    </ng-container>
  `,
  styles: `
    .sub { display: flex; gap: 0.25rem; flex-wrap: wrap; border-bottom: 1px solid #d0d5dd; margin-bottom: 1rem; }
    .sub a { padding: 0.5rem 0.8rem; text-decoration: none; color: #344054; border-bottom: 3px solid transparent; }
    .sub a.active { color: #0b3d91; border-bottom-color: #0b3d91; font-weight: 600; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminLayout {
  protected readonly sections = SECTIONS;
}
