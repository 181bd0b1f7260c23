import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { PUBLIC_EXTENSION, ROLES_EXTENSION } from './openapi/api-answer';
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

/**
 * Reachable without signing in (sign-in itself, health, the docs). The API document shows it with no `security` and
 * no 401 (PUBLIC_EXTENSION, read by openapi/complete-api-document.ts).
 */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(PUBLIC_EXTENSION, true));

/**
 * Only these roles reach the route; per-object checks still follow in the service. The API document lists them and a
 * 403 (ROLES_EXTENSION, read by openapi/complete-api-document.ts).
 */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ALLOWED_ROLES, roles), ApiExtension(ROLES_EXTENSION, roles));

export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
