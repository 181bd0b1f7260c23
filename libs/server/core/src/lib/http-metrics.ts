import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppMetrics } from './metrics';

const STARTED = Symbol('tiendo:http-started');

/**
 * Fastify hooks timing every answer into `http_request_duration_seconds{method, route, status_code}`. `route` is the
 * pattern of the route that answered (`/api/tasks/:id`, as Fastify matched it), never the URL: ids and query strings
 * would make a series per task. Requests no route answered are `unmatched` under /api (404s, refusals before routing
 * such as 413) and `web` elsewhere (the web app's files and shell; `unmatched` again when nothing served it), so a
 * scan of random URLs adds no series. Added
 * first (onRequest), so that refusals count too.
 */
export function addHttpMetrics(fastify: FastifyInstance, metrics: AppMetrics): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    (request as FastifyRequest & { [STARTED]?: () => void })[STARTED] = metrics.httpDuration.startTimer() as unknown as () => void;
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const end = (
      request as FastifyRequest & {
        [STARTED]?: (labels: Record<string, string>) => void;
      }
    )[STARTED];
    end?.({
      method: request.method,
      route: routeLabel(request),
      status_code: String(reply.statusCode),
    });
    done();
  });
}

/** The route pattern of a request, for metric labels (see addHttpMetrics). */
export function routeLabel(
  request: Pick<FastifyRequest, 'url'> & {
    is404?: boolean;
    routeOptions?: { url?: string };
  },
): string {
  const pattern = request.is404 ? undefined : request.routeOptions?.url;
  const url = request.url ?? '';
  const isApi = url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
  // The web app's files and its shell's catch-all route are one label, as are API paths only the catch-all took; a
  // path outside /api that nothing served (no web app here: WEB_DIST empty) is unmatched, as under /api.
  if (!isApi) return request.is404 ? 'unmatched' : 'web';
  return typeof pattern === 'string' && pattern.startsWith('/api') ? pattern : 'unmatched';
}
