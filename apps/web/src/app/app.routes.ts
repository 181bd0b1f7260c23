import { Route } from '@angular/router';
import { homeRedirect, roleGuard, signedInGuard } from '@tiendo/web-data-access';
import { Shell } from './shell';

const MANAGERS = ['admin', 'leader', 'monitor', 'unit_head'] as const;

/** Every screen is lazy: the first download holds the shell and the sign-in page's route only. Paths are Vietnamese, as shared links are read by users. */
export const appRoutes: Route[] = [
  { path: 'dang-nhap/oidc', title: 'Đăng nhập · Tiến Độ', loadComponent: () => import('@tiendo/web-auth').then((m) => m.OidcCallbackPage) },
  { path: 'dang-nhap', title: 'Đăng nhập · Tiến Độ', loadComponent: () => import('@tiendo/web-auth').then((m) => m.SignInPage) },
  {
    path: '',
    component: Shell,
    canActivate: [signedInGuard],
    children: [
      { path: '', pathMatch: 'full', canActivate: [homeRedirect], children: [] },
      { path: 'viec-cua-toi', title: 'Việc của tôi · Tiến Độ', loadComponent: () => import('@tiendo/web-tasks').then((m) => m.MyTasksPage) },
      { path: 'nhiem-vu', title: 'Nhiệm vụ · Tiến Độ', loadComponent: () => import('@tiendo/web-tasks').then((m) => m.UnitTasksPage) },
      { path: 'nhiem-vu/giao-moi', title: 'Giao nhiệm vụ · Tiến Độ', canActivate: [roleGuard(...MANAGERS)], loadComponent: () => import('@tiendo/web-tasks').then((m) => m.AssignTaskPage) },
      { path: 'nhiem-vu/:id', title: 'Nhiệm vụ · Tiến Độ', loadComponent: () => import('@tiendo/web-tasks').then((m) => m.TaskPage) },
      { path: 'nhiem-vu/:id/bao-cao', title: 'Gửi báo cáo · Tiến Độ', loadComponent: () => import('@tiendo/web-obligations').then((m) => m.ReportSubmitPage) },
      { path: 'van-ban', title: 'Văn bản chỉ đạo · Tiến Độ', loadComponent: () => import('@tiendo/web-tasks').then((m) => m.DocumentsPage) },
      { path: 'van-ban/:id', title: 'Văn bản chỉ đạo · Tiến Độ', loadComponent: () => import('@tiendo/web-tasks').then((m) => m.DocumentPage) },
      { path: 'che-do-bao-cao', title: 'Chế độ báo cáo · Tiến Độ', loadComponent: () => import('@tiendo/web-obligations').then((m) => m.ObligationsPage) },
      { path: 'che-do-bao-cao/moi', title: 'Chế độ báo cáo mới · Tiến Độ', canActivate: [roleGuard('admin', 'monitor', 'unit_head')], loadComponent: () => import('@tiendo/web-obligations').then((m) => m.ObligationEditPage) },
      { path: 'che-do-bao-cao/:id', title: 'Chế độ báo cáo · Tiến Độ', loadComponent: () => import('@tiendo/web-obligations').then((m) => m.ObligationEditPage) },
      { path: 'che-do-bao-cao/:id/ky/:periodKey', title: 'Bảng theo dõi báo cáo · Tiến Độ', loadComponent: () => import('@tiendo/web-obligations').then((m) => m.ObligationBoardPage) },
      { path: 'tong-quan', title: 'Tổng quan · Tiến Độ', loadComponent: () => import('@tiendo/web-reports').then((m) => m.DashboardPage) },
      { path: 'giao-ban', title: 'Giao ban · Tiến Độ', loadComponent: () => import('@tiendo/web-reports').then((m) => m.BriefingPage) },
      { path: 'nhap-du-lieu', title: 'Nhập sổ theo dõi · Tiến Độ', canActivate: [roleGuard('admin', 'leader', 'monitor')], loadComponent: () => import('@tiendo/web-imports').then((m) => m.ImportPage) },
      { path: 'thong-bao', title: 'Thông báo · Tiến Độ', loadComponent: () => import('@tiendo/web-notifications').then((m) => m.NotificationsPage) },
      { path: 'tai-khoan', title: 'Tài khoản · Tiến Độ', loadComponent: () => import('@tiendo/web-auth').then((m) => m.AccountPage) },
      { path: 'quan-tri', canActivate: [roleGuard('admin')], loadChildren: () => import('@tiendo/web-admin').then((m) => m.adminRoutes) },
    ],
  },
  { path: '**', redirectTo: '' },
];
