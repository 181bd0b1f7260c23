import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { TaskEventDispatcher } from '@tiendo/server-notifications';
import { ReminderScheduler } from '@tiendo/server-reminders';

/**
 * The e-mail channel is shared: e-mails of task events and of the daily digest go through the reminders' e-mail
 * queue and job (EmailSender: the row stays locked until "delivered" commits). Queued here once written; when Redis
 * is away the rows wait in PostgreSQL and the reminders' watchdog queues them when it returns.
 */
@Injectable()
export class NotificationEmails implements OnModuleInit {
  private readonly logger = new Logger(NotificationEmails.name);

  constructor(
    private readonly dispatcher: TaskEventDispatcher,
    private readonly scheduler: ReminderScheduler,
  ) {}

  onModuleInit(): void {
    this.dispatcher.on('emails', (ids: string[]) => {
      this.scheduler.enqueueEmails(ids).catch((err: Error) => this.logger.warn(`${ids.length} e-mails wait in PostgreSQL for the watchdog: ${err.message}`));
    });
  }
}
