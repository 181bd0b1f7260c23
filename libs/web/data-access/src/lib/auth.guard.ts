import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { Session } from './session';

/** Routes behind sign-in: a reload keeps the session when its tokens are still good. */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const session = inject(Session);
  const router = inject(Router);
  if (session.user() || (await session.loadUser())) return true;
  return router.createUrlTree(['/dang-nhap'], { queryParams: { next: state.url } });
};
