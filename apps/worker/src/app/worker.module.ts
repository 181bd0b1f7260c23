import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentsPurgeModule } from '@tiendo/server-attachments';
import { AppConfig, Clock, CoreModule } from '@tiendo/server-core';
import { dataSourceOptions } from '@tiendo/server-database';
import { NotificationDispatchModule } from '@tiendo/server-notifications';
import { RemindersJobsModule } from '@tiendo/server-reminders';
import { LoggerModule } from 'nestjs-pino';
import { NotificationEmails } from './notification-emails';
import { WorkerHealthServer } from './worker-health.server';

/**
 * The background process: a Nest application context running the BullMQ processors of the reminders and the task
 * event dispatcher (notifications), with no HTTP but its health answer (WORKER_HEALTH_PORT).
 * It shares the API's configuration and database; the API never depends on it. Several may run at once.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, clock),
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.DATABASE_URL), autoLoadEntities: true }),
        RemindersJobsModule.forRoot(config),
        NotificationDispatchModule,
        AttachmentsPurgeModule,
      ],
      providers: [WorkerHealthServer, NotificationEmails],
    };
  }
}
