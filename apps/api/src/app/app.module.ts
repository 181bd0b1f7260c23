import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentsModule } from '@tiendo/server-attachments';
import { AuditModule } from '@tiendo/server-audit';
import { AuthenticationGuard, AuthModule, RolesGuard } from '@tiendo/server-auth';
import { CalendarModule } from '@tiendo/server-calendar';
import { CommentsModule } from '@tiendo/server-comments';
import { DocumentsModule } from '@tiendo/server-documents';
import { Actor, AllExceptionsFilter, AppConfig, Clock, CoreModule } from '@tiendo/server-core';
import { dataSourceOptions } from '@tiendo/server-database';
import { ImportsModule } from '@tiendo/server-imports';
import { NotificationsModule } from '@tiendo/server-notifications';
import { RemindersModule } from '@tiendo/server-reminders';
import { ReportObligationsModule } from '@tiendo/server-report-obligations';
import { ReportsModule } from '@tiendo/server-reports';
import { TasksModule } from '@tiendo/server-tasks';
import { UnitChangesModule } from '@tiendo/server-unit-changes';
import { UnitsModule } from '@tiendo/server-units';
import { UsersModule } from '@tiendo/server-users';
import { WatchersApiModule } from '@tiendo/server-watchers';
import { WebhooksModule } from '@tiendo/server-webhooks';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { ApiMetrics } from './api-metrics';
import { DatabaseReadiness } from './database-readiness';
import { HealthController } from './health.controller';

/** The probes' paths (health.controller.ts): asked every few seconds by the orchestrator, never access-logged. */
const PROBE_PATHS = new Set(['/api/health', '/api/health/live', '/api/health/ready']);

/**
 * Whether a request is a probe's. The access log runs as Nest middleware through @fastify/middie, which hands it the
 * URL without the prefix it was mounted under (`/health/live`): the request's full path is `originalUrl`.
 */
export function isProbeRequest(req: IncomingMessage & { originalUrl?: string }): boolean {
  return PROBE_PATHS.has((req.originalUrl ?? req.url ?? '').split('?')[0]);
}

/** The API's composition root: wires the feature libraries; holds no business rule. */
@Module({})
export class AppModule {
  /** `logTo`: where the log goes instead of standard output (the tests read the access log from it). */
  static forRoot(config: AppConfig, clock?: Clock, logTo?: DestinationStream): DynamicModule {
    const pinoHttp = {
      level: config.LOG_LEVEL,
      // The request's id is Fastify's (genReqId in configure-app.ts: the caller's X-Request-Id or a UUID).
      // A call made with an API token is logged as that integration's (the token's id, never its secret).
      customProps: (req: IncomingMessage) => {
        const token = (req as { actor?: Actor }).actor?.apiToken;
        return token ? { apiToken: token.id, integration: token.name } : {};
      },
      // Logs never hold passwords or tokens.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password', 'req.body.refreshToken'],
      // Probes come every few seconds: not logged (their answers show in the metrics).
      autoLogging: { ignore: isProbeRequest },
    };
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, clock),
        LoggerModule.forRoot({ pinoHttp: logTo ? [pinoHttp, logTo] : pinoHttp }),
        // DB_POOL_SIZE connections; under a transaction-mode pooler, no session settings (DATABASE_POOL_MODE).
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.DATABASE_URL, {}, { size: config.DB_POOL_SIZE, mode: config.DATABASE_POOL_MODE }), autoLoadEntities: true }),
        AuditModule,
        UnitsModule,
        UsersModule,
        AuthModule,
        CalendarModule,
        ImportsModule,
        TasksModule,
        AttachmentsModule,
        CommentsModule,
        ReportsModule,
        NotificationsModule,
        RemindersModule,
        WatchersApiModule,
        ReportObligationsModule,
        UnitChangesModule,
        WebhooksModule,
        DocumentsModule,
        // Probes answer with their result; a failing readiness is not logged as an error each time it is asked.
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController],
      providers: [
        DatabaseReadiness,
        ApiMetrics,
        // Order matters: who you are, then whether your role may call the route.
        { provide: APP_GUARD, useExisting: AuthenticationGuard },
        { provide: APP_GUARD, useExisting: RolesGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
