import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DOCUMENTS_DOC } from '@tiendo/server-documents';
import { API_TOKENS_DOC } from '@tiendo/server-auth';
import { WEBHOOKS_DOC } from '@tiendo/server-webhooks';
import {
  API_TOKEN_SECURITY,
  AppConfig,
  AppMetrics,
  createValidationPipe,
  decideRequestTexts,
  httpMetricsMiddleware,
  InputTextPipe,
  noteInvalidUtf8Body,
  rejectDeepBodies,
  requestContext,
  trustProxySetting,
} from '@tiendo/server-core';
import express from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const API_PREFIX = 'api';
/** Larger bodies are refused with 413 before any parsing work. */
export const BODY_LIMIT = '256kb';

/** Everything about the HTTP edge: prefix, security headers, body limits, validation, docs and the web app. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const http = app as NestExpressApplication;
  http.useLogger(http.get(Logger));
  // The client address (`req.ip`: sign-in throttling, security events) is the connection's peer unless TRUST_PROXY
  // says which proxies stand in front: an X-Forwarded-For from anyone else is ignored, so a client cannot pick its own
  // address.
  http.set('trust proxy', trustProxySetting(config));
  http.disable('x-powered-by');
  // Every answer timed by its route's pattern, first so that refusals (413, 401) count too; served on METRICS_PORT.
  http.use(httpMetricsMiddleware(http.get(AppMetrics)));
  http.use(
    helmet({
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
    }),
  );
  // API answers carry tokens, personal data and exports: no browser or proxy may keep them (ASVS 14.3.2). Set before
  // anything can answer, so that errors (413, 401) carry it too; the web app's files below keep their own caching.
  http.use(`/${API_PREFIX}`, (_req: express.Request, res: express.Response, next: express.NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Bodies whose bytes are not UTF-8 are noted while parsed and refused by the text rule below (no silent U+FFFD).
  http.use(express.json({ limit: BODY_LIMIT, verify: noteInvalidUtf8Body }));
  http.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, verify: noteInvalidUtf8Body }));
  http.use(rejectDeepBodies);
  // The text rule (input-text.ts): NUL and broken Unicode refused with the field named, everything else in NFC.
  http.use(decideRequestTexts);
  // The client's address for the security events of whatever the request does (request-context.ts).
  http.use(requestContext);
  http.setGlobalPrefix(API_PREFIX);
  http.useGlobalPipes(new InputTextPipe(), createValidationPipe());
  http.enableShutdownHooks();

  const docs = new DocumentBuilder()
    .setTitle('Tiến Độ API')
    .setDescription('Theo dõi nhiệm vụ và tiến độ: tasks, units, users, reports. Errors share one body: see ErrorBody.')
    .setVersion('1')
    .addBearerAuth()
    // Integrations (README: "API tokens", "Incoming documents", "Webhooks"): each operation a token may call names its
    // scope in `x-token-scope`.
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token, tdk_…, with scopes and units (tag api-tokens)' }, API_TOKEN_SECURITY)
    .addTag('api-tokens', API_TOKENS_DOC)
    .addTag('documents', DOCUMENTS_DOC)
    .addTag('webhooks', WEBHOOKS_DOC)
    .build();
  SwaggerModule.setup(`${API_PREFIX}/docs`, http, () => SwaggerModule.createDocument(http, docs));

  const webDist = config.WEB_DIST ? resolve(config.WEB_DIST) : '';
  if (webDist && existsSync(join(webDist, 'index.html'))) {
    // The shell (index.html) names the hashed bundles of the current release: revalidated on every load, whichever
    // path serves it, so a new release is picked up at once; the other files keep an hour.
    const revalidate = (res: express.Response) => res.setHeader('Cache-Control', 'no-cache');
    http.use(
      express.static(webDist, {
        index: false,
        maxAge: '1h',
        setHeaders: (res, path) => {
          if (path.endsWith('index.html')) revalidate(res);
        },
      }),
    );
    // Client-side routes: any GET outside /api answers the app's shell, and HEAD answers as GET does without the body
    // (monitors and link checkers ask HEAD; a 404 there read as "the site is down").
    http.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
      const isApi = req.path === `/${API_PREFIX}` || req.path.startsWith(`/${API_PREFIX}/`);
      if ((req.method !== 'GET' && req.method !== 'HEAD') || isApi) return next();
      revalidate(res);
      res.sendFile(join(webDist, 'index.html'));
    });
  }
}
