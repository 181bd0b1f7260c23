import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** What a service may need of the request without it being passed down: the client's address, for security events. */
interface RequestContext {
  ip: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Fastify `preHandler` hook: runs the rest of the request (Nest's guards, interceptors, pipes and the handler, which
 * Fastify calls from `done`) inside its context. A preHandler, after the body is parsed: the parser's stream callbacks
 * would otherwise run outside it. `request.ip` follows the adapter's `trustProxy` setting.
 */
export function requestContext(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  storage.run({ ip: request.ip ?? null }, done);
}

/** The address of the client whose request is being served; null outside a request (worker, seed, tests' direct calls). */
export function currentClientAddress(): string | null {
  return storage.getStore()?.ip ?? null;
}
