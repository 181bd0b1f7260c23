import { Module } from '@nestjs/common';
import { AuthModule } from '@tiendo/server-auth';
import { NotificationStream } from './notification-stream';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [AuthModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationStream],
  exports: [NotificationsService],
})
export class NotificationsModule {}
