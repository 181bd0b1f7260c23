import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** What a service may need of the request without it being passed down: the client's address, for security events. */
interface RequestContext {
  ip: string | null;
  /** The API token the request came with (set by the authentication guard), so the history names the integration. */
  apiTokenId?: string;
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

/**
 * Fastify `onRequest` hook: an IPv4 client of a dual-stack listener (the API listens on `::`) shows as
 * `::ffff:a.b.c.d`; it is `a.b.c.d` from here on for every reader of `request.ip` (the sign-in throttle, the security
 * log, the refusals), as the same client is when a trusted proxy names it (X-Forwarded-For): one client, one spelling,
 * so a search of the security log by an IPv4 address finds them all.
 */
export function plainIpv4ClientAddress(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  // Read once (behind TRUST_PROXY the getter walks X-Forwarded-For each time) and kept on the request for every reader.
  const ip = request.ip;
  const mapped = ip?.startsWith('::ffff:') ? /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip) : null;
  Object.defineProperty(request, 'ip', { value: mapped ? mapped[1] : ip, configurable: true, enumerable: true });
  done();
}

/** The address of the client whose request is being served; null outside a request (worker, seed, tests' direct calls). */
export function currentClientAddress(): string | null {
  return storage.getStore()?.ip ?? null;
}

/** Marks the request being served as made with the API token `id` (the authentication guard, once it checked it). */
export function markApiTokenRequest(id: string): void {
  const store = storage.getStore();
  if (store) store.apiTokenId = id;
}

/** The API token of the request being served; null for a person's session and outside a request. */
export function currentApiToken(): string | null {
  return storage.getStore()?.apiTokenId ?? null;
}
