import type { NextFunction, Request, Response } from 'express';
import type { AppMetrics } from './metrics';

/**
 * Express middleware timing every answer into `http_request_duration_seconds{method, route, status_code}`. `route` is
 * the pattern of the route that answered (`/api/tasks/:id`, as Express matched it), never the URL: ids and query
 * strings would make a series per task. Requests no route answered are `unmatched` under /api (404s, refusals before
 * routing such as 413) and `web` elsewhere (the web app's files and shell), so a scan of random URLs adds no series.
 */
export function httpMetricsMiddleware(metrics: AppMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      end({ method: req.method, route: routeLabel(req), status_code: String(res.statusCode) });
    });
    next();
  };
}

/** The route pattern of a request, for metric labels (see httpMetricsMiddleware). */
export function routeLabel(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${req.baseUrl ?? ''}${path}`;
  const url = req.originalUrl ?? req.url ?? '';
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?') ? 'unmatched' : 'web';
}
