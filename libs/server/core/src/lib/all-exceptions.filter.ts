import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, Optional } from '@nestjs/common';
import type { ErrorBody, ErrorCode, FieldError } from '@tiendo/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import type { Actor } from './actor';
import { ApiError, RefusedObject } from './api-error';
import { SecurityEventSink } from './security-event-sink';
import { databaseUnavailability } from './database-errors';
import { errorMessage } from './error-messages';

const PG_UNIQUE_VIOLATION = '23505';
/** pg-pool's words when no connection came free within connectionTimeoutMillis. */
const POOL_EXHAUSTED = /^timeout exceeded when trying to connect$/;

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'INVALID_STATE',
  429: 'TOO_MANY_REQUESTS',
};

/**
 * Every error leaves in one shape (ErrorBody) with a correlation id; never a stack, SQL or token. Body-parser
 * failures (bad JSON, too large) are the client's mistake and answered 4xx, not 500. Messages are Vietnamese: an
 * ApiError's own, else the message of the code (`errorMessage`), never the English of Nest or body-parser.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Optional() private readonly securityEvents?: SecurityEventSink) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<FastifyReply | ServerResponse>();
    const req = ctx.getRequest<FastifyRequest & { actor?: Actor }>();
    // The request's id (the adapter's genReqId), as the log lines of the request carry it and X-Request-Id sends it.
    const correlationId = String(req?.id ?? randomUUID());
    const { status, code, message, errors, headers } = this.describe(exception);
    // A 503 the API chose to answer (SERVER_BUSY during a flood, QUEUE_UNAVAILABLE, DATABASE_UNAVAILABLE) is an expected
    // refusal: a warn, no stack.
    if ((exception instanceof ApiError || code === 'SERVER_BUSY' || code === 'DATABASE_UNAVAILABLE') && status === HttpStatus.SERVICE_UNAVAILABLE) this.logger.warn({ code, correlationId, path: req?.url }, 'Refused: busy or unavailable');
    else if (status >= 500) {
      this.logger.error({ err: exception, correlationId, path: req?.url }, 'Unhandled error');
    }
    if (exception instanceof ApiError && exception.refusedObject) await this.recordRefusal(exception, exception.refusedObject, req, correlationId);
    const body: ErrorBody = { statusCode: status, code, message, correlationId, ...(errors ? { errors } : {}) };
    send(res, status, body, headers);
  }

  /**
   * An object-level refusal by the access policy (`outOfScope` 404, `refusedOn` 403) as a security event, written here
   * rather than at the throw because the request's transaction rolls back. Before the answer is sent, so the event
   * exists once the client has its 404; a failure to write it is logged and never changes the answer.
   */
  private async recordRefusal(error: ApiError, object: RefusedObject, req: FastifyRequest & { actor?: Actor }, correlationId: string): Promise<void> {
    if (!this.securityEvents) return;
    const event = error.getStatus() === HttpStatus.NOT_FOUND ? 'object_hidden' : 'object_denied';
    try {
      await this.securityEvents.recordSecurityEvent(event, {
        actorId: req.actor?.id ?? null,
        ip: req.ip ?? null,
        kind: object.kind,
        id: object.id,
        route: routeOf(req),
        code: error.code,
        correlationId,
      });
    } catch (err) {
      this.logger.error({ err, correlationId }, 'Could not record a security event');
    }
  }

  private describe(exception: unknown): {
    status: number;
    code: ErrorCode;
    message: string;
    errors?: FieldError[];
    headers?: Record<string, string>;
  } {
    if (exception instanceof ApiError) {
      return {
        status: exception.getStatus(),
        code: exception.code,
        message: exception.message,
        errors: exception.fieldErrors,
        headers: exception.headers,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? 'ERROR';
      return { status, code, message: errorMessage(code) };
    }
    if (exception instanceof QueryFailedError && (exception.driverError as { code?: string })?.code === PG_UNIQUE_VIOLATION) {
      return { status: HttpStatus.CONFLICT, code: 'DUPLICATE', message: errorMessage('DUPLICATE') };
    }
    // The body parsers' refusals (body-parsers.ts) carry the HTTP status they mean (400 bad JSON, 413, 415 charset).
    const parserError = exception as { status?: number; type?: string };
    if (parserError && typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500 && parserError.type) {
      const code = CODE_BY_STATUS[parserError.status] ?? 'BAD_REQUEST';
      const message =
        parserError.type === 'entity.parse.failed'
          ? 'Nội dung gửi lên không phải JSON hợp lệ'
          : parserError.type === 'media.unsupported'
            ? 'Nội dung gửi lên phải là JSON (Content-Type: application/json); tệp gửi bằng multipart/form-data'
            : errorMessage(code);
      return { status: parserError.status, code, message };
    }
    // Fastify's own refusals (FST_ERR_CTP_BODY_TOO_LARGE 413, …) are the client's mistakes too.
    const fastifyError = exception as { statusCode?: number; code?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500 && String(fastifyError.code).startsWith('FST_')) {
      const code = CODE_BY_STATUS[fastifyError.statusCode] ?? 'BAD_REQUEST';
      return { status: fastifyError.statusCode, code, message: errorMessage(code) };
    }
    // Every connection of the pool busy past its wait (pg-pool's connectionTimeoutMillis, data-source-options.ts): the
    // server is overloaded, not broken. 503 with Retry-After, so clients and load balancers back off and retry.
    if (exception instanceof Error && POOL_EXHAUSTED.test(exception.message)) {
      return { status: HttpStatus.SERVICE_UNAVAILABLE, code: 'SERVER_BUSY', message: errorMessage('SERVER_BUSY'), headers: { 'Retry-After': '5' } };
    }
    // PostgreSQL down, restarting or closed to connections, or a statement past its time limit: not the client's
    // mistake and not a bug, so 503 with Retry-After rather than 500 (database-errors.ts).
    const unavailable = databaseUnavailability(exception);
    if (unavailable) return { status: HttpStatus.SERVICE_UNAVAILABLE, code: unavailable, message: errorMessage(unavailable), headers: { 'Retry-After': '5' } };
    return { status: 500, code: 'INTERNAL_ERROR', message: errorMessage('INTERNAL_ERROR') };
  }
}

/** `GET /api/tasks/:id`: the method and the pattern of the route that matched, else the path. */
export function routeOf(req: Pick<FastifyRequest, 'method' | 'url'> & { routeOptions?: { url?: string } }): string {
  return `${req.method} ${req.routeOptions?.url ?? req.url.split('?')[0]}`;
}

/** The error body as JSON, through Fastify's reply, or on the Node.js response when a middleware failed before one. */
function send(res: FastifyReply | ServerResponse, status: number, body: ErrorBody, headers: Record<string, string> | undefined): void {
  if ('raw' in res) {
    // A download failing after its headers left: nothing more can be answered, the connection is closed.
    if (res.sent || res.raw.headersSent) return void res.raw.destroy();
    res.status(status);
    if (headers) res.headers(headers);
    void res.send(body);
    return;
  }
  if (res.headersSent) return void res.destroy();
  res.statusCode = status;
  if (headers) for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
