export * from './lib/task-history.entity';
export * from './lib/audit.service';
export * from './lib/audit.module';
