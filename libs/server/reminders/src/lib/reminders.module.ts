import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, OnApplicationBootstrap } from '@nestjs/common';
import { CalendarModule } from '@tiendo/server-calendar';
import { AppConfig } from '@tiendo/server-core';
import { NotificationsService } from '@tiendo/server-notifications';
import { ReportsModule } from '@tiendo/server-reports';
import { EmailSender } from './email-sender';
import { RemindersProcessor } from './jobs/reminders.processor';
import { SendEmailProcessor } from './jobs/send-email.processor';
import { Recipients } from './recipients';
import { redisConnection } from './redis-connection';
import { ReminderDeliveries } from './reminder-deliveries';
import { EMAIL_QUEUE, REMINDERS_QUEUE } from './reminder-jobs';
import { ReminderRuns } from './reminder-runs.service';
import { ReminderScheduler } from './reminder-scheduler';
import { ReminderSettingsService } from './reminder-settings.service';
import { ReminderWatchdog } from './reminder-watchdog';
import { RemindersAdminController } from './reminders-admin.controller';

/** The API's side: settings and delivery records for admins. No queue: the API never needs Redis to work. */
@Module({
  controllers: [RemindersAdminController],
  providers: [ReminderSettingsService],
  exports: [ReminderSettingsService],
})
export class RemindersModule {}

/**
 * The worker's side: the BullMQ queues, the jobs, the reconciler, and the watchdog that runs it at start and again
 * whenever Redis has lost the job schedulers.
 */
@Module({})
export class RemindersJobsModule implements OnApplicationBootstrap {
  constructor(private readonly watchdog: ReminderWatchdog) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RemindersJobsModule,
      imports: [
        BullModule.forRoot({ connection: redisConnection(config), prefix: config.QUEUE_PREFIX }),
        BullModule.registerQueue({ name: REMINDERS_QUEUE }, { name: EMAIL_QUEUE }),
        CalendarModule,
        ReportsModule,
      ],
      providers: [ReminderSettingsService, NotificationsService, Recipients, ReminderDeliveries, ReminderRuns, EmailSender, ReminderScheduler, ReminderWatchdog, RemindersProcessor, SendEmailProcessor],
      exports: [ReminderRuns, ReminderScheduler, ReminderDeliveries, ReminderWatchdog],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    // The start-up reconcile, then the timer that repeats it whenever Redis has lost the schedulers.
    await this.watchdog.start();
  }
}
