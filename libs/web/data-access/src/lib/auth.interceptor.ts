import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { Session } from './session';

// The sign-in's second step answers 401 for an expired challenge: the page goes back to the password, no refresh.
const AUTH_ROUTES = ['/api/auth/login', '/api/auth/refresh', '/api/auth/logout', '/api/auth/sign-in/'];

/** Adds the bearer token; on a 401, refreshes once and retries, else sends the user to sign in. */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(Session);
  const router = inject(Router);
  if (AUTH_ROUTES.some((r) => req.url.startsWith(r))) return next(req);
  const withToken = () => {
    const token = session.accessToken();
    return next(token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req);
  };
  return withToken().pipe(
    catchError((err: unknown) => {
      if (!(err instanceof HttpErrorResponse) || err.status !== 401) return throwError(() => err);
      return from(session.refresh()).pipe(
        switchMap((ok) => {
          if (ok) return withToken();
          void router.navigate(['/dang-nhap'], { queryParams: { next: router.url } });
          return throwError(() => err);
        }),
      );
    }),
  );
};
