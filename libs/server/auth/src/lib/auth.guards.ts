import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { API_TOKEN_PREFIX, type ApiTokenScope, type Role } from '@tiendo/contracts';
import { AuditService } from '@tiendo/server-audit';
import { Actor, ALLOWED_ROLES, forbidden, PUBLIC_ROUTE, refuse, routeOf, TOKEN_SCOPE } from '@tiendo/server-core';
import type { FastifyRequest as Request } from 'fastify';
import { ApiTokensService } from './api-tokens/api-tokens.service';
import { AuthService } from './auth.service';

/**
 * Every route needs a valid bearer token unless marked @Public(). Registered globally by the API. A bearer starting
 * `tdk_` is an API token (ApiTokensService.authenticate: the route must declare the token's scope with @TokenScope);
 * anything else is a person's access JWT.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiTokens: ApiTokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const header = req.headers.authorization ?? '';
    // The scheme's name is case-insensitive (RFC 9110 §11.1): `bearer`, `BEARER` as `Bearer`.
    const token = /^bearer /i.test(header) ? header.slice(7).trim() : '';
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const scope = this.reflector.getAllAndOverride<ApiTokenScope | undefined>(TOKEN_SCOPE, [context.getHandler(), context.getClass()]);
      req.actor = await this.apiTokens.authenticate(token, scope, routeOf(req));
      return true;
    }
    const actor = token ? await this.auth.authenticate(token) : null;
    if (!actor) throw refuse('UNAUTHENTICATED', { headers: { 'WWW-Authenticate': 'Bearer' } });
    req.actor = actor;
    return true;
  }
}

/** Route-level role check (@Roles). Object-level checks follow in the services, on every object. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    // An API token was let in by the scope its route declares (AuthenticationGuard); it has no role of its own.
    if (req.actor?.apiToken) return true;
    if (req.actor && roles.includes(req.actor.role)) return true;
    await this.audit.recordSecurityEvent('access_denied', { actorId: req.actor?.id, ip: req.ip ?? null, route: routeOf(req) });
    throw forbidden();
  }
}
