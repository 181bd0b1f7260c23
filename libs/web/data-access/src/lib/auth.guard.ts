import { inject } from '@angular/core';
import { CanActivateFn, Router, UrlTree } from '@angular/router';
import type { Role } from '@tiendo/contracts';
import { landingParams } from './landing';
import { Session } from './session';

/** True when signed in (a reload keeps the session while its tokens are good), else the sign-in page with `next`. */
async function requireUser(session: Session, router: Router, url: string): Promise<true | UrlTree> {
  if (session.user() || (await session.loadUser())) return true;
  return router.createUrlTree(['/dang-nhap'], { queryParams: { next: url } });
}

/** Routes behind sign-in. */
export const signedInGuard: CanActivateFn = (_route, state) => requireUser(inject(Session), inject(Router), state.url);

/** Routes for some roles only; others land on their home page (the API refuses them anyway). */
export const roleGuard =
  (...roles: Role[]): CanActivateFn =>
  async (_route, state) => {
    const session = inject(Session);
    const router = inject(Router);
    const signedIn = await requireUser(session, router, state.url);
    if (signedIn !== true) return signedIn;
    const role = session.user()?.role;
    return role && roles.includes(role) ? true : router.createUrlTree(['/']);
  };

/** Where a role starts: staff at their own tasks, everyone else at the dashboard (a unit head's filtered to their unit). */
export const homeRedirect: CanActivateFn = async (_route, state) => {
  const session = inject(Session);
  const router = inject(Router);
  const signedIn = await requireUser(session, router, state.url);
  if (signedIn !== true) return signedIn;
  const user = session.user();
  return router.createUrlTree([user?.role === 'staff' ? '/viec-cua-toi' : '/tong-quan'], { queryParams: landingParams(user) });
};
