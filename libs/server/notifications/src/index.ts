export * from './lib/notifications.service';
export * from './lib/notification-stream';
export * from './lib/notifications.module';
