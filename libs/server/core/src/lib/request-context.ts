import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/** What a service may need of the request without it being passed down: the client's address, for security events. */
interface RequestContext {
  ip: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Express middleware: runs the rest of the request inside its context. Mounted after the body parsers (whose stream
 * callbacks would otherwise run outside it). `req.ip` follows the app's `trust proxy` setting.
 */
export function requestContext(req: Request, _res: Response, next: NextFunction): void {
  storage.run({ ip: req.ip ?? null }, next);
}

/** The address of the client whose request is being served; null outside a request (worker, seed, tests' direct calls). */
export function currentClientAddress(): string | null {
  return storage.getStore()?.ip ?? null;
}
