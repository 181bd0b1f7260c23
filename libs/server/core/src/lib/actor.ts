import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { PUBLIC_EXTENSION, ROLES_EXTENSION } from './openapi/api-answer';
import type { ApiTokenScope, Role } from '@tiendo/contracts';

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
  /**
   * Set when the request came with an API token (an integration) rather than a person's session. Then `id` is the
   * admin who created the token (accountable for it; tasks it creates name them as assigner), `role` is 'staff' and
   * `unitPath` matches no unit: the access policy decides by `unitPaths` alone (each unit with its sub-units), never
   * by role or assignment.
   */
  apiToken?: ApiTokenActor;
}

/** What the access policy and the audit need of an API token. */
export interface ApiTokenActor {
  id: string;
  name: string;
  scopes: ApiTokenScope[];
  /** Materialised paths of the token's units. */
  unitPaths: string[];
}

export const PUBLIC_ROUTE = 'tiendo:public';
export const TOKEN_SCOPE = 'tiendo:token-scope';
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

/** The OpenAPI security scheme of API tokens (configure-app.ts declares it). */
export const API_TOKEN_SECURITY = 'api-token';

/**
 * The API token scope this route accepts. Default deny: a route without it refuses every API token (403
 * API_TOKEN_SCOPE), so a token never reaches a person's endpoints (account, administration, sign-in). The OpenAPI
 * document shows it as the operation's `x-token-scope` and the `api-token` security scheme.
 */
export const TokenScope = (scope: ApiTokenScope) =>
  applyDecorators(SetMetadata(TOKEN_SCOPE, scope), ApiBearerAuth(API_TOKEN_SECURITY), ApiExtension('x-token-scope', scope));
