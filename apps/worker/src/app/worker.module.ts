import { DynamicModule, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentsPurgeModule } from '@tiendo/server-attachments';
import { AppConfig, Clock, CoreModule } from '@tiendo/server-core';
import { dataSourceOptions } from '@tiendo/server-database';
import { NotificationDispatchModule } from '@tiendo/server-notifications';
import { ReminderWatchdog, RemindersJobsModule } from '@tiendo/server-reminders';
import { ReportTaskScheduler, ReportTasksJobsModule } from '@tiendo/server-report-obligations';
import { RetentionJobsModule, RetentionScheduler } from '@tiendo/server-retention';
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
export class WorkerModule implements OnApplicationBootstrap {
  private readonly logger = new Logger(WorkerModule.name);

  constructor(
    private readonly watchdog: ReminderWatchdog,
    private readonly reportTasks: ReportTaskScheduler,
    private readonly retention: RetentionScheduler,
  ) {}

  /**
   * The report-task generator's schedule and the retention purge's are repaired with the reminders': after each of the
   * watchdog's reconciles (at start, every ten minutes, after Redis lost its keys), and once now. Not awaited: with
   * Redis away BullMQ holds the commands until it returns, and the worker must start all the same (the watchdog
   * repairs them all when it does).
   */
  onApplicationBootstrap(): void {
    const reconcile = (why: string) =>
      void this.reportTasks.reconcile().catch((err: Error) => this.logger.warn(`report tasks reconcile (${why}) failed: ${err.message}`));
    const retention = (why: string) =>
      void this.retention.reconcile().catch((err: Error) => this.logger.warn(`retention scheduler reconcile (${why}) failed: ${err.message}`));
    this.watchdog.on('repaired', () => {
      reconcile('after the reminders');
      retention('after the reminders');
    });
    reconcile('worker start');
    retention('worker start');
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
