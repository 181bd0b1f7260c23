import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@tiendo/contracts';
import { AuditService } from '@tiendo/server-audit';
import { Actor, ALLOWED_ROLES, forbidden, PUBLIC_ROUTE, refuse, routeOf } from '@tiendo/server-core';
import type { FastifyRequest as Request } from 'fastify';
import { AuthService } from './auth.service';

/** Every route needs a valid bearer token unless marked @Public(). Registered globally by the API. */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
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
    if (req.actor && roles.includes(req.actor.role)) return true;
    await this.audit.recordSecurityEvent('access_denied', { actorId: req.actor?.id, ip: req.ip ?? null, route: routeOf(req) });
    throw forbidden();
  }
}
