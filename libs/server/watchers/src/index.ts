export * from './lib/followers';
export * from './lib/watchers.service';
export * from './lib/watchers.module';
