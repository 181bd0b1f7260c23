import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentsPurgeModule } from '@tiendo/server-attachments';
import { AppConfig, Clock, CoreModule } from '@tiendo/server-core';
import { dataSourceOptions } from '@tiendo/server-database';
import { NotificationDispatchModule } from '@tiendo/server-notifications';
import { ReminderWatchdog, RemindersJobsModule } from '@tiendo/server-reminders';
import { REPORT_TASKS_SCHEDULE, ReportTaskScheduler, ReportTasksJobsModule } from '@tiendo/server-report-obligations';
import { RETENTION_SCHEDULE, RetentionJobsModule, RetentionScheduler } from '@tiendo/server-retention';
import { WebhooksJobsModule } from '@tiendo/server-webhooks';
import { LoggerModule } from 'nestjs-pino';
import { NotificationEmails } from './notification-emails';
import { WebhookDeliveries } from './webhook-deliveries';
import { WorkerHealthServer } from './worker-health.server';

/**
 * The background process: a Nest application context running the BullMQ processors of the reminders, the task
 * event dispatcher (notifications and webhooks), the report-task generator (reporting obligations) and the retention purge, with no
 * HTTP but its health answer (WORKER_HEALTH_PORT). It shares the API's configuration and database; the API never
 * depends on it. Several may run at once.
 */
@Module({})
export class WorkerModule {
  constructor(watchdog: ReminderWatchdog, reportTasks: ReportTaskScheduler, retention: RetentionScheduler) {
    // The report-task generator's schedule and the retention purge's live in Redis as the reminders' do: the watchdog
    // keeps them with its own (checked every REMINDER_WATCHDOG_SECONDS and in the readiness, repaired by every
    // reconcile: at start, every ten minutes, within seconds of one going missing). Registered before it starts.
    watchdog.watch(REPORT_TASKS_SCHEDULE.id, { scheduled: () => reportTasks.schedulerQueued(), reconcile: () => reportTasks.reconcile() });
    watchdog.watch(RETENTION_SCHEDULE.id, { scheduled: () => retention.scheduled(), reconcile: () => retention.reconcile() });
  }

  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, clock),
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }),
        // DB_POOL_SIZE connections; under a transaction-mode pooler, no session settings (DATABASE_POOL_MODE).
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.DATABASE_URL, {}, { size: config.DB_POOL_SIZE, mode: config.DATABASE_POOL_MODE }), autoLoadEntities: true }),
        RemindersJobsModule.forRoot(config),
        ReportTasksJobsModule,
        RetentionJobsModule,
        NotificationDispatchModule,
        AttachmentsPurgeModule,
        WebhooksJobsModule,
      ],
      providers: [WorkerHealthServer, NotificationEmails, WebhookDeliveries],
    };
  }
}
