import { Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TasksModule } from '@tiendo/server-tasks';
import { WatchersModule } from '@tiendo/server-watchers';
import { NotificationDigest } from './events/notification-digest';
import { TaskEventDispatcher } from './events/task-event-dispatcher';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationsService } from './notifications.service';

/**
 * The worker's side of notifications: the task event dispatcher and the daily digest (no HTTP). The worker queues
 * the e-mails both announce ('emails' on the dispatcher) on the shared e-mail queue.
 */
@Module({
  imports: [TasksModule, WatchersModule],
  providers: [NotificationsService, NotificationPreferencesService, TaskEventDispatcher, NotificationDigest],
  exports: [TaskEventDispatcher, NotificationDigest, NotificationsService],
})
export class NotificationDispatchModule implements OnApplicationBootstrap {
  constructor(
    private readonly dispatcher: TaskEventDispatcher,
    private readonly digest: NotificationDigest,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The digest is looked at on the dispatcher's timer: a worker down at the digest hour catches up when it returns.
    this.dispatcher.on('tick', () => {
      this.digest.runDue().then(
        (r) => r.emails.length && this.dispatcher.emit('emails', r.emails),
        (err: Error) => new Logger(NotificationDigest.name).warn(`digest failed (retried at the next tick): ${err.message}`),
      );
    });
    await this.dispatcher.start();
  }
}
