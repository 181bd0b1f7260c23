import { Module } from '@nestjs/common';
import { NotificationStream } from './notification-stream';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationStream],
  exports: [NotificationsService],
})
export class NotificationsModule {}
