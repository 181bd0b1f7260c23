export * from './lib/notifications-page';
