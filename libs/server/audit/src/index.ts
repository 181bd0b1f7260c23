export * from './lib/task-history.entity';
export * from './lib/audit.service';
export * from './lib/audit.module';
export * from './lib/comment-history';
