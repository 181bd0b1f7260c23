import { Module } from '@nestjs/common';
import { AuthModule } from '@tiendo/server-auth';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationStream } from './notification-stream';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [AuthModule],
  controllers: [NotificationsController, NotificationPreferencesController],
  providers: [NotificationsService, NotificationPreferencesService, NotificationStream],
  exports: [NotificationsService, NotificationPreferencesService],
})
export class NotificationsModule {}
