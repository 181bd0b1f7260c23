import { Route } from '@angular/router';
import { AdminLayout } from './admin-layout';

export const adminRoutes: Route[] = [
  {
    path: '',
    component: AdminLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'don-vi' },
      { path: 'don-vi', title: 'Đơn vị · Quản trị', loadComponent: () => import('./units-admin-page').then((m) => m.UnitsAdminPage) },
      { path: 'sap-nhap', title: 'Sáp nhập, chia tách · Quản trị', loadComponent: () => import('./unit-changes-admin-page').then((m) => m.UnitChangesAdminPage) },
      { path: 'nguoi-dung', title: 'Người dùng · Quản trị', loadComponent: () => import('./users-admin-page').then((m) => m.UsersAdminPage) },
      { path: 'ngay-nghi', title: 'Ngày nghỉ · Quản trị', loadComponent: () => import('./holidays-admin-page').then((m) => m.HolidaysAdminPage) },
      { path: 'nhac-viec', title: 'Nhắc việc · Quản trị', loadComponent: () => import('./reminders-admin-page').then((m) => m.RemindersAdminPage) },
      { path: 'hang-doi', title: 'Hàng đợi · Quản trị', loadComponent: () => import('./queues-admin-page').then((m) => m.QueuesAdminPage) },
      { path: 'co-quan', title: 'Cơ quan · Quản trị', loadComponent: () => import('./organisation-admin-page').then((m) => m.OrganisationAdminPage) },
      { path: 'dang-nhap-thu-muc', title: 'Đăng nhập thư mục · Quản trị', loadComponent: () => import('./mapping-rules-admin-page').then((m) => m.MappingRulesAdminPage) },
      { path: 'ma-truy-cap', title: 'Mã truy cập (API) · Quản trị', loadComponent: () => import('./api-tokens-admin-page').then((m) => m.ApiTokensAdminPage) },
      { path: 'webhook', title: 'Webhook · Quản trị', loadComponent: () => import('./webhooks-admin-page').then((m) => m.WebhooksAdminPage) },
      { path: 'nhat-ky-bao-mat', title: 'Nhật ký bảo mật · Quản trị', loadComponent: () => import('./security-events-admin-page').then((m) => m.SecurityEventsAdminPage) },
    ],
  },
];
