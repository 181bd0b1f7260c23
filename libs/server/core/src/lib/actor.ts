import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@tiendo/contracts';

/** The signed-in user a request acts for, loaded fresh on every request so role changes apply at once. */
export interface Actor {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  unitId: string;
  /** Materialised path of the actor's unit: its subtree is every path with this prefix. */
  unitPath: string;
  /** The session the request's access token belongs to (absent for actors outside a request, e.g. the seed). */
  sessionId?: string;
}

export const PUBLIC_ROUTE = 'tiendo:public';
export const ALLOWED_ROLES = 'tiendo:roles';

/** Reachable without signing in (sign-in itself, health, the docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles reach the route; per-object checks still follow in the service. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
