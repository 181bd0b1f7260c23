import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { ErrorBody } from '@tiendo/contracts';
import {
  addBodyParsers,
  addHttpMetrics,
  AppConfig,
  AppMetrics,
  createValidationPipe,
  decideRequestTexts,
  errorMessage,
  InputTextPipe,
  invalidUtf8InPath,
  rejectDeepBodies,
  plainIpv4ClientAddress,
  requestContext,
  trustProxySetting,
  validationFailed,
} from '@tiendo/server-core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { buildApiDocument } from './api-document';

export const API_PREFIX = 'api';
/** Larger bodies are refused with 413 before any parsing work (bytes). */
export const BODY_LIMIT = 256 * 1024;

const isApiPath = (url: string) => url === `/${API_PREFIX}` || url.startsWith(`/${API_PREFIX}/`) || url.startsWith(`/${API_PREFIX}?`);

/**
 * The HTTP adapter: Fastify (@nestjs/platform-fastify). The client address (`request.ip`: sign-in throttling,
 * security events) is the connection's peer unless TRUST_PROXY says which proxies stand in front (a hop count, or
 * their addresses and ranges: Fastify's `trustProxy` reads both as Express's `trust proxy` did); an X-Forwarded-For
 * from anyone else is ignored, so a client cannot pick its own address. Routing as before: a trailing slash matches,
 * long path parameters reach validation (a 400 naming them, not a 404), a path that is not UTF-8 is a 400 naming
 * `path`.
 */
export function createHttpAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: trustProxySetting(config),
    bodyLimit: BODY_LIMIT,
    // The request log is nestjs-pino's (app.module.ts), which takes this id; Fastify's own log stays quiet.
    logger: false,
    // The request's id: the caller's X-Request-Id (its first 64 characters), else a fresh UUID; sent back as
    // X-Request-Id, written in every log line of the request and answered as an error's correlationId.
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    // A URL the router cannot decode (`/api/tasks/%FF`), refused before any hook runs: answered in the one error format
    // with the text rule's words, the field named `path`.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const refused = error.code === 'FST_ERR_BAD_URL' ? invalidUtf8InPath(request.raw.url ?? '') : [];
      if (!refused.length) return void reply.send(error);
      const failed = validationFailed(refused);
      const body: ErrorBody = {
        statusCode: 400,
        code: failed.code,
        message: failed.message,
        correlationId: randomUUID(),
        errors: failed.fieldErrors,
      };
      void reply.code(400).header('Cache-Control', 'no-store').send(body);
    },
    clientErrorHandler: answerClientError,
  });
}

/**
 * A request Node's HTTP parser refused before Fastify saw it (headers over Node's 16 KB, a raw control or non-ASCII
 * byte in the request line, a malformed header, the headers not all sent within the request timeout), answered in the
 * one error format (ErrorBody, Vietnamese message) instead of Fastify's English `{"error":"Bad Request","message":
 * "Client Error"}`: 431 HEADERS_TOO_LARGE, 408 REQUEST_TIMEOUT, else 400 BAD_REQUEST. The connection is then closed
 * (the parser cannot find the next request's start). A socket already gone or mid-answer is simply destroyed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable || (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, code] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ([431, 'HEADERS_TOO_LARGE'] as const)
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ([408, 'REQUEST_TIMEOUT'] as const)
        : ([400, 'BAD_REQUEST'] as const);
  const body: ErrorBody = { statusCode: status, code, message: errorMessage(code), correlationId: randomUUID() };
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(json)}\r\n` +
      'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
      json,
  );
}

/** Everything about the HTTP edge: prefix, security headers, body limits, validation, docs and the web app. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const http = app as NestFastifyApplication;
  const fastify = http.getHttpAdapter().getInstance();
  http.useLogger(http.get(Logger));
  // Every answer timed by its route's pattern, first so that refusals (413, 401) count too; served on METRICS_PORT.
  addHttpMetrics(fastify, http.get(AppMetrics));
  void fastify.register(fastifyHelmet, {
    global: true,
    // ASVS 5 asks for a year with subdomains and no framing at all.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
      },
    },
  });
  // API answers carry tokens, personal data and exports: no browser or proxy may keep them (ASVS 14.3.2). Set before
  // anything can answer, so that errors (413, 401) carry it too; the web app's files below keep their own caching.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    if (isApiPath(request.url)) void reply.header('Cache-Control', 'no-store');
    // The client address a trusted proxy gave (X-Forwarded-For) must be an address: anything else (a name, a port, a
    // 100-character string) is a 400 naming the header, never stored in the security log or the sign-in counters.
    if (!isIP(request.ip)) {
      const failed = validationFailed([{ field: 'X-Forwarded-For', rule: 'isIp', message: 'Địa chỉ của người dùng do máy chủ trung gian gửi (X-Forwarded-For) không phải địa chỉ IP' }]);
      const body: ErrorBody = { statusCode: 400, code: failed.code, message: failed.message, correlationId: String(request.id), errors: failed.fieldErrors };
      void reply.code(400).header('Cache-Control', 'no-store').send(body);
      return;
    }
    done();
  });
  // JSON and URL-encoded bodies; bytes that are not UTF-8 are noted while parsed and refused by the text rule below
  // (no silent U+FFFD). Multipart is read by the routes that take a file (AttachmentUpload, the register import).
  addBodyParsers(fastify, BODY_LIMIT);
  void fastify.register(fastifyMultipart, {
    limits: { fileSize: BODY_LIMIT, files: 0, fields: 0 },
  });
  fastify.addHook('preValidation', rejectDeepBodies);
  // The text rule (input-text.ts): NUL and broken Unicode refused with the field named, everything else in NFC.
  fastify.addHook('preValidation', decideRequestTexts);
  // The client's address: IPv4 clients in one spelling, then kept for the security events of whatever the request
  // does (request-context.ts).
  fastify.addHook('onRequest', plainIpv4ClientAddress);
  fastify.addHook('preHandler', requestContext);
  http.setGlobalPrefix(API_PREFIX);
  http.useGlobalPipes(new InputTextPipe(), createValidationPipe());
  http.enableShutdownHooks();

  SwaggerModule.setup(`${API_PREFIX}/docs`, http, () => buildApiDocument(http));

  const webDist = config.WEB_DIST ? resolve(config.WEB_DIST) : '';
  // Set, the web app must be there: a typo or a release not copied would otherwise answer every page with a 404.
  if (webDist && !existsSync(join(webDist, 'index.html'))) {
    throw new Error(
      `WEB_DIST (${config.WEB_DIST}) không chứa ứng dụng web đã build (thiếu index.html); để trống để chỉ chạy API / holds no built web app (no index.html); leave it empty to serve the API alone`,
    );
  }
  if (webDist) {
    // The app's files, each a route of its own (the folder is read at start: a release restarts the API), an hour.
    // The shell (index.html) names the hashed bundles of the current release: answered below, revalidated on every
    // load, whichever path serves it, so a new release is picked up at once.
    void fastify.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      wildcard: false,
      index: false,
      maxAge: '1h',
      globIgnore: ['**/index.html'],
    });
    // Client-side routes: any GET outside /api answers the app's shell, and HEAD answers as GET does without the body
    // (monitors and link checkers ask HEAD; a 404 there read as "the site is down"). API paths no route took: 404.
    fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
      if (isApiPath(request.url)) return reply.callNotFound();
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html', webDist, { cacheControl: false });
    });
  }
}
