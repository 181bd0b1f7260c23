import { Route } from '@angular/router';
import { signedInGuard } from '@tiendo/web-data-access';

export const appRoutes: Route[] = [
  { path: 'dang-nhap', title: 'Đăng nhập · Tiến Độ', loadComponent: () => import('@tiendo/web-auth').then((m) => m.SignInPage) },
  { path: '', title: 'Tiến Độ', canActivate: [signedInGuard], loadComponent: () => import('./home-page').then((m) => m.HomePage) },
  { path: '**', redirectTo: '' },
];
