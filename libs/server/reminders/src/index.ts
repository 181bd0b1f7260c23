export * from './lib/reminder-jobs';
export * from './lib/redis-connection';
export * from './lib/reminder-deliveries';
export * from './lib/reminder-runs.service';
export * from './lib/reminder-scheduler';
export * from './lib/reminder-settings.service';
export * from './lib/email-sender';
export * from './lib/reminders.module';
